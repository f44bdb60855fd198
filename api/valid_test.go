package api

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/export"
	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/ingest/ingesttest"
	"github.com/incidentmap/incidentmap/query"
	"github.com/incidentmap/incidentmap/store/storetest"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// The tests in this file ask GEOS, through GDAL's SQLite dialect
// (ST_IsValid, IsValidReason), whether what the service writes is valid:
// issue 11 found self-intersecting polygons among the incidents and a
// TopologyException reading tile 5/16/10.

var layerLine = regexp.MustCompile(`(?m)^\d+: (\S+)`)

// ogrLayers lists the layer names ogrinfo finds in a file.
func ogrLayers(t *testing.T, path string, oo ...string) []string {
	t.Helper()
	out, err := exec.Command("ogrinfo", append(append([]string{"-ro", "-q"}, oo...), path)...).CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo %s: %v\n%s", path, err, out)
	}
	var names []string
	for _, m := range layerLine.FindAllStringSubmatch(string(out), -1) {
		names = append(names, m[1])
	}
	return names
}

var (
	sqlCount   = regexp.MustCompile(`(?m)^\s*([an]) \(Integer\) = (\d+)`)
	sqlReasons = regexp.MustCompile(`(?m)^\s*r \(String\) = (.*)`)
)

// invalidIn counts the features of one layer that GEOS finds invalid, and
// returns the reasons of the first few; it adds the layer's polygons to
// areas. GDAL's stderr must not mention a TopologyException (GEOS failing
// on a geometry it reads).
func invalidIn(t *testing.T, path, layer string, areas *int, oo ...string) (int, string) {
	t.Helper()
	col := "geometry"
	if filepath.Ext(path) == ".gpkg" {
		col = "geom" // the GeoPackage's own column: SQLite runs the query
	}
	sql := fmt.Sprintf(`SELECT coalesce(sum(CASE WHEN ST_GeometryType(%[2]s) LIKE '%%POLYGON%%' THEN 1 ELSE 0 END), 0) AS a, `+
		`coalesce(sum(CASE WHEN NOT ST_IsValid(%[2]s) THEN 1 ELSE 0 END), 0) AS n, `+
		`substr(group_concat(CASE WHEN NOT ST_IsValid(%[2]s) THEN IsValidReason(%[2]s) END, '; '), 1, 600) AS r `+
		`FROM "%[1]s" WHERE %[2]s IS NOT NULL`, layer, col)
	args := append(append([]string{"-ro", "-q"}, oo...), "-dialect", "sqlite", "-sql", sql, path)
	cmd := exec.Command("ogrinfo", args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("ogrinfo %v: %v\n%s", args, err, stderr.String())
	}
	if strings.Contains(stderr.String(), "TopologyException") {
		t.Errorf("GEOS raised a TopologyException reading %s layer %s:\n%s", path, layer, stderr.String())
	}
	counts := map[string]int{}
	for _, m := range sqlCount.FindAllStringSubmatch(string(out), -1) {
		counts[m[1]], _ = strconv.Atoi(m[2])
	}
	if _, ok := counts["n"]; !ok {
		t.Fatalf("no count from ogrinfo on %s layer %s:\n%s\n%s", path, layer, out, stderr.String())
	}
	*areas += counts["a"]
	reasons := ""
	if m := sqlReasons.FindStringSubmatch(string(out)); m != nil {
		reasons = m[1]
	}
	return counts["n"], reasons
}

// checkValid fails for every layer of path with an invalid geometry and
// returns the number of polygons and multipolygons GEOS looked at.
func checkValid(t *testing.T, path string, oo ...string) int {
	t.Helper()
	layers := ogrLayers(t, path, oo...)
	if len(layers) == 0 {
		t.Fatalf("ogrinfo finds no layer in %s", path)
	}
	areas := 0
	for _, l := range layers {
		if n, reasons := invalidIn(t, path, l, &areas, oo...); n > 0 {
			t.Errorf("%s layer %s: GEOS finds %d invalid geometries:\n%s", filepath.Base(path), l, n, reasons)
		}
	}
	return areas
}

// TestCountriesDrawnInvalidKeepTheirLand: world-atlas draws the United
// States, Canada, Mexico and Vietnam with arcs that cross or touch
// themselves within a grid cell, and closes Antarctica with an edge back
// across the world; the overlay's repair read their mainlands as holes.
// Untangled (and Antarctica closed along the pole), they are valid and keep
// their land: a town of each lies inside, and the area is within 1% of what
// the source draws (the generator's figures, in square degrees, as its log
// gives them).
func TestCountriesDrawnInvalidKeepTheirLand(t *testing.T) {
	testServer(t) // loads gz
	for _, tc := range []struct {
		id, town string
		inside   []orb.Point
		outside  []orb.Point
		drawn    float64
	}{
		{"country:US", "Denver", nil, []orb.Point{{-90, 25}, {-70, 40}}, 1116.375},
		{"country:CA", "Winnipeg", nil, []orb.Point{{-85, 60}}, 1691.855}, // Hudson Bay
		{"country:MX", "Guadalajara", nil, []orb.Point{{-93, 22}}, 174.198},
		{"country:VN", "Hue", nil, []orb.Point{{108, 18}}, 27.948},
		// The pole and the Ross Ice Shelf's inland edge, south of the edge
		// the TopoJSON closed the ring with; the Southern Ocean is not.
		{"country:AQ", "", []orb.Point{{0, -89.9}, {-170, -85}, {60, -84.5}}, []orb.Point{{-150, -60}, {0, -50}}, 0},
	} {
		p, ok := gz.Place(tc.id)
		if !ok || p.Shape == nil {
			t.Fatalf("no shape for %s", tc.id)
		}
		if err := geo.Validate(p.Shape); err != nil {
			t.Errorf("%s: %v", tc.id, err)
		}
		if tc.town != "" {
			ms := gz.Tag("Reports came from " + tc.town + " on Monday.")
			if len(ms) == 0 || ms[0].Place.CountryCode != p.CountryCode {
				t.Fatalf("%s: %+v", tc.town, ms)
			}
			if !geo.Contains(p.Shape, ms[0].Place.Point) {
				t.Errorf("%s lies outside the outline of %s", tc.town, tc.id)
			}
		}
		for _, pt := range tc.inside {
			if !geo.Contains(p.Shape, pt) {
				t.Errorf("%v lies outside %s", pt, tc.id)
			}
		}
		for _, pt := range tc.outside {
			if geo.Contains(p.Shape, pt) {
				t.Errorf("the sea at %v lies inside %s", pt, tc.id)
			}
		}
		if tc.drawn > 0 {
			if a := geo.LandArea(p.Shape); math.Abs(a/tc.drawn-1) > 0.01 {
				t.Errorf("%s: %.3f square degrees of land, the source draws %.3f", tc.id, a, tc.drawn)
			}
		}
	}
}

// TestGEOSFindsEveryShapeValid: every shape the gazetteer holds, and the
// compass parts of every country ("northern Syria"), exported as incidents
// to a GeoPackage; the GeoPackage and FlatGeobuf exports of the demo data;
// and tiles at several zooms (5/16/10 among them) are all valid for GEOS.
func TestGEOSFindsEveryShapeValid(t *testing.T) {
	gdal(t)
	srv := liveServer(t)
	dir := t.TempDir()

	t.Run("gazetteer shapes as incidents", func(t *testing.T) {
		var incs []*incident.Incident
		add := func(id string, g orb.Geometry, p orb.Point) {
			incs = append(incs, &incident.Incident{ID: id, EventType: "Battles", Geometry: g, Point: p, Location: id})
		}
		var kinds = map[gazetteer.Kind]int{}
		gz.Each(func(p *gazetteer.Place) bool {
			if p.Shape == nil {
				return true
			}
			kinds[p.Kind]++
			add(p.ID, p.Shape, p.Point)
			if p.Kind == gazetteer.KindCountry || p.Kind == gazetteer.KindRegion {
				for d := geo.North; d <= geo.Central; d++ {
					part := geo.Part(p.Shape, d)
					add(d.String()+":"+p.ID, part, geo.RepresentativePoint(part))
				}
			}
			return true
		})
		for _, pair := range [][2]string{{"IQ", "SY"}, {"UA", "RU"}, {"IL", "LB"}, {"HN", "NI"}} {
			if b := gz.Border(pair[0], pair[1]); b != nil {
				add(b.ID, b.Shape, b.Point)
			} else {
				t.Errorf("no border %s-%s", pair[0], pair[1])
			}
		}
		t.Logf("%d incidents from shapes %v and their parts", len(incs), kinds)
		path := filepath.Join(dir, "shapes.gpkg")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		w, err := export.NewWriter(export.GPKG, f, export.Options{TempDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		for _, inc := range incs {
			if err := w.Write(inc); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		f.Close()
		if n := checkValid(t, path); n < 4800 {
			t.Errorf("GEOS looked at %d polygons, want every shape", n)
		}
	})

	t.Run("demo exports", func(t *testing.T) {
		for _, tc := range []struct {
			url, file string
			areas     bool
		}{
			{"/export.gpkg", "demo.gpkg", true},
			{"/export.fgb?geometry=lines", "demo-lines.fgb", false},
			{"/export.fgb?geometry=areas", "demo-areas.fgb", true},
		} {
			path := filepath.Join(dir, tc.file)
			download(t, srv.URL+tc.url, path)
			if n := checkValid(t, path); n == 0 && tc.areas {
				t.Errorf("%s: GEOS looked at no polygon", tc.url)
			}
		}
	})

	t.Run("tiles", func(t *testing.T) {
		tiles := map[maptile.Tile]bool{maptile.New(16, 10, 5): true}
		for _, p := range []orb.Point{{44.36, 33.31}, {36.29, 33.51}, {40.14, 35.33}, {37.55, 47.1}, {-87.2, 14.08}} {
			for z := maptile.Zoom(0); z <= 8; z += 2 {
				tiles[maptile.At(p, z)] = true
			}
		}
		if n := checkTiles(t, srv.URL, filepath.Join(dir, "tiles"), tiles); n == 0 {
			t.Errorf("GEOS looked at no polygon in %d tiles", len(tiles))
		}
	})

	// Countries of many islands and fjords, as incidents, cut by the tile
	// edges: Douglas-Peucker, the clip and the rounding to the tile's grid
	// each made GEOS find such tiles invalid, and GDAL raise a
	// TopologyException reading them.
	t.Run("tiles of country shapes", func(t *testing.T) {
		st, p := ingesttest.SeededSQLite(t, gz)
		var incs []incident.Incident
		tiles := map[maptile.Tile]bool{}
		for _, cc := range []string{"ID", "PH", "NO", "HR"} {
			c, ok := gz.Country(cc)
			if !ok || c.Shape == nil {
				t.Fatalf("no shape for %s", cc)
			}
			for _, d := range []geo.Direction{geo.Central, geo.North} {
				g := c.Shape
				if d != geo.Central {
					g = geo.Part(c.Shape, d)
				}
				inc := storetest.Incident(cc+d.String(), "2024-01-02", g)
				inc.Point = geo.RepresentativePoint(g)
				incs = append(incs, inc)
			}
			b := c.Shape.Bound()
			for z := maptile.Zoom(2); z <= 6; z += 2 {
				for _, pt := range []orb.Point{b.Min, b.Max, b.Center()} {
					tiles[maptile.At(pt, z)] = true
				}
			}
		}
		if _, err := st.Ingest(context.Background(), storetest.Article("countries", incs...)); err != nil {
			t.Fatal(err)
		}
		s := New(Config{Gazetteer: gz, Store: st, Pipeline: p, Filters: query.CQL2Filters{}})
		csrv := httptest.NewServer(s.Handler())
		t.Cleanup(func() { csrv.Close(); s.Close() })
		if n := checkTiles(t, csrv.URL, filepath.Join(dir, "country-tiles"), tiles); n < len(tiles) {
			t.Errorf("GEOS looked at %d polygons in %d tiles", n, len(tiles))
		}
	})
}

// checkTiles downloads tiles from base into dir and has GEOS check every
// layer of each; it returns the number of polygons it looked at.
func checkTiles(t *testing.T, base, dir string, tiles map[maptile.Tile]bool) int {
	t.Helper()
	areas := 0
	for tile := range tiles {
		path := filepath.Join(dir, strconv.Itoa(int(tile.Z)), strconv.Itoa(int(tile.X)), fmt.Sprintf("%d.mvt", tile.Y))
		os.MkdirAll(filepath.Dir(path), 0o755)
		download(t, fmt.Sprintf("%s/tiles/%d/%d/%d.mvt", base, tile.Z, tile.X, tile.Y), path)
		oo := []string{"-oo", fmt.Sprintf("Z=%d", tile.Z), "-oo", fmt.Sprintf("X=%d", tile.X), "-oo", fmt.Sprintf("Y=%d", tile.Y)}
		t.Run(fmt.Sprintf("%d/%d/%d", tile.Z, tile.X, tile.Y), func(t *testing.T) { areas += checkValid(t, path, oo...) })
	}
	return areas
}

// download saves the body of GET u to path, uncompressed.
func download(t *testing.T, u, path string) {
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
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := io.Copy(f, resp.Body); err != nil {
		t.Fatal(err)
	}
}
