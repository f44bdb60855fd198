package geo

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/simplify"
)

// Simplify returns g simplified with Douglas-Peucker at toleranceDeg degrees,
// keeping every ring closed with at least 4 points: holes that collapse are
// dropped and an outer ring that collapses is replaced by its bounding box.
// Lines keep their end points. g is not modified; a tolerance of zero or less
// returns a copy.
func Simplify(g orb.Geometry, toleranceDeg float64) orb.Geometry {
	if g == nil {
		return nil
	}
	g = orb.Clone(g)
	if toleranceDeg <= 0 {
		return g
	}
	return simplifyGeom(simplify.DouglasPeucker(toleranceDeg), g)
}

func simplifyGeom(s *simplify.DouglasPeuckerSimplifier, g orb.Geometry) orb.Geometry {
	switch g := g.(type) {
	case orb.LineString:
		return s.LineString(g)
	case orb.MultiLineString:
		return s.MultiLineString(g)
	case orb.Ring:
		return simplifyRing(s, g, true)
	case orb.Polygon:
		return simplifyPolygon(s, g)
	case orb.MultiPolygon:
		out := g[:0]
		for _, p := range g {
			if p = simplifyPolygon(s, p); len(p) > 0 {
				out = append(out, p)
			}
		}
		return out
	case orb.Collection:
		for i := range g {
			g[i] = simplifyGeom(s, g[i])
		}
		return g
	}
	return g // points, bounds
}

func simplifyPolygon(s *simplify.DouglasPeuckerSimplifier, p orb.Polygon) orb.Polygon {
	if len(p) == 0 || len(p[0]) == 0 {
		return nil
	}
	out := p[:0]
	for i, r := range p {
		if r = simplifyRing(s, r, i == 0); r != nil {
			out = append(out, r)
		}
	}
	return out
}

// simplifyRing simplifies a ring; a ring left with fewer than 4 points is
// dropped (nil), or, if outer, replaced by its bounding box.
func simplifyRing(s *simplify.DouglasPeuckerSimplifier, r orb.Ring, outer bool) orb.Ring {
	if len(r) == 0 {
		return nil
	}
	b := r.Bound()
	closed := r.Closed()
	sr := s.Ring(r) // works in place
	if len(sr) > 0 && !closed && sr[0] != sr[len(sr)-1] {
		sr = append(sr, sr[0])
	}
	if len(sr) >= 4 {
		return sr
	}
	if outer {
		return b.ToRing()
	}
	return nil
}
