package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// vertexScale is the grid SharedBoundary snaps vertices to before comparing
// them (1e-7 degrees, about 1 cm), so float noise does not split a border.
const vertexScale = 1e7

// vkey is a vertex snapped to the 1e-7 degree grid.
type vkey struct{ x, y int64 }

func keyOf(p orb.Point) vkey {
	return vkey{int64(math.Round(p[0] * vertexScale)), int64(math.Round(p[1] * vertexScale))}
}

func (k vkey) less(o vkey) bool {
	return k.x < o.x || (k.x == o.x && k.y < o.y)
}

// ekey is an undirected edge: its two snapped endpoints in canonical order.
type ekey struct{ a, b vkey }

func edgeKey(p, q vkey) ekey {
	if q.less(p) {
		p, q = q, p
	}
	return ekey{p, q}
}

// SharedBoundary returns the border that a and b share: the edges present in
// a ring of each (in either direction), merged into maximal connected lines.
// a and b must be orb.Polygon or orb.MultiPolygon; anything else yields an
// empty result, as do polygons that only touch at points or cross without
// sharing an edge. Vertices are compared after snapping to 1e-7 degrees. The
// lines keep the original coordinates and the vertex order of whichever of a
// and b has more vertices. It runs in O(n+m) time.
func SharedBoundary(a, b orb.Geometry) orb.MultiLineString {
	ra, na := ringsOf(a)
	rb, nb := ringsOf(b)
	if na == 0 || nb == 0 {
		return nil
	}
	small, large := ra, rb
	if na > nb {
		small, large = rb, ra
	}

	edges := edgeSet(small, min(na, nb))
	var runs []orb.LineString
	var shared []bool
	for _, r := range large {
		runs, shared = sharedRuns(runs, openRing(r), edges, shared)
	}
	return mergeRuns(runs)
}

// edgeSet is the set of the edges of rings, n vertices in all, by their
// snapped ends.
func edgeSet(rings []orb.Ring, n int) map[ekey]struct{} {
	edges := make(map[ekey]struct{}, n)
	for _, r := range rings {
		pts := openRing(r)
		if len(pts) < 2 {
			continue
		}
		prev := keyOf(pts[len(pts)-1])
		for _, v := range pts {
			k := keyOf(v)
			if k != prev {
				edges[edgeKey(prev, k)] = struct{}{}
			}
			prev = k
		}
	}
	return edges
}

// sharedRuns appends to runs the runs of the edges of the open ring pts
// that edges holds, consuming them so an edge the ring repeats is reported
// once; shared is scratch space, returned for the next ring.
func sharedRuns(runs []orb.LineString, pts []orb.Point, edges map[ekey]struct{}, shared []bool) ([]orb.LineString, []bool) {
	m := len(pts)
	if m < 2 {
		return runs, shared
	}
	shared = shared[:0]
	hasShared, all := false, true
	kq := keyOf(pts[0])
	for i := range m {
		kp := kq
		kq = keyOf(pts[(i+1)%m])
		k := edgeKey(kp, kq)
		_, ok := edges[k]
		if ok && kp != kq {
			// Consume the edge so an edge repeated in the larger geometry
			// is reported once.
			delete(edges, k)
		} else {
			ok = false
		}
		shared = append(shared, ok)
		hasShared = hasShared || ok
		all = all && ok
	}
	if !hasShared {
		return runs, shared
	}
	if all {
		line := make(orb.LineString, 0, m+1)
		line = append(line, pts...)
		return append(runs, append(line, pts[0])), shared
	}
	// Start right after an unshared edge so no run wraps past the end.
	start := 0
	for shared[(start+m-1)%m] {
		start++
	}
	var cur orb.LineString
	for j := range m {
		i := (start + j) % m
		if shared[i] {
			if cur == nil {
				cur = orb.LineString{pts[i]}
			}
			cur = append(cur, pts[(i+1)%m])
		} else if cur != nil {
			runs = append(runs, cur)
			cur = nil
		}
	}
	if cur != nil {
		runs = append(runs, cur)
	}
	return runs, shared
}

// ringsOf returns the rings of a polygon or multipolygon and their total
// number of vertices.
func ringsOf(g orb.Geometry) ([]orb.Ring, int) {
	var rings []orb.Ring
	switch g := g.(type) {
	case orb.Polygon:
		rings = g
	case orb.MultiPolygon:
		for _, p := range g {
			rings = append(rings, p...)
		}
	}
	n := 0
	for _, r := range rings {
		n += len(r)
	}
	return rings, n
}

// openRing returns r without its closing vertex, so that vertex i and
// vertex (i+1)%len form edge i, closed or not.
func openRing(r orb.Ring) []orb.Point {
	if len(r) > 1 && r[0] == r[len(r)-1] {
		return r[:len(r)-1]
	}
	return r
}

// mergeRuns joins runs whose ends meet at a vertex no other run touches;
// runs from different rings, or one ring touching itself, can continue each
// other.
func mergeRuns(runs []orb.LineString) orb.MultiLineString {
	if len(runs) <= 1 {
		return orb.MultiLineString(runs)
	}
	type end struct {
		run   int
		start bool
	}
	ends := make(map[vkey][]end, 2*len(runs))
	for i, r := range runs {
		if keyOf(r[0]) == keyOf(r[len(r)-1]) {
			continue // closed: nothing to join
		}
		ends[keyOf(r[0])] = append(ends[keyOf(r[0])], end{i, true})
		ends[keyOf(r[len(r)-1])] = append(ends[keyOf(r[len(r)-1])], end{i, false})
	}
	used := make([]bool, len(runs))
	// partner returns the unused run ending at k when exactly two run ends
	// meet there, the other being the line being grown.
	partner := func(k vkey) (end, bool) {
		e := ends[k]
		if len(e) != 2 {
			return end{}, false
		}
		switch {
		case used[e[0].run] && !used[e[1].run]:
			return e[1], true
		case used[e[1].run] && !used[e[0].run]:
			return e[0], true
		}
		return end{}, false
	}

	var out orb.MultiLineString
	for i := range runs {
		if used[i] {
			continue
		}
		used[i] = true
		line := append(orb.LineString(nil), runs[i]...)
		// Extend forwards.
		for {
			o, ok := partner(keyOf(line[len(line)-1]))
			if !ok {
				break
			}
			used[o.run] = true
			next := runs[o.run]
			if o.start {
				line = append(line, next[1:]...)
			} else {
				for j := len(next) - 2; j >= 0; j-- {
					line = append(line, next[j])
				}
			}
		}
		// Extend backwards.
		for {
			o, ok := partner(keyOf(line[0]))
			if !ok {
				break
			}
			used[o.run] = true
			prev := runs[o.run]
			var head orb.LineString
			if o.start {
				for j := len(prev) - 1; j >= 1; j-- {
					head = append(head, prev[j])
				}
			} else {
				head = append(head, prev[:len(prev)-1]...)
			}
			line = append(head, line...)
		}
		out = append(out, line)
	}
	return out
}
