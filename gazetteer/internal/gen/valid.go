package main

import (
	"errors"
	"fmt"
	"github.com/paulmach/orb/planar"
	"log"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	sf "github.com/peterstace/simplefeatures/geom"
)

// The sources' polygons, and more of them once simplified, are not all
// valid OGC simple features (rings that cross themselves or a neighbour,
// islands drawn over the mainland): GEOS, hence QGIS, GDAL and PostGIS,
// refuse or mangle those. The generator keeps only valid shapes: it
// simplifies less where the simplified shape would be invalid, and repairs
// with simplefeatures' pure-Go overlay what is invalid at the source.

// sfGeom converts g to a simplefeatures geometry without validating it.
func sfGeom(g orb.Geometry) (sf.Geometry, error) {
	b, err := wkb.Marshal(g)
	if err != nil {
		return sf.Geometry{}, err
	}
	return sf.UnmarshalWKB(b, sf.NoValidate{})
}

// orbGeom converts a simplefeatures geometry back, a lone polygon of a
// multipolygon as a Polygon. The overlay's new vertices are rounded to the
// gazetteer's 5 decimals, as the file stores them, and what that rounding
// collapses is dropped; the result is validated again.
func orbGeom(g sf.Geometry) (orb.Geometry, error) {
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
		return o, nil
	}
	var out orb.MultiPolygon
	for _, p := range mp {
		var q orb.Polygon
		for i, r := range p {
			for j := range r {
				r[j] = orb.Point{round5(r[j][0]), round5(r[j][1])}
			}
			r = orb.Ring(dropSpikes(r))
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
	var res orb.Geometry = out
	switch len(out) {
	case 0:
		return nil, fmt.Errorf("nothing left once rounded")
	case 1:
		res = out[0]
	}
	if err := validate(res); err != nil {
		return nil, fmt.Errorf("once rounded: %w", err)
	}
	return res, nil
}

// validate returns why g is not a valid simple feature, or nil.
func validate(g orb.Geometry) error {
	s, err := sfGeom(g)
	if err != nil {
		return err
	}
	return s.Validate()
}

// repair rebuilds g valid: each ring is cut into simple loops where it
// passes a vertex twice, each polygon becomes the even-odd combination of
// its loops (a loop inside another is a hole, as GEOS's MakeValid reads it),
// and the polygons are unioned; simplefeatures' overlay nodes what still
// crosses. It returns an error when the overlay cannot.
func repair(g orb.Geometry) (orb.Geometry, error) {
	var errs []error
	for _, combine := range []func(a, b sf.Geometry) (sf.Geometry, error){sf.SymmetricDifference, sf.Union} {
		r, err := repairWith(g, combine)
		if err == nil {
			return r, nil
		}
		errs = append(errs, err)
	}
	// Last, the overlay's own reading of the rings as they are.
	s, err := sfGeom(g)
	if err != nil {
		return nil, err
	}
	if u, err := sf.UnaryUnion(s); err != nil {
		errs = append(errs, err)
	} else if err := u.Validate(); err != nil || u.IsEmpty() {
		errs = append(errs, fmt.Errorf("union: %v", err))
	} else {
		return orbGeom(u)
	}
	return nil, errors.Join(errs...)
}

// repairWith is repair with combine joining the loops of one polygon:
// SymmetricDifference (even-odd) or Union (a loop inside another fills it).
func repairWith(g orb.Geometry, combine func(a, b sf.Geometry) (sf.Geometry, error)) (orb.Geometry, error) {
	var polys orb.MultiPolygon
	switch g := g.(type) {
	case orb.Polygon:
		polys = orb.MultiPolygon{g}
	case orb.MultiPolygon:
		polys = g
	default:
		return nil, fmt.Errorf("repair %T: not polygonal", g)
	}
	var parts []sf.Geometry
	total := math.Abs(planar.Area(polys))
	for _, p := range polys {
		if sp, err := sfGeom(p); err == nil && sp.Validate() == nil {
			parts = append(parts, sp) // valid as it is: no overlay
			continue
		}
		acc, err := repairPolygon(p, combine)
		if err != nil {
			// A small part (an island of a continent) the overlay cannot
			// repair is left out rather than spoil the whole.
			if a := math.Abs(planar.Area(p)); a < 0.05*total {
				log.Printf("gen: left out a part of %.2f square degrees at %v: %v", a, p.Bound().Center(), err)
				continue
			}
			return nil, err
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
		return orbGeom(mp)
	}
	u, err := sf.UnionMany(parts)
	if err != nil {
		return nil, err
	}
	if err := u.Validate(); err != nil {
		return nil, err
	}
	if u.IsEmpty() {
		return nil, fmt.Errorf("repair left nothing")
	}
	return orbGeom(u)
}

// repairPolygon combines the loops of p's rings with combine, or takes the
// overlay's union of p when that fails.
func repairPolygon(p orb.Polygon, combine func(a, b sf.Geometry) (sf.Geometry, error)) (sf.Geometry, error) {
	var acc sf.Geometry
	err := func() error {
		for _, r := range p {
			for _, loop := range loops(r) {
				lp, err := sfGeom(orb.Polygon{loop})
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
	s, serr := sfGeom(p)
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

// union returns the valid union of gs.
func union(gs []orb.Geometry) (orb.Geometry, error) {
	ss := make([]sf.Geometry, 0, len(gs))
	for _, g := range gs {
		s, err := sfGeom(g)
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
	return orbGeom(u)
}

// validStats counts how the generator came by its valid shapes.
type validStats struct {
	asSimplified, lessSimplified, repaired, invalid int
}

func (s validStats) String() string {
	return fmt.Sprintf("%d valid as simplified, %d simplified less, %d repaired, %d left invalid",
		s.asSimplified, s.lessSimplified, s.repaired, s.invalid)
}

// simplifyValid simplifies g with simplify at tol, or at half, a quarter,
// ... of tol, or not at all, whichever first gives a valid shape; a shape
// invalid even unsimplified is repaired. It returns the best it found and
// whether it is valid.
func simplifyValid(id string, g orb.Geometry, tol float64, simplify func(orb.Geometry, float64) orb.Geometry, st *validStats) orb.Geometry {
	for i, t := 0, tol; i < 6; i, t = i+1, t/2 {
		s := simplify(g, t)
		if s == nil {
			continue
		}
		if validate(s) == nil {
			if i == 0 {
				st.asSimplified++
			} else {
				st.lessSimplified++
			}
			return s
		}
	}
	raw := simplify(g, 0)
	if raw == nil {
		return nil
	}
	if validate(raw) == nil {
		st.lessSimplified++
		return raw
	}
	// Repairing the simplified shape keeps its size; the overlay may make
	// sense of the shape at another tolerance when it cannot of that one.
	for _, cand := range []orb.Geometry{simplify(g, tol), raw, simplify(g, tol/2), simplify(g, tol*2), simplify(g, tol/4)} {
		if cand == nil {
			continue
		}
		if r, err := repair(cand); err == nil {
			st.repaired++
			return r
		}
	}
	st.invalid++
	log.Printf("gen: %s: no valid shape: %v", id, validate(raw))
	return simplify(g, tol)
}

// dropSlivers removes the holes of g smaller than minArea square degrees;
// a polygon less some of its holes stays valid.
func dropSlivers(g orb.Geometry, minArea float64) orb.Geometry {
	keep := func(p orb.Polygon) orb.Polygon {
		out := p[:1]
		for _, h := range p[1:] {
			if math.Abs(planar.Area(h)) >= minArea {
				out = append(out, h)
			}
		}
		return out
	}
	switch g := g.(type) {
	case orb.Polygon:
		return keep(g)
	case orb.MultiPolygon:
		for i := range g {
			g[i] = keep(g[i])
		}
	}
	return g
}

// dropSpikes removes repeated points and zero-width spikes (a, b, a' with
// a' on the segment back from b to a) from a line: the TopoJSON's
// quantized arcs go back and forth along a grid line here and there, which
// makes a ring touch itself. A ring (first point equal to the last) stays
// closed, and its ends are checked as well.
func dropSpikes(ls []orb.Point) []orb.Point {
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

// oneSideOfTheAntimeridian writes the antimeridian as 180 in a ring that
// lies east of the prime meridian, as -180 in one that lies west: the
// TopoJSON closes some rings cut at the antimeridian with a point at -180
// next to one at 180, an edge once around the world that crosses every
// other edge of the ring.
func oneSideOfTheAntimeridian(r orb.Ring) orb.Ring {
	var east, west bool
	for _, p := range r {
		if p[0] > 0 && p[0] < 180 {
			east = true
		}
		if p[0] < 0 && p[0] > -180 {
			west = true
		}
	}
	if east == west {
		return r
	}
	from, to := -180.0, 180.0
	if west {
		from, to = 180, -180
	}
	for i, p := range r {
		if p[0] == from {
			r[i][0] = to
		}
	}
	return r
}
