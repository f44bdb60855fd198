package geo

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// RepresentativePoint returns one point that stands for g on a map: a Point
// itself, the first point of a MultiPoint, the point halfway along a line
// (along the longest line of a MultiLineString), a point guaranteed inside
// a polygon (inside the largest polygon of a MultiPolygon), the centre of a
// Bound and, for a Collection, the representative point of its
// highest-dimensional, largest member. Empty input yields orb.Point{}.
func RepresentativePoint(g orb.Geometry) orb.Point {
	switch g := g.(type) {
	case orb.Point:
		return g
	case orb.MultiPoint:
		if len(g) == 0 {
			return orb.Point{}
		}
		return g[0]
	case orb.LineString:
		return lineMidpoint(g)
	case orb.MultiLineString:
		best, bestLen := -1, -1.0
		for i, ls := range g {
			if len(ls) == 0 {
				continue
			}
			if l := planar.Length(ls); l > bestLen {
				best, bestLen = i, l
			}
		}
		if best < 0 {
			return orb.Point{}
		}
		return lineMidpoint(g[best])
	case orb.Ring:
		return polygonPoint(orb.Polygon{g})
	case orb.Polygon:
		return polygonPoint(g)
	case orb.MultiPolygon:
		best, bestArea := -1, -1.0
		for i, p := range g {
			if len(p) == 0 || len(p[0]) == 0 {
				continue
			}
			if a := math.Abs(planar.Area(p)); a > bestArea {
				best, bestArea = i, a
			}
		}
		if best < 0 {
			return orb.Point{}
		}
		return polygonPoint(g[best])
	case orb.Bound:
		if g.IsEmpty() {
			return orb.Point{}
		}
		return g.Center()
	case orb.Collection:
		return collectionPoint(g)
	}
	return orb.Point{}
}

// collectionPoint picks the member with the highest dimension and, among
// those, the largest area, length or (for points) the first.
func collectionPoint(c orb.Collection) orb.Point {
	var best orb.Geometry
	bestDim, bestSize := -1, -1.0
	for _, g := range c {
		if _, ok := boundOf(g); !ok {
			continue // nil or empty
		}
		dim, size := g.Dimensions(), 0.0
		switch dim {
		case 2:
			size = math.Abs(planar.Area(g))
		case 1:
			size = planar.Length(g)
		}
		if _, ok := g.(orb.Collection); ok {
			size = 0 // compare nested collections by dimension only
		}
		if dim > bestDim || (dim == bestDim && size > bestSize) {
			best, bestDim, bestSize = g, dim, size
		}
	}
	if best == nil {
		return orb.Point{}
	}
	return RepresentativePoint(best)
}

// lineMidpoint returns the point at half the planar length of ls.
func lineMidpoint(ls orb.LineString) orb.Point {
	switch len(ls) {
	case 0:
		return orb.Point{}
	case 1:
		return ls[0]
	}
	half := planar.Length(ls) / 2
	if half == 0 {
		return ls[0]
	}
	walked := 0.0
	for i := 1; i < len(ls); i++ {
		d := planar.Distance(ls[i-1], ls[i])
		if walked+d >= half {
			t := (half - walked) / d
			return orb.Point{
				ls[i-1][0] + t*(ls[i][0]-ls[i-1][0]),
				ls[i-1][1] + t*(ls[i][1]-ls[i-1][1]),
			}
		}
		walked += d
	}
	return ls[len(ls)-1]
}

// polygonPoint returns a point inside p: its area centroid when that is
// inside, else the middle of the widest inside stretch of a horizontal line
// through the centroid, through the middle of the bound, or through a few
// other latitudes. The centroid test reuses the scanline through it (one
// pass over the edges; the same answer as planar.PolygonContains except that
// a centroid exactly on the boundary is rejected).
func polygonPoint(p orb.Polygon) orb.Point {
	if len(p) == 0 || len(p[0]) == 0 {
		return orb.Point{}
	}
	xs := make([]float64, 0, 16)
	c, area := planar.CentroidArea(p)
	if area != 0 && !math.IsNaN(c[0]) && !math.IsNaN(c[1]) {
		xs = crossings(p, c[1], xs)
		if insideAt(xs, c[0]) {
			return c
		}
		if x, ok := widest(xs); ok {
			return orb.Point{x, c[1]}
		}
	}
	minY, maxY := p[0][0][1], p[0][0][1]
	for _, v := range p[0] {
		minY, maxY = math.Min(minY, v[1]), math.Max(maxY, v[1])
	}
	h := maxY - minY
	for _, f := range []float64{1.0 / 2, 1.0 / 3, 2.0 / 3, 1.0 / 4, 3.0 / 4, 1.0 / 8, 7.0 / 8} {
		y := minY + f*h
		xs = crossings(p, y, xs[:0])
		if x, ok := widest(xs); ok {
			return orb.Point{x, y}
		}
	}
	// Degenerate (zero-area) polygon: any vertex is on it.
	return p[0][0]
}

// crossings appends to xs, sorted, the x of every point where the horizontal
// line at y crosses an edge of p. By the even-odd rule the stretches between
// xs[0] and xs[1], xs[2] and xs[3], ... are inside p, holes excluded.
func crossings(p orb.Polygon, y float64, xs []float64) []float64 {
	for _, r := range p {
		n := len(r)
		if n < 2 {
			continue
		}
		a := r[n-1] // also closes an unclosed ring
		for _, b := range r {
			// Half-open rule: a vertex exactly on the line counts once.
			if (a[1] > y) != (b[1] > y) {
				xs = append(xs, a[0]+(y-a[1])*(b[0]-a[0])/(b[1]-a[1]))
			}
			a = b
		}
	}
	slices.Sort(xs)
	return xs
}

// insideAt reports whether x lies strictly inside one of the stretches.
func insideAt(xs []float64, x float64) bool {
	for i := 0; i+1 < len(xs); i += 2 {
		if xs[i] < x && x < xs[i+1] {
			return true
		}
	}
	return false
}

// widest returns the middle of the widest inside stretch.
func widest(xs []float64) (float64, bool) {
	best, bestW := 0.0, 0.0
	for i := 0; i+1 < len(xs); i += 2 {
		if w := xs[i+1] - xs[i]; w > bestW {
			best, bestW = (xs[i]+xs[i+1])/2, w
		}
	}
	return best, bestW > 0
}
