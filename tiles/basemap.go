package tiles

import (
	"fmt"
	"math/bits"
	"sort"

	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/incidentmap/incidentmap/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// The basemap layers, in drawing order.
const (
	LayerCountries = "countries"
	LayerAdmin1    = "admin1"
	LayerPlaces    = "places"
)

// BasemapFeature is one feature of the basemap: a country or first-level
// division (polygon or boundary line) or a place label (point), in WGS84.
type BasemapFeature struct {
	// Layer is LayerCountries, LayerAdmin1 or LayerPlaces (other names make
	// further layers, after these).
	Layer    string
	Geometry orb.Geometry
	// Props are written as MVT properties (strings, numbers, bools); a
	// place's "population" ranks it.
	Props map[string]any
	// MinZoom and MaxZoom bound the zooms that show the feature. Both zero
	// means: all zooms, except for places, whose population rank decides
	// the first zoom (the 3 largest from zoom 2, 4 times more each zoom).
	MinZoom, MaxZoom int
}

// Basemap renders basemap tiles from a fixed set of features. It is safe
// for concurrent use.
type Basemap struct {
	layers []basemapLayer
}

type basemapLayer struct {
	name  string
	feats []basemapItem
}

type basemapItem struct {
	geom     orb.Geometry // world coordinates
	lines    orb.MultiLineString
	bound    orb.Bound // world coordinates
	props    map[string]any
	min, max int
	auto     bool // a place whose first zoom comes from its population rank
}

// Basemap buffers in tile units: labels need room, lines barely any.
const (
	basemapBuffer      = 16 * PixelUnits
	basemapLabelBuffer = 64 * PixelUnits
)

// NewBasemap prepares features for tiling.
func NewBasemap(features []BasemapFeature) *Basemap {
	bm := &Basemap{}
	byName := map[string]int{}
	for _, n := range []string{LayerCountries, LayerAdmin1, LayerPlaces} {
		byName[n] = len(bm.layers)
		bm.layers = append(bm.layers, basemapLayer{name: n})
	}
	for _, f := range features {
		if f.Geometry == nil {
			continue
		}
		it := basemapItem{props: f.Props, min: f.MinZoom, max: f.MaxZoom}
		if it.max == 0 {
			it.max = MaxZoom
		}
		switch g := f.Geometry.(type) {
		case orb.Point:
			x, y := toWorldF(g)
			it.geom = orb.Point{x, y}
		case orb.MultiPoint:
			if len(g) == 0 {
				continue
			}
			x, y := toWorldF(g[0])
			it.geom = orb.Point{x, y}
		default:
			// Rings that jump across the antimeridian (Russia, Fiji,
			// Antarctica) would streak across the world: draw their parts
			// on either side, and outline the rings cut where they cross,
			// not along the cut.
			split := geo.SplitAntimeridian(g)
			it.geom = projectGeometry(split)
			if it.geom == nil {
				continue
			}
			it.lines = boundaryLines(it.geom)
			if geo.CrossesAntimeridian(g) {
				it.lines = nil
				if ml, ok := projectGeometry(geo.SplitAntimeridian(boundaryLines(g))).(orb.MultiLineString); ok {
					it.lines = ml
				}
			}
		}
		it.bound = it.geom.Bound()
		li, ok := byName[f.Layer]
		if !ok {
			li = len(bm.layers)
			byName[f.Layer] = li
			bm.layers = append(bm.layers, basemapLayer{name: f.Layer})
		}
		l := &bm.layers[li]
		l.feats = append(l.feats, it)
		l.feats[len(l.feats)-1].auto = f.Layer == LayerPlaces && f.MinZoom == 0 && f.MaxZoom == 0
	}
	var places []*basemapItem
	var pops []float64
	if li, ok := byName[LayerPlaces]; ok {
		l := &bm.layers[li]
		for i := range l.feats {
			it := &l.feats[i]
			if it.auto {
				places = append(places, it)
				pops = append(pops, number(it.props["population"]))
			}
		}
	}
	order := make([]int, len(places))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return pops[order[a]] > pops[order[b]] })
	for rank, i := range order {
		places[i].min = min(2+(bits.Len(uint(rank+1))-1)/2, 12)
		places[i].props = withRank(places[i].props, rank+1)
	}
	return bm
}

func withRank(p map[string]any, rank int) map[string]any {
	out := make(map[string]any, len(p)+1)
	for k, v := range p {
		out[k] = v
	}
	out["rank"] = rank
	return out
}

func number(v any) float64 {
	switch v := v.(type) {
	case int:
		return float64(v)
	case int64:
		return float64(v)
	case int32:
		return float64(v)
	case uint32:
		return float64(v)
	case float64:
		return v
	case float32:
		return float64(v)
	}
	return 0
}

// boundaryLines returns the rings of a polygon geometry as lines, so maps
// draw boundaries without the tile-edge artefacts of polygon outlines.
func boundaryLines(g orb.Geometry) orb.MultiLineString {
	var out orb.MultiLineString
	switch g := g.(type) {
	case orb.Polygon:
		for _, r := range g {
			out = append(out, orb.LineString(r))
		}
	case orb.MultiPolygon:
		for _, p := range g {
			out = append(out, boundaryLines(p)...)
		}
	}
	return out
}

// Tile encodes the basemap layers of tile t. Countries and admin1 carry
// each area twice: as a Polygon (for fills) and as its boundary
// LineStrings (for lines; style them with a geometry-type filter).
func (b *Basemap) Tile(t maptile.Tile) ([]byte, error) {
	if t.Z > MaxZoom || !t.Valid() {
		return nil, fmt.Errorf("%w: %d/%d/%d", ErrOutOfRange, t.Z, t.X, t.Y)
	}
	z := int(t.Z)
	tol := float64(PixelUnits)
	var out []byte
	for _, l := range b.layers {
		e := newLayerEncoder(l.name)
		buf := basemapBuffer
		if l.name == LayerPlaces {
			buf = basemapLabelBuffer
		}
		box := boxOf(t, buf)
		wb := orb.Bound{Min: orb.Point{float64(box.x0), float64(box.y0)}, Max: orb.Point{float64(box.x1), float64(box.y1)}}
		for i := range l.feats {
			it := &l.feats[i]
			if z < it.min || z > it.max || !it.bound.Intersects(wb) {
				continue
			}
			if typ := drawGeometry(e, it.geom, t, buf, tol); typ != 0 {
				basemapProps(e, it.props)
				e.feature(0, typ)
			}
			if it.lines != nil {
				if typ := drawGeometry(e, it.lines, t, buf, tol); typ != 0 {
					basemapProps(e, it.props)
					e.feature(0, typ)
				}
			}
		}
		out = e.appendTo(out)
	}
	return out, nil
}

// basemapProps adds properties in name order, so tiles are deterministic.
func basemapProps(e *layerEncoder, p map[string]any) {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if v, ok := e.value(p[k]); ok {
			e.tag(e.key(k), v)
		}
	}
}

// BasemapOf turns the gazetteer's countries, divisions and populated
// places into a basemap.
func BasemapOf(g *gazetteer.Gazetteer) *Basemap {
	var fs []BasemapFeature
	g.Each(func(p *gazetteer.Place) bool {
		switch p.Kind {
		case gazetteer.KindCountry:
			if p.Shape != nil {
				fs = append(fs, BasemapFeature{Layer: LayerCountries, Geometry: p.Shape,
					Props: map[string]any{"name": p.Name, "code": p.CountryCode}})
			}
		case gazetteer.KindAdmin1:
			if p.Shape != nil {
				fs = append(fs, BasemapFeature{Layer: LayerAdmin1, Geometry: p.Shape, MinZoom: 4,
					Props: map[string]any{"name": p.Name, "code": p.Admin1, "country_code": p.CountryCode}})
			}
		case gazetteer.KindCity:
			if p.Population >= 20000 || p.FeatureCode == "PPLC" {
				fs = append(fs, BasemapFeature{Layer: LayerPlaces, Geometry: p.Point,
					Props: map[string]any{"name": p.Name, "population": p.Population, "country_code": p.CountryCode}})
			}
		}
		return true
	})
	return NewBasemap(fs)
}
