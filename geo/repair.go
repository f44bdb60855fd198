package geo

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	"github.com/paulmach/orb/planar"
	sf "github.com/peterstace/simplefeatures/geom"
)

// Repair rebuilds a Polygon or MultiPolygon valid: each ring is cut into
// simple loops where it passes a vertex twice, each invalid polygon becomes
// the even-odd combination of its loops (a loop inside another is a hole,
// as GEOS's MakeValid reads it), and the polygons are unioned where they
// overlap; the overlay nodes what still crosses. The result's coordinates
// go through snap (the caller's precision: 5 decimals, a tile's integer
// grid; nil keeps them), what that collapses is dropped, and the result is
// validated again. A part of less than 5% of the whole's area that cannot
// be repaired is left out, and counted in leftOut. It returns an error
// when the overlay cannot make the shape valid.
func Repair(g orb.Geometry, snap func(float64) float64) (valid orb.Geometry, leftOut int, err error) {
	g = normalizeAreal(g)
	var errs []error
	for _, combine := range []func(a, b sf.Geometry) (sf.Geometry, error){sf.SymmetricDifference, sf.Union} {
		r, n, err := repairWith(g, combine, snap)
		if err == nil {
			return r, n, nil
		}
		errs = append(errs, err)
	}
	// Last, the overlay's own reading of the rings as they are.
	s, err := toSF(g)
	if err != nil {
		return nil, 0, err
	}
	if u, err := sf.UnaryUnion(s); err != nil {
		errs = append(errs, err)
	} else if err := u.Validate(); err != nil || u.IsEmpty() {
		errs = append(errs, fmt.Errorf("union: %v", err))
	} else if r, err := snapped(u, snap); err != nil {
		errs = append(errs, err)
	} else {
		return r, 0, nil
	}
	return nil, 0, errors.Join(errs...)
}

// repairWith is Repair with combine joining the loops of one polygon:
// SymmetricDifference (even-odd) or Union (a loop inside another fills it).
func repairWith(g orb.Geometry, combine func(a, b sf.Geometry) (sf.Geometry, error), snap func(float64) float64) (orb.Geometry, int, error) {
	var polys orb.MultiPolygon
	switch g := g.(type) {
	case orb.Polygon:
		polys = orb.MultiPolygon{g}
	case orb.MultiPolygon:
		polys = g
	default:
		return nil, 0, fmt.Errorf("repair %T: %w", g, ErrNotPolygonal)
	}
	var parts []sf.Geometry
	leftOut := 0
	total := math.Abs(planar.Area(polys))
	for _, p := range polys {
		if sp, err := toSF(p); err == nil && sp.Validate() == nil {
			parts = append(parts, sp) // valid as it is: no overlay
			continue
		}
		acc, err := repairPolygon(p, combine)
		if err != nil {
			// A small part (an island of a continent) the overlay cannot
			// repair is left out rather than spoil the whole.
			if math.Abs(planar.Area(p)) < 0.05*total {
				leftOut++
				continue
			}
			return nil, 0, err
		}
		if !acc.IsEmpty() {
			parts = append(parts, acc)
		}
	}
	// Parts that neither overlap nor share an edge need no union, which
	// spares the overlay the whole of a large country.
	var ps []sf.Polygon
	for _, p := range parts {
		switch p.Type() {
		case sf.TypePolygon:
			ps = append(ps, p.MustAsPolygon())
		case sf.TypeMultiPolygon:
			mp := p.MustAsMultiPolygon()
			for i := 0; i < mp.NumPolygons(); i++ {
				ps = append(ps, mp.PolygonN(i))
			}
		}
	}
	if mp := sf.NewMultiPolygon(ps).AsGeometry(); mp.Validate() == nil && !mp.IsEmpty() {
		if r, err := snapped(mp, snap); err == nil {
			return r, leftOut, nil
		}
	}
	u, err := sf.UnionMany(parts)
	if err != nil {
		return nil, 0, err
	}
	if err := u.Validate(); err != nil {
		return nil, 0, err
	}
	if u.IsEmpty() {
		return nil, 0, fmt.Errorf("repair left nothing")
	}
	r, err := snapped(u, snap)
	return r, leftOut, err
}

// repairPolygon combines the loops of p's rings with combine, or takes the
// overlay's union of p when that fails.
func repairPolygon(p orb.Polygon, combine func(a, b sf.Geometry) (sf.Geometry, error)) (sf.Geometry, error) {
	var acc sf.Geometry
	err := func() error {
		for _, r := range p {
			for _, loop := range loops(r) {
				lp, err := toSF(orb.Polygon{loop})
				if err != nil {
					return err
				}
				if acc, err = combine(acc, lp); err != nil {
					return err
				}
			}
		}
		return acc.Validate()
	}()
	if err == nil {
		return acc, nil
	}
	s, serr := toSF(p)
	if serr != nil {
		return sf.Geometry{}, serr
	}
	u, uerr := sf.UnaryUnion(s)
	if uerr == nil {
		uerr = u.Validate()
	}
	if uerr != nil {
		return sf.Geometry{}, errors.Join(err, uerr)
	}
	return u, nil
}

// loops cuts a ring into rings that each pass a vertex once: walking the
// ring, a vertex met again closes the loop since its first visit.
func loops(r orb.Ring) []orb.Ring {
	if len(r) < 4 {
		return nil
	}
	var out []orb.Ring
	path := make([]orb.Point, 0, len(r))
	at := make(map[orb.Point]int, len(r))
	for _, p := range r {
		if i, ok := at[p]; ok {
			loop := append(orb.Ring(nil), path[i:]...)
			loop = append(loop, p)
			if len(loop) >= 4 {
				out = append(out, loop)
			}
			for _, q := range path[i+1:] {
				delete(at, q)
			}
			path = path[:i+1]
			continue
		}
		at[p] = len(path)
		path = append(path, p)
	}
	return out
}

// Union returns the valid union of gs, its coordinates through snap as
// Repair's (nil: kept as computed).
func Union(gs []orb.Geometry, snap func(float64) float64) (orb.Geometry, error) {
	ss := make([]sf.Geometry, 0, len(gs))
	for _, g := range gs {
		s, err := toSF(g)
		if err != nil {
			return nil, err
		}
		ss = append(ss, s)
	}
	u, err := sf.UnionMany(ss)
	if err != nil {
		return nil, err
	}
	if err := u.Validate(); err != nil {
		return nil, err
	}
	return snapped(u, snap)
}

// snapped converts an overlay's result back to orb with its coordinates
// through snap, dropping repeated points, spikes and the rings that
// collapse, and validates it again.
func snapped(g sf.Geometry, snap func(float64) float64) (orb.Geometry, error) {
	o, err := wkb.Unmarshal(g.AsBinary())
	if err != nil {
		return nil, err
	}
	var mp orb.MultiPolygon
	switch o := o.(type) {
	case orb.Polygon:
		mp = orb.MultiPolygon{o}
	case orb.MultiPolygon:
		mp = o
	default:
		return nil, fmt.Errorf("repair made a %T: %w", o, ErrNotPolygonal)
	}
	res := CleanRings(mp, snap, true)
	if res == nil {
		return nil, fmt.Errorf("nothing left once snapped")
	}
	if err := Validate(res); err != nil {
		return nil, fmt.Errorf("once snapped: %w", err)
	}
	return res, nil
}

// CleanRings passes the coordinates of a polygon or multipolygon through
// snap (when not nil, into new rings), drops repeated points and spikes
// (when spikes is set) and the rings left with no area; a polygon whose
// shell has none goes whole. It returns a Polygon, a MultiPolygon or nil
// when nothing is left; any other geometry comes back as it is.
func CleanRings(g orb.Geometry, snap func(float64) float64, spikes bool) orb.Geometry {
	var in orb.MultiPolygon
	switch g := g.(type) {
	case orb.Polygon:
		in = orb.MultiPolygon{g}
	case orb.MultiPolygon:
		in = g
	default:
		return g
	}
	var out orb.MultiPolygon
	for _, p := range in {
		var q orb.Polygon
		for i, r := range p {
			if snap != nil {
				rr := make(orb.Ring, len(r))
				for j, pt := range r {
					rr[j] = orb.Point{snap(pt[0]), snap(pt[1])}
				}
				r = rr
			}
			if spikes {
				r = orb.Ring(DropSpikes(r))
			}
			if len(r) < 4 || planar.Area(r) == 0 {
				if i == 0 {
					break
				}
				continue
			}
			q = append(q, r)
		}
		if len(q) > 0 {
			out = append(out, q)
		}
	}
	switch len(out) {
	case 0:
		return nil
	case 1:
		return out[0]
	}
	return out
}

// DropSpikes removes repeated points and zero-width spikes (a, b, a' with
// a' on the segment back from b to a) from a line: the TopoJSON's
// quantized arcs go back and forth along a grid line here and there, and
// rounding to a grid makes such spikes, which make a ring touch itself. A ring (first point equal to the last) stays
// closed, and its ends are checked as well.
func DropSpikes(ls []orb.Point) []orb.Point {
	closed := len(ls) > 1 && ls[0] == ls[len(ls)-1]
	out := make([]orb.Point, 0, len(ls))
	for _, p := range ls {
		if n := len(out); n > 0 && out[n-1] == p {
			continue
		}
		out = append(out, p)
		for len(out) >= 3 {
			n := len(out)
			if !backtracks(out[n-3], out[n-2], out[n-1]) {
				break
			}
			// b is the tip of a spike: drop it, and c too when it lands on a.
			out = append(out[:n-2], out[n-1])
			if out[n-3] == out[n-2] {
				out = out[:n-2]
			}
		}
	}
	if !closed {
		return out
	}
	// Around the closing point: the ring is out[0..n-1] with out[n-1] == out[0].
	for len(out) >= 4 {
		n := len(out)
		switch {
		case backtracks(out[n-2], out[0], out[1]):
			out = append(out[1:n-1], out[1])
		case backtracks(out[n-3], out[n-2], out[0]):
			out = append(out[:n-2], out[0])
		default:
			return out
		}
		if n := len(out); n >= 2 && out[n-2] == out[n-1] {
			out = out[:n-1]
		}
	}
	return out
}

// backtracks reports whether the path a -> b -> c turns back on itself:
// c lies on the line through a and b, on b's side back towards a.
func backtracks(a, b, c orb.Point) bool {
	ux, uy := b[0]-a[0], b[1]-a[1]
	vx, vy := c[0]-b[0], c[1]-b[1]
	return ux*vy-uy*vx == 0 && ux*vx+uy*vy < 0
}

// Untangle mends a line that meets itself: the TopoJSON's quantized arcs
// cross or touch themselves here and there (a coast that doubles back
// within a grid cell, an island drawn as a figure eight). Where two
// segments that are not neighbours cross, the line between them is walked
// the other way, which uncrosses them and keeps the land on both sides;
// where they touch, the line goes from the first one to the point where
// they meet (through snap: the caller's grid; nil keeps it as computed) and
// on along the second one, leaving out the loop between them. The closest
// pair goes first, and the search starts again until no segment meets
// another. The line's ends stay (an arc's ends are the nodes it shares with
// other arcs), but for a closed line (a ring) whose loop runs through its
// start, where the rest is kept. A change of more than maxArea (square
// degrees; for a loop left out, the area of the box around it) is no small
// mend: Untangle stops there and returns ok=false. changed is the area the
// line gained or lost.
func Untangle(ls []orb.Point, maxArea float64, snap func(float64) float64) (out []orb.Point, changed float64, ok bool) {
	if snap == nil {
		snap = func(v float64) float64 { return v }
	}
	out = DropSpikes(append([]orb.Point(nil), ls...))
	for range 4*len(out) + 16 {
		i, j := closestMeeting(out)
		if i < 0 {
			return out, changed, true
		}
		x := meeting(out[i], out[i+1], out[j], out[j+1])
		if properCross(out[i], out[i+1], out[j], out[j+1]) {
			// Two segments that cross at x: the line goes round the loop
			// the other way (out[i] to out[j], ..., out[i+1] to out[j+1]),
			// so a figure eight becomes one ring that keeps both lobes, as
			// an even-odd reading does, and gains or loses the triangles
			// between x and the four ends. The line gets shorter each time.
			d := math.Abs(planar.Area(orb.Ring{x, out[i], out[j], x})) + math.Abs(planar.Area(orb.Ring{x, out[i+1], out[j+1], x}))
			if d > maxArea {
				return out, changed, false
			}
			changed += d
			slices.Reverse(out[i+1 : j+1])
			out = DropSpikes(out)
			continue
		}
		xs := orb.Point{snap(x[0]), snap(x[1])}
		n := len(out) - 1
		var loop, rest []orb.Point
		if out[0] == out[n] && n-(j-i) < j-i {
			// A ring whose loop runs through its start: keep the rest.
			loop = append(append(append([]orb.Point{x}, out[j+1:n]...), out[:i+1]...), x)
			rest = append(append([]orb.Point{xs}, out[i+1:j+1]...), xs)
		} else {
			loop = append(append([]orb.Point{x}, out[i+1:j+1]...), x)
			rest = append(append(append([]orb.Point(nil), out[:i+1]...), xs), out[j+1:]...)
		}
		if b := orb.MultiPoint(loop).Bound(); (b.Max[0]-b.Min[0])*(b.Max[1]-b.Min[1]) > maxArea {
			return out, changed, false
		}
		changed += math.Abs(planar.Area(orb.Ring(loop)))
		out = DropSpikes(rest)
	}
	return out, changed, false
}

// meeting returns a point where the segments pq and rs meet: where they
// cross, or an end of one that lies on the other (the inner ends first:
// q on rs, r on pq).
func meeting(p, q, r, s orb.Point) orb.Point {
	if properCross(p, q, r, s) {
		dx, dy := q[0]-p[0], q[1]-p[1]
		ex, ey := s[0]-r[0], s[1]-r[1]
		t := ((r[0]-p[0])*ey - (r[1]-p[1])*ex) / (dx*ey - dy*ex)
		return orb.Point{p[0] + t*dx, p[1] + t*dy}
	}
	switch {
	case onSegment(q, r, s):
		return q
	case onSegment(r, p, q):
		return r
	case onSegment(p, r, s):
		return p
	}
	return s
}

// closestMeeting returns the segments i < j of ls (segment k runs from
// ls[k] to ls[k+1]) that meet though they are not neighbours, with j-i the
// least, or -1, -1 when no two meet.
func closestMeeting(ls []orb.Point) (int, int) {
	n := len(ls) - 1
	if n < 3 {
		return -1, -1
	}
	closed := ls[0] == ls[n]
	type seg struct {
		k          int
		minX, maxX float64
		minY, maxY float64
	}
	segs := make([]seg, n)
	for k := range n {
		a, b := ls[k], ls[k+1]
		segs[k] = seg{k, min(a[0], b[0]), max(a[0], b[0]), min(a[1], b[1]), max(a[1], b[1])}
	}
	sort.Slice(segs, func(a, b int) bool { return segs[a].minX < segs[b].minX })
	bi, bj := -1, -1
	for a := range segs {
		s := segs[a]
		for b := a + 1; b < n && segs[b].minX <= s.maxX; b++ {
			u := segs[b]
			if u.minY > s.maxY || u.maxY < s.minY {
				continue
			}
			i, j := min(s.k, u.k), max(s.k, u.k)
			if j == i+1 || (closed && i == 0 && j == n-1) {
				continue // neighbours share a point
			}
			if bi >= 0 && j-i >= bj-bi {
				continue
			}
			if segmentsTouch(ls[i], ls[i+1], ls[j], ls[j+1]) {
				bi, bj = i, j
			}
		}
	}
	return bi, bj
}
