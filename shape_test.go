package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/api"
	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/incidentmap/incidentmap/query"
	"github.com/incidentmap/incidentmap/store/sqlite"
)

var update = flag.Bool("update", false, "rewrite golden files")

// updatedTime finds a Feature's updated time.
var updatedTime = regexp.MustCompile(`"updated":"([^"]*)"`)

// rawFeature keeps a Feature's members as the bytes that were written.
type rawFeature struct {
	ID         string          `json:"id"`
	Geometry   json.RawMessage `json:"geometry"`
	Properties json.RawMessage `json:"properties"`
}

// TestOneShapeEverywhere: the CLI's GeoJSON export, GET /export.geojson,
// GET /incidents and the OGC item of the same ingested incident write the
// same bytes for its properties and geometry (internal/feature), and those
// properties are testdata/incident_properties.json (-update rewrites it).
func TestOneShapeEverywhere(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	art := filepath.Join(dir, "a.json")
	os.WriteFile(art, []byte(`{"id":"k1","title":"Strike on a station","body":"A missile struck the railway station in Kramatorsk on Friday, killing 50 people.",`+
		`"url":"https://news.example/k1?a=1&b=2","published":"2022-04-08","source":"Example News"}`), 0o644)
	if _, stderr, err := runCLI(t, "", "ingest", "--db", db, art); err != nil {
		t.Fatalf("ingest: %v %s", err, stderr)
	}
	out := filepath.Join(dir, "out.geojson")
	if _, stderr, err := runCLI(t, "", "export", "--db", db, "--format", "geojson", "--out", out); err != nil {
		t.Fatalf("export: %v %s", err, stderr)
	}
	got := map[string][]rawFeature{}
	var fc struct{ Features []rawFeature }
	b, _ := os.ReadFile(out)
	if err := json.Unmarshal(b, &fc); err != nil || len(fc.Features) != 1 {
		t.Fatalf("CLI export: %v %s", err, b)
	}
	got["incidentmap export"] = fc.Features
	id := fc.Features[0].ID

	srv := testAPIServer(t, db)
	get := func(path string) []byte {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
		}
		return b
	}
	for _, path := range []string{"/export.geojson", "/incidents", "/collections/incidents/items"} {
		var fc struct{ Features []rawFeature }
		if err := json.Unmarshal(get(path), &fc); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		got["GET "+path] = fc.Features
	}
	var item rawFeature
	if err := json.Unmarshal(get("/collections/incidents/items/"+id), &item); err != nil {
		t.Fatal(err)
	}
	got["GET /collections/incidents/items/{id}"] = []rawFeature{item}

	want := got["incidentmap export"][0]
	for name, fs := range got {
		if len(fs) != 1 || fs[0].ID != id {
			t.Fatalf("%s: %d features, want the one incident %s", name, len(fs), id)
		}
		if !bytes.Equal(fs[0].Properties, want.Properties) {
			t.Errorf("%s properties differ from the CLI export's:\n got %s\nwant %s", name, fs[0].Properties, want.Properties)
		}
		if !bytes.Equal(fs[0].Geometry, want.Geometry) {
			t.Errorf("%s geometry differs from the CLI export's:\n got %s\nwant %s", name, fs[0].Geometry, want.Geometry)
		}
	}
	// The updated time is when the test ingested: the golden holds a
	// placeholder for it, and it must be the stored instant's RFC 3339.
	m := updatedTime.FindSubmatch(want.Properties)
	if m == nil {
		t.Fatalf("no updated time in %s", want.Properties)
	}
	if _, err := time.Parse(time.RFC3339Nano, string(m[1])); err != nil {
		t.Errorf("updated %q: %v", m[1], err)
	}
	want.Properties = updatedTime.ReplaceAll(want.Properties, []byte(`"updated":"UPDATED"`))
	golden := filepath.Join("testdata", "incident_properties.json")
	if *update {
		if err := os.WriteFile(golden, append(want.Properties, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	w, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(append(want.Properties, '\n'), w) {
		t.Errorf("properties differ from %s:\n got %s\nwant %s", golden, want.Properties, w)
	}
}

// testAPIServer serves the embedded gazetteer and the SQLite store at db
// over HTTP for one test, closed when it ends.
func testAPIServer(t *testing.T, db string) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	g, err := gazetteer.Load(ctx, gazetteer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(ctx, db, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := api.New(api.Config{Gazetteer: g, Store: st, Filters: query.CQL2Filters{}})
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		srv.Close()
		s.Close()
		st.Close()
	})
	return srv
}
