package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func totalArea(g orb.Geometry) float64 {
	var a float64
	switch g := g.(type) {
	case orb.Polygon:
		a += math.Abs(planarArea(g[0]))
		for _, h := range g[1:] {
			a -= math.Abs(planarArea(h))
		}
	case orb.MultiPolygon:
		for _, p := range g {
			a += totalArea(p)
		}
	}
	return a
}

func TestSplitAntimeridian(t *testing.T) {
	tests := []struct {
		name  string
		in    orb.Geometry
		parts int
		area  float64 // planar square degrees; 0 for lines
	}{
		{"fiji-like square", orb.Polygon{{{178, -17}, {-179, -17}, {-179, -16}, {178, -16}, {178, -17}}}, 2, 3},
		{"chukotka-like, starting west", orb.Polygon{{{-180, 65}, {-170, 65}, {-170, 70}, {-180, 70}, {175, 70}, {175, 65}, {-180, 65}}}, 2, 75},
		{"with a hole across", orb.Polygon{
			{{170, -10}, {-170, -10}, {-170, 10}, {170, 10}, {170, -10}},
			{{179, -1}, {-179, -1}, {-179, 1}, {179, 1}, {179, -1}},
		}, 2, 20*20 - 2*2},
		{"around the south pole", orb.Polygon{{{-180, -80}, {-90, -75}, {0, -80}, {90, -75}, {180, -80}, {-180, -80}}}, 1, -1},
		{"ring along the pole edge", orb.Polygon{{{-180, -90}, {-180, -80}, {0, -70}, {180, -80}, {180, -90}, {-180, -90}}}, 1, -1},
		{"not crossing", orb.Polygon{{{40, 30}, {41, 30}, {41, 31}, {40, 30}}}, 1, 0.5},
		{"line across", orb.LineString{{170, 0}, {-170, 10}}, 2, 0},
		{"line across twice", orb.LineString{{170, 0}, {-170, 10}, {170, 20}}, 3, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := orb.Clone(tc.in)
			out := SplitAntimeridian(tc.in)
			if CrossesAntimeridian(out) {
				t.Fatalf("still crosses: %v", out)
			}
			if !orb.Equal(in, tc.in) {
				t.Errorf("the input changed")
			}
			b := out.Bound()
			if b.Min[0] < -180 || b.Max[0] > 180 || b.Min[1] < -90 || b.Max[1] > 90 {
				t.Errorf("bound %v leaves the world", b)
			}
			n := 1
			switch o := out.(type) {
			case orb.MultiPolygon:
				n = len(o)
			case orb.MultiLineString:
				n = len(o)
			}
			if n != tc.parts {
				t.Errorf("%d parts, want %d: %v", n, tc.parts, out)
			}
			if tc.area > 0 && math.Abs(totalArea(out)-tc.area) > 1e-9 {
				t.Errorf("area %g, want %g: %v", totalArea(out), tc.area, out)
			}
			if tc.area < 0 && totalArea(out) < 360*9 {
				t.Errorf("polar ring lost its cap: area %g: %v", totalArea(out), out)
			}
		})
	}
	// The crossing point of a line is on both sides at the same latitude.
	ml := SplitAntimeridian(orb.LineString{{170, 0}, {-170, 10}}).(orb.MultiLineString)
	if ml[0][len(ml[0])-1] != (orb.Point{180, 5}) || ml[1][0] != (orb.Point{-180, 5}) {
		t.Errorf("cut at %v / %v, want (180 5) / (-180 5)", ml[0][len(ml[0])-1], ml[1][0])
	}
}
