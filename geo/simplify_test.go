package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

// noisyRing returns a closed circle-like ring of n points with tiny wiggles.
func noisyRing(cx, cy, radius float64, n int) orb.Ring {
	r := make(orb.Ring, 0, n+1)
	for i := range n {
		th := 2 * math.Pi * float64(i) / float64(n)
		rad := radius * (1 + 0.001*math.Sin(50*th))
		r = append(r, orb.Point{cx + rad*math.Cos(th), cy + rad*math.Sin(th)})
	}
	return append(r, r[0])
}

func TestSimplify(t *testing.T) {
	big := noisyRing(0, 0, 10, 2000)
	tiny := noisyRing(3, 3, 0.001, 50)
	tests := []struct {
		name      string
		g         orb.Geometry
		tol       float64
		wantRings []int // points per ring of the (first) polygon; -1 = any count >= 4
		wantBound *orb.Bound
	}{
		{"big ring keeps shape", orb.Polygon{big}, 0.05, []int{-1}, nil},
		{"collapsed hole is dropped", orb.Polygon{big, tiny}, 0.05, []int{-1}, nil},
		{"collapsed outer ring becomes its bound", orb.Polygon{tiny}, 1, []int{5},
			&orb.Bound{Min: orb.Point{2.999, 2.999}, Max: orb.Point{3.001, 3.001}}},
		{"square survives", square(0, 0, 1), 0.1, []int{5}, nil},
		{"multipolygon", orb.MultiPolygon{{big}, {tiny}}, 0.05, []int{-1}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := orb.Clone(tt.g)
			got := Simplify(tt.g, tt.tol)
			if !orb.Equal(before, tt.g) {
				t.Fatalf("Simplify modified its input")
			}
			var p orb.Polygon
			switch g := got.(type) {
			case orb.Polygon:
				p = g
			case orb.MultiPolygon:
				if len(g) != len(tt.g.(orb.MultiPolygon)) {
					t.Fatalf("got %d polygons, want %d", len(g), len(tt.g.(orb.MultiPolygon)))
				}
				for _, q := range g {
					checkRings(t, q)
				}
				p = g[0]
			default:
				t.Fatalf("got %T", got)
			}
			checkRings(t, p)
			if len(p) != len(tt.wantRings) {
				t.Fatalf("got %d rings, want %d", len(p), len(tt.wantRings))
			}
			for i, n := range tt.wantRings {
				if n >= 0 && len(p[i]) != n {
					t.Errorf("ring %d has %d points, want %d", i, len(p[i]), n)
				}
			}
			if tt.wantBound != nil {
				b := p.Bound()
				if math.Abs(b.Min[0]-tt.wantBound.Min[0]) > 1e-5 || math.Abs(b.Max[1]-tt.wantBound.Max[1]) > 1e-5 {
					t.Errorf("bound = %v, want %v", b, *tt.wantBound)
				}
			}
		})
	}
}

func TestSimplifyReducesPoints(t *testing.T) {
	big := noisyRing(0, 0, 10, 2000)
	got := Simplify(orb.Polygon{big}, 0.05).(orb.Polygon)
	if n := len(got[0]); n >= 2000/4 || n < 4 {
		t.Errorf("simplified ring has %d points, want far fewer than 2001 and at least 4", n)
	}
	line := Simplify(orb.LineString{{0, 0}, {1, 0.0001}, {2, 0}}, 0.01).(orb.LineString)
	if len(line) != 2 {
		t.Errorf("line = %v, want its two end points", line)
	}
	if g := Simplify(orb.Point{1, 2}, 1); g != (orb.Point{1, 2}) {
		t.Errorf("point changed: %v", g)
	}
}

func checkRings(t *testing.T, p orb.Polygon) {
	t.Helper()
	for i, r := range p {
		if len(r) < 4 {
			t.Errorf("ring %d has %d points, want >= 4", i, len(r))
		}
		if !r.Closed() {
			t.Errorf("ring %d not closed", i)
		}
	}
}
