package tiles

import (
	"math"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/maptile"
	"github.com/paulmach/orb/simplify"
)

// projectGeometry returns a line or polygon geometry in world coordinates,
// or nil for points and empty geometries (which are indexed as points). A
// collection keeps its members of the highest dimension.
func projectGeometry(g orb.Geometry) orb.Geometry {
	switch g := g.(type) {
	case orb.LineString:
		if len(g) < 2 {
			return nil
		}
		return projectLine(g)
	case orb.MultiLineString:
		var out orb.MultiLineString
		for _, ls := range g {
			if len(ls) >= 2 {
				out = append(out, projectLine(ls))
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case orb.Ring:
		return projectGeometry(orb.Polygon{g})
	case orb.Polygon:
		p := projectPolygon(g)
		if p == nil {
			return nil
		}
		return p
	case orb.MultiPolygon:
		var out orb.MultiPolygon
		for _, p := range g {
			if wp := projectPolygon(p); wp != nil {
				out = append(out, wp)
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case orb.Bound:
		return projectGeometry(g.ToPolygon())
	case orb.Collection:
		var lines orb.MultiLineString
		var polys orb.MultiPolygon
		for _, m := range g {
			switch wm := projectGeometry(m).(type) {
			case orb.LineString:
				lines = append(lines, wm)
			case orb.MultiLineString:
				lines = append(lines, wm...)
			case orb.Polygon:
				polys = append(polys, wm)
			case orb.MultiPolygon:
				polys = append(polys, wm...)
			}
		}
		if len(polys) > 0 {
			return polys
		}
		if len(lines) > 0 {
			return lines
		}
	}
	return nil
}

func projectLine(ls orb.LineString) orb.LineString {
	out := make(orb.LineString, len(ls))
	for i, p := range ls {
		out[i][0], out[i][1] = toWorldF(p)
	}
	return out
}

func projectPolygon(p orb.Polygon) orb.Polygon {
	if len(p) == 0 || len(p[0]) < 3 {
		return nil
	}
	out := make(orb.Polygon, 0, len(p))
	for _, r := range p {
		if len(r) >= 3 {
			out = append(out, orb.Ring(projectLine(orb.LineString(r))))
		}
	}
	return out
}

// toTile maps a world-coordinate geometry into tile units of t, as a new
// geometry.
func toTile(g orb.Geometry, t maptile.Tile) orb.Geometry {
	scale := float64(uint64(1) << (20 - t.Z))
	ox, oy := float64(t.X)*Extent, float64(t.Y)*Extent
	f := func(p orb.Point) orb.Point { return orb.Point{p[0]/scale - ox, p[1]/scale - oy} }
	line := func(ls orb.LineString) orb.LineString {
		out := make(orb.LineString, len(ls))
		for i, p := range ls {
			out[i] = f(p)
		}
		return out
	}
	poly := func(p orb.Polygon) orb.Polygon {
		out := make(orb.Polygon, len(p))
		for i, r := range p {
			out[i] = orb.Ring(line(orb.LineString(r)))
		}
		return out
	}
	switch g := g.(type) {
	case orb.LineString:
		return line(g)
	case orb.MultiLineString:
		out := make(orb.MultiLineString, len(g))
		for i, ls := range g {
			out[i] = line(ls)
		}
		return out
	case orb.Polygon:
		return poly(g)
	case orb.MultiPolygon:
		out := make(orb.MultiPolygon, len(g))
		for i, p := range g {
			out[i] = poly(p)
		}
		return out
	case orb.Point:
		return f(g)
	}
	return nil
}

// drawGeometry sets the pending feature's geometry to g (world coordinates)
// simplified with tol tile units, clipped to the tile grown by buf units and
// rounded; it returns the MVT geometry type, or 0 when nothing is left.
func drawGeometry(e *layerEncoder, g orb.Geometry, t maptile.Tile, buf int, tol float64) uint32 {
	tg := toTile(g, t)
	if tg == nil {
		return 0
	}
	b := float64(buf)
	box := orb.Bound{Min: orb.Point{-b, -b}, Max: orb.Point{Extent + b, Extent + b}}
	if tg.Dimensions() == 2 {
		tg = validArea(tg, tol, box)
	} else {
		if tol > 0 && tg.Dimensions() > 0 {
			tg = simplify.DouglasPeucker(tol).Simplify(tg)
		}
		tg = clip.Geometry(box, tg)
	}
	if tg == nil {
		return 0
	}
	e.geom = e.geom[:0]
	var cx, cy int32
	var pts [][2]int32
	switch tg := tg.(type) {
	case orb.Point:
		e.point(int32(math.Round(tg[0])), int32(math.Round(tg[1])))
		return geomPoint
	case orb.LineString:
		pts = appendLine(e, &cx, &cy, pts, tg)
		return geomIf(e, geomLineString)
	case orb.MultiLineString:
		for _, ls := range tg {
			pts = appendLine(e, &cx, &cy, pts, ls)
		}
		return geomIf(e, geomLineString)
	case orb.Polygon:
		appendPolygon(e, &cx, &cy, pts, tg)
		return geomIf(e, geomPolygon)
	case orb.MultiPolygon:
		for _, p := range tg {
			pts = appendPolygon(e, &cx, &cy, pts, p)
		}
		return geomIf(e, geomPolygon)
	}
	return 0
}

func geomIf(e *layerEncoder, typ uint32) uint32 {
	if len(e.geom) == 0 {
		return 0
	}
	return typ
}

// rounded appends the points of ls rounded to integers, without repeats.
func rounded(pts [][2]int32, ls []orb.Point) [][2]int32 {
	pts = pts[:0]
	for _, p := range ls {
		q := [2]int32{int32(math.Round(p[0])), int32(math.Round(p[1]))}
		if len(pts) > 0 && pts[len(pts)-1] == q {
			continue
		}
		pts = append(pts, q)
	}
	return pts
}

func appendLine(e *layerEncoder, cx, cy *int32, pts [][2]int32, ls orb.LineString) [][2]int32 {
	pts = rounded(pts, ls)
	if len(pts) >= 2 {
		e.path(cx, cy, pts, false)
	}
	return pts
}

// appendPolygon writes the rings of p, the outer one with positive area in
// tile coordinates (clockwise on screen) and holes negative, as MVT 2.1
// requires; a polygon whose outer ring rounds away is dropped.
func appendPolygon(e *layerEncoder, cx, cy *int32, pts [][2]int32, p orb.Polygon) [][2]int32 {
	for i, r := range p {
		pts = rounded(pts, r)
		if len(pts) > 1 && pts[0] == pts[len(pts)-1] {
			pts = pts[:len(pts)-1]
		}
		a := area2(pts)
		if len(pts) < 3 || a == 0 {
			if i == 0 {
				return pts
			}
			continue
		}
		if (i == 0) != (a > 0) {
			for l, h := 0, len(pts)-1; l < h; l, h = l+1, h-1 {
				pts[l], pts[h] = pts[h], pts[l]
			}
		}
		e.path(cx, cy, pts, true)
	}
	return pts
}

// area2 is twice the signed area of a ring by the surveyor's formula.
func area2(pts [][2]int32) int64 {
	var s int64
	for i := range pts {
		j := (i + 1) % len(pts)
		s += int64(pts[i][0])*int64(pts[j][1]) - int64(pts[j][0])*int64(pts[i][1])
	}
	return s
}

// validArea returns a polygon or multipolygon in tile units simplified with
// tol, clipped to box and rounded to the tile's integer grid, as a shape
// GEOS finds valid (GDAL's MVT driver raised a TopologyException on
// tiles that were not): simplified only where that keeps it valid, cut
// by a clip that keeps validity (orb's joins the pieces of a ring cut in
// several by edges along the box), and repaired where rounding made rings
// touch or cross. nil when nothing is left.
func validArea(tg orb.Geometry, tol float64, box orb.Bound) orb.Geometry {
	r, ok := validAreaAt(tg, tol, box)
	// Rounding to the grid can fold a detailed coast onto itself in a way
	// the overlay cannot mend: coarser simplification takes the detail away.
	for t := 2 * math.Max(tol, 1); !ok && t <= 16*math.Max(tol, 1); t *= 2 {
		if c, cok := validAreaAt(tg, t, box); cok {
			return c
		}
	}
	return r
}

// validAreaAt is validArea at one tolerance; ok says whether the result is
// valid.
func validAreaAt(tg orb.Geometry, tol float64, box orb.Bound) (orb.Geometry, bool) {
	// A country drawn in a zoomed-in tile is mostly far outside it: cut it
	// first, cheaply, to the tile and a tile's width around it, so the
	// simplification, the checks and the overlay below see only the part
	// that can reach the tile. Inside the wider box the shape is unchanged;
	// whatever that cut leaves on its own edges lies outside box.
	if wide := grow(box, Extent); !wide.Contains(tg.Bound().Min) || !wide.Contains(tg.Bound().Max) {
		tg = clip.Geometry(wide, orb.Clone(tg))
		if tg == nil {
			return nil, true
		}
	}
	s := tg
	if tol > 0 {
		// Less simplification where Douglas-Peucker breaks validity; past
		// a quarter of tol the simplified shape is repaired once rounded,
		// cheaper than the whole of a large country at a low zoom.
		// Simplify works in place: each try starts from a copy of tg.
		// Rings it folds flat (islands below the tolerance: a, b, a) are
		// dropped: the overlay of ClipValid read such a ring of Norway or
		// Fiji as covering the whole tile, and a world tile drew every sea
		// as land.
		for t := tol; t >= tol/4; t /= 2 {
			d := dropFlat(simplify.DouglasPeucker(t).Simplify(orb.Clone(tg)))
			if d == nil {
				break
			}
			s = d
			if geo.Validate(d) == nil {
				break
			}
		}
	}
	if sb := s.Bound(); !box.Contains(sb.Min) || !box.Contains(sb.Max) {
		c, err := geo.ClipValid(s, box)
		if err != nil {
			// An invalid shape: clip it as before (in place, on a copy:
			// validArea may try again from tg) and repair it below.
			c = clip.Geometry(box, orb.Clone(s))
		}
		if c == nil {
			return nil, true
		}
		s = c
	}
	r := roundArea(s)
	if r == nil {
		return nil, true
	}
	if geo.Validate(r) == nil {
		return r, true
	}
	// A repair that loses land (the overlay reads a mainland folded onto
	// itself as a hole: Egypt, Mexico, Vietnam at zooms 3 to 5) is no
	// repair: validArea tries coarser.
	if v, _, err := geo.Repair(r, math.Round); err == nil && geo.LandArea(v) >= 0.9*geo.LandArea(r) {
		return v, true
	}
	return r, false
}

// dropFlat returns the polygon or multipolygon g without its rings of
// fewer than 4 points or no area (a polygon goes with its outer ring), nil
// when no polygon is left; other geometries come back as they are.
func dropFlat(g orb.Geometry) orb.Geometry {
	return geo.CleanRings(g, nil, false)
}

// grow returns b grown by d on every side.
func grow(b orb.Bound, d float64) orb.Bound {
	return orb.Bound{Min: orb.Point{b.Min[0] - d, b.Min[1] - d}, Max: orb.Point{b.Max[0] + d, b.Max[1] + d}}
}

// roundArea rounds the coordinates of a polygon or multipolygon to
// integers and drops the repeated points, spikes and rings that rounding
// makes; nil when no polygon is left.
func roundArea(g orb.Geometry) orb.Geometry {
	return geo.CleanRings(g, math.Round, true)
}
