package geo

import (
	"math"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

func TestSharedBoundary(t *testing.T) {
	// a is a 2x2 square with a vertex at every integer point of its edge; b
	// wraps its top-right so they share (2,0)-(2,1)-(2,2)-(1,2): an L of 3 edges.
	a := orb.Polygon{{{0, 0}, {1, 0}, {2, 0}, {2, 1}, {2, 2}, {1, 2}, {0, 2}, {0, 1}, {0, 0}}}
	// The same ring starting in the middle of the shared border.
	aMid := orb.Polygon{{{2, 1}, {2, 2}, {1, 2}, {0, 2}, {0, 1}, {0, 0}, {1, 0}, {2, 0}, {2, 1}}}
	b := orb.Polygon{{{2, 0}, {3, 0}, {3, 3}, {1, 3}, {1, 2}, {2, 2}, {2, 1}, {2, 0}}}
	lBorder := orb.LineString{{2, 0}, {2, 1}, {2, 2}, {1, 2}}

	noisy := orb.Clone(b).(orb.Polygon)
	for i := range noisy[0] {
		noisy[0][i][0] += 3e-9
		noisy[0][i][1] -= 2e-9
	}

	// A hole in a big square exactly filled by an enclave.
	withHole := orb.Polygon{square(0, 0, 10)[0], reversed(square(4, 4, 2)[0])}

	tests := []struct {
		name string
		a, b orb.Geometry
		want orb.MultiLineString // each line may come out in either direction
	}{
		{"squares sharing an edge", square(0, 0, 1), square(1, 0, 1),
			orb.MultiLineString{{{1, 0}, {1, 1}}}},
		{"L-shaped border of three edges", a, b, orb.MultiLineString{lBorder}},
		{"L-shaped border, arguments swapped", b, a, orb.MultiLineString{lBorder}},
		{"ring starting mid-border", aMid, b, orb.MultiLineString{lBorder}},
		{"reversed orientation", a, orb.Polygon{reversed(b[0])}, orb.MultiLineString{lBorder}},
		{"float noise below 1e-7", a, noisy, orb.MultiLineString{lBorder}},
		{"disjoint squares", square(0, 0, 1), square(5, 5, 1), nil},
		{"touching at a corner only", square(0, 0, 1), square(1, 1, 1), nil},
		{"overlapping without a common edge", square(0, 0, 2), square(1, 1, 2), nil},
		{"multipolygon against polygon", orb.MultiPolygon{square(0, 0, 1), square(2, 0, 1)}, square(1, 0, 1),
			orb.MultiLineString{{{1, 0}, {1, 1}}, {{2, 0}, {2, 1}}}},
		{"parts touching at a vertex merge into one line",
			orb.MultiPolygon{square(0, 0, 1), square(1, 1, 1)},
			orb.Polygon{{{1, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 0}}},
			orb.MultiLineString{{{1, 0}, {1, 1}, {2, 1}}}},
		{"enclave in a hole", withHole, square(4, 4, 2),
			orb.MultiLineString{{{4, 4}, {6, 4}, {6, 6}, {4, 6}, {4, 4}}}},
		{"not a polygon", orb.LineString{{1, 0}, {1, 1}}, square(1, 0, 1), nil},
		{"nil", nil, square(1, 0, 1), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SharedBoundary(tt.a, tt.b)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d lines %v, want %d %v", len(got), got, len(tt.want), tt.want)
			}
			for _, w := range tt.want {
				if !containsLine(got, w) {
					t.Errorf("got %v, missing %v (either direction)", got, w)
				}
			}
		})
	}
}

func reversed(r orb.Ring) orb.Ring {
	c := slices.Clone(r)
	slices.Reverse(c)
	return c
}

// containsLine reports whether lines holds want, forwards or backwards, or,
// for a closed want, any rotation of it in either direction.
func containsLine(lines orb.MultiLineString, want orb.LineString) bool {
	closed := len(want) > 1 && want[0] == want[len(want)-1]
	for _, l := range lines {
		if len(l) != len(want) {
			continue
		}
		if closed {
			if sameCycle(l[:len(l)-1], want[:len(want)-1]) {
				return true
			}
			continue
		}
		if nearlyEqualLine(l, want) {
			return true
		}
		r := slices.Clone(l)
		slices.Reverse(r)
		if nearlyEqualLine(r, want) {
			return true
		}
	}
	return false
}

func sameCycle(a, b orb.LineString) bool {
	n := len(a)
	for _, dir := range []int{1, -1} {
		for shift := range n {
			ok := true
			for i := range n {
				if !nearlyEqual(a[((shift+dir*i)%n+n)%n], b[i]) {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
	}
	return false
}

func nearlyEqualLine(a, b orb.LineString) bool {
	for i := range a {
		if !nearlyEqual(a[i], b[i]) {
			return false
		}
	}
	return true
}

func nearlyEqual(p, q orb.Point) bool {
	return math.Abs(p[0]-q[0]) < 1e-7 && math.Abs(p[1]-q[1]) < 1e-7
}

// borderPair returns two polygons of about n vertices each that share a
// wiggly border of shared edges.
func borderPair(n, shared int) (orb.Polygon, orb.Polygon) {
	border := make(orb.LineString, shared+1)
	for i := range border {
		x := 10 * float64(i) / float64(shared)
		border[i] = orb.Point{x, 0.1 * math.Sin(7*x)}
	}
	arc := func(sign float64) orb.LineString {
		k := n - shared
		pts := make(orb.LineString, 0, k)
		for i := 1; i < k; i++ {
			th := math.Pi * float64(i) / float64(k)
			pts = append(pts, orb.Point{5 + 5*math.Cos(th), sign * 5 * math.Sin(th)})
		}
		return pts
	}
	// north: border west->east, then the arc back over the top.
	north := slices.Clone(border)
	north = append(north, arc(1)...)
	north = append(north, border[0])
	// south: border east->west, then the arc back under the bottom.
	south := slices.Clone(border)
	slices.Reverse(south)
	lower := arc(-1)
	for i := range lower {
		lower[i][0] = 10 - lower[i][0]
	}
	south = append(south, lower...)
	south = append(south, south[0])
	return orb.Polygon{orb.Ring(north)}, orb.Polygon{orb.Ring(south)}
}

func TestSharedBoundaryBorderPair(t *testing.T) {
	a, b := borderPair(5000, 1000)
	got := SharedBoundary(a, b)
	if len(got) != 1 || len(got[0]) != 1001 {
		t.Fatalf("got %d lines, first of %d points; want 1 line of 1001", len(got), len(got[0]))
	}
}

func BenchmarkSharedBoundary(b *testing.B) {
	x, y := borderPair(5000, 1000)
	b.ReportAllocs()
	for b.Loop() {
		if len(SharedBoundary(x, y)) != 1 {
			b.Fatal("border not found")
		}
	}
}
