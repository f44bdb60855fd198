package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gorilla/mux"
	"github.com/incidentmap/incidentmap/basemap"
	"github.com/incidentmap/incidentmap/basemap/pmtilestest"
	"github.com/paulmach/orb"
)

// undocumented lists the routes /api leaves out on purpose, with why.
var undocumented = map[string]string{
	"/metrics":               "Prometheus text for operators, not part of the API",
	"/assets/":               "the map page's static files",
	"/tiles/metadata.json":   "an alias of /tiles.json where GDAL's MVT driver looks",
	"/basemap/metadata.json": "an alias of /basemap.json where GDAL's MVT driver looks",
}

// routeVar matches a mux variable with its pattern, {ext:mvt|pbf}.
var routeVar = regexp.MustCompile(`\{([^}:]+):[^}]*\}`)

// TestOpenAPIDocumentsEveryRoute walks the router of a server with every
// optional part (a store, the page, a PMTiles basemap) and fails for a
// route, or a method of one, that /api does not describe, and for a
// documented path no route serves.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	testServer(t) // loads the gazetteer
	data, err := pmtilestest.Streets(orb.Point{44.36, 33.31}, 10)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "streets.pmtiles")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	bm, err := basemap.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer bm.Close()
	s := New(Config{Gazetteer: gz, Store: newFakeStore(), Basemap: bm, Page: http.NotFoundHandler()})

	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api", nil))
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil || rec.Code != http.StatusOK {
		t.Fatalf("/api: %d %v", rec.Code, err)
	}

	routed := map[string]bool{}
	err = s.router.Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		tmpl, err := route.GetPathTemplate()
		if err != nil {
			return nil
		}
		tmpl = routeVar.ReplaceAllString(tmpl, "{$1}")
		routed[tmpl] = true
		if _, ok := undocumented[tmpl]; ok {
			return nil
		}
		methods, err := route.GetMethods()
		if err != nil {
			t.Errorf("%s: no methods: %v", tmpl, err)
			return nil
		}
		ops, ok := doc.Paths[tmpl]
		if !ok {
			t.Errorf("%s is served but /api does not document it", tmpl)
			return nil
		}
		for _, m := range methods {
			if m == http.MethodHead {
				continue
			}
			if _, ok := ops[strings.ToLower(m)]; !ok {
				t.Errorf("%s %s is served but /api does not document it", m, tmpl)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for path := range doc.Paths {
		if !routed[path] {
			t.Errorf("/api documents %s, which no route serves", path)
		}
	}
	for path := range undocumented {
		if !routed[path] {
			t.Errorf("the exception %s names no route: drop it", path)
		}
	}
	// The parameters the brief of each endpoint names.
	params := func(path, method string) []string {
		var op struct {
			Parameters []struct {
				Name string `json:"name"`
			} `json:"parameters"`
		}
		if err := json.Unmarshal(doc.Paths[path][method], &op); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		var names []string
		for _, p := range op.Parameters {
			names = append(names, p.Name)
		}
		return names
	}
	for _, c := range []struct{ path, method, param string }{
		{"/collections/{collectionId}/items", "get", "updated_since"},
		{"/incidents", "get", "updated_since"},
		{"/export.{format}", "get", "updated_since"},
		{"/collections/{collectionId}/items", "get", "updated"},
		{"/incidents", "get", "updated"},
		{"/export.{format}", "get", "updated"},
		{"/stats", "get", "updated"},
		{"/export.{format}", "get", "format"},
		{"/alerts", "get", "state"},
		{"/subscriptions/{id}/alerts", "get", "state"},
		{"/subscriptions/{id}/feed.atom", "get", "key"},
		{"/collections/{collectionId}/tombstones", "get", "since"},
		{"/alerts/{id}/retry", "post", "id"},
	} {
		if got := params(c.path, c.method); !slices.Contains(got, c.param) {
			t.Errorf("%s %s: parameters %v lack %s", c.method, c.path, got, c.param)
		}
	}
}

// TestOpenAPIWithoutArchive: without a PMTiles basemap there is no
// /basemap.pmtiles route, and /api does not document one.
func TestOpenAPIWithoutArchive(t *testing.T) {
	testServer(t) // loads the gazetteer
	rec := do(New(Config{Gazetteer: gz, Store: newFakeStore()}).Handler(), "GET", "/api", "", "", "")
	var doc struct {
		Paths map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if _, ok := doc.Paths[basemap.ArchivePath]; ok {
		t.Errorf("/api documents %s without an archive", basemap.ArchivePath)
	}
	if _, ok := doc.Paths["/basemap/source.json"]; !ok {
		t.Errorf("/api does not document /basemap/source.json")
	}
}
