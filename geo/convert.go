package geo

import (
	"errors"
	"fmt"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-geom"
)

// SRID is the spatial reference ToGeom stamps on every geometry: WGS84.
const SRID = 4326

// ErrUnsupportedGeometry is returned (wrapped) by ToGeom and FromGeom for a
// nil geometry or a type they do not convert.
var ErrUnsupportedGeometry = errors.New("unsupported geometry")

// ToGeom converts an orb geometry to a go-geom geometry with layout XY and
// SRID 4326. A Bound becomes a Polygon, a Ring a single-ring Polygon.
func ToGeom(g orb.Geometry) (geom.T, error) {
	switch g := g.(type) {
	case orb.Point:
		return geom.NewPointFlat(geom.XY, []float64{g[0], g[1]}).SetSRID(SRID), nil
	case orb.MultiPoint:
		return geom.NewMultiPointFlat(geom.XY, flatPoints(nil, g)).SetSRID(SRID), nil
	case orb.LineString:
		return geom.NewLineStringFlat(geom.XY, flatPoints(nil, g)).SetSRID(SRID), nil
	case orb.MultiLineString:
		flat, ends := flatLines(nil, nil, g)
		return geom.NewMultiLineStringFlat(geom.XY, flat, ends).SetSRID(SRID), nil
	case orb.Ring:
		return polygonToGeom(orb.Polygon{g}), nil
	case orb.Polygon:
		return polygonToGeom(g), nil
	case orb.Bound:
		return polygonToGeom(g.ToPolygon()), nil
	case orb.MultiPolygon:
		var flat []float64
		endss := make([][]int, len(g))
		for i, p := range g {
			var ends []int
			flat, ends = flatLines(flat, nil, p)
			endss[i] = ends
		}
		return geom.NewMultiPolygonFlat(geom.XY, flat, endss).SetSRID(SRID), nil
	case orb.Collection:
		gc := geom.NewGeometryCollection().MustSetLayout(geom.XY).SetSRID(SRID)
		for i, c := range g {
			t, err := ToGeom(c)
			if err != nil {
				return nil, fmt.Errorf("collection member %d: %w", i, err)
			}
			if err := gc.Push(t); err != nil {
				return nil, fmt.Errorf("collection member %d: %w", i, err)
			}
		}
		return gc, nil
	case nil:
		return nil, fmt.Errorf("to go-geom: nil: %w", ErrUnsupportedGeometry)
	}
	return nil, fmt.Errorf("to go-geom: %T: %w", g, ErrUnsupportedGeometry)
}

func polygonToGeom(p orb.Polygon) *geom.Polygon {
	flat, ends := flatLines(nil, nil, p)
	return geom.NewPolygonFlat(geom.XY, flat, ends).SetSRID(SRID)
}

func flatPoints[P ~[]orb.Point](flat []float64, pts P) []float64 {
	if flat == nil {
		flat = make([]float64, 0, 2*len(pts))
	}
	for _, p := range pts {
		flat = append(flat, p[0], p[1])
	}
	return flat
}

// flatLines appends the lines' coordinates to flat and their absolute end
// offsets to ends, the layout go-geom uses for rings and multi-lines.
func flatLines[L ~[]orb.Point](flat []float64, ends []int, lines []L) ([]float64, []int) {
	if ends == nil {
		ends = make([]int, 0, len(lines))
	}
	for _, l := range lines {
		flat = flatPoints(flat, l)
		ends = append(ends, len(flat))
	}
	return flat, ends
}

// FromGeom converts a go-geom geometry to orb, keeping X and Y and dropping
// any Z or M. An empty Point becomes orb.Point{} and empty points inside a
// MultiPoint are skipped. A LinearRing becomes an orb.Ring.
func FromGeom(g geom.T) (orb.Geometry, error) {
	switch g := g.(type) {
	case *geom.Point:
		if g == nil || g.Empty() {
			return orb.Point{}, nil
		}
		return orb.Point{g.X(), g.Y()}, nil
	case *geom.MultiPoint:
		if g == nil {
			break
		}
		mp := make(orb.MultiPoint, 0, g.NumPoints())
		for i := range g.NumPoints() {
			if p := g.Point(i); !p.Empty() {
				mp = append(mp, orb.Point{p.X(), p.Y()})
			}
		}
		return mp, nil
	case *geom.LineString:
		if g == nil {
			break
		}
		return orb.LineString(points(g.FlatCoords(), g.Stride())), nil
	case *geom.LinearRing:
		if g == nil {
			break
		}
		return orb.Ring(points(g.FlatCoords(), g.Stride())), nil
	case *geom.MultiLineString:
		if g == nil {
			break
		}
		mls := make(orb.MultiLineString, 0, len(g.Ends()))
		for _, pts := range split(g.FlatCoords(), 0, g.Ends(), g.Stride()) {
			mls = append(mls, orb.LineString(pts))
		}
		return mls, nil
	case *geom.Polygon:
		if g == nil {
			break
		}
		return polygonFromFlat(g.FlatCoords(), 0, g.Ends(), g.Stride()), nil
	case *geom.MultiPolygon:
		if g == nil {
			break
		}
		mp := make(orb.MultiPolygon, 0, len(g.Endss()))
		offset := 0
		for _, ends := range g.Endss() {
			mp = append(mp, polygonFromFlat(g.FlatCoords(), offset, ends, g.Stride()))
			if len(ends) > 0 {
				offset = ends[len(ends)-1]
			}
		}
		return mp, nil
	case *geom.GeometryCollection:
		if g == nil {
			break
		}
		c := make(orb.Collection, 0, g.NumGeoms())
		for i, m := range g.Geoms() {
			o, err := FromGeom(m)
			if err != nil {
				return nil, fmt.Errorf("collection member %d: %w", i, err)
			}
			c = append(c, o)
		}
		return c, nil
	}
	return nil, fmt.Errorf("from go-geom: %T: %w", g, ErrUnsupportedGeometry)
}

func points(flat []float64, stride int) []orb.Point {
	if stride < 2 {
		return nil
	}
	pts := make([]orb.Point, 0, len(flat)/stride)
	for i := 0; i+1 < len(flat); i += stride {
		pts = append(pts, orb.Point{flat[i], flat[i+1]})
	}
	return pts
}

func split(flat []float64, offset int, ends []int, stride int) [][]orb.Point {
	out := make([][]orb.Point, 0, len(ends))
	for _, end := range ends {
		out = append(out, points(flat[offset:end], stride))
		offset = end
	}
	return out
}

func polygonFromFlat(flat []float64, offset int, ends []int, stride int) orb.Polygon {
	p := make(orb.Polygon, 0, len(ends))
	for _, pts := range split(flat, offset, ends, stride) {
		p = append(p, orb.Ring(pts))
	}
	return p
}
