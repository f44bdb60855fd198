package geo

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
)

// world is the lon/lat plane a split geometry is cut to.
var world = orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}

// CrossesAntimeridian reports whether a line or ring of g jumps across the
// antimeridian: two consecutive longitudes more than 180° apart, which a
// map in longitude/latitude or Web Mercator draws as a streak across the
// world (Natural Earth's Russia, Fiji and Antarctica have such rings).
func CrossesAntimeridian(g orb.Geometry) bool {
	crossed := false
	eachLine(g, func(ls []orb.Point) {
		for i := 1; i < len(ls) && !crossed; i++ {
			crossed = jumps(ls[i-1], ls[i])
		}
	})
	return crossed
}

// jumps reports whether the edge a-b jumps across the antimeridian. An edge
// along a pole is no jump: it is where a ring around the pole closes, and
// off every Web Mercator map.
func jumps(a, b orb.Point) bool {
	return math.Abs(b[0]-a[0]) > 180 && !(a[1] == b[1] && math.Abs(a[1]) == 90)
}

func eachLine(g orb.Geometry, fn func([]orb.Point)) {
	switch g := g.(type) {
	case orb.LineString:
		fn(g)
	case orb.Ring:
		fn(g)
	case orb.MultiLineString:
		for _, ls := range g {
			fn(ls)
		}
	case orb.Polygon:
		for _, r := range g {
			fn(r)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			for _, r := range p {
				fn(r)
			}
		}
	case orb.Collection:
		for _, m := range g {
			eachLine(m, fn)
		}
	}
}

// SplitAntimeridian returns g cut at the antimeridian into parts that each
// stay within longitudes -180..180 without jumping across: polygons become
// a MultiPolygon of their parts on either side (a ring around a pole is
// closed along the pole), lines a MultiLineString cut where they cross.
// A geometry that does not cross comes back as it is.
func SplitAntimeridian(g orb.Geometry) orb.Geometry {
	if !CrossesAntimeridian(g) {
		return g
	}
	switch g := g.(type) {
	case orb.Ring:
		return SplitAntimeridian(orb.Polygon{g})
	case orb.Polygon:
		return onePolygon(splitPolygon(g))
	case orb.MultiPolygon:
		var out orb.MultiPolygon
		for _, p := range g {
			if CrossesAntimeridian(p) {
				out = append(out, splitPolygon(p)...)
			} else {
				out = append(out, p)
			}
		}
		return out
	case orb.LineString:
		return splitLine(g)
	case orb.MultiLineString:
		var out orb.MultiLineString
		for _, ls := range g {
			out = append(out, splitLine(ls)...)
		}
		return out
	case orb.Collection:
		out := make(orb.Collection, len(g))
		for i, m := range g {
			out[i] = SplitAntimeridian(m)
		}
		return out
	}
	return g
}

func onePolygon(mp orb.MultiPolygon) orb.Geometry {
	if len(mp) == 1 {
		return mp[0]
	}
	return mp
}

// unwrap returns r with longitudes shifted by whole turns so that no two
// consecutive ones are more than 180° apart: the ring as one continuous
// shape, which may reach beyond ±180.
func unwrap(r []orb.Point) orb.Ring {
	out := make(orb.Ring, len(r))
	shift := 0.0
	for i, p := range r {
		if i > 0 && jumps(r[i-1], p) {
			d := p[0] + shift - out[i-1][0]
			shift -= 360 * math.Round(d/360)
		}
		out[i] = orb.Point{p[0] + shift, p[1]}
	}
	return out
}

// unwrapRing unwraps a ring and closes it; a ring around a pole (whose
// unwrapped ends are a whole turn apart) is closed along that pole.
func unwrapRing(r orb.Ring) orb.Ring {
	u := unwrap(r)
	if len(u) < 2 {
		return u
	}
	first, last := u[0], u[len(u)-1]
	if math.Abs(last[0]-first[0]) < 180 {
		u[len(u)-1] = orb.Point{first[0], last[1]}
		if last[1] != first[1] {
			u = append(u, first)
		}
		return u
	}
	pole := -90.0
	var sum float64
	for _, p := range u {
		sum += p[1]
	}
	if sum > 0 {
		pole = 90
	}
	return append(u, orb.Point{last[0], pole}, orb.Point{first[0], pole}, first)
}

// splitPolygon cuts a crossing polygon into its parts within -180..180.
func splitPolygon(p orb.Polygon) orb.MultiPolygon {
	if len(p) == 0 {
		return nil
	}
	outer := unwrapRing(p[0])
	ob := outer.Bound()
	u := orb.Polygon{outer}
	for _, h := range p[1:] {
		uh := unwrapRing(h)
		// A hole lies within its outer ring: move it to the same turn.
		d := ob.Center()[0] - uh.Bound().Center()[0]
		shift := 360 * math.Round(d/360)
		for i := range uh {
			uh[i][0] += shift
		}
		u = append(u, uh)
	}
	var out orb.MultiPolygon
	lo := int(math.Floor((ob.Min[0] + 180) / 360))
	hi := int(math.Floor((ob.Max[0] + 180) / 360))
	for k := lo; k <= hi; k++ {
		shifted := make(orb.Polygon, len(u))
		for i, r := range u {
			sr := make(orb.Ring, len(r))
			for j, pt := range r {
				sr[j] = orb.Point{pt[0] - 360*float64(k), pt[1]}
			}
			shifted[i] = sr
		}
		c := clip.Polygon(world, shifted)
		if len(c) > 0 && len(c[0]) >= 4 && math.Abs(planarArea(c[0])) > 0 {
			out = append(out, c)
		}
	}
	return out
}

func planarArea(r orb.Ring) float64 {
	var a float64
	for i := 1; i < len(r); i++ {
		a += r[i-1][0]*r[i][1] - r[i][0]*r[i-1][1]
	}
	return a / 2
}

// splitLine cuts a line where it crosses the antimeridian, at the latitude
// of the crossing.
func splitLine(ls orb.LineString) orb.MultiLineString {
	var out orb.MultiLineString
	cur := orb.LineString{}
	for i, p := range ls {
		if i > 0 {
			a := ls[i-1]
			if d := p[0] - a[0]; jumps(a, p) {
				// Going east past 180 when d < 0, west past -180 when d > 0.
				edge, b := 180.0, orb.Point{p[0] + 360, p[1]}
				if d > 0 {
					edge, b = -180, orb.Point{p[0] - 360, p[1]}
				}
				lat := a[1]
				if b[0] != a[0] {
					lat = a[1] + (b[1]-a[1])*(edge-a[0])/(b[0]-a[0])
				}
				if a[0] != edge {
					cur = append(cur, orb.Point{edge, lat})
				}
				if len(cur) >= 2 {
					out = append(out, cur)
				}
				cur = orb.LineString{}
				if p[0] != -edge {
					cur = append(cur, orb.Point{-edge, lat})
				}
			}
		}
		cur = append(cur, p)
	}
	if len(cur) >= 2 {
		out = append(out, cur)
	}
	return out
}
