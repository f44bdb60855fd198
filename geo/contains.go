package geo

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Contains reports whether p lies in the area of g: a Polygon or MultiPolygon
// (holes excluded), a Ring, a Bound, or a Collection with any such member.
// Points on the outer boundary count as inside. Other geometries contain
// nothing.
func Contains(g orb.Geometry, p orb.Point) bool {
	switch g := g.(type) {
	case orb.Polygon:
		return len(g) > 0 && planar.PolygonContains(g, p)
	case orb.MultiPolygon:
		for _, poly := range g {
			if len(poly) > 0 && planar.PolygonContains(poly, p) {
				return true
			}
		}
	case orb.Ring:
		return planar.RingContains(g, p)
	case orb.Bound:
		return g.Contains(p)
	case orb.Collection:
		for _, c := range g {
			if Contains(c, p) {
				return true
			}
		}
	}
	return false
}
