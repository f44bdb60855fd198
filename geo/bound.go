package geo

import "github.com/paulmach/orb"

// BoundOf returns the bounding box of g, or the zero Bound when g is nil or
// empty. Geometries crossing the antimeridian get no special treatment.
func BoundOf(g orb.Geometry) orb.Bound {
	if g == nil {
		return orb.Bound{}
	}
	b, ok := boundOf(g)
	if !ok {
		return orb.Bound{}
	}
	return b
}

// Extent returns g's bounding box and whether g has any coordinates at all
// (an empty line, polygon or collection has none, unlike a point at 0,0).
func Extent(g orb.Geometry) (orb.Bound, bool) { return boundOf(g) }

// boundOf returns g's bound and whether g has any coordinates at all.
func boundOf(g orb.Geometry) (orb.Bound, bool) {
	switch g := g.(type) {
	case nil:
		return orb.Bound{}, false
	case orb.Point:
		return g.Bound(), true
	case orb.Bound:
		return g, !g.IsEmpty()
	case orb.Collection:
		var b orb.Bound
		found := false
		for _, c := range g {
			cb, ok := boundOf(c)
			if !ok {
				continue
			}
			if !found {
				b, found = cb, true
			} else {
				b = b.Union(cb)
			}
		}
		return b, found
	default:
		b := g.Bound()
		if b.IsEmpty() {
			return orb.Bound{}, false
		}
		return b, true
	}
}
