package tiles

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/incidentmap/incidentmap/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
	"github.com/paulmach/orb/planar"
)

func TestBasemapLayers(t *testing.T) {
	iraq := orb.Polygon{{{38.8, 33.4}, {42.4, 37.1}, {48.6, 30.0}, {46.5, 29.1}, {38.8, 33.4}}}
	feats := []BasemapFeature{
		{Layer: LayerCountries, Geometry: iraq, Props: map[string]any{"name": "Iraq", "code": "IQ"}},
		{Layer: LayerAdmin1, Geometry: orb.Polygon{{{43.5, 32.8}, {44.8, 33.8}, {44.9, 32.9}, {43.5, 32.8}}}, Props: map[string]any{"name": "Baghdad"}},
		{Layer: LayerPlaces, Geometry: baghdad, Props: map[string]any{"name": "Baghdad", "population": 7_000_000}},
		{Layer: LayerPlaces, Geometry: orb.Point{44.0, 36.19}, Props: map[string]any{"name": "Erbil", "population": 900_000}},
		{Layer: LayerPlaces, Geometry: orb.Point{43.13, 36.34}, Props: map[string]any{"name": "Mosul", "population": 1_700_000}},
		{Layer: LayerPlaces, Geometry: orb.Point{44.2, 33.2}, Props: map[string]any{"name": "Hamlet", "population": 10}},
	}
	// Push the hamlet down the ranking with filler places far away.
	for i := 0; i < 20; i++ {
		feats = append(feats, BasemapFeature{Layer: LayerPlaces, Geometry: orb.Point{-100, float64(i)}, Props: map[string]any{"population": 100_000}})
	}
	bm := NewBasemap(feats)
	data, err := bm.Tile(maptile.At(baghdad, 5))
	if err != nil {
		t.Fatal(err)
	}
	ls := decode(t, data)
	for _, name := range []string{LayerCountries, LayerAdmin1, LayerPlaces} {
		if ls[name] == nil {
			t.Fatalf("layer %s missing", name)
		}
	}
	var poly, line bool
	for _, f := range ls[LayerCountries].Features {
		switch f.Geometry.(type) {
		case orb.Polygon, orb.MultiPolygon:
			poly = true
		case orb.LineString, orb.MultiLineString:
			line = true
		}
		if f.Properties["name"] != "Iraq" {
			t.Errorf("country props %v", f.Properties)
		}
	}
	if !poly || !line {
		t.Errorf("countries: polygon %v, boundary line %v", poly, line)
	}
	names := map[string]float64{}
	for _, f := range ls[LayerPlaces].Features {
		names[f.Properties["name"].(string)] = f.Properties["rank"].(float64)
	}
	if names["Baghdad"] != 1 || names["Mosul"] != 2 || names["Erbil"] != 3 || names["Hamlet"] != 24 {
		t.Errorf("places at z5: %v", names)
	}
	// The three largest show from zoom 2, rank 4-15 from zoom 3, 16-63 from 4.
	for z, want := range map[maptile.Zoom]int{2: 3, 3: 3, 4: 4} {
		data, _ := bm.Tile(maptile.At(baghdad, z))
		if n := len(decode(t, data)[LayerPlaces].Features); n != want {
			t.Errorf("zoom %d: %d places, want %d", z, n, want)
		}
	}
	if _, err := bm.Tile(maptile.New(0, 0, 20)); err == nil {
		t.Error("zoom 20 accepted")
	}
}

func TestTileJSON(t *testing.T) {
	b := orb.Bound{Min: orb.Point{38, 29}, Max: orb.Point{49, 38}}
	doc := TileJSON(TileJSONOptions{Tiles: []string{"http://localhost:8080/tiles/{z}/{x}/{y}.mvt"}, Name: "incidents", Bounds: &b, Basemap: true, Version: "v7"})
	raw, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		TileJSON string    `json:"tilejson"`
		Tiles    []string  `json:"tiles"`
		MinZoom  int       `json:"minzoom"`
		MaxZoom  int       `json:"maxzoom"`
		Bounds   []float64 `json:"bounds"`
		Center   []float64 `json:"center"`
		Layers   []struct {
			ID     string            `json:"id"`
			Fields map[string]string `json:"fields"`
		} `json:"vector_layers"`
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	if got.TileJSON != "3.0.0" || len(got.Tiles) != 1 || got.MinZoom != 0 || got.MaxZoom != MaxZoom {
		t.Errorf("header %+v", got)
	}
	if len(got.Bounds) != 4 || got.Bounds[0] != 38 || len(got.Center) != 3 || got.Center[0] != 43.5 {
		t.Errorf("bounds %v center %v", got.Bounds, got.Center)
	}
	if len(got.Layers) != 4 || got.Layers[0].ID != LayerIncidents {
		t.Fatalf("layers %+v", got.Layers)
	}
	// Field types as tippecanoe writes them, which GDAL's MVT driver reads.
	for f, typ := range map[string]string{"id": "String", "event_type": "String", "sub_event_type": "String", "event_date": "String",
		"fatalities": "Number", "geo_precision": "Number", "time_precision": "Number", "location": "String", "cluster": "Boolean",
		"count": "Number", "dominant_type": "String"} {
		if got.Layers[0].Fields[f] != typ {
			t.Errorf("field %s: %q, want %q", f, got.Layers[0].Fields[f], typ)
		}
	}
	for _, l := range got.Layers[1:] {
		for f, typ := range l.Fields {
			if typ != "String" && typ != "Number" && typ != "Boolean" {
				t.Errorf("%s.%s: %q is no type name", l.ID, f, typ)
			}
		}
	}
}

// TestBasemapAntimeridian: countries whose rings jump across the
// antimeridian (as Natural Earth's Fiji, Russia and Antarctica do) draw
// no streak across the world view: no edge of the world tile spans half
// the world.
func TestBasemapAntimeridian(t *testing.T) {
	fiji := orb.MultiPolygon{
		{{{170, -20}, {-175, -20}, {-175, -10}, {170, -10}, {170, -20}}},
		{{{160, -30}, {165, -30}, {165, -25}, {160, -30}}},
	}
	chukotka := orb.Polygon{{{-180, 65}, {-170, 65}, {-170, 70}, {-180, 70}, {175, 70}, {175, 65}, {-180, 65}}}
	antarctica := orb.Polygon{{{-180, -80}, {-90, -75}, {0, -80}, {90, -75}, {180, -80}, {-180, -80}}}
	bm := NewBasemap([]BasemapFeature{
		{Layer: LayerCountries, Geometry: fiji, Props: map[string]any{"name": "Fiji"}},
		{Layer: LayerCountries, Geometry: chukotka, Props: map[string]any{"name": "Russia"}},
		{Layer: LayerCountries, Geometry: antarctica, Props: map[string]any{"name": "Antarctica"}},
	})
	for _, tile := range []maptile.Tile{maptile.New(0, 0, 0), maptile.New(0, 0, 1), maptile.New(1, 1, 1)} {
		data, err := bm.Tile(tile)
		if err != nil {
			t.Fatal(err)
		}
		l := decode(t, data)[LayerCountries]
		if l == nil {
			continue
		}
		polys, lines := 0, 0
		for _, f := range l.Features {
			check := func(ls []orb.Point) {
				for i := 1; i < len(ls); i++ {
					// An edge along the tile's top or bottom (a polar
					// cap's, beyond Web Mercator's range) is no streak.
					a, b := ls[i-1], ls[i]
					if a[1] == b[1] && (a[1] >= 4096 || a[1] <= 0) {
						continue
					}
					if math.Abs(b[0]-a[0]) > 2048*float64(int(1)<<tile.Z) {
						t.Errorf("tile %v: %s has an edge %v -> %v across half the world", tile, f.Properties["name"], ls[i-1], ls[i])
					}
				}
			}
			switch g := f.Geometry.(type) {
			case orb.Polygon:
				polys++
				for _, r := range g {
					check(r)
				}
			case orb.MultiPolygon:
				polys++
				for _, p := range g {
					for _, r := range p {
						check(r)
					}
				}
			case orb.LineString:
				lines++
				check(g)
			case orb.MultiLineString:
				lines++
				for _, ls := range g {
					check(ls)
				}
			}
		}
		if tile.Z == 0 && (polys != 3 || lines != 3) {
			t.Errorf("world tile: %d polygons, %d outlines, want 3 and 3", polys, lines)
		}
	}
}

// TestGazetteerCountriesDoNotStreak draws the embedded gazetteer's
// countries, whose Natural Earth rings for Russia, Fiji and Antarctica
// jump across the antimeridian, on the world tiles.
func TestGazetteerCountriesDoNotStreak(t *testing.T) {
	gaz, err := gazetteer.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	var feats []BasemapFeature
	crossing := 0
	gaz.Each(func(p *gazetteer.Place) bool {
		if p.Kind == gazetteer.KindCountry && p.Shape != nil {
			feats = append(feats, BasemapFeature{Layer: LayerCountries, Geometry: p.Shape, Props: map[string]any{"name": p.Name}})
			if geo.CrossesAntimeridian(p.Shape) {
				crossing++
			}
		}
		return true
	})
	if crossing == 0 {
		t.Log("no country crosses the antimeridian in this gazetteer")
	}
	bm := NewBasemap(feats)
	for _, tile := range []maptile.Tile{maptile.New(0, 0, 0), maptile.New(0, 0, 1), maptile.New(1, 0, 1), maptile.New(0, 1, 1), maptile.New(1, 1, 1)} {
		data, err := bm.Tile(tile)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range decode(t, data)[LayerCountries].Features {
			eachRing(f.Geometry, func(ls []orb.Point) {
				for i := 1; i < len(ls); i++ {
					a, b := ls[i-1], ls[i]
					if a[1] == b[1] && (a[1] >= 4096 || a[1] <= 0) {
						continue // along the tile's top or bottom edge
					}
					if math.Abs(b[0]-a[0]) > 2048 {
						t.Errorf("tile %v: %s has an edge %v -> %v across half the world", tile, f.Properties["name"], a, b)
						return
					}
				}
			})
		}
	}
}

func eachRing(g orb.Geometry, fn func([]orb.Point)) {
	switch g := g.(type) {
	case orb.LineString:
		fn(g)
	case orb.MultiLineString:
		for _, l := range g {
			fn(l)
		}
	case orb.Polygon:
		for _, r := range g {
			fn(r)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			for _, r := range p {
				fn(r)
			}
		}
	}
}

// norwayIsland is one of Norway's small islands (by Frøya, 11.2°E 64.6°N),
// as the gazetteer draws it: at zoom 1 Douglas-Peucker folds it flat.
var norwayIsland = orb.Polygon{{{11.34911, 64.65111}, {11.34191, 64.62241}, {11.31311, 64.60046}, {11.28071, 64.61228}, {11.24471, 64.63929}, {11.23031, 64.63423}, {11.17271, 64.63761}, {11.16911, 64.64436}, {11.18351, 64.6528}, {11.17991, 64.65787}, {11.16911, 64.65956}, {11.17271, 64.66969}, {11.30231, 64.69164}, {11.31671, 64.68995}, {11.31671, 64.68151}, {11.34191, 64.67813}, {11.35631, 64.668}, {11.34911, 64.65111}}}

// TestBasemapIslandFoldedFlatDrawsNoLand: an island just east of the
// western half of the world, folded flat (a, b, a) by the simplification,
// drew the whole tile 1/0/0 as land: the overlay read the flat ring as
// covering the tile.
func TestBasemapIslandFoldedFlatDrawsNoLand(t *testing.T) {
	bm := NewBasemap([]BasemapFeature{{Layer: LayerCountries, Geometry: norwayIsland, Props: map[string]any{"code": "NO"}}})
	for _, tile := range []maptile.Tile{maptile.New(0, 0, 1), maptile.New(1, 0, 1), maptile.New(0, 0, 0)} {
		data, err := bm.Tile(tile)
		if err != nil {
			t.Fatal(err)
		}
		l := decode(t, data)[LayerCountries]
		if l == nil {
			continue
		}
		for _, f := range l.Features {
			if a := polygonArea(f.Geometry); a > 100 {
				t.Errorf("tile %v: the island covers %.0f square tile units (the tile is %d)", tile, a, Extent*Extent)
			}
		}
	}
}

// polygonArea is the area of a decoded polygon feature, 0 for others.
func polygonArea(g orb.Geometry) float64 {
	switch g := g.(type) {
	case orb.Polygon:
		return math.Abs(planar.Area(g))
	case orb.MultiPolygon:
		a := 0.0
		for _, p := range g {
			a += math.Abs(planar.Area(p))
		}
		return a
	}
	return 0
}

// TestGazetteerBasemapKeepsTheSea draws the embedded gazetteer's countries
// at the low zooms, where the map page showed no sea (small islands of
// Norway, New Zealand, Fiji, Trinidad and Antarctica each drew whole tiles):
// points in the open oceans lie in no country, and points inland in one.
func TestGazetteerBasemapKeepsTheSea(t *testing.T) {
	gaz, err := gazetteer.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	bm := BasemapOf(gaz)
	seas := map[string]orb.Point{
		"North Atlantic": {-40, 45}, "South Atlantic": {-20, -30}, "North Pacific": {-160, 30},
		"South Pacific": {-120, -30}, "Indian Ocean": {80, -20}, "Tasman Sea": {160, -38},
	}
	lands := map[string]orb.Point{
		"EG": {31, 27}, "US": {-100, 40}, "CA": {-110, 55}, "MX": {-102, 24}, "VN": {105.8, 21},
		"RU": {100, 60}, "AU": {135, -25}, "BR": {-50, -10}, "CD": {22, -2}, "AQ": {0, -80},
	}
	in := func(g orb.Geometry, at orb.Point) bool {
		switch g := g.(type) {
		case orb.Polygon:
			return planar.PolygonContains(g, at)
		case orb.MultiPolygon:
			return planar.MultiPolygonContains(g, at)
		}
		return false
	}
	for z := maptile.Zoom(0); z <= 5; z++ {
		tiles := map[maptile.Tile][]byte{}
		tileAt := func(p orb.Point) (*testLayer, orb.Point) {
			tile := maptile.At(p, z)
			data, ok := tiles[tile]
			if !ok {
				if data, err = bm.Tile(tile); err != nil {
					t.Fatal(err)
				}
				tiles[tile] = data
			}
			x, y := toWorldF(p)
			return decode(t, data)[LayerCountries], toTile(orb.Point{x, y}, tile).(orb.Point)
		}
		for name, p := range seas {
			l, at := tileAt(p)
			for _, f := range l.Features {
				if in(f.Geometry, at) {
					t.Errorf("zoom %d: the %s lies in %v (%.0f of %d square units)", z, name, f.Properties["code"], polygonArea(f.Geometry), Extent*Extent)
				}
			}
		}
		for code, p := range lands {
			l, at := tileAt(p)
			found := false
			for _, f := range l.Features {
				found = found || (f.Properties["code"] == code && in(f.Geometry, at))
			}
			if !found {
				t.Errorf("zoom %d: %v lies in no polygon of %s", z, p, code)
			}
		}
	}
}
