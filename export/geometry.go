package export

import (
	"math"
	"strconv"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/paulmach/orb"
)

// coordScale rounds text coordinates to 7 decimals: about 1 cm, far finer
// than any place a news article names.
const coordScale = 1e7

// roundCoord rounds a coordinate to 7 decimals.
func roundCoord(x float64) float64 {
	return math.Round(x*coordScale) / coordScale
}

// appendCoord appends x with at most 7 decimals and no trailing zeros.
func appendCoord(b []byte, x float64) []byte {
	return strconv.AppendFloat(b, roundCoord(x), 'f', -1, 64)
}

// geometryOf returns the geometry to export for inc: its Geometry, or its
// representative Point when it has none. Rings and bounds become polygons
// so every writer deals with the OGC simple feature types only.
func geometryOf(inc *incident.Incident) orb.Geometry {
	return normalize(inc.Geometry, inc.Point)
}

func normalize(g orb.Geometry, fallback orb.Point) orb.Geometry {
	switch g := g.(type) {
	case nil:
		return fallback
	case orb.Ring:
		return orb.Polygon{g}
	case orb.Bound:
		return g.ToPolygon()
	case orb.Collection:
		out := make(orb.Collection, len(g))
		for i, c := range g {
			out[i] = normalize(c, fallback)
		}
		return out
	}
	return g
}

// shapesOf returns inc's representative point, and the lines and areas of
// its geometry (nil when it has none): the shapes of the layers of one
// geometry type each that GIS clients need.
func shapesOf(inc *incident.Incident) (point orb.Geometry, lines orb.Geometry, areas orb.Geometry) {
	g := geometryOf(inc)
	point = inc.Point
	if p, ok := g.(orb.Point); ok {
		point = p
	}
	var ml orb.MultiLineString
	var mp orb.MultiPolygon
	var walk func(orb.Geometry)
	walk = func(g orb.Geometry) {
		switch g := g.(type) {
		case orb.LineString:
			if len(g) > 0 {
				ml = append(ml, g)
			}
		case orb.MultiLineString:
			for _, l := range g {
				walk(l)
			}
		case orb.Polygon:
			if !isEmpty(g) {
				mp = append(mp, g)
			}
		case orb.MultiPolygon:
			for _, p := range g {
				walk(p)
			}
		case orb.Collection:
			for _, m := range g {
				walk(m)
			}
		}
	}
	walk(g)
	if len(ml) > 0 {
		lines = ml
	}
	if len(mp) > 0 {
		areas = mp
	}
	return point, lines, areas
}

// isEmpty reports whether g has no coordinates at all.
func isEmpty(g orb.Geometry) bool {
	switch g := g.(type) {
	case orb.Point:
		return false
	case orb.MultiPoint:
		return len(g) == 0
	case orb.LineString:
		return len(g) == 0
	case orb.MultiLineString:
		for _, l := range g {
			if len(l) > 0 {
				return false
			}
		}
	case orb.Polygon:
		for _, r := range g {
			if len(r) > 0 {
				return false
			}
		}
	case orb.MultiPolygon:
		for _, p := range g {
			if !isEmpty(p) {
				return false
			}
		}
	case orb.Collection:
		for _, c := range g {
			if !isEmpty(c) {
				return false
			}
		}
	}
	return true
}

// extend grows the bound b (valid when ok) by g's bound.
func extend(b orb.Bound, ok bool, g orb.Geometry) (orb.Bound, bool) {
	if isEmpty(g) {
		return b, ok
	}
	gb := g.Bound()
	if !ok {
		return gb, true
	}
	return b.Union(gb), true
}

func appendWKT(b []byte, g orb.Geometry) []byte {
	switch g := g.(type) {
	case orb.Point:
		b = append(b, "POINT("...)
		b = appendWKTPoint(b, g)
		return append(b, ')')
	case orb.MultiPoint:
		if len(g) == 0 {
			return append(b, "MULTIPOINT EMPTY"...)
		}
		b = append(b, "MULTIPOINT("...)
		for i, p := range g {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '(')
			b = appendWKTPoint(b, p)
			b = append(b, ')')
		}
		return append(b, ')')
	case orb.LineString:
		if len(g) == 0 {
			return append(b, "LINESTRING EMPTY"...)
		}
		return appendWKTPoints(append(b, "LINESTRING"...), g)
	case orb.MultiLineString:
		if len(g) == 0 {
			return append(b, "MULTILINESTRING EMPTY"...)
		}
		b = append(b, "MULTILINESTRING("...)
		for i, l := range g {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendWKTPoints(b, l)
		}
		return append(b, ')')
	case orb.Polygon:
		if len(g) == 0 {
			return append(b, "POLYGON EMPTY"...)
		}
		return appendWKTRings(append(b, "POLYGON"...), g)
	case orb.MultiPolygon:
		if len(g) == 0 {
			return append(b, "MULTIPOLYGON EMPTY"...)
		}
		b = append(b, "MULTIPOLYGON("...)
		for i, p := range g {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendWKTRings(b, p)
		}
		return append(b, ')')
	case orb.Collection:
		if len(g) == 0 {
			return append(b, "GEOMETRYCOLLECTION EMPTY"...)
		}
		b = append(b, "GEOMETRYCOLLECTION("...)
		for i, part := range g {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendWKT(b, part)
		}
		return append(b, ')')
	}
	return b
}

func appendWKTPoint(b []byte, p orb.Point) []byte {
	b = appendCoord(b, p[0])
	b = append(b, ' ')
	return appendCoord(b, p[1])
}

func appendWKTPoints(b []byte, ps []orb.Point) []byte {
	b = append(b, '(')
	for i, p := range ps {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendWKTPoint(b, p)
	}
	return append(b, ')')
}

func appendWKTRings(b []byte, p orb.Polygon) []byte {
	b = append(b, '(')
	for i, r := range p {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendWKTPoints(b, r)
	}
	return append(b, ')')
}

// firstPoint returns g's first vertex, or the zero point for an empty
// geometry.
func firstPoint(g orb.Geometry) orb.Point {
	switch g := g.(type) {
	case orb.Point:
		return g
	case orb.MultiPoint:
		if len(g) > 0 {
			return g[0]
		}
	case orb.LineString:
		if len(g) > 0 {
			return g[0]
		}
	case orb.MultiLineString:
		if len(g) > 0 {
			return firstPoint(g[0])
		}
	case orb.Polygon:
		if len(g) > 0 {
			return firstPoint(orb.LineString(g[0]))
		}
	case orb.MultiPolygon:
		if len(g) > 0 {
			return firstPoint(g[0])
		}
	case orb.Collection:
		if len(g) > 0 {
			return firstPoint(g[0])
		}
	}
	return orb.Point{}
}
