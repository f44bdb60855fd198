package geo

import (
	"github.com/paulmach/orb"
)

// The spatial predicates below follow the OGC simple-features meaning of
// intersects, within, contains and disjoint, evaluated in the plane on
// degrees (no antimeridian handling), over Point, MultiPoint, LineString,
// MultiLineString, Ring, Polygon (holes excluded from the area),
// MultiPolygon, Bound and Collection. The store uses them as SQL functions
// in SQLite, so their answers match PostGIS's ST_Intersects and friends on
// the shapes incidentmap stores. A nil or empty geometry intersects and
// contains nothing.

// Intersects reports whether a and b share at least one point, boundaries
// included.
func Intersects(a, b orb.Geometry) bool {
	ba, oka := boundOf(a)
	bb, okb := boundOf(b)
	if !oka || !okb || !ba.Intersects(bb) {
		return false
	}
	pa, pb := decompose(a), decompose(b)
	return pa.intersects(&pb)
}

// Disjoint reports whether a and b share no point: !Intersects(a, b).
func Disjoint(a, b orb.Geometry) bool { return !Intersects(a, b) }

// Within reports whether a lies inside b: GeomContains(b, a).
func Within(a, b orb.Geometry) bool { return GeomContains(b, a) }

// GeomContains reports whether every point of b lies in a (interior or
// boundary) and at least one point of b lies in a's interior, so a polygon
// does not contain a point on its own outline, as in PostGIS's ST_Contains.
// Segments are checked at their ends, midpoints and crossings with a's
// boundary, which is exact for the convex and concave shapes incidentmap
// stores except a segment grazing a reflex vertex from outside.
// (Contains(g, p) is the older point-in-area test.)
func GeomContains(a, b orb.Geometry) bool {
	ba, oka := boundOf(a)
	bb, okb := boundOf(b)
	if !oka || !okb || !ba.Contains(bb.Min) || !ba.Contains(bb.Max) {
		return false
	}
	pa, pb := decompose(a), decompose(b)
	return pa.contains(&pb)
}

// location is where a point lies relative to a geometry.
type location int8

const (
	exterior location = iota
	boundary
	interior
)

// parts is a geometry split into its points, lines and polygons.
type parts struct {
	points []orb.Point
	lines  []orb.LineString
	polys  []orb.Polygon
}

func decompose(g orb.Geometry) parts {
	var p parts
	p.add(g)
	return p
}

func (p *parts) add(g orb.Geometry) {
	switch g := g.(type) {
	case orb.Point:
		p.points = append(p.points, g)
	case orb.MultiPoint:
		p.points = append(p.points, g...)
	case orb.LineString:
		if len(g) == 1 {
			p.points = append(p.points, g[0])
		} else if len(g) > 1 {
			p.lines = append(p.lines, g)
		}
	case orb.MultiLineString:
		for _, l := range g {
			p.add(l)
		}
	case orb.Ring:
		p.add(orb.Polygon{g})
	case orb.Polygon:
		if len(g) > 0 && len(g[0]) > 0 {
			p.polys = append(p.polys, g)
		}
	case orb.MultiPolygon:
		for _, poly := range g {
			p.add(poly)
		}
	case orb.Bound:
		if !g.IsEmpty() {
			p.polys = append(p.polys, g.ToPolygon())
		}
	case orb.Collection:
		for _, c := range g {
			p.add(c)
		}
	}
}

// locate returns where pt lies relative to the union of p's members.
func (p *parts) locate(pt orb.Point) location {
	best := exterior
	for _, poly := range p.polys {
		switch polygonLocate(poly, pt) {
		case interior:
			return interior
		case boundary:
			best = boundary
		}
	}
	for _, l := range p.lines {
		if l.Bound().Contains(pt) {
			for i := 1; i < len(l); i++ {
				if onSegment(pt, l[i-1], l[i]) {
					// A line's interior is all of it but its two ends
					// (a closed line has no ends).
					if (pt == l[0] || pt == l[len(l)-1]) && l[0] != l[len(l)-1] {
						if best == exterior {
							best = boundary
						}
					} else {
						return interior
					}
					break
				}
			}
		}
	}
	for _, q := range p.points {
		if q == pt {
			return interior
		}
	}
	return best
}

func (p *parts) intersects(o *parts) bool {
	for _, pt := range p.points {
		if o.locate(pt) != exterior {
			return true
		}
	}
	for _, pt := range o.points {
		if p.locate(pt) != exterior {
			return true
		}
	}
	// Lines and polygon outlines: any crossing of segments.
	for _, l := range p.lines {
		if o.segmentsCross(l) {
			return true
		}
	}
	for _, poly := range p.polys {
		for _, r := range poly {
			if o.segmentsCross(orb.LineString(closed(r))) {
				return true
			}
		}
	}
	// No crossing: one side lies entirely inside an area of the other, or
	// they are apart. One vertex of each member settles it.
	for _, l := range p.lines {
		if o.locate(l[0]) != exterior {
			return true
		}
	}
	for _, poly := range p.polys {
		if o.locate(poly[0][0]) != exterior {
			return true
		}
	}
	for _, l := range o.lines {
		if p.locate(l[0]) != exterior {
			return true
		}
	}
	for _, poly := range o.polys {
		if p.locate(poly[0][0]) != exterior {
			return true
		}
	}
	return false
}

// segmentsCross reports whether any segment of l touches any segment of
// o's lines or polygon rings.
func (p *parts) segmentsCross(l orb.LineString) bool {
	lb := l.Bound()
	for _, m := range p.lines {
		if lb.Intersects(m.Bound()) && linesTouch(l, m) {
			return true
		}
	}
	for _, poly := range p.polys {
		for _, r := range poly {
			if lb.Intersects(r.Bound()) && linesTouch(l, orb.LineString(closed(r))) {
				return true
			}
		}
	}
	return false
}

func (p *parts) contains(o *parts) bool {
	inside := false // some point of o is in p's interior
	for _, pt := range o.points {
		switch p.locate(pt) {
		case exterior:
			return false
		case interior:
			inside = true
		}
	}
	check := func(l orb.LineString) bool {
		for i := 1; i < len(l); i++ {
			a, b := l[i-1], l[i]
			for _, pt := range [...]orb.Point{a, b, mid(a, b)} {
				switch p.locate(pt) {
				case exterior:
					return false
				case interior:
					inside = true
				}
			}
			if p.crossesBoundary(a, b) {
				return false
			}
		}
		return true
	}
	for _, l := range o.lines {
		if !check(l) {
			return false
		}
	}
	for _, poly := range o.polys {
		for _, r := range poly {
			if !check(orb.LineString(closed(r))) {
				return false
			}
		}
		// A hole of p inside poly's area means poly covers points p lacks.
		for _, mine := range p.polys {
			for _, hole := range mine[1:] {
				if len(hole) > 0 && polygonLocate(poly, hole[0]) == interior {
					return false
				}
			}
		}
		if !inside && p.locate(RepresentativePoint(poly)) == interior {
			inside = true
		}
	}
	return inside
}

// crossesBoundary reports whether segment ab properly crosses an outline of
// p's polygons, which would take part of it outside.
func (p *parts) crossesBoundary(a, b orb.Point) bool {
	for _, poly := range p.polys {
		for _, r := range poly {
			r = closed(r)
			for i := 1; i < len(r); i++ {
				if properCross(a, b, r[i-1], r[i]) {
					return true
				}
			}
		}
	}
	return false
}

// polygonLocate says where pt lies relative to poly, holes excluded.
func polygonLocate(poly orb.Polygon, pt orb.Point) location {
	if len(poly) == 0 {
		return exterior
	}
	l := ringLocate(poly[0], pt)
	if l != interior {
		return l
	}
	for _, h := range poly[1:] {
		switch ringLocate(h, pt) {
		case interior:
			return exterior
		case boundary:
			return boundary
		}
	}
	return interior
}

// ringLocate says where pt lies relative to the area r encloses; r need not
// repeat its first point at the end.
func ringLocate(r orb.Ring, pt orb.Point) location {
	n := len(r)
	if n == 0 {
		return exterior
	}
	b := r.Bound()
	if pt[0] < b.Min[0] || pt[0] > b.Max[0] || pt[1] < b.Min[1] || pt[1] > b.Max[1] {
		return exterior
	}
	in := false
	j := n - 1
	for i := 0; i < n; i++ {
		a, c := r[j], r[i]
		j = i
		if onSegment(pt, a, c) {
			return boundary
		}
		if (a[1] > pt[1]) != (c[1] > pt[1]) {
			x := a[0] + (pt[1]-a[1])*(c[0]-a[0])/(c[1]-a[1])
			if pt[0] < x {
				in = !in
			}
		}
	}
	if in {
		return interior
	}
	return exterior
}

// linesTouch reports whether any segment of a touches any segment of b.
func linesTouch(a, b orb.LineString) bool {
	for i := 1; i < len(a); i++ {
		p, q := a[i-1], a[i]
		sminx, smaxx := min(p[0], q[0]), max(p[0], q[0])
		sminy, smaxy := min(p[1], q[1]), max(p[1], q[1])
		for j := 1; j < len(b); j++ {
			r, s := b[j-1], b[j]
			if max(r[0], s[0]) < sminx || min(r[0], s[0]) > smaxx ||
				max(r[1], s[1]) < sminy || min(r[1], s[1]) > smaxy {
				continue
			}
			if segmentsTouch(p, q, r, s) {
				return true
			}
		}
	}
	return false
}

// orient is the sign of the cross product (b-a) x (c-a): positive when c is
// left of ab, negative when right, zero when collinear.
func orient(a, b, c orb.Point) int {
	v := (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// onSegment reports whether p lies on the closed segment ab.
func onSegment(p, a, b orb.Point) bool {
	if p[0] < min(a[0], b[0]) || p[0] > max(a[0], b[0]) ||
		p[1] < min(a[1], b[1]) || p[1] > max(a[1], b[1]) {
		return false
	}
	return orient(a, b, p) == 0
}

// segmentsTouch reports whether the closed segments pq and rs share a point.
func segmentsTouch(p, q, r, s orb.Point) bool {
	o1, o2 := orient(p, q, r), orient(p, q, s)
	o3, o4 := orient(r, s, p), orient(r, s, q)
	if o1*o2 < 0 && o3*o4 < 0 {
		return true
	}
	return (o1 == 0 && onSegment(r, p, q)) || (o2 == 0 && onSegment(s, p, q)) ||
		(o3 == 0 && onSegment(p, r, s)) || (o4 == 0 && onSegment(q, r, s))
}

// properCross reports whether pq and rs cross at one point inside both.
func properCross(p, q, r, s orb.Point) bool {
	o1, o2 := orient(p, q, r), orient(p, q, s)
	o3, o4 := orient(r, s, p), orient(r, s, q)
	return o1*o2 < 0 && o3*o4 < 0
}

func mid(a, b orb.Point) orb.Point { return orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2} }

// closed returns r with its first point repeated at the end if missing.
func closed(r orb.Ring) orb.Ring {
	if len(r) > 1 && r[0] != r[len(r)-1] {
		c := make(orb.Ring, len(r)+1)
		copy(c, r)
		c[len(r)] = r[0]
		return c
	}
	return r
}

// Equals reports whether two geometries are the same shape: equal after
// both are normalised to the same type and vertex order is compared as
// given (the common case of a filter naming a stored geometry exactly).
func Equals(a, b orb.Geometry) bool {
	if a == nil || b == nil {
		return false
	}
	if orb.Equal(a, b) {
		return true
	}
	// A single polygon equals a one-member multipolygon, and so on.
	return orb.Equal(single(a), single(b))
}

func single(g orb.Geometry) orb.Geometry {
	switch x := g.(type) {
	case orb.MultiPoint:
		if len(x) == 1 {
			return x[0]
		}
	case orb.MultiLineString:
		if len(x) == 1 {
			return x[0]
		}
	case orb.MultiPolygon:
		if len(x) == 1 {
			return x[0]
		}
	}
	return g
}
