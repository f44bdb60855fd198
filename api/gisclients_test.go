package api

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/ingest/ingesttest"
	"github.com/incidentmap/incidentmap/query"
	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/postgis"
	"github.com/incidentmap/incidentmap/store/storetest"
	"github.com/paulmach/orb"
)

// The tests in this file replay what GIS clients (QGIS, GDAL, OWSLib) send,
// as issue 11 found them: each request is one a real client made.

// allIncidents lists every incident of srv as id -> event_date.
func allIncidents(t *testing.T, srv *httptest.Server) map[string]string {
	t.Helper()
	var all fc
	getJSON(t, srv.URL+"/incidents?limit=10000", &all)
	m := map[string]string{}
	for _, f := range all.Features {
		m[f.ID] = f.Properties["event_date"].(string)
	}
	if len(m) < 5 {
		t.Fatalf("seeded store holds %d incidents", len(m))
	}
	return m
}

func featureIDs(t *testing.T, u string) []string {
	t.Helper()
	var out fc
	getJSON(t, u, &out)
	ids := make([]string, 0, len(out.Features))
	for _, f := range out.Features {
		ids = append(ids, f.ID)
	}
	sort.Strings(ids)
	return ids
}

func csvIDs(t *testing.T, u string) []string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET %s: %d %s", u, resp.StatusCode, b)
	}
	rows, err := csv.NewReader(resp.Body).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("GET %s: %v", u, err)
	}
	col := slices.Index(rows[0], "event_id_cnty")
	if col < 0 {
		t.Fatalf("GET %s: no event_id_cnty column in %v", u, rows[0])
	}
	var ids []string
	for _, r := range rows[1:] {
		ids = append(ids, r[col])
	}
	sort.Strings(ids)
	return ids
}

// matchedIn is numberMatched of a collection.
func matchedIn(t *testing.T, srv *httptest.Server, coll string) int {
	t.Helper()
	var out struct {
		NumberMatched int `json:"numberMatched"`
	}
	getJSON(t, srv.URL+"/collections/"+coll+"/items?limit=1", &out)
	return out.NumberMatched
}

// TestOpenEndedDatetime: QGIS turns "event_date" >= '2025-01-01' into
// datetime=2025-01-01/9999-12-31T00:00:00Z; that, "..", an empty end and the
// edges of the data must select what the dates say on the OGC items,
// /incidents and every export.
func TestOpenEndedDatetime(t *testing.T) {
	srv := liveServer(t)
	all := allIncidents(t, srv)
	var days []string
	for _, d := range all {
		days = append(days, d)
	}
	slices.Sort(days)
	oldest, newest, mid := days[0], days[len(days)-1], days[len(days)/2]
	for _, tc := range []struct {
		datetime string
		from, to string // inclusive days; "" is open
	}{
		{mid + "/9999-12-31T00:00:00Z", mid, ""},
		{mid + "/9999-12-31", mid, ""},
		{mid + "/9999-12-31T23:59:59Z", mid, ""},
		{mid + "/..", mid, ""},
		{mid + "/", mid, ""},
		{"../9999-12-31", "", ""},
		{"/9999-12-31T00:00:00Z", "", ""},
		{"0000-01-01/9999-12-31", "", ""},
		{"0001-01-01T00:00:00Z/9999-12-31T00:00:00Z", "", ""},
		{"../" + mid, "", mid},
		{"../" + mid + "T00:00:00Z", "", mid},
		{newest + "/9999-12-31T00:00:00Z", newest, ""},
		{newest + "T23:59:59Z/..", newest, ""},
		{"../" + oldest, "", oldest},
		{oldest, oldest, oldest},
		{"9999-12-31", "9999-12-31", "9999-12-31"},
		{"0000-01-01/" + oldest, "", oldest},
	} {
		t.Run(tc.datetime, func(t *testing.T) {
			var want []string
			for id, d := range all {
				if (tc.from == "" || d >= tc.from) && (tc.to == "" || d <= tc.to) {
					want = append(want, id)
				}
			}
			sort.Strings(want)
			q := "datetime=" + url.QueryEscape(tc.datetime)
			if got := featureIDs(t, srv.URL+"/collections/incidents/items?limit=1000&"+q); !slices.Equal(got, want) {
				t.Errorf("items: %d features, want %d", len(got), len(want))
			}
			if n := matched(t, srv, q); n != len(want) {
				t.Errorf("items: numberMatched %d, want %d", n, len(want))
			}
			if got := featureIDs(t, srv.URL+"/incidents?"+q); !slices.Equal(got, want) {
				t.Errorf("/incidents: %d features, want %d", len(got), len(want))
			}
			if got := featureIDs(t, srv.URL+"/export.geojson?"+q); !slices.Equal(got, want) {
				t.Errorf("export.geojson: %d features, want %d", len(got), len(want))
			}
			if got := csvIDs(t, srv.URL+"/export.csv?"+q); !slices.Equal(got, want) {
				t.Errorf("export.csv: %d rows, want %d", len(got), len(want))
			}
		})
	}
	// Paging an open-ended query follows next links to the end.
	q := "datetime=" + url.QueryEscape(oldest+"/9999-12-31T00:00:00Z")
	seen := 0
	for u := srv.URL + "/collections/incidents/items?limit=2&" + q; u != ""; {
		var page fc
		getJSON(t, u, &page)
		seen += len(page.Features)
		u = ""
		for _, l := range page.Links {
			if l.Rel == "next" {
				u = l.Href
			}
		}
	}
	if seen != len(all) {
		t.Errorf("paged %d of %d incidents", seen, len(all))
	}
}

// requestLog records the request URIs a server saw, as its access log would.
type requestLog struct {
	mu   sync.Mutex
	uris []string
}

func (l *requestLog) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		l.uris = append(l.uris, r.Method+" "+r.URL.RequestURI())
		l.mu.Unlock()
		h.ServeHTTP(w, r)
	})
}

// items returns the logged requests for the OGC items, decoded.
func (l *requestLog) items() []url.Values {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []url.Values
	for _, u := range l.uris {
		p, err := url.Parse(strings.TrimPrefix(u, "GET "))
		if err == nil && strings.HasSuffix(p.Path, "/collections/incidents/items") {
			out = append(out, p.Query())
		}
	}
	return out
}

// loggedServer is liveServer with a log of every request, and recs
// stored beside the seeds.
func loggedServer(t *testing.T, recs ...store.ArticleRecord) (*httptest.Server, *requestLog) {
	t.Helper()
	testServer(t)
	st, p := ingesttest.SeededSQLite(t, gz)
	for _, rec := range recs {
		if _, err := st.Ingest(context.Background(), rec); err != nil {
			t.Fatal(err)
		}
	}
	log := &requestLog{}
	s := New(Config{Gazetteer: gz, Store: st, Pipeline: p, Filters: query.CQL2Filters{}, WriteToken: testToken})
	srv := httptest.NewServer(log.wrap(s.Handler()))
	t.Cleanup(func() { srv.Close(); s.Close() })
	return srv, log
}

// TestBboxAcrossTheAntimeridian: bbox=170,-10,-170,10 is valid in OGC API -
// Features (minLon > maxLon crosses the antimeridian) and selects what the
// CQL2 BBOX with the same numbers selects, on items, /incidents and exports,
// alone and beside another spatial filter.
func TestBboxAcrossTheAntimeridian(t *testing.T) {
	testServer(t)
	st, p := ingesttest.SeededSQLite(t, gz)
	rec := storetest.Article("pacific",
		storetest.Incident("east", "2024-01-02", orb.Point{175, 5}),
		storetest.Incident("west", "2024-01-03", orb.Point{-175, -5}),
		storetest.Incident("westline", "2024-01-04", orb.LineString{{-179, 3}, {-178, 4}}),
		storetest.Incident("north", "2024-01-05", orb.Point{179.9, 20}),
		storetest.Incident("middle", "2024-01-06", orb.Point{0, 0}),
	)
	if _, err := st.Ingest(context.Background(), rec); err != nil {
		t.Fatal(err)
	}
	s := New(Config{Gazetteer: gz, Store: st, Pipeline: p, Filters: query.CQL2Filters{}})
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(func() { srv.Close(); s.Close() })
	want := []string{"east", "west", "westline"}
	cql := "filter=" + url.QueryEscape("S_INTERSECTS(geometry, BBOX(170,-10,-170,10))")
	if got := featureIDs(t, srv.URL+"/collections/incidents/items?limit=100&"+cql); !slices.Equal(got, want) {
		t.Fatalf("the CQL2 BBOX selects %v, want %v", got, want)
	}
	for _, u := range []string{
		"/collections/incidents/items?limit=100&bbox=170,-10,-170,10",
		"/collections/incidents/items?limit=1&bbox=170,-10,-170,10", // first page only
		"/incidents?bbox=170,-10,-170,10",
		"/export.geojson?bbox=170,-10,-170,10",
		"/collections/incidents/items?bbox=170,-10,-170,10&limit=100&" + cql,
	} {
		got := featureIDs(t, srv.URL+u)
		w := want
		if strings.Contains(u, "limit=1&") {
			w = []string{"westline"} // newest first
		}
		if !slices.Equal(got, w) {
			t.Errorf("%s: %v, want %v", u, got, w)
		}
	}
	if n := matched(t, srv, "bbox=170,-10,-170,10"); n != len(want) {
		t.Errorf("numberMatched %d, want %d", n, len(want))
	}
	// Beside another geometry both must hold.
	east := url.QueryEscape("POLYGON((170 0,180 0,180 10,170 10,170 0))")
	if got := featureIDs(t, srv.URL+"/incidents?bbox=170,-10,-170,10&intersects="+east); !slices.Equal(got, []string{"east"}) {
		t.Errorf("bbox and intersects: %v, want [east]", got)
	}
	if got := featureIDs(t, srv.URL+"/incidents?bbox=-170,-10,170,10"); slices.Contains(got, "east") || !slices.Contains(got, "middle") {
		t.Errorf("the ordinary box -170..170 selected %v", got)
	}
	// Still 400s: latitudes the wrong way round, longitudes off the globe.
	for _, bad := range []string{"170,10,-170,-10", "170,-10,190,10", "-190,-10,-170,10"} {
		resp, err := http.Get(srv.URL + "/collections/incidents/items?bbox=" + bad)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 400 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
			t.Errorf("bbox=%s: %d %s", bad, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
}

// TestGDALFiltersRunOnTheServer: GDAL 3.6's OAPIF driver sends -where to
// the server as filter-lang=cql-text when the OpenAPI document lists
// cql-text and the property as a parameter; the request log shows it, and
// the features are the API's.
func TestGDALFiltersRunOnTheServer(t *testing.T) {
	gdal(t)
	srv, log := loggedServer(t)
	all := allIncidents(t, srv)
	var days []string
	for _, d := range all {
		days = append(days, d)
	}
	slices.Sort(days)
	mid := days[len(days)/2]
	for _, tc := range []struct{ where, filter, api string }{
		{"fatalities > 10", "fatalities > 10", "filter=" + url.QueryEscape("fatalities > 10")},
		{"country_code = 'IQ'", "country_code = 'IQ'", "country_code=IQ"},
		{"event_date >= '" + mid + "'", "event_date >= '" + mid + "T'", "datetime=" + mid + "/.."},
		{"fatalities >= 1 AND country_code <> 'IQ'", "(fatalities >= 1) AND (country_code <> 'IQ')", "filter=" + url.QueryEscape("fatalities >= 1 AND country_code <> 'IQ'")},
	} {
		t.Run(tc.where, func(t *testing.T) {
			want := matched(t, srv, tc.api)
			log.mu.Lock()
			log.uris = nil
			log.mu.Unlock()
			if n := ogr2ogrCount(t, "-where", tc.where, "-oo", "PAGE_SIZE=2", "OAPIF:"+srv.URL+"/", "incidents"); n != want || want == 0 {
				t.Errorf("ogr2ogr -where gave %d features, the API %d", n, want)
			}
			filtered := 0
			for _, q := range log.items() {
				if q.Get("filter") == "" {
					continue
				}
				filtered++
				if q.Get("filter") != tc.filter || q.Get("filter-lang") != "cql-text" {
					t.Errorf("GDAL sent filter %q filter-lang %q", q.Get("filter"), q.Get("filter-lang"))
				}
			}
			if filtered == 0 {
				t.Errorf("no request carried the filter: %v", log.uris)
			}
		})
	}
}

// TestOpenAPIAdvertisesWhatClientsLookFor: the filter languages (with
// GDAL's draft name), limit's default and maximum, offset, and every
// queryable but the geometry as a parameter of the items.
func TestOpenAPIAdvertisesWhatClientsLookFor(t *testing.T) {
	srv := liveServer(t)
	type param struct {
		Ref    string         `json:"$ref"`
		Name   string         `json:"name"`
		In     string         `json:"in"`
		Schema map[string]any `json:"schema"`
	}
	var comps struct {
		Components struct {
			Parameters map[string]param `json:"parameters"`
		} `json:"components"`
		Paths map[string]struct {
			Get struct {
				Parameters []param `json:"parameters"`
			} `json:"get"`
		} `json:"paths"`
	}
	getJSON(t, srv.URL+"/api", &comps)
	// QGIS reads limit's default and maximum from components.parameters.limit.
	if l := comps.Components.Parameters["limit"].Schema; l == nil || l["default"] != float64(10) || l["maximum"] != float64(10000) {
		t.Errorf("components.parameters.limit: %v", l)
	}
	for path, def := range map[string]float64{"/collections/{collectionId}/items": 10, "/incidents": 100} {
		params := map[string]map[string]any{}
		for _, p := range comps.Paths[path].Get.Parameters {
			if p.Ref != "" {
				p = comps.Components.Parameters[strings.TrimPrefix(p.Ref, "#/components/parameters/")]
			}
			if p.In == "query" {
				params[p.Name] = p.Schema
			}
		}
		if l := params["limit"]; l == nil || l["default"] != def || l["maximum"] != float64(10000) || l["minimum"] != float64(1) {
			t.Errorf("%s: limit %v, want default %g, minimum 1, maximum 10000", path, l, def)
		}
		if params["offset"] == nil {
			t.Errorf("%s: no offset", path)
		}
		enum, _ := params["filter-lang"]["enum"].([]any)
		for _, lang := range []string{"cql2-text", "cql2-json", "cql-text", "cql-json"} {
			if !slices.Contains(enum, any(lang)) {
				t.Errorf("%s: filter-lang enum %v lacks %s", path, enum, lang)
			}
		}
		if path == "/incidents" {
			continue
		}
		for _, c := range store.Queryables() {
			if c.Type == store.TypeGeometry {
				if params[c.Name] != nil {
					t.Errorf("%s: the geometry is a parameter", path)
				}
				continue
			}
			if params[c.Name] == nil {
				t.Errorf("%s: queryable %s is no parameter", path, c.Name)
			}
		}
	}
}

// TestParametersAsClientsSendThem: draft filter-lang names, a parameter
// repeated with the same value, OWSLib's offset, typed queryables.
func TestParametersAsClientsSendThem(t *testing.T) {
	srv := liveServer(t)
	items := srv.URL + "/collections/incidents/items?"
	want := matched(t, srv, "filter="+url.QueryEscape("fatalities > 10"))
	if want == 0 {
		t.Fatal("no incident with fatalities > 10")
	}
	for _, q := range []string{
		"filter-lang=cql-text&filter=" + url.QueryEscape("fatalities > 10"),
		"filter-lang=CQL-TEXT&filter=" + url.QueryEscape("fatalities > 10"),
		"filter-lang=cql-json&filter=" + url.QueryEscape(`{"op":">","args":[{"property":"fatalities"},10]}`),
		"filter=" + url.QueryEscape("fatalities > 10") + "&filter=" + url.QueryEscape("fatalities > 10"),
		"filter=" + url.QueryEscape("fatalities > 10") + "&filter-lang=cql2-text&filter-lang=cql2-text",
	} {
		if n := matched(t, srv, q); n != want {
			t.Errorf("%s: numberMatched %d, want %d", q, n, want)
		}
	}
	// A repeated identical parameter is not copied into the next link.
	var page fc
	getJSON(t, items+"limit=1&filter=fatalities%3E0&filter=fatalities%3E0", &page)
	for _, l := range page.Links {
		if l.Rel == "next" && strings.Count(l.Href, "filter=") != 1 {
			t.Errorf("next link %s", l.Href)
		}
	}
	// offset pages as OWSLib does; next links go on with a cursor.
	var four fc
	getJSON(t, items+"limit=4", &four)
	var two fc
	getJSON(t, items+"limit=2&offset=2", &two)
	if len(four.Features) != 4 || len(two.Features) != 2 || two.Features[0].ID != four.Features[2].ID || two.Features[1].ID != four.Features[3].ID {
		t.Errorf("offset=2 gave %v", two.Features)
	}
	for _, l := range two.Links {
		if l.Rel == "next" {
			if strings.Contains(l.Href, "offset") {
				t.Errorf("next link keeps the offset: %s", l.Href)
			}
			var next fc
			getJSON(t, l.Href, &next)
			if len(next.Features) == 0 || next.Features[0].ID == two.Features[1].ID {
				t.Errorf("the next page after offset=2 starts wrong: %v", next.Features)
			}
		}
	}
	getJSON(t, srv.URL+"/incidents?limit=2&offset=2", &two)
	if len(two.Features) != 2 || two.Features[0].ID != four.Features[2].ID {
		t.Errorf("/incidents offset=2 gave %v", two.Features)
	}
	var n50 fc
	getJSON(t, items+"fatalities=50", &n50)
	for _, f := range n50.Features {
		if f.Properties["fatalities"] != float64(50) {
			t.Errorf("fatalities=50 returned %v", f.Properties["fatalities"])
		}
	}
	// Mistakes are 400 problems that name the parameter.
	for _, q := range []string{
		"filter-lang=cql3&filter=fatalities%3E1", "filter=fatalities%3E1&filter=fatalities%3E2",
		"offset=-1", "offset=x", "fatalities=many", "confidence=high", "event_date=yesterday",
	} {
		resp, err := http.Get(items + q)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 400 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
			t.Errorf("%s: %d %s", q, resp.StatusCode, b)
		}
	}
}

// TestGDALAccessPatterns: what GDAL does beyond the OAPIF driver's
// defaults. A filter in the connection string, which GDAL appends to next
// links that already carry it; /vsicurl/, which reads exports by HEAD and
// byte ranges; the MVT driver, which reads tiles as a directory with its
// TileJSON at metadata.json.
func TestGDALAccessPatterns(t *testing.T) {
	gdal(t)
	srv, log := loggedServer(t)
	all := matched(t, srv, "")

	t.Run("filter in the connection string", func(t *testing.T) {
		want := matched(t, srv, "filter="+url.QueryEscape("fatalities > 0"))
		if want < 2 {
			t.Fatalf("%d incidents with fatalities > 0: too few to page", want)
		}
		src := "OAPIF:" + srv.URL + "/collections/incidents?filter=fatalities%20%3E%200"
		if n := ogr2ogrCount(t, "-oo", "PAGE_SIZE=1", src); n != want {
			t.Errorf("ogr2ogr paged through %d incidents, want %d", n, want)
		}
		twice := false
		for _, q := range log.items() {
			if len(q["filter"]) > 2 {
				t.Errorf("a request carried the filter %d times: the next links grow", len(q["filter"]))
			}
			twice = twice || len(q["filter"]) == 2
		}
		if !twice {
			t.Log("GDAL never sent the filter twice")
		}
	})

	t.Run("vsicurl exports", func(t *testing.T) {
		for _, f := range []string{"fgb", "gpkg", "csv", "geojson"} {
			args := []string{"/vsicurl/" + srv.URL + "/export." + f}
			if f == "csv" {
				args = append([]string{"-oo", "GEOM_POSSIBLE_NAMES=wkt", "-oo", "KEEP_GEOM_COLUMNS=NO"}, args...)
			}
			if n := ogrCount(t, args...); n != all {
				t.Errorf("/vsicurl/ export.%s: %d features, want %d", f, n, all)
			}
		}
	})

	t.Run("MVT directory with its TileJSON", func(t *testing.T) {
		out, err := exec.Command("ogrinfo", "-ro", "-so", "-al", "MVT:"+srv.URL+"/tiles/3").CombinedOutput()
		if err != nil {
			t.Fatalf("ogrinfo MVT: %v\n%s", err, out)
		}
		m := featureCount.FindSubmatch(out)
		if m == nil || string(m[1]) == "0" {
			t.Errorf("ogrinfo MVT counts no features:\n%s", out)
		}
		for _, field := range []string{"fatalities: Real", "cluster: Integer(Boolean)", "event_type: String"} {
			if !strings.Contains(string(out), field) {
				t.Errorf("ogrinfo MVT: no %q (the TileJSON's field types):\n%s", field, out)
			}
		}
	})
}

// TestFilesHaveLengthAndRanges: exports and tiles answer HEAD with their
// Content-Length, and byte ranges with 206, also for clients that accept
// gzip (curl, hence GDAL, does).
func TestFilesHaveLengthAndRanges(t *testing.T) {
	srv := liveServer(t)
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	for _, path := range []string{"/export.fgb", "/export.gpkg", "/export.geojson", "/export.csv?bbox=38,32,43,38", "/tiles/2/2/1.mvt", "/tiles/2/2/1.pbf", "/basemap/1/1/0.mvt"} {
		t.Run(path, func(t *testing.T) {
			get := func(method string, hdr ...string) (*http.Response, []byte) {
				req, _ := http.NewRequest(method, srv.URL+path, nil)
				req.Header.Set("Accept-Encoding", "gzip")
				for i := 0; i+1 < len(hdr); i += 2 {
					req.Header.Set(hdr[i], hdr[i+1])
				}
				resp, err := client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				b, _ := io.ReadAll(resp.Body)
				return resp, b
			}
			head, _ := get(http.MethodHead)
			size, err := strconv.ParseInt(head.Header.Get("Content-Length"), 10, 64)
			if head.StatusCode != 200 || err != nil || size < 20 || head.Header.Get("Content-Encoding") != "" {
				t.Fatalf("HEAD: %d, Content-Length %q, Content-Encoding %q", head.StatusCode, head.Header.Get("Content-Length"), head.Header.Get("Content-Encoding"))
			}
			whole, body := get(http.MethodGet, "Range", "bytes=0-")
			if whole.StatusCode != 206 || int64(len(body)) != size {
				t.Fatalf("GET bytes=0-: %d, %d bytes, want 206 and %d", whole.StatusCode, len(body), size)
			}
			part, b := get(http.MethodGet, "Range", "bytes=5-14")
			if part.StatusCode != 206 || string(b) != string(body[5:15]) || part.Header.Get("Content-Range") != fmt.Sprintf("bytes 5-14/%d", size) {
				t.Errorf("GET bytes=5-14: %d %q %q", part.StatusCode, part.Header.Get("Content-Range"), b)
			}
			tail, b := get(http.MethodGet, "Range", fmt.Sprintf("bytes=%d-", size-4))
			if tail.StatusCode != 206 || string(b) != string(body[size-4:]) {
				t.Errorf("GET the last 4 bytes: %d %q", tail.StatusCode, b)
			}
			for _, rng := range []string{fmt.Sprintf("bytes=%d-", size+10), "bytes=x-y", "bytes=9-3"} {
				bad, b := get(http.MethodGet, "Range", rng)
				if bad.StatusCode != http.StatusRequestedRangeNotSatisfiable || !strings.HasPrefix(bad.Header.Get("Content-Type"), "application/problem+json") ||
					!strings.Contains(string(b), `"status":416`) {
					t.Errorf("Range %s: %d %s %s", rng, bad.StatusCode, bad.Header.Get("Content-Type"), b)
				}
			}
		})
	}
}

// python3 returns Debian's python3 (where apt installs python3-owslib),
// skipping outside CI when it or OWSLib is missing and failing in CI.
func python3With(t *testing.T, module string) string {
	t.Helper()
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		if py, err = exec.LookPath("python3"); err != nil {
			py = ""
		}
	}
	if py != "" && exec.Command(py, "-c", "import "+module).Run() == nil {
		return py
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true but python3 cannot import %s (.ci/run installs it from Debian)", module)
	}
	t.Skipf("python3 with %s not installed", module)
	return ""
}

// TestOWSLib: OWSLib reads the landing page, conformance, the collection,
// the queryables, and items with limit and offset, bbox, a CQL2 filter (as
// cql2-text and with the draft name) and an open-ended datetime, and gets
// what the API answers.
func TestOWSLib(t *testing.T) {
	py := python3With(t, "owslib.ogcapi.features")
	srv := liveServer(t)
	out, err := exec.Command(py, "testdata/owslib_check.py", srv.URL+"/").Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("owslib_check.py: %v\n%s\n%s", err, out, stderr)
	}
	type page struct {
		IDs     []string `json:"ids"`
		Matched int      `json:"matched"`
	}
	var got struct {
		Links       int      `json:"landing_links"`
		Conformance []string `json:"conformance"`
		Collections []string `json:"collections"`
		Queryables  []string `json:"queryables"`
		All         page     `json:"all"`
		Page        page     `json:"page"`
		Bbox        page     `json:"bbox"`
		Filter      page     `json:"filter"`
		FilterLang  page     `json:"filter_lang"`
		Datetime    page     `json:"datetime"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if got.Links == 0 || !slices.Contains(got.Collections, "incidents") ||
		!slices.Contains(got.Conformance, "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter") {
		t.Errorf("landing %d links, collections %v, conformance %v", got.Links, got.Collections, got.Conformance)
	}
	if !slices.Contains(got.Queryables, "fatalities") || !slices.Contains(got.Queryables, "geometry") {
		t.Errorf("queryables %v", got.Queryables)
	}
	for name, tc := range map[string]struct {
		p    page
		want string
	}{
		"all":         {got.All, "limit=100"},
		"page":        {got.Page, "limit=2&offset=2"},
		"bbox":        {got.Bbox, "limit=100&bbox=38,32,43,38"},
		"filter":      {got.Filter, "limit=100&filter=" + url.QueryEscape("fatalities > 10")},
		"filter-lang": {got.FilterLang, "limit=100&filter=" + url.QueryEscape("fatalities > 10")},
		"datetime":    {got.Datetime, "limit=100&datetime=2021-01-01/.."},
	} {
		want := featureIDs(t, srv.URL+"/collections/incidents/items?"+tc.want)
		have := slices.Clone(tc.p.IDs)
		sort.Strings(have)
		if !slices.Equal(have, want) || len(want) == 0 {
			t.Errorf("%s: OWSLib got %v, the API %v", name, have, want)
		}
	}
	if got.All.Matched != len(got.All.IDs) {
		t.Errorf("numberMatched %d for %d incidents", got.All.Matched, len(got.All.IDs))
	}
}

// TestQGIS runs QGIS headless (PyQGIS from Debian's python3-qgis): the OGC
// API layer's counts, all and filtered, match the API's; the vector tiles
// load; the GeoPackage export's layers have one geometry type each; the
// layers render into test-output/qgis.png. The requests QGIS sent are
// logged with -v.
// Over 100 lines on purpose: one QGIS process checks the layers against one server; each step needs the earlier ones' downloads.
func TestQGIS(t *testing.T) {
	py := python3With(t, "qgis.core")
	srv, log := loggedServer(t, shapesRecord()) // its sources have URLs
	all := allIncidents(t, srv)
	var days []string
	for _, d := range all {
		days = append(days, d)
	}
	slices.Sort(days)
	mid := days[len(days)/2]
	dir := t.TempDir()
	download := func(name string) string {
		path := filepath.Join(dir, name)
		resp, err := http.Get(srv.URL + "/export." + filepath.Ext(name)[1:])
		if err != nil {
			t.Fatal(err)
		}
		f, _ := os.Create(path)
		io.Copy(f, resp.Body)
		f.Close()
		resp.Body.Close()
		return path
	}
	gpkg, csvPath := download("incidents.gpkg"), download("incidents.csv")
	outDir := filepath.Join("..", "test-output")
	os.MkdirAll(outDir, 0o755)
	png := filepath.Join(outDir, "qgis.png")
	os.Remove(png)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, "testdata/qgis_check.py", srv.URL+"/", gpkg, png, mid, csvPath)
	runtime := filepath.Join(dir, "xdg")
	os.Mkdir(runtime, 0o700)
	cmd.Env = append(os.Environ(), "QT_QPA_PLATFORM=offscreen", "XDG_RUNTIME_DIR="+runtime, "HOME="+dir)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("qgis_check.py: %v\n%s\n%s", err, out, stderr.String())
	}
	var got struct {
		OAPIFValid   bool           `json:"oapif_valid"`
		OAPIFFields  []string       `json:"oapif_fields"`
		OAPIFAll     int            `json:"oapif_all"`
		OAPIFSince   int            `json:"oapif_since"`
		OAPIFFatal   int            `json:"oapif_fatal"`
		OAPIFCountry int            `json:"oapif_country"`
		OAPIFGeom    string         `json:"oapif_geometry"`
		OAPIFKinds   map[string]int `json:"oapif_kinds"`
		TilesValid   bool           `json:"tiles_valid"`
		SourceURLs   map[string]any `json:"oapif_source_urls"`
		GPKG         map[string]struct {
			Valid    bool   `json:"valid"`
			Geometry string `json:"geometry"`
			Count    int    `json:"count"`
		} `json:"gpkg"`
		Typed map[string]struct {
			Valid    bool   `json:"valid"`
			Geometry string `json:"geometry"`
			Count    int    `json:"count"`
		} `json:"typed"`
		CSV map[string]struct {
			Valid    bool   `json:"valid"`
			Geometry string `json:"geometry"`
			Count    int    `json:"count"`
		} `json:"csv"`
		PNG bool `json:"png"`
	}
	// PyQGIS may print warnings before the JSON line.
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &got); err != nil {
		t.Fatalf("%v: %s\n%s", err, out, stderr.String())
	}
	maxLimit, sentDatetime := 0, false
	for _, q := range log.items() {
		t.Logf("QGIS asked for items?%s", q.Encode())
		if n, _ := strconv.Atoi(q.Get("limit")); n > maxLimit {
			maxLimit = n
		}
		sentDatetime = sentDatetime || strings.HasSuffix(q.Get("datetime"), "/9999-12-31T00:00:00Z")
	}
	// QGIS sizes its pages from components.parameters.limit (else 100),
	// and sends a date comparison as datetime with 9999-12-31 for no end.
	if maxLimit < 1000 {
		t.Errorf("QGIS paged at %d features at most", maxLimit)
	}
	if !sentDatetime {
		t.Errorf("QGIS sent no open-ended datetime for the event_date subset")
	}
	t.Logf("QGIS's OGC API layer: %s", lines[len(lines)-1])
	if !got.OAPIFValid || !slices.Contains(got.OAPIFFields, "fatalities") {
		t.Fatalf("the OGC API layer is not valid: %+v\n%s", got, stderr.String())
	}
	for name, tc := range map[string]struct {
		n     int
		query string
	}{
		"all":                  {got.OAPIFAll, ""},
		"event_date >= " + mid: {got.OAPIFSince, "datetime=" + mid + "/.."},
		"fatalities > 10":      {got.OAPIFFatal, "filter=" + url.QueryEscape("fatalities > 10")},
		"country_code = 'IQ'":  {got.OAPIFCountry, "country_code=IQ"},
	} {
		if want := matched(t, srv, tc.query); tc.n != want || want == 0 {
			t.Errorf("QGIS counts %d for %s, the API %d", tc.n, name, want)
		}
	}
	// QGIS opens incidents as a Point layer, and every incident is a point
	// in it: at its representative point, where the API's lat/lon put it.
	if got.OAPIFGeom != "Point" || got.OAPIFKinds["Point"] != len(all) || len(got.OAPIFKinds) != 1 {
		t.Errorf("QGIS opens incidents as a %s layer of %v, want %d points", got.OAPIFGeom, got.OAPIFKinds, len(all))
	}
	if !got.TilesValid {
		t.Error("the vector tile layer is not valid")
	}
	for name, want := range map[string]string{"incidents": "Point", "incidents_lines": "MultiLineString", "incidents_areas": "MultiPolygon"} {
		g := got.GPKG[name]
		if !g.Valid || g.Geometry != want {
			t.Errorf("GeoPackage layer %s: %+v, want a valid %s layer", name, g, want)
		}
	}
	if got.GPKG["incidents"].Count != len(all) {
		t.Errorf("GeoPackage incidents: %d features, want %d", got.GPKG["incidents"].Count, len(all))
	}
	// QGIS reads the sources' URLs from the flat source_urls (an array
	// property it reads as NULL).
	var layer fc
	getJSON(t, srv.URL+"/incidents?limit=1000", &layer)
	withURL := 0
	for _, f := range layer.Features {
		var urls []string
		for _, src := range f.Properties["sources"].([]any) {
			if u, _ := src.(map[string]any)["url"].(string); u != "" {
				urls = append(urls, u)
			}
		}
		want := strings.Join(urls, " ")
		if got.SourceURLs[f.ID] != want {
			t.Errorf("QGIS reads source_urls of %s as %v, want %q", f.ID, got.SourceURLs[f.ID], want)
		}
		withURL += len(urls)
	}
	if withURL == 0 {
		t.Error("no seeded incident has a source URL")
	}
	// The collections of one geometry type open as such, and between them
	// hold the shape of every incident that is not a point.
	shaped := 0
	for _, f := range layer.Features {
		if f.Geometry["type"] != "Point" {
			shaped++
		}
	}
	typed := 0
	for name, geom := range map[string]string{"incidents_lines": "MultiLineString", "incidents_areas": "MultiPolygon"} {
		c := got.Typed[name]
		if want := matchedIn(t, srv, name); !c.Valid || c.Geometry != geom || c.Count != want || want == 0 {
			t.Errorf("QGIS opens %s as %+v, want %d features of %s", name, c, want, geom)
		}
		typed += c.Count
	}
	if typed != shaped {
		t.Errorf("QGIS's lines and areas layers hold %d features; %d incidents are lines or areas", typed, shaped)
	}
	// QGIS's CSV import keeps the rows of the first row's geometry type:
	// wkt, every row's representative point, imports whole.
	if c := got.CSV["wkt"]; !c.Valid || c.Geometry != "Point" || c.Count != len(all) {
		t.Errorf("QGIS imports the CSV's wkt as %+v, want all %d rows as Point", c, len(all))
	}
	t.Logf("QGIS imports the CSV's geometry_wkt as %+v", got.CSV["geometry_wkt"])
	if st, err := os.Stat(png); !got.PNG || err != nil || st.Size() < 1000 {
		t.Errorf("no rendering in %s: %v", png, err)
	}
}

// shapesRecord is a store record of incidents of every shape.
func shapesRecord() store.ArticleRecord {
	return storetest.Article("shapes",
		storetest.Incident("pt", "2024-01-02", orb.Point{44, 33}),
		storetest.Incident("line", "2024-01-03", orb.LineString{{40.5, 35}, {41.5, 33}}),
		storetest.Incident("mline", "2024-01-04", orb.MultiLineString{{{40, 35}, {41, 34}}, {{42, 34}, {43, 33}}}),
		storetest.Incident("poly", "2024-01-05", orb.Polygon{{{41.5, 32}, {43.5, 32}, {43.5, 34}, {41.5, 34}, {41.5, 32}}}),
		storetest.Incident("mpoly", "2024-01-06", orb.MultiPolygon{{{{30, 30}, {31, 30}, {31, 31}, {30, 30}}}, {{{32, 30}, {33, 30}, {33, 31}, {32, 30}}}}),
	)
}

// TestCollectionsOfOneGeometryType: incidents_lines and incidents_areas
// hold the incidents on a line and in an area, on both stores, and GDAL
// opens each with one geometry type.
// Over 100 lines on purpose: the same checks run on both stores through one closure.
func TestCollectionsOfOneGeometryType(t *testing.T) {
	testServer(t)
	check := func(t *testing.T, srv *httptest.Server) {
		var colls struct {
			Collections []struct {
				ID string `json:"id"`
			} `json:"collections"`
		}
		getJSON(t, srv.URL+"/collections", &colls)
		var ids []string
		for _, c := range colls.Collections {
			ids = append(ids, c.ID)
		}
		if !slices.Equal(ids, []string{"incidents", "incidents_lines", "incidents_areas"}) {
			t.Errorf("collections %v", ids)
		}
		for coll, want := range map[string][]string{
			"incidents_lines": {"line", "mline"},
			"incidents_areas": {"mpoly", "poly"},
		} {
			got := featureIDs(t, srv.URL+"/collections/"+coll+"/items?limit=100")
			var mine []string
			for _, id := range got {
				if slices.Contains([]string{"pt", "line", "mline", "poly", "mpoly"}, id) {
					mine = append(mine, id)
				}
			}
			if !slices.Equal(mine, want) {
				t.Errorf("%s: %v, want %v among %v", coll, mine, want, got)
			}
			var page, whole fc
			getJSON(t, srv.URL+"/collections/"+coll+"/items?limit=1&bbox=29,29,45,36", &page)
			getJSON(t, srv.URL+"/collections/"+coll+"/items?limit=100&bbox=29,29,45,36", &whole)
			if page.NumberMatched == nil || *page.NumberMatched != len(whole.Features) || len(page.Features) != 1 {
				t.Errorf("%s: numberMatched %v, %d features, want %d", coll, page.NumberMatched, len(page.Features), len(whole.Features))
			}
			// One geometry type per collection: the Multi one.
			multi := map[string]string{"incidents_lines": "MultiLineString", "incidents_areas": "MultiPolygon"}[coll]
			for _, f := range whole.Features {
				if f.Geometry["type"] != multi {
					t.Errorf("%s: feature %s is a %v", coll, f.ID, f.Geometry["type"])
				}
			}
			for _, l := range page.Links {
				if l.Rel == "next" && !strings.Contains(l.Href, "/collections/"+coll+"/items") {
					t.Errorf("%s: next link %s", coll, l.Href)
				}
			}
		}
		for path, code := range map[string]int{
			"/collections/incidents_lines/items/line": 200, "/collections/incidents_lines/items/poly": 404,
			"/collections/incidents_areas/items/mpoly": 200, "/collections/incidents_areas/items/pt": 404,
			"/collections/incidents/items/pt": 200,
		} {
			resp, err := http.Get(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != code {
				t.Errorf("%s: %d, want %d", path, resp.StatusCode, code)
			}
		}
		resp, err := http.Get(srv.URL + "/collections/nope/items")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 404 {
			t.Errorf("an unknown collection: %d", resp.StatusCode)
		}
	}
	t.Run("sqlite", func(t *testing.T) {
		st, p := ingesttest.SeededSQLite(t, gz)
		if _, err := st.Ingest(context.Background(), shapesRecord()); err != nil {
			t.Fatal(err)
		}
		s := New(Config{Gazetteer: gz, Store: st, Pipeline: p, Filters: query.CQL2Filters{}})
		srv := httptest.NewServer(s.Handler())
		t.Cleanup(func() { srv.Close(); s.Close() })
		check(t, srv)
		if _, err := exec.LookPath("ogrinfo"); err != nil && os.Getenv("CI") != "true" {
			return
		}
		for layer, geom := range map[string]string{"incidents": "Point", "incidents_lines": "Multi Line String", "incidents_areas": "Multi Polygon"} {
			out, err := exec.Command("ogrinfo", "-ro", "-so", "OAPIF:"+srv.URL+"/", layer).CombinedOutput()
			if err != nil || !strings.Contains(string(out), "Geometry: ") {
				t.Fatalf("ogrinfo %s: %v\n%s", layer, err, out)
			}
			line := regexp.MustCompile(`Geometry: (.*)`).FindStringSubmatch(string(out))[1]
			if !strings.Contains(line, geom) {
				t.Errorf("GDAL opens %s as %q, want %s", layer, line, geom)
			}
		}
		// The file exports open with the same layers: the GeoPackage holds
		// the three, a FlatGeobuf the one geometry= picks (points by
		// default), each with one geometry type and the collection's count.
		dir := t.TempDir()
		gpkg := filepath.Join(dir, "all.gpkg")
		download(t, srv.URL+"/export.gpkg", gpkg)
		for _, tc := range []struct{ coll, param, geom string }{
			{"incidents", "", "Point"},
			{"incidents", "points", "Point"},
			{"incidents_lines", "lines", "Multi Line String"},
			{"incidents_areas", "areas", "Multi Polygon"},
		} {
			want := matchedIn(t, srv, tc.coll)
			fgb := filepath.Join(dir, "x"+tc.param+".fgb")
			u := srv.URL + "/export.fgb"
			if tc.param != "" {
				u += "?geometry=" + tc.param
			}
			download(t, u, fgb)
			for _, src := range [][]string{{fgb}, {gpkg, tc.coll}} {
				out, err := exec.Command("ogrinfo", append([]string{"-ro", "-so", "-al"}, src...)...).CombinedOutput()
				if err != nil {
					t.Fatalf("ogrinfo %v: %v\n%s", src, err, out)
				}
				if src[0] == gpkg {
					out, _ = exec.Command("ogrinfo", append([]string{"-ro", "-so"}, src...)...).CombinedOutput()
				}
				for _, w := range []string{"Layer name: " + tc.coll + "\n", "Geometry: " + tc.geom + "\n", fmt.Sprintf("Feature Count: %d\n", want)} {
					if !strings.Contains(string(out), w) {
						t.Errorf("%s: ogrinfo does not say %q:\n%s", filepath.Base(src[0]), strings.TrimSpace(w), out)
					}
				}
			}
		}
		for _, u := range []string{"/export.csv?geometry=lines", "/export.fgb?geometry=curves"} {
			resp, err := http.Get(srv.URL + u)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 400 {
				t.Errorf("GET %s: %d, want 400", u, resp.StatusCode)
			}
		}
	})
	t.Run("postgis", func(t *testing.T) {
		dsn := postgresURL(t)
		schema := freshSchema(t, dsn)
		srv := serveOn(t, dsn, schema)
		st, err := postgis.Open(context.Background(), dsn, postgis.Options{Schema: schema})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if _, err := st.Ingest(context.Background(), shapesRecord()); err != nil {
			t.Fatal(err)
		}
		check(t, srv)
	})
}
