package api

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/incidentmap/incidentmap/ingest"
	"github.com/incidentmap/incidentmap/ingest/ingesttest"
	"github.com/incidentmap/incidentmap/query"
	"github.com/incidentmap/incidentmap/seeds"
	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/postgis"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// editServer is the real router over a seeded SQLite store with a bare
// token (named "default") and two named ones.
func editServer(t *testing.T) *httptest.Server {
	t.Helper()
	testServer(t)
	st, p := ingesttest.SeededSQLite(t, gz)
	return editServerOn(t, st, p)
}

// editServerPostGIS is editServer on a fresh PostGIS schema with the seeds.
func editServerPostGIS(t *testing.T) *httptest.Server {
	t.Helper()
	testServer(t)
	dsn := postgresURL(t)
	st, err := postgis.Open(context.Background(), dsn, postgis.Options{Schema: freshSchema(t, dsn)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	p := &ingest.Pipeline{Gazetteer: gz, Store: st}
	arts, err := seeds.Articles()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.SeedIfEmpty(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
	return editServerOn(t, st, p)
}

func editServerOn(t *testing.T, st store.Store, p *ingest.Pipeline) *httptest.Server {
	t.Helper()
	s := New(Config{Gazetteer: gz, Store: st, Pipeline: p, Filters: query.CQL2Filters{}, WriteToken: testToken,
		WriteTokens: []Token{{Name: "alice", Secret: "alice-secret"}, {Name: "bob", Secret: "bob-secret"}}})
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(func() { srv.Close(); s.Close() })
	return srv
}

type response struct {
	status int
	header http.Header
	body   string
}

func send(t *testing.T, method, u, token, body string, header ...string) response {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{resp.StatusCode, resp.Header, string(b)}
}

// firstID is the id of the newest public incident.
func firstID(t *testing.T, srv *httptest.Server) string {
	t.Helper()
	var fc struct {
		Features []struct {
			ID string `json:"id"`
		} `json:"features"`
	}
	getJSON(t, srv.URL+"/collections/incidents/items?limit=1", &fc)
	if len(fc.Features) == 0 {
		t.Fatal("no incidents")
	}
	return fc.Features[0].ID
}

func TestEditStatusCodes(t *testing.T) {
	srv := editServer(t)
	id := firstID(t, srv)
	item := srv.URL + "/collections/incidents/items/" + id
	tag := send(t, "GET", item, "", "").header.Get("ETag")
	if !strings.HasPrefix(tag, `"`) {
		t.Fatalf("item ETag %q is not strong", tag)
	}
	ok := `{"properties":{"notes":"Checked by an analyst."}}`
	tests := []struct {
		name, method, path, token, body string
		header                          []string
		status                          int
		wantIn                          string
	}{
		{"no token", "PATCH", item, "", ok, nil, 401, "write token"},
		{"wrong token", "PATCH", item, "nope", ok, nil, 401, "write token"},
		{"stale ETag", "PATCH", item, "alice-secret", ok, []string{"If-Match", `"0123"`}, 412, "changed since"},
		{"weak ETag never matches", "PATCH", item, "alice-secret", ok, []string{"If-Match", "W/" + tag}, 412, "changed since"},
		{"unknown field", "PATCH", item, "alice-secret", `{"properties":{"fatalitys":1}}`, nil, 400, `"param":"fatalitys"`},
		{"bad type", "PATCH", item, "alice-secret", `{"properties":{"fatalities":"many"}}`, nil, 400, `"param":"fatalities"`},
		{"not in the taxonomy", "PATCH", item, "alice-secret", `{"properties":{"event_type":"Picnics"}}`, nil, 400, `"param":"event_type"`},
		{"sub-type of another type", "PATCH", item, "alice-secret", `{"properties":{"event_type":"Protests","sub_event_type":"Air/drone strike"}}`, nil, 400, `"param":"sub_event_type"`},
		{"bad geometry", "PATCH", item, "alice-secret", `{"geometry":{"type":"Point","coordinates":[1000,0]}}`, nil, 400, `"param":"geometry"`},
		{"read-only field", "PATCH", item, "alice-secret", `{"properties":{"confidence":1}}`, nil, 400, `"param":"confidence"`},
		{"not JSON", "PATCH", item, "alice-secret", `{"properties":`, nil, 400, "not a JSON object"},
		{"wrong media type", "PATCH", item, "alice-secret", ok, []string{"Content-Type", "text/plain"}, 415, "merge-patch"},
		{"missing incident", "PATCH", item + "nope", "alice-secret", ok, nil, 404, "no incident"},
		{"PUT without geometry", "PUT", item, "alice-secret", `{"type":"Feature","properties":{"event_date":"2024-01-01","event_type":"Battles","sub_event_type":"Armed clash"}}`, nil, 400, `"param":"geometry"`},
		{"view collection", "PATCH", srv.URL + "/collections/incidents_lines/items/" + id, "alice-secret", ok, nil, 405, "view of"},
		{"unknown collection", "DELETE", srv.URL + "/collections/nope/items/" + id, "alice-secret", "", nil, 404, "no collection"},
		{"POST without date", "POST", srv.URL + "/collections/incidents/items", "alice-secret", `{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"event_type":"Battles","sub_event_type":"Armed clash"}}`, nil, 400, `"param":"event_date"`},
		{"history of a missing incident", "GET", item + "nope/history", "", "", nil, 404, "no incident"},
		{"bad status filter", "GET", srv.URL + "/collections/incidents/items?status=maybe", "", "", nil, 400, `"param":"status"`},
		{"PATCH on the list", "PATCH", srv.URL + "/collections/incidents/items", "alice-secret", ok, nil, 405, "not allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := send(t, tt.method, tt.path, tt.token, tt.body, tt.header...)
			if resp.status != tt.status {
				t.Fatalf("status %d, want %d: %s", resp.status, tt.status, resp.body)
			}
			if resp.status >= 400 {
				if ct := resp.header.Get("Content-Type"); ct != "application/problem+json" {
					t.Errorf("Content-Type %q", ct)
				}
				if !json.Valid([]byte(resp.body)) {
					t.Errorf("problem is not JSON: %s", resp.body)
				}
			}
			if !strings.Contains(resp.body, tt.wantIn) {
				t.Errorf("body lacks %s: %s", tt.wantIn, resp.body)
			}
		})
	}
	// None of them changed the incident.
	if got := send(t, "GET", item, "", "").header.Get("ETag"); got != tag {
		t.Errorf("refused edits changed the ETag: %s -> %s", tag, got)
	}
}

func TestEditFlow(t *testing.T) { editFlow(t, editServer(t)) }

func TestEditFlowPostGIS(t *testing.T) { editFlow(t, editServerPostGIS(t)) }

// editFlow walks a store through the ETag flow, rejection, replace,
// create, delete and the history.
func editFlow(t *testing.T, srv *httptest.Server) {
	id := firstID(t, srv)
	item := srv.URL + "/collections/incidents/items/" + id
	all := matched(t, srv, "")

	// The ETag flow: read, edit with it, a second edit with the old one fails.
	got := send(t, "GET", item, "", "")
	tag := got.header.Get("ETag")
	if r := send(t, "GET", item, "", "", "If-None-Match", tag); r.status != 304 {
		t.Errorf("If-None-Match with the current ETag: %d", r.status)
	}
	patch := send(t, "PATCH", item, "alice-secret", `{"properties":{"fatalities":12,"status":"verified"}}`,
		"If-Match", tag, "Content-Type", "application/merge-patch+json")
	if patch.status != 200 || !strings.Contains(patch.body, `"fatalities":12`) || !strings.Contains(patch.body, `"status":"verified"`) {
		t.Fatalf("PATCH: %d %s", patch.status, patch.body)
	}
	tag2 := patch.header.Get("ETag")
	if tag2 == "" || tag2 == tag {
		t.Errorf("PATCH ETag %q (was %q)", tag2, tag)
	}
	if r := send(t, "GET", item, "", ""); r.header.Get("ETag") != tag2 || !strings.Contains(r.body, `"fatalities":12`) {
		t.Errorf("GET after PATCH: %s %s", r.header.Get("ETag"), r.body)
	}
	if r := send(t, "PATCH", item, "bob-secret", `{"properties":{"fatalities":13}}`, "If-Match", tag); r.status != 412 {
		t.Errorf("PATCH with the ETag before the edit: %d %s", r.status, r.body)
	}

	// Rejected: out of the lists, exports and counts, still there by id and by status.
	if r := send(t, "PATCH", item, "bob-secret", `{"properties":{"status":"rejected"}}`, "If-Match", tag2); r.status != 200 {
		t.Fatalf("reject: %d %s", r.status, r.body)
	}
	if n := matched(t, srv, ""); n != all-1 {
		t.Errorf("numberMatched after rejecting = %d, want %d", n, all-1)
	}
	for _, path := range []string{"/collections/incidents/items?limit=1000", "/incidents?limit=1000", "/export.geojson", "/export.csv"} {
		if r := send(t, "GET", srv.URL+path, "", ""); r.status != 200 || strings.Contains(r.body, id) {
			t.Errorf("%s: %d, holds the rejected incident: %v", path, r.status, strings.Contains(r.body, id))
		}
	}
	if r := send(t, "GET", srv.URL+"/collections/incidents/items?status=rejected", "", ""); !strings.Contains(r.body, `"id":"`+id+`"`) {
		t.Errorf("status=rejected lacks it: %s", r.body)
	}
	if n := matched(t, srv, "status=rejected"); n != 1 {
		t.Errorf("numberMatched of status=rejected = %d", n)
	}
	if r := send(t, "GET", item, "", ""); r.status != 200 || !strings.Contains(r.body, `"status":"rejected"`) {
		t.Errorf("the rejected incident by id: %d %s", r.status, r.body)
	}

	// PUT replaces every field; the derived ones it carries are ignored.
	put := `{"type":"Feature","id":"` + id + `","geometry":{"type":"Point","coordinates":[44.0092,36.1911]},
		"properties":{"event_date":"2024-02-01","event_type":"Battles","sub_event_type":"Armed clash",
		"location":"Erbil","country_code":"IQ","status":"verified","lat":0,"lon":0,"sources":[]}}`
	r := send(t, "PUT", item, "alice-secret", put, "Content-Type", "application/geo+json")
	if r.status != 200 || !strings.Contains(r.body, `"location":"Erbil"`) || !strings.Contains(r.body, `"lat":36.1911`) || !strings.Contains(r.body, `"sources":[{`) {
		t.Errorf("PUT: %d %s", r.status, r.body)
	}

	// POST creates; DELETE with If-Match removes; history stays.
	post := send(t, "POST", srv.URL+"/collections/incidents/items", testToken,
		`{"type":"Feature","geometry":{"type":"Point","coordinates":[36.29,33.51]},"properties":{"event_date":"2024-02-02","event_type":"Protests","sub_event_type":"Peaceful protest","location":"Damascus"}}`)
	loc := post.header.Get("Location")
	if post.status != 201 || loc == "" || post.header.Get("ETag") == "" {
		t.Fatalf("POST: %d %q %s", post.status, loc, post.body)
	}
	if r := send(t, "GET", loc, "", ""); r.status != 200 || !strings.Contains(r.body, `"location":"Damascus"`) {
		t.Fatalf("GET the created incident: %d %s", r.status, r.body)
	}
	// The PUT made the rejected one verified, public again, and one more.
	if n := matched(t, srv, ""); n != all+1 {
		t.Errorf("numberMatched after create = %d, want %d", n, all+1)
	}
	ptag := send(t, "GET", loc, "", "").header.Get("ETag")
	if r := send(t, "DELETE", loc, "alice-secret", "", "If-Match", `"stale"`); r.status != 412 {
		t.Errorf("DELETE with a stale ETag: %d", r.status)
	}
	if r := send(t, "DELETE", loc, "alice-secret", "", "If-Match", ptag); r.status != 204 {
		t.Errorf("DELETE: %d %s", r.status, r.body)
	}
	if r := send(t, "GET", loc, "", ""); r.status != 404 {
		t.Errorf("GET after DELETE: %d", r.status)
	}
	if r := send(t, "DELETE", loc, "alice-secret", ""); r.status != 404 {
		t.Errorf("second DELETE: %d", r.status)
	}
	if r := send(t, "PATCH", loc, "alice-secret", `{"properties":{"status":"verified"}}`); r.status != 404 {
		t.Errorf("PATCH of a deleted incident: %d", r.status)
	}
	// Deleting an extracted incident takes it off its article's page too.
	var art struct {
		Incidents struct {
			Features []json.RawMessage `json:"features"`
		} `json:"incidents"`
	}
	var feat struct {
		Properties struct {
			Sources []struct {
				ID string `json:"id"`
			} `json:"sources"`
		} `json:"properties"`
	}
	if err := json.Unmarshal([]byte(send(t, "GET", item, "", "").body), &feat); err != nil || len(feat.Properties.Sources) == 0 {
		t.Fatalf("no sources: %v", err)
	}
	artID := feat.Properties.Sources[0].ID
	getJSON(t, srv.URL+"/articles/"+artID, &art)
	before := len(art.Incidents.Features)
	if r := send(t, "DELETE", item, "alice-secret", ""); r.status != 204 {
		t.Fatalf("DELETE of an extracted incident: %d %s", r.status, r.body)
	}
	getJSON(t, srv.URL+"/articles/"+artID, &art)
	if len(art.Incidents.Features) != before-1 {
		t.Errorf("the article page shows %d incidents after the delete, had %d", len(art.Incidents.Features), before)
	}

	// The history names each token and keeps before and after.
	type change struct {
		By     string          `json:"by"`
		Action string          `json:"action"`
		Fields []string        `json:"fields"`
		Before json.RawMessage `json:"before"`
		After  json.RawMessage `json:"after"`
	}
	var h struct {
		ID      string   `json:"id"`
		Changes []change `json:"changes"`
	}
	getJSON(t, item+"/history", &h)
	var steps []string
	for _, c := range h.Changes {
		steps = append(steps, c.By+":"+c.Action)
	}
	if h.ID != id || len(steps) < 5 || steps[0] != "ingest:extract" ||
		!slices.Equal(steps[len(steps)-4:], []string{"alice:edit", "bob:status", "alice:edit", "alice:delete"}) {
		t.Errorf("history = %v", steps)
	}
	last := h.Changes[len(h.Changes)-4]
	if !slices.Equal(last.Fields, []string{"fatalities", "status"}) || !strings.Contains(string(last.After), `"fatalities":12`) ||
		strings.Contains(string(last.Before), `"fatalities":12`) {
		t.Errorf("edit change: fields %v before %s after %s", last.Fields, last.Before, last.After)
	}
	var ph struct {
		Changes []change `json:"changes"`
	}
	getJSON(t, loc+"/history", &ph)
	steps = nil
	for _, c := range ph.Changes {
		steps = append(steps, c.By+":"+c.Action)
	}
	if !slices.Equal(steps, []string{"default:create", "alice:delete"}) {
		t.Errorf("history of the created incident = %v", steps)
	}
}

// TestEditSurvivesReingest: a field an analyst set stays when another
// article reports the incident again through POST /articles, and the
// history names the token that ingested it.
func TestEditSurvivesReingest(t *testing.T) { editSurvivesReingest(t, editServer(t)) }

func TestEditSurvivesReingestPostGIS(t *testing.T) { editSurvivesReingest(t, editServerPostGIS(t)) }

func editSurvivesReingest(t *testing.T, srv *httptest.Server) {
	article := `{"id":"rep-1","title":"Strike on Kramatorsk station","published":"2022-04-08T10:00:00Z",
		"body":"A missile struck the railway station in Kramatorsk on Friday, killing 50 people."}`
	r := send(t, "POST", srv.URL+"/articles", "bob-secret", article, "Content-Type", "application/json")
	if r.status >= 300 {
		t.Fatalf("POST /articles: %d %s", r.status, r.body)
	}
	var a struct {
		Incidents []string `json:"incidents"`
	}
	if err := json.Unmarshal([]byte(r.body), &a); err != nil || len(a.Incidents) == 0 {
		t.Fatalf("the article gave no incident: %s", r.body)
	}
	id := a.Incidents[0]
	item := srv.URL + "/collections/incidents/items/" + id
	if r := send(t, "PATCH", item, "alice-secret", `{"properties":{"fatalities":52,"location":"Kramatorsk railway station"}}`); r.status != 200 {
		t.Fatalf("PATCH: %d %s", r.status, r.body)
	}
	second := strings.Replace(strings.Replace(article, "rep-1", "rep-2", 1), "killing 50 people", "killing 57 people", 1)
	if r := send(t, "POST", srv.URL+"/articles", "bob-secret", second, "Content-Type", "application/json"); r.status >= 300 {
		t.Fatalf("POST /articles: %d %s", r.status, r.body)
	}
	got := send(t, "GET", item, "", "")
	if !strings.Contains(got.body, `"fatalities":52`) || !strings.Contains(got.body, `"location":"Kramatorsk railway station"`) {
		t.Errorf("the analyst's fields did not survive: %s", got.body)
	}
	if !strings.Contains(got.body, `"id":"rep-2"`) {
		t.Errorf("the second article did not attach as a source: %s", got.body)
	}
	var h struct {
		Changes []struct {
			By, Action string
		} `json:"changes"`
	}
	getJSON(t, item+"/history", &h)
	var steps []string
	for _, c := range h.Changes {
		steps = append(steps, c.By+":"+c.Action)
	}
	// The seeds may have reported the strike before rep-1 (ingest:extract).
	if n := len(steps); n < 3 || !strings.HasPrefix(steps[n-3], "bob:") || !slices.Equal(steps[n-2:], []string{"alice:edit", "bob:ingest"}) {
		t.Errorf("history = %v", steps)
	}
}

func TestConformanceDeclaresPart4(t *testing.T) {
	srv := editServer(t)
	var doc struct {
		ConformsTo []string `json:"conformsTo"`
	}
	getJSON(t, srv.URL+"/conformance", &doc)
	for _, c := range []string{"create-replace-delete", "update", "optimistic-locking-etags", "features"} {
		if !slices.Contains(doc.ConformsTo, "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/"+c) {
			t.Errorf("conformance lacks Part 4 %s", c)
		}
	}
	var api struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	getJSON(t, srv.URL+"/api", &api)
	for path, ops := range map[string][]string{
		"/collections/{collectionId}/items":                     {"get", "post"},
		"/collections/{collectionId}/items/{featureId}":         {"get", "put", "patch", "delete"},
		"/collections/{collectionId}/items/{featureId}/history": {"get"},
	} {
		for _, op := range ops {
			if _, ok := api.Paths[path][op]; !ok {
				t.Errorf("OpenAPI lacks %s %s", op, path)
			}
		}
	}
	r := send(t, "OPTIONS", srv.URL+"/collections/incidents/items/x", "", "", "Origin", "https://map.example",
		"Access-Control-Request-Method", "PATCH")
	if !strings.Contains(r.header.Get("Access-Control-Allow-Methods"), "PATCH") ||
		!strings.Contains(r.header.Get("Access-Control-Allow-Headers"), "If-Match") {
		t.Errorf("CORS preflight: %v", r.header)
	}
}

// TestRejectedLeavesTiles: a rejected incident leaves the vector tiles
// (the index rebuilds on the store's new version) and comes back with a
// status filter, which the store answers.
func TestRejectedLeavesTiles(t *testing.T) {
	srv := editServer(t)
	var f struct {
		Features []struct {
			ID       string `json:"id"`
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	getJSON(t, srv.URL+"/collections/incidents/items?limit=100", &f)
	id, tile := "", ""
	for _, ft := range f.Features {
		var c []float64
		if ft.Geometry.Type == "Point" && json.Unmarshal(ft.Geometry.Coordinates, &c) == nil {
			tl := maptile.At(orb.Point{c[0], c[1]}, 14)
			id, tile = ft.ID, fmt.Sprintf("/tiles/14/%d/%d.mvt", tl.X, tl.Y)
			break
		}
	}
	if id == "" {
		t.Fatal("no point incident")
	}
	if r := send(t, "GET", srv.URL+tile, "", ""); r.status != 200 || !strings.Contains(r.body, id) {
		t.Fatalf("the tile lacks %s before: %d", id, r.status)
	}
	if r := send(t, "PATCH", srv.URL+"/collections/incidents/items/"+id, "alice-secret", `{"properties":{"status":"rejected"}}`); r.status != 200 {
		t.Fatalf("reject: %d %s", r.status, r.body)
	}
	if r := send(t, "GET", srv.URL+tile, "", ""); r.status != 200 || strings.Contains(r.body, id) {
		t.Errorf("the tile still holds the rejected %s: %d", id, r.status)
	}
	if r := send(t, "GET", srv.URL+tile+"?status=rejected", "", ""); r.status != 200 || !strings.Contains(r.body, id) {
		t.Errorf("status=rejected tile lacks %s: %d", id, r.status)
	}
}

func TestMergeSplit(t *testing.T) { mergeSplit(t, editServer(t)) }

func TestMergeSplitPostGIS(t *testing.T) { mergeSplit(t, editServerPostGIS(t)) }

// mergeSplit merges two seeded incidents by the API, follows the
// tombstone, re-ingests an article of the merged one and splits it out.
func mergeSplit(t *testing.T, srv *httptest.Server) {
	var fc struct {
		Features []struct {
			ID         string `json:"id"`
			Properties struct {
				Sources []struct {
					ID string `json:"id"`
				} `json:"sources"`
			} `json:"properties"`
		} `json:"features"`
	}
	getJSON(t, srv.URL+"/collections/incidents/items?limit=2", &fc)
	if len(fc.Features) < 2 {
		t.Fatal("fewer than two incidents")
	}
	a, b := fc.Features[0].ID, fc.Features[1].ID
	bSource := fc.Features[1].Properties.Sources[0].ID
	items := srv.URL + "/collections/incidents/items/"
	all := matched(t, srv, "")
	tag := send(t, "GET", items+a, "", "").header.Get("ETag")

	for _, tt := range []struct {
		name, path, body string
		header           []string
		status           int
		wantIn           string
	}{
		{"no body member", items + a + "/merge", `{"ids":["` + b + `"]}`, nil, 400, `"param":"ids"`},
		{"empty list", items + a + "/merge", `{"incidents":[]}`, nil, 400, `"param":"incidents"`},
		{"itself", items + a + "/merge", `{"incidents":["` + a + `"]}`, nil, 400, "twice"},
		{"missing other", items + a + "/merge", `{"incidents":["nope"]}`, nil, 404, "no incident"},
		{"stale ETag", items + a + "/merge", `{"incidents":["` + b + `"]}`, []string{"If-Match", `"stale"`}, 412, "changed since"},
		{"split a source it lacks", items + a + "/split", `{"sources":["` + bSource + `"]}`, nil, 400, "no source"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := send(t, "POST", srv.URL+strings.TrimPrefix(tt.path, srv.URL), "alice-secret", tt.body, tt.header...)
			if r.status != tt.status || !strings.Contains(r.body, tt.wantIn) {
				t.Errorf("%d %s, want %d with %s", r.status, r.body, tt.status, tt.wantIn)
			}
		})
	}
	if r := send(t, "POST", items+a+"/merge", "", `{"incidents":["`+b+`"]}`); r.status != 401 {
		t.Errorf("merge without a token: %d", r.status)
	}

	r := send(t, "POST", items+a+"/merge", "alice-secret", `{"incidents":["`+b+`"]}`, "If-Match", tag, "Content-Type", "application/json")
	if r.status != 200 || !strings.Contains(r.body, `"id":"`+bSource+`"`) {
		t.Fatalf("merge: %d %s", r.status, r.body)
	}
	if n := matched(t, srv, ""); n != all-1 {
		t.Errorf("numberMatched after merge = %d, want %d", n, all-1)
	}
	// The tombstone redirects to the survivor.
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(items + b)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 301 || resp.Header.Get("Location") != items+a {
		t.Errorf("GET the merged incident: %d Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	var h struct {
		Changes []struct {
			By, Action, Other string
		} `json:"changes"`
	}
	getJSON(t, items+b+"/history", &h)
	if last := h.Changes[len(h.Changes)-1]; last.Action != "merged" || last.Other != a || last.By != "alice" {
		t.Errorf("tombstone's last change = %+v", last)
	}
	// Split b's article back out: a new incident with it alone.
	r = send(t, "POST", items+a+"/split", "bob-secret", `{"sources":["`+bSource+`"]}`)
	loc := r.header.Get("Location")
	if r.status != 201 || loc == "" {
		t.Fatalf("split: %d %s", r.status, r.body)
	}
	if got := send(t, "GET", loc, "", ""); got.status != 200 || !strings.Contains(got.body, `"id":"`+bSource+`"`) {
		t.Errorf("the split-off incident: %d %s", got.status, got.body)
	}
	if got := send(t, "GET", items+a, "", ""); strings.Contains(got.body, `"id":"`+bSource+`"`) {
		t.Errorf("the survivor still lists the split-off source: %s", got.body)
	}
	if n := matched(t, srv, ""); n != all {
		t.Errorf("numberMatched after split = %d, want %d", n, all)
	}
}

func TestConcurrentPatches(t *testing.T) { concurrentPatches(t, editServer(t)) }

func TestConcurrentPatchesPostGIS(t *testing.T) { concurrentPatches(t, editServerPostGIS(t)) }

// concurrentPatches sends edits that all carry the same ETag at once:
// exactly one applies, the others get 412.
func concurrentPatches(t *testing.T, srv *httptest.Server) {
	item := srv.URL + "/collections/incidents/items/" + firstID(t, srv)
	tag := send(t, "GET", item, "", "").header.Get("ETag")
	const n = 6
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = send(t, "PATCH", item, "alice-secret", fmt.Sprintf(`{"properties":{"fatalities":%d}}`, 100+i),
				"If-Match", tag).status
		}()
	}
	wg.Wait()
	ok, stale := 0, 0
	for _, c := range codes {
		switch c {
		case 200:
			ok++
		case 412:
			stale++
		}
	}
	if ok != 1 || stale != n-1 {
		t.Errorf("statuses %v: want one 200 and %d 412", codes, n-1)
	}
}

// TestEditKeepsShapeReadAsPoint: /collections/incidents writes every
// incident at its representative point, so a Feature read there and sent
// back edited (PUT) carries the point; an incident in a region keeps its
// polygon. Another geometry still replaces it.
func TestEditKeepsShapeReadAsPoint(t *testing.T) {
	srv := editServer(t)
	var areas struct {
		Features []struct {
			ID string `json:"id"`
		} `json:"features"`
	}
	getJSON(t, srv.URL+"/collections/incidents_areas/items?limit=1", &areas)
	if len(areas.Features) == 0 {
		t.Skip("the seeds hold no incident in an area")
	}
	id := areas.Features[0].ID
	item := srv.URL + "/collections/incidents/items/" + id
	got := send(t, "GET", item, "", "")
	var f map[string]any
	if err := json.Unmarshal([]byte(got.body), &f); err != nil {
		t.Fatal(err)
	}
	if typ := f["geometry"].(map[string]any)["type"]; typ != "Point" {
		t.Fatalf("%s reads as %v, want its representative point", item, typ)
	}
	props := f["properties"].(map[string]any)
	props["notes"] = "Checked by an analyst."
	delete(f, "links")
	body, _ := json.Marshal(f)
	put := send(t, "PUT", item, "alice-secret", string(body), "If-Match", got.header.Get("ETag"))
	if put.status != 200 {
		t.Fatalf("PUT of the Feature read: %d %s", put.status, put.body)
	}
	if !strings.Contains(put.body, `"type":"Polygon"`) && !strings.Contains(put.body, `"type":"MultiPolygon"`) {
		t.Errorf("PUT of the Feature read as a point lost the polygon: %.300s", put.body)
	}
	if !strings.Contains(put.body, "Checked by an analyst.") {
		t.Errorf("PUT did not apply the notes: %.300s", put.body)
	}
	if r := send(t, "GET", srv.URL+"/collections/incidents_areas/items/"+id, "", ""); r.status != 200 {
		t.Errorf("after the PUT the incident left incidents_areas: %d", r.status)
	}
	// A point elsewhere is a new geometry.
	pt := `{"type":"Feature","geometry":{"type":"Point","coordinates":[36.3,33.5]},"properties":` +
		`{"event_date":"2024-01-01","event_type":"Battles","sub_event_type":"Armed clash"}}`
	if r := send(t, "PUT", item, "alice-secret", pt); r.status != 200 || !strings.Contains(r.body, `"coordinates":[36.3,33.5]`) {
		t.Errorf("PUT of another point: %d %.300s", r.status, r.body)
	}
	if r := send(t, "GET", srv.URL+"/collections/incidents_areas/items/"+id, "", ""); r.status != 404 {
		t.Errorf("an incident moved to a point is still in incidents_areas: %d", r.status)
	}
}
