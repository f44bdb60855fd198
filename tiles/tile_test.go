package tiles

import (
	"bytes"
	"context"
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
)

var update = flag.Bool("update", false, "rewrite golden files")

func intp(v int) *int { return &v }

// baghdad is a known point: lon 44.3661, lat 33.3152.
var baghdad = orb.Point{44.3661, 33.3152}

func fixture() []incident.Incident {
	day := time.Date(2024, 2, 20, 0, 0, 0, 0, time.UTC)
	return []incident.Incident{
		{ID: "a1b2c3d4e5f60718", EventDate: day, TimePrecision: 1, EventType: "Explosions/Remote violence",
			SubEventType: "Air/drone strike", Location: "Baghdad", Geometry: baghdad, Point: baghdad,
			GeoPrecision: 1, Fatalities: intp(3)},
		{ID: "00000000000000b2", EventDate: day.AddDate(0, 0, 10), TimePrecision: 2, EventType: "Battles",
			SubEventType: "Armed clash", Location: "Baghdad", Geometry: orb.Point{44.40, 33.30}, Point: orb.Point{44.40, 33.30},
			GeoPrecision: 2},
		{ID: "border00000000c3", EventDate: day, TimePrecision: 1, EventType: "Explosions/Remote violence",
			SubEventType: "Shelling/artillery/missile attack", Location: "Iraq-Syria border",
			Geometry: orb.LineString{{38.79, 33.38}, {41.0, 34.4}, {42.36, 37.11}},
			Point:    orb.Point{41.0, 34.4}, GeoPrecision: 3, Fatalities: intp(0)},
	}
}

func decode(t *testing.T, data []byte) map[string]*testLayer {
	t.Helper()
	ls, err := unmarshalMVT(data)
	if err != nil {
		t.Fatalf("decode tile: %v", err)
	}
	out := map[string]*testLayer{}
	for _, l := range ls {
		out[l.Name] = l
	}
	return out
}

func TestTileRoundTrip(t *testing.T) {
	ix := mustIndex(fixture())
	tile := maptile.At(baghdad, 12)
	data, err := ix.Tile(tile, Filter{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	l := decode(t, data)[LayerIncidents]
	if l == nil {
		t.Fatalf("no %q layer", LayerIncidents)
	}
	if l.Extent != 4096 || l.Version != 2 {
		t.Fatalf("extent %d version %d, want 4096 and 2", l.Extent, l.Version)
	}
	var f *geojson.Feature
	for _, g := range l.Features {
		if g.Properties["id"] == "a1b2c3d4e5f60718" {
			f = g
		}
	}
	if f == nil {
		t.Fatalf("incident missing from %d features", len(l.Features))
	}
	if f.ID != float64(FeatureID("a1b2c3d4e5f60718")) {
		t.Errorf("feature id %v, want %d", f.ID, FeatureID("a1b2c3d4e5f60718"))
	}
	want := map[string]any{
		"id": "a1b2c3d4e5f60718", "event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike",
		"event_date": "2024-02-20", "fatalities": 3.0, "geo_precision": 1.0, "time_precision": 1.0, "location": "Baghdad",
	}
	for k, v := range want {
		if f.Properties[k] != v {
			t.Errorf("property %s = %v (%T), want %v", k, f.Properties[k], f.Properties[k], v)
		}
	}
	// Web Mercator, as orb's mvt projection computes it.
	n := float64(uint64(1) << (tile.Z + 12))
	s := math.Sin(baghdad[1] * math.Pi / 180)
	ref := orb.Point{
		math.Floor((baghdad[0]/360+0.5)*n) - float64(tile.X)*4096,
		math.Floor((0.5-math.Log((1+s)/(1-s))/(4*math.Pi))*n) - float64(tile.Y)*4096,
	}
	if got, want := f.Geometry, orb.Geometry(ref); got != want {
		t.Errorf("point at %v, want %v", got, want)
	}
}

func TestKnownPixelZ6(t *testing.T) {
	ix := mustIndex(fixture()[:1])
	tile := maptile.New(39, 25, 6)
	if maptile.At(baghdad, 6) != tile {
		t.Fatalf("Baghdad is in %v", maptile.At(baghdad, 6))
	}
	data, err := ix.Tile(tile, Filter{}, Options{ClusterBelowZoom: -1})
	if err != nil {
		t.Fatal(err)
	}
	l := decode(t, data)[LayerIncidents]
	if len(l.Features) != 1 {
		t.Fatalf("%d features", len(l.Features))
	}
	// lon 44.3661 -> x = (44.3661/360+0.5) * 64*4096 = 39*4096 + 3634.8;
	// lat 33.3152 -> y = (0.5 - atanh(sin(lat))/(2pi)) * 64*4096 = 25*4096 + 2917.x.
	if got, want := l.Features[0].Geometry, (orb.Point{3634, 2917}); got != want {
		t.Errorf("pixel %v, want %v", got, want)
	}
}

func TestClusterCountsSum(t *testing.T) {
	incs := synthetic(20000, 1)
	ix := mustIndex(incs)
	for _, tc := range []struct {
		name string
		opt  Options
	}{{"pyramid", Options{}}, {"cell 64", Options{ClusterCell: 64}}, {"forced records", Options{MaxFeatures: 1, ClusterBelowZoom: -1}}} {
		t.Run(tc.name, func(t *testing.T) {
			data, err := ix.Tile(maptile.New(0, 0, 0), Filter{}, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			l := decode(t, data)[LayerIncidents]
			total, clusters := 0, 0
			for _, f := range l.Features {
				if f.Properties["cluster"] == true {
					clusters++
					total += int(f.Properties["count"].(float64))
					if f.Properties["dominant_type"] == "" {
						t.Errorf("cluster without dominant_type")
					}
				} else {
					total++
				}
			}
			if total != len(incs) || clusters == 0 {
				t.Fatalf("counts sum to %d in %d clusters, want %d", total, clusters, len(incs))
			}
		})
	}
}

// count sums incidents in a tile's features (clusters by their count).
func count(t *testing.T, data []byte) (n, fatal int) {
	for _, f := range decode(t, data)[LayerIncidents].Features {
		if f.Properties["cluster"] == true {
			n += int(f.Properties["count"].(float64))
		} else {
			n++
		}
		if v, ok := f.Properties["fatalities"].(float64); ok {
			fatal += int(v)
		}
	}
	return n, fatal
}

func TestFilters(t *testing.T) {
	incs := synthetic(20000, 2)
	ix := mustIndex(incs)
	from := time.Date(2018, 3, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2018, 8, 31, 0, 0, 0, 0, time.UTC)
	filters := map[string]Filter{
		"none":         {},
		"dates":        {From: from, To: to},
		"from only":    {From: from},
		"type":         {Types: []string{"Battles"}},
		"sub type":     {Types: []string{"Air/drone strike", "Peaceful protest"}},
		"dates + type": {From: from, To: to, Types: []string{"Battles", "Air/drone strike"}},
		"match":        {Match: func(id string) bool { return id[0] < '8' }},
		"unknown type": {Types: []string{"Nothing"}},
	}
	for name, f := range filters {
		t.Run(name, func(t *testing.T) {
			want, wantFat := 0, 0
			for _, inc := range incs {
				d := inc.EventDate
				if (!f.From.IsZero() && d.Before(f.From)) || (!f.To.IsZero() && d.After(f.To)) {
					continue
				}
				if len(f.Types) > 0 && !contains(f.Types, inc.EventType) && !contains(f.Types, inc.SubEventType) {
					continue
				}
				if f.Match != nil && !f.Match(inc.ID) {
					continue
				}
				want++
				if inc.Fatalities != nil {
					wantFat += *inc.Fatalities
				}
			}
			for _, z := range []int{-1, 0} { // clustered and one by one
				data, err := ix.Tile(maptile.New(0, 0, 0), f, Options{ClusterBelowZoom: z, MaxFeatures: 1 << 20})
				if err != nil {
					t.Fatal(err)
				}
				got, fat := count(t, data)
				if got != want || fat != wantFat {
					t.Errorf("cluster zoom %d: %d incidents, %d killed; want %d, %d", z, got, fat, want, wantFat)
				}
			}
		})
	}
	// A filtered z3 tile uses the pyramid's partial cells.
	tile := maptile.At(incs[0].Point, 3)
	all, _ := ix.Tile(tile, Filter{}, Options{})
	some, _ := ix.Tile(tile, Filter{From: from, To: to}, Options{})
	if a, s := mustCount(t, all), mustCount(t, some); s >= a || s == 0 {
		t.Errorf("date filter kept %d of %d", s, a)
	}
}

func mustCount(t *testing.T, data []byte) int { n, _ := count(t, data); return n }

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestBorderLineClipped(t *testing.T) {
	ix := mustIndex(fixture())
	tile := maptile.At(orb.Point{41.0, 34.4}, 7)
	data, err := ix.Tile(tile, Filter{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var line *geojson.Feature
	for _, f := range decode(t, data)[LayerIncidents].Features {
		if f.Properties["id"] == "border00000000c3" {
			line = f
		}
	}
	if line == nil {
		t.Fatal("border incident missing")
	}
	var pts []orb.Point
	switch g := line.Geometry.(type) {
	case orb.LineString:
		pts = g
	case orb.MultiLineString:
		for _, ls := range g {
			pts = append(pts, ls...)
		}
	default:
		t.Fatalf("geometry %T, want a line", g)
	}
	lo, hi := -64.0*PixelUnits, 4096+64.0*PixelUnits
	for _, p := range pts {
		if p[0] < lo || p[0] > hi || p[1] < lo || p[1] > hi {
			t.Fatalf("point %v outside the buffered tile", p)
		}
	}
	if len(pts) < 2 {
		t.Fatalf("line has %d points", len(pts))
	}
	// A tile far away does not carry it.
	far, _ := ix.Tile(maptile.At(orb.Point{10, 50}, 7), Filter{}, Options{})
	if n := len(decode(t, far)[LayerIncidents].Features); n != 0 {
		t.Errorf("far tile has %d features", n)
	}
}

func TestIncidentsFromSource(t *testing.T) {
	incs := fixture()
	src := func(ctx context.Context, b orb.Bound, fn func(*incident.Incident) error) error {
		for i := range incs {
			if b.Intersects(incs[i].Geometry.Bound()) {
				if err := fn(&incs[i]); err != nil {
					return err
				}
			}
		}
		return nil
	}
	tile := maptile.At(baghdad, 10)
	got, err := Incidents(context.Background(), tile, src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := mustIndex(incs).Tile(tile, Filter{}, Options{})
	if !bytes.Equal(got, want) {
		t.Errorf("Incidents and Index.Tile differ")
	}
	if n := mustCount(t, got); n != 2 {
		t.Errorf("%d incidents, want 2", n)
	}
}

func TestTileRejectsBadTile(t *testing.T) {
	ix := mustIndex(nil)
	if _, err := ix.Tile(maptile.New(4, 0, 2), Filter{}, Options{}); err == nil {
		t.Error("no error for x out of range")
	}
	data, err := ix.Tile(maptile.New(0, 0, 0), Filter{}, Options{})
	if err != nil || decode(t, data)[LayerIncidents] == nil {
		t.Errorf("empty index: %v", err)
	}
}

func TestGolden(t *testing.T) {
	ix := mustIndex(fixture())
	data, err := ix.Tile(maptile.At(baghdad, 8), Filter{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "baghdad_8.mvt")
	if *update {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if !bytes.Equal(data, want) {
		t.Errorf("tile differs from %s (%d bytes, want %d); run with -update if intended", path, len(data), len(want))
	}
}

func TestCache(t *testing.T) {
	c := NewCache(100)
	k := func(i uint32) CacheKey { return CacheKey{Version: "v1", Tile: maptile.New(i, 0, 5)} }
	c.Add(k(1), make([]byte, 40))
	c.Add(k(2), make([]byte, 40))
	c.Get(k(1))
	c.Add(k(3), make([]byte, 40)) // evicts 2, the least recently used
	if _, ok := c.Get(k(2)); ok {
		t.Error("tile 2 not evicted")
	}
	if _, ok := c.Get(k(1)); !ok {
		t.Error("tile 1 evicted")
	}
	if c.Bytes() != 80 || c.Len() != 2 {
		t.Errorf("bytes %d len %d", c.Bytes(), c.Len())
	}
	c.Add(k(4), make([]byte, 101))
	if _, ok := c.Get(k(4)); ok {
		t.Error("over-budget tile cached")
	}
	if _, ok := c.Get(CacheKey{Version: "v2", Tile: maptile.New(1, 0, 5)}); ok {
		t.Error("version ignored")
	}
	var zero Cache
	zero.Add(k(1), []byte{1})
	if _, ok := zero.Get(k(1)); ok {
		t.Error("zero cache cached")
	}
}

func TestFilterKey(t *testing.T) {
	a := Filter{Types: []string{"b", "a"}, From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	b := Filter{Types: []string{"a", "b", "a"}, From: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	if a.Key() != b.Key() || a.Key() == (Filter{}).Key() {
		t.Errorf("keys %q %q", a.Key(), b.Key())
	}
}

// TestSharedShapesDrawnOnce: incidents on the same border line are one line
// feature with a count, the newest speaking for them.
func TestSharedShapesDrawnOnce(t *testing.T) {
	border := orb.LineString{{41.0, 34.5}, {41.2, 34.0}, {42.3, 33.4}}
	var incs []incident.Incident
	for i, d := range []string{"2021-06-27", "2021-06-29", "2021-06-28"} {
		day, _ := time.Parse("2006-01-02", d)
		incs = append(incs, incident.Incident{ID: "border-" + string(rune('a'+i)), EventDate: day, EventType: "Explosions/Remote violence",
			SubEventType: "Air/drone strike", Geometry: border.Clone(), Point: orb.Point{41.2, 34.0}, GeoPrecision: 3, TimePrecision: 1})
	}
	ix := mustIndex(incs)
	data, err := ix.Tile(maptile.At(orb.Point{41.2, 34.0}, 8), Filter{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var lines []*geojson.Feature
	for _, f := range decode(t, data)[LayerIncidents].Features {
		if _, ok := f.Geometry.(orb.LineString); ok {
			lines = append(lines, f)
		}
	}
	if len(lines) != 1 || lines[0].Properties["count"] != 3.0 || lines[0].Properties["id"] != "border-b" {
		t.Fatalf("shared border drawn as %d lines: %v", len(lines), lines)
	}
	// A filter that keeps one of them draws it alone, without a count.
	day, _ := time.Parse("2006-01-02", "2021-06-28")
	data, _ = ix.Tile(maptile.At(orb.Point{41.2, 34.0}, 8), Filter{From: day, To: day}, Options{})
	for _, f := range decode(t, data)[LayerIncidents].Features {
		if f.Properties["id"] != "border-c" || f.Properties["count"] != nil {
			t.Fatalf("filtered shape: %v", f.Properties)
		}
	}
}
