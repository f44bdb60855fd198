package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// DistanceToKm returns the distance in kilometres from p to the nearest
// point of g: 0 inside a polygon or on a line, the great-circle distance
// to a point, else the distance to the nearest edge, measured in a local
// equirectangular projection around p (exact enough within a few hundred
// kilometres, which is what it is for: is a place on or near a border or
// region). An empty geometry is infinitely far.
func DistanceToKm(g orb.Geometry, p orb.Point) float64 {
	switch g := g.(type) {
	case orb.Point:
		return DistanceKm(g, p)
	case orb.MultiPoint:
		d := math.Inf(1)
		for _, q := range g {
			d = min(d, DistanceKm(q, p))
		}
		return d
	case orb.LineString:
		return lineDistanceKm(g, p)
	case orb.MultiLineString:
		d := math.Inf(1)
		for _, l := range g {
			d = min(d, lineDistanceKm(l, p))
		}
		return d
	case orb.Ring:
		return lineDistanceKm(orb.LineString(g), p)
	case orb.Polygon:
		if Contains(g, p) {
			return 0
		}
		d := math.Inf(1)
		for _, r := range g {
			d = min(d, lineDistanceKm(orb.LineString(r), p))
		}
		return d
	case orb.MultiPolygon:
		d := math.Inf(1)
		for _, poly := range g {
			d = min(d, DistanceToKm(poly, p))
		}
		return d
	case orb.Collection:
		d := math.Inf(1)
		for _, x := range g {
			d = min(d, DistanceToKm(x, p))
		}
		return d
	case orb.Bound:
		return DistanceToKm(g.ToPolygon(), p)
	}
	return math.Inf(1)
}

// lineDistanceKm is the distance from p to the nearest segment of l.
func lineDistanceKm(l orb.LineString, p orb.Point) float64 {
	if len(l) == 0 {
		return math.Inf(1)
	}
	if len(l) == 1 {
		return DistanceKm(l[0], p)
	}
	// Kilometres per degree around p.
	ky := EarthRadiusKm * deg2rad
	kx := ky * math.Cos(p[1]*deg2rad)
	xy := func(q orb.Point) (float64, float64) {
		dx := q[0] - p[0]
		// The shorter way round across the antimeridian.
		if dx > 180 {
			dx -= 360
		} else if dx < -180 {
			dx += 360
		}
		return dx * kx, (q[1] - p[1]) * ky
	}
	best := math.Inf(1)
	ax, ay := xy(l[0])
	for _, q := range l[1:] {
		bx, by := xy(q)
		// The point of segment a-b nearest the origin (p).
		dx, dy := bx-ax, by-ay
		t := 0.0
		if n := dx*dx + dy*dy; n > 0 {
			t = max(0, min(1, -(ax*dx+ay*dy)/n))
		}
		cx, cy := ax+t*dx, ay+t*dy
		best = min(best, math.Hypot(cx, cy))
		ax, ay = bx, by
	}
	return best
}
