package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/ingest"
	"github.com/incidentmap/incidentmap/store"
)

const testToken = "s3cret-token"

// seeded returns a handler over a fake store holding the seed article's
// incidents, ingested through POST /articles.
func seeded(t *testing.T) (http.Handler, *fakeStore) {
	t.Helper()
	testServer(t) // loads the gazetteer
	fs := newFakeStore()
	h := New(Config{Gazetteer: gz, Store: fs, Pipeline: &ingest.Pipeline{Gazetteer: gz, Store: fs}, WriteToken: testToken}).Handler()
	body, err := os.ReadFile("../../shared/seeds/000_d7ef42fada8a821f.txt")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip("seed article not available")
	}
	rec := do(h, "POST", "/articles?published=2021-06-28", "text/plain", string(body), testToken)
	if rec.Code != http.StatusCreated {
		t.Fatalf("POST /articles: %d %s", rec.Code, rec.Body)
	}
	return h, fs
}

func do(h http.Handler, method, path, ctype, body, token string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

type fc struct {
	Type     string `json:"type"`
	Features []struct {
		ID         string         `json:"id"`
		Geometry   map[string]any `json:"geometry"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
	NumberMatched  *int `json:"numberMatched"`
	NumberReturned int  `json:"numberReturned"`
	Links          []link
}

func decodeFC(t *testing.T, rec *httptest.ResponseRecorder) fc {
	t.Helper()
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var out fc
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("not JSON: %v\n%.500s", err, rec.Body)
	}
	if out.Type != "FeatureCollection" {
		t.Fatalf("type %q", out.Type)
	}
	return out
}

func TestWritesNeedTheToken(t *testing.T) {
	h, _ := seeded(t)
	for _, tok := range []string{"", "wrong", testToken + "x"} {
		rec := do(h, "POST", "/articles", "text/plain", "Title\nA rocket hit Erbil on Monday.", tok)
		if rec.Code != http.StatusUnauthorized || rec.Header().Get("Content-Type") != "application/problem+json" {
			t.Errorf("token %q: %d %s", tok, rec.Code, rec.Body)
		}
	}
	noWrites := New(Config{Gazetteer: gz, Store: newFakeStore()}).Handler()
	if rec := do(noWrites, "POST", "/articles", "text/plain", "x\ny", testToken); rec.Code != http.StatusForbidden {
		t.Errorf("server without token accepted a write: %d", rec.Code)
	}
}

func TestIngestIsIdempotent(t *testing.T) {
	h, fs := seeded(t)
	before := len(fs.incidents)
	if before < 2 {
		t.Fatalf("the seed article gave %d incidents", before)
	}
	body, _ := os.ReadFile("../../shared/seeds/000_d7ef42fada8a821f.txt")
	rec := do(h, "POST", "/articles?published=2021-06-28", "text/plain", string(body), testToken)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"created":false`) {
		t.Fatalf("second ingest: %d %s", rec.Code, rec.Body)
	}
	if len(fs.incidents) != before {
		t.Fatalf("second ingest changed the incidents: %d -> %d", before, len(fs.incidents))
	}
}

func TestIngestBatch(t *testing.T) {
	h, _ := seeded(t)
	batch := `{"id":"a1","title":"Clash","body":"Fighters clashed with the army in Idlib on Monday, killing 3.","published":"2023-05-02"}
not json
{"id":"a2","title":"Blast","body":"A car bomb exploded in Mogadishu on Sunday, killing at least 10 people.","published":"2023-05-08"}
`
	rec := do(h, "POST", "/articles", "application/x-ndjson", batch, testToken)
	if rec.Code != http.StatusMultiStatus {
		t.Fatalf("batch: %d %s", rec.Code, rec.Body)
	}
	var out struct {
		Articles []articleResult `json:"articles"`
		Failed   int             `json:"failed"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || out.Failed != 1 || len(out.Articles) != 3 || out.Articles[1].Error == "" {
		t.Fatalf("batch result: %+v %v", out, err)
	}
}

func TestIncidentsLayer(t *testing.T) {
	h, _ := seeded(t)
	all := decodeFC(t, do(h, "GET", "/incidents", "", "", ""))
	if len(all.Features) < 2 {
		t.Fatalf("%d incidents", len(all.Features))
	}
	for _, f := range all.Features {
		for _, k := range []string{"event_date", "event_type", "sub_event_type", "geo_precision", "time_precision", "location", "notes", "sources", "lat", "lon"} {
			if _, ok := f.Properties[k]; !ok {
				t.Errorf("feature %s lacks %s", f.ID, k)
			}
		}
	}
	// bbox around the Iraq-Syria border keeps the border strike, drops Baghdad airport.
	border := decodeFC(t, do(h, "GET", "/incidents?bbox=40.5,33.5,42.5,35.5", "", "", ""))
	if len(border.Features) == 0 || len(border.Features) >= len(all.Features) {
		t.Errorf("bbox kept %d of %d", len(border.Features), len(all.Features))
	}
	// datetime
	y2020 := decodeFC(t, do(h, "GET", "/incidents?datetime=2020-01-01/2020-12-31", "", "", ""))
	for _, f := range y2020.Features {
		if d := f.Properties["event_date"].(string); !strings.HasPrefix(d, "2020") {
			t.Errorf("datetime kept %s", d)
		}
	}
	if len(y2020.Features) == 0 {
		t.Error("the January 2020 strike is missing from 2020")
	}
	// region by name and code: Iraq holds the Baghdad airport strike.
	for _, region := range []string{"Iraq", "IQ", "IRQ"} {
		if got := decodeFC(t, do(h, "GET", "/incidents?region="+region, "", "", "")); len(got.Features) == 0 {
			t.Errorf("region=%s found nothing", region)
		}
	}
	if rec := do(h, "GET", "/incidents?region=Atlantis", "", "", ""); rec.Code != 400 {
		t.Errorf("unknown region: %d", rec.Code)
	}
	// paging: limit=1 gives a next link that leads to a different feature.
	p1 := decodeFC(t, do(h, "GET", "/incidents?limit=1", "", "", ""))
	var next string
	for _, l := range p1.Links {
		if l.Rel == "next" {
			next = l.Href
		}
	}
	if len(p1.Features) != 1 || next == "" {
		t.Fatalf("page 1: %d features, next %q", len(p1.Features), next)
	}
	u, _ := url.Parse(next)
	p2 := decodeFC(t, do(h, "GET", u.RequestURI(), "", "", ""))
	if len(p2.Features) != 1 || p2.Features[0].ID == p1.Features[0].ID {
		t.Fatalf("page 2 repeats page 1")
	}
	for _, bad := range []string{"bbox=1,2,3", "datetime=yesterday", "limit=0", "limit=99999999", "cursor=zzz", "intersects=POINT(1)", "region=IQ&intersects=POINT(1%202)"} {
		rec := do(h, "GET", "/incidents?"+bad, "", "", "")
		if rec.Code != 400 || rec.Header().Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: %d %s", bad, rec.Code, rec.Body)
		}
	}
}

func TestOGCCore(t *testing.T) {
	h, _ := seeded(t)
	for _, path := range []string{"/", "/conformance", "/collections", "/collections/incidents", "/collections/incidents/queryables", "/api"} {
		rec := do(h, "GET", path, "", "", "")
		if rec.Code != 200 || !json.Valid(rec.Body.Bytes()) {
			t.Errorf("%s: %d %.200s", path, rec.Code, rec.Body)
		}
	}
	items := decodeFC(t, do(h, "GET", "/collections/incidents/items?limit=2", "", "", ""))
	if items.NumberMatched == nil || *items.NumberMatched < 2 || items.NumberReturned != 2 {
		t.Errorf("numberMatched %v numberReturned %d", items.NumberMatched, items.NumberReturned)
	}
	id := items.Features[0].ID
	rec := do(h, "GET", "/collections/incidents/items/"+id, "", "", "")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"id":"`+id+`"`) {
		t.Errorf("item: %d %.300s", rec.Code, rec.Body)
	}
	for path, code := range map[string]int{
		"/collections/other/items":                   404,
		"/collections/incidents/items/nope":          404,
		"/collections/incidents/items?unknown=1":     400,
		"/collections/incidents/items?filter=a%3D1":  400, // no CQL2 parser configured here
		"/collections/incidents/items?bbox-crs=EPSG": 400,
	} {
		if rec := do(h, "GET", path, "", "", ""); rec.Code != code {
			t.Errorf("%s: %d, want %d", path, rec.Code, code)
		}
	}
	// Queryables as parameters are accepted (the fake store cannot run
	// their SQL: TestCQL2OnSQLite checks what they select).
	decodeFC(t, do(h, "GET", "/collections/incidents/items?country_code=IQ", "", "", ""))
	// HTML encodings
	for _, path := range []string{"/?f=html", "/collections?f=html", "/collections/incidents/items?f=html", "/collections/incidents/items/" + id + "?f=html"} {
		rec := do(h, "GET", path, "", "", "")
		if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			t.Errorf("%s: %d %s", path, rec.Code, rec.Header().Get("Content-Type"))
		}
	}
}

func TestETagRevalidation(t *testing.T) {
	h, _ := seeded(t)
	rec := do(h, "GET", "/incidents", "", "", "")
	tag := rec.Header().Get("ETag")
	if tag == "" {
		t.Fatal("no ETag")
	}
	req := httptest.NewRequest("GET", "/incidents", nil)
	req.Header.Set("If-None-Match", tag)
	rec2 := httptest.NewRecorder()
	h.ServeHTTP(rec2, req)
	if rec2.Code != http.StatusNotModified {
		t.Fatalf("revalidation: %d", rec2.Code)
	}
	// A write changes the version, so the old tag no longer matches.
	do(h, "POST", "/articles", "text/plain", "Blast\nA car bomb exploded in Mogadishu on Sunday.", testToken)
	rec3 := httptest.NewRecorder()
	h.ServeHTTP(rec3, req)
	if rec3.Code != 200 {
		t.Fatalf("after a write: %d", rec3.Code)
	}
}

func TestStoreDownIs503(t *testing.T) {
	h, fs := seeded(t)
	fs.down = true
	rec := do(h, "GET", "/incidents", "", "", "")
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Content-Type") != "application/problem+json" {
		t.Fatalf("store down: %d %s", rec.Code, rec.Body)
	}
}

func TestArticleView(t *testing.T) {
	h, fs := seeded(t)
	var id string
	for k := range fs.articles {
		id = k
	}
	rec := do(h, "GET", "/articles/"+id, "", "", "")
	if rec.Code != 200 {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	var doc struct {
		Mentions  []map[string]any `json:"mentions"`
		Incidents fc               `json:"incidents"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil || len(doc.Mentions) == 0 || len(doc.Incidents.Features) == 0 {
		t.Fatalf("article view: %v %.300s", err, rec.Body)
	}
	if rec := do(h, "GET", "/articles/none", "", "", ""); rec.Code != 404 {
		t.Errorf("missing article: %d", rec.Code)
	}
}

func TestExports(t *testing.T) {
	h, fs := seeded(t)
	n := len(fs.incidents)
	for _, f := range []string{"geojson", "geojsonseq", "csv", "kml", "gpkg", "fgb"} {
		rec := do(h, "GET", "/export."+f, "", "", "")
		if rec.Code != 200 || rec.Body.Len() == 0 {
			t.Errorf("export.%s: %d", f, rec.Code)
			continue
		}
		if cd := rec.Header().Get("Content-Disposition"); !strings.Contains(cd, "attachment") {
			t.Errorf("export.%s: Content-Disposition %q", f, cd)
		}
	}
	var out fc
	rec := do(h, "GET", "/export.geojson", "", "", "")
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || len(out.Features) != n {
		t.Errorf("export.geojson holds %d features, store has %d (%v)", len(out.Features), n, err)
	}
	if rec := do(h, "GET", "/export.shp", "", "", ""); rec.Code != 404 {
		t.Errorf("export.shp: %d", rec.Code)
	}
	small := New(Config{Gazetteer: gz, Store: fs, MaxExport: 1}).Handler()
	if rec := do(small, "GET", "/export.csv", "", "", ""); rec.Code != 400 || !strings.Contains(rec.Body.String(), "narrow") {
		t.Errorf("over the export cap: %d %s", rec.Code, rec.Body)
	}
}

func TestReadTokenGuardsReads(t *testing.T) {
	testServer(t)
	h := New(Config{Gazetteer: gz, Store: newFakeStore(), ReadToken: "reader", WriteToken: testToken}).Handler()
	for _, path := range []string{"/incidents", "/collections/incidents/items", "/places?q=Erbil", "/export.csv"} {
		if rec := do(h, "GET", path, "", "", ""); rec.Code != http.StatusUnauthorized {
			t.Errorf("%s without a token: %d", path, rec.Code)
		}
		if rec := do(h, "GET", path, "", "", "reader"); rec.Code != http.StatusOK {
			t.Errorf("%s with the read token: %d", path, rec.Code)
		}
	}
	if rec := do(h, "GET", "/healthz", "", "", ""); rec.Code != http.StatusOK {
		t.Errorf("healthz needs no token: %d", rec.Code)
	}
	if rec := do(h, "POST", "/articles", "text/plain", "T\nA rocket hit Erbil.", "reader"); rec.Code != http.StatusUnauthorized {
		t.Errorf("the read token wrote: %d", rec.Code)
	}
}

// TestArticleViewMeta: an article read from a feed shows its canonical URL
// and byline; one without them shows neither key.
func TestArticleViewMeta(t *testing.T) {
	testServer(t)
	fs := newFakeStore()
	h := New(Config{Gazetteer: gz, Store: fs}).Handler()
	ctx := context.Background()
	for _, rec := range []store.ArticleRecord{
		{Article: incident.Article{ID: "fed", Title: "T", Body: "B", URL: "https://feed.example/amp/1?utm_medium=rss"},
			ArticleMeta: store.ArticleMeta{CanonicalURL: "https://news.example/2026/1", Byline: "Jane Roe"}},
		{Article: incident.Article{ID: "posted", Title: "T", Body: "B2"}},
	} {
		if _, err := fs.Ingest(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		id, url, canonical, byline string
		hasKeys                    bool
	}{
		{"fed", "https://feed.example/amp/1?utm_medium=rss", "https://news.example/2026/1", "Jane Roe", true},
		{"posted", "", "", "", false},
	} {
		rec := do(h, "GET", "/articles/"+tc.id, "", "", "")
		if rec.Code != 200 {
			t.Fatalf("%s: %d %s", tc.id, rec.Code, rec.Body)
		}
		var doc map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		_, hasC := doc["canonical_url"]
		_, hasB := doc["byline"]
		if hasC != tc.hasKeys || hasB != tc.hasKeys {
			t.Errorf("%s: canonical_url present %v, byline present %v, want %v", tc.id, hasC, hasB, tc.hasKeys)
		}
		if tc.hasKeys && (doc["canonical_url"] != tc.canonical || doc["byline"] != tc.byline || doc["url"] != tc.url) {
			t.Errorf("%s: %v", tc.id, doc)
		}
	}
}
