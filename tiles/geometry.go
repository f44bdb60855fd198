package tiles

import (
	"math"

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
	if tol > 0 && tg.Dimensions() > 0 {
		tg = simplify.DouglasPeucker(tol).Simplify(tg)
	}
	b := float64(buf)
	tg = clip.Geometry(orb.Bound{Min: orb.Point{-b, -b}, Max: orb.Point{Extent + b, Extent + b}}, tg)
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
