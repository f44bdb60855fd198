package api

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/ingest/ingesttest"
	"github.com/incidentmap/incidentmap/query"
)

// liveServer runs the real router over a real SQLite store seeded with
// the demo articles, on a loopback port real clients can reach.
func liveServer(t *testing.T) *httptest.Server {
	t.Helper()
	testServer(t)
	st, p := ingesttest.SeededSQLite(t, gz)
	s := New(Config{Gazetteer: gz, Store: st, Pipeline: p, Filters: query.CQL2Filters{}, WriteToken: testToken})
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(func() { srv.Close(); s.Close() })
	return srv
}

func getJSON(t *testing.T, u string, v any) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", u, resp.StatusCode, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
}

func matched(t *testing.T, srv *httptest.Server, query string) int {
	t.Helper()
	var out struct {
		NumberMatched int `json:"numberMatched"`
	}
	getJSON(t, srv.URL+"/collections/incidents/items?limit=1&"+query, &out)
	return out.NumberMatched
}

// TestCQL2OnSQLite runs filters through the real SQLite store.
func TestCQL2OnSQLite(t *testing.T) {
	srv := liveServer(t)
	all := matched(t, srv, "")
	if all < 5 {
		t.Fatalf("seeded store holds %d incidents", all)
	}
	for _, tc := range []struct {
		filter, lang string
		cmp          func(n int) bool
	}{
		{"fatalities > 10", "", func(n int) bool { return n >= 2 && n < all }},
		{"fatalities IS NULL OR fatalities >= 0", "", func(n int) bool { return n == all }},
		{"S_INTERSECTS(geometry, BBOX(38,32,43,38))", "", func(n int) bool { return n >= 2 && n < all }},
		{"S_WITHIN(geometry, POLYGON((-180 -90,180 -90,180 90,-180 90,-180 -90)))", "", func(n int) bool { return n == all }},
		{"T_INTERSECTS(event_date, INTERVAL('2021-06-01','2021-06-30'))", "", func(n int) bool { return n >= 2 && n < all }},
		{"sub_event_type LIKE 'Air%'", "", func(n int) bool { return n >= 2 && n < all }},
		{"sub_event_type LIKE 'air%'", "", func(n int) bool { return n == 0 }}, // case-sensitive, as CQL2 says
		{"country_code IN ('SA','SO')", "", func(n int) bool { return n >= 2 }},
		{`{"op":"between","args":[{"property":"fatalities"},1,100]}`, "cql2-json", func(n int) bool { return n >= 1 && n < all }},
		{"actor1 = 'x'' OR ''1''=''1'", "", func(n int) bool { return n == 0 }},
	} {
		q := url.Values{"filter": {tc.filter}}
		if tc.lang != "" {
			q.Set("filter-lang", tc.lang)
		}
		if n := matched(t, srv, q.Encode()); !tc.cmp(n) {
			t.Errorf("filter %s matched %d of %d", tc.filter, n, all)
		}
	}
	if n := matched(t, srv, ""); n != all {
		t.Fatalf("the hostile filter changed the table: %d -> %d", all, n)
	}
	// Queryables given as query parameters select by equality.
	var iq fc
	getJSON(t, srv.URL+"/collections/incidents/items?limit=100&country_code=IQ", &iq)
	if len(iq.Features) == 0 || len(iq.Features) == all {
		t.Errorf("country_code=IQ selected %d of %d", len(iq.Features), all)
	}
	for _, f := range iq.Features {
		if f.Properties["country_code"] != "IQ" {
			t.Errorf("country_code=IQ returned %v", f.Properties["country_code"])
		}
	}
}

// gdal skips outside CI when GDAL is missing, and fails in CI.
func gdal(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("ogrinfo"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but GDAL's ogrinfo is not installed (.ci/run installs gdal-bin)")
		}
		t.Skip("GDAL not installed")
	}
}

var featureCount = regexp.MustCompile(`Feature Count: (\d+)`)

func ogrCount(t *testing.T, args ...string) int {
	t.Helper()
	out, err := exec.Command("ogrinfo", append([]string{"-ro", "-so", "-al"}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo %v: %v\n%s", args, err, out)
	}
	m := featureCount.FindSubmatch(out)
	if m == nil {
		t.Fatalf("ogrinfo %v printed no feature count:\n%s", args, out)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// ogr2ogrCount pulls a layer through ogr2ogr to GeoJSON and counts it.
func ogr2ogrCount(t *testing.T, args ...string) int {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "out.geojson")
	cmd := exec.Command("ogr2ogr", append([]string{"-f", "GeoJSON", dst}, args...)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("ogr2ogr %v: %v\n%s", args, err, out)
	}
	var fc struct {
		Features []json.RawMessage `json:"features"`
	}
	b, _ := os.ReadFile(dst)
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatalf("ogr2ogr output: %v", err)
	}
	return len(fc.Features)
}

// TestGDALReadsTheOGCAPI drives GDAL's OAPIF driver against the service:
// list, page, bbox-filter and attribute-filter incidents.
func TestGDALReadsTheOGCAPI(t *testing.T) {
	gdal(t)
	srv := liveServer(t)
	all := matched(t, srv, "")
	src := "OAPIF:" + srv.URL + "/"
	if n := ogrCount(t, src, "incidents"); n != all {
		t.Errorf("ogrinfo counts %d incidents, the API %d", n, all)
	}
	// Paging: two features a page forces several requests.
	if n := ogr2ogrCount(t, "-oo", "PAGE_SIZE=2", src, "incidents"); n != all {
		t.Errorf("ogr2ogr paged through %d incidents, want %d", n, all)
	}
	// bbox filter, as GDAL sends it.
	want := matched(t, srv, "bbox=38,32,43,38")
	if n := ogr2ogrCount(t, "-spat", "38", "32", "43", "38", src, "incidents"); n != want || want == 0 {
		t.Errorf("ogr2ogr -spat gave %d, the API's bbox %d", n, want)
	}
	// Attribute filter: GDAL turns -where into a CQL2 filter for the server.
	want = matched(t, srv, "filter="+url.QueryEscape("fatalities > 10"))
	if n := ogr2ogrCount(t, "-where", "fatalities > 10", src, "incidents"); n != want || want == 0 {
		t.Errorf("ogr2ogr -where gave %d, the API's filter %d", n, want)
	}
}

// TestExportsOpenInGDAL downloads every export and checks GDAL reads the
// same number of features the API reports.
func TestExportsOpenInGDAL(t *testing.T) {
	gdal(t)
	srv := liveServer(t)
	all := matched(t, srv, "")
	dir := t.TempDir()
	for _, f := range []string{"geojson", "geojsonseq", "csv", "kml", "gpkg", "fgb"} {
		resp, err := http.Get(srv.URL + "/export." + f)
		if err != nil {
			t.Fatal(err)
		}
		ext := f
		if f == "geojsonseq" {
			ext = "geojsons"
		}
		path := filepath.Join(dir, "incidents."+ext)
		out, _ := os.Create(path)
		io.Copy(out, resp.Body)
		out.Close()
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("export.%s: %d", f, resp.StatusCode)
		}
		args := []string{path}
		if f == "csv" {
			args = []string{"-oo", "GEOM_POSSIBLE_NAMES=wkt", "-oo", "KEEP_GEOM_COLUMNS=NO", path}
		}
		if n := ogrCount(t, args...); n != all {
			t.Errorf("%s: GDAL counts %d features, the API %d", f, n, all)
		}
		if f == "gpkg" || f == "fgb" {
			info, _ := exec.Command("ogrinfo", "-ro", "-so", "-al", path).CombinedOutput()
			if !strings.Contains(string(info), `"EPSG",4326`) && !strings.Contains(string(info), `"EPSG","4326"`) {
				t.Errorf("%s: CRS is not EPSG:4326:\n%s", f, info)
			}
		}
	}
	// A filtered export holds what the filter selects.
	want := matched(t, srv, "bbox=38,32,43,38")
	resp, _ := http.Get(srv.URL + "/export.gpkg?bbox=38,32,43,38")
	path := filepath.Join(dir, "bbox.gpkg")
	out, _ := os.Create(path)
	io.Copy(out, resp.Body)
	out.Close()
	resp.Body.Close()
	if n := ogrCount(t, path); n != want {
		t.Errorf("bbox export: GDAL counts %d, the API %d", n, want)
	}
}
