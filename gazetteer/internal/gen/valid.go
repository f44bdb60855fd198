package main

import (
	"fmt"
	"github.com/paulmach/orb/planar"
	"log"
	"math"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/paulmach/orb"
)

// The sources' polygons, and more of them once simplified, are not all
// valid OGC simple features (rings that cross themselves or a neighbour,
// islands drawn over the mainland): GEOS, hence QGIS, GDAL and PostGIS,
// refuse or mangle those. The generator keeps only valid shapes: it
// simplifies less where the simplified shape would be invalid, and repairs
// with simplefeatures' pure-Go overlay what is invalid at the source.

// validate returns why g is not a valid simple feature, or nil.
func validate(g orb.Geometry) error { return geo.Validate(g) }

// repair rebuilds g valid with geo.Repair, at the gazetteer's 5 decimals.
func repair(g orb.Geometry) (orb.Geometry, error) {
	r, leftOut, err := geo.Repair(g, round5)
	if leftOut > 0 {
		log.Printf("gen: repair left out %d small parts it could not mend", leftOut)
	}
	return r, err
}

// union returns the valid union of gs, at the gazetteer's 5 decimals.
func union(gs []orb.Geometry) (orb.Geometry, error) { return geo.Union(gs, round5) }

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
// invalid even unsimplified is repaired. With repairFirst, a shape invalid
// once simplified at tol is repaired before simplifying less: for shapes
// that share no border with another (continents), whose size it keeps.
// It returns the best it found.
func simplifyValid(id string, g orb.Geometry, tol float64, simplify func(orb.Geometry, float64) orb.Geometry, st *validStats, repairFirst bool) orb.Geometry {
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
		if i == 0 && repairFirst {
			if r, err := repair(s); err == nil {
				st.repaired++
				return r
			}
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

// dropSpikes is geo.DropSpikes.
func dropSpikes(ls []orb.Point) []orb.Point { return geo.DropSpikes(ls) }

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

// aroundThePole closes a ring that goes once around a pole (Antarctica's
// coast, from -180 to 180) along the antimeridian and the pole, where the
// TopoJSON closes it with an edge back across the world that crosses the
// coast: the polygon is then the land between the coast and the pole.
// Other rings come back as they are.
func aroundThePole(r orb.Ring) orb.Ring {
	jump, turn, lat := -1, 0.0, 0.0
	for i := 1; i < len(r); i++ {
		dx := r[i][0] - r[i-1][0]
		if math.Abs(dx) > 180 {
			if jump >= 0 {
				return r // more than one jump: not once around
			}
			jump = i
			dx -= math.Copysign(360, dx)
		}
		turn += dx
		lat += r[i][1]
	}
	if jump < 0 || math.Abs(math.Abs(turn)-360) > 1e-6 {
		return r
	}
	pole := math.Copysign(90, lat)
	p, q := r[jump-1], r[jump]
	// Eastward across 180 (p east, q west) or westward across -180.
	edge := math.Copysign(180, p[0])
	qx := q[0] + 2*edge
	y := p[1]
	if qx != p[0] {
		y = round5(p[1] + (q[1]-p[1])*(edge-p[0])/(qx-p[0]))
	}
	out := make(orb.Ring, 0, len(r)+4)
	out = append(out, r[:jump]...)
	out = append(out, orb.Point{edge, y}, orb.Point{edge, pole}, orb.Point{-edge, pole}, orb.Point{-edge, y})
	return append(out, r[jump:]...)
}
