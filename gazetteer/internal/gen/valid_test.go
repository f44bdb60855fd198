package main

import (
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func TestDropSpikes(t *testing.T) {
	tests := []struct {
		name string
		in   []orb.Point
		want []orb.Point
	}{
		{"no spike", []orb.Point{{0, 0}, {1, 0}, {1, 1}}, []orb.Point{{0, 0}, {1, 0}, {1, 1}}},
		{"repeated point", []orb.Point{{0, 0}, {1, 0}, {1, 0}, {1, 1}}, []orb.Point{{0, 0}, {1, 0}, {1, 1}}},
		// The quantized TopoJSON's back and forth along a grid line.
		{"spike back to where it came from", []orb.Point{{0, 0}, {1, 0}, {1, 1}, {1, 0}, {2, 0}}, []orb.Point{{0, 0}, {1, 0}, {2, 0}}},
		{"spike back part of the way", []orb.Point{{0, 0}, {2, 0}, {1, 0}, {1, 1}}, []orb.Point{{0, 0}, {1, 0}, {1, 1}}},
		{"straight on is no spike", []orb.Point{{0, 0}, {1, 0}, {2, 0}}, []orb.Point{{0, 0}, {1, 0}, {2, 0}}},
		{"ring with a spike at its closing point", []orb.Point{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {-1, 1}, {0, 1}, {0, 0}},
			[]orb.Point{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := dropSpikes(slices.Clone(tt.in)); !slices.Equal(got, tt.want) {
				t.Errorf("dropSpikes(%v) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestOneSideOfTheAntimeridian(t *testing.T) {
	// Fiji as the TopoJSON closes it: -180 next to 180.
	r := orb.Ring{{-180, -16.54}, {180, -16.54}, {179.99, -16.54}, {179.98, -16.53}, {180, -16.49}, {-180, -16.54}}
	got := oneSideOfTheAntimeridian(slices.Clone(r))
	for _, p := range got {
		if p[0] < 0 {
			t.Fatalf("a ring east of the prime meridian keeps %v", p)
		}
	}
	if err := validate(orb.Polygon{orb.Ring(dropSpikes(got))}); err != nil {
		t.Errorf("Fiji's ring, once on one side: %v", err)
	}
	// A ring on both sides (around the pole) is left alone.
	round := orb.Ring{{-180, -80}, {0, -85}, {180, -80}, {180, -90}, {-180, -90}, {-180, -80}}
	if got := oneSideOfTheAntimeridian(slices.Clone(round)); !slices.Equal(got, round) {
		t.Errorf("a ring around the pole changed: %v", got)
	}
}

func TestRepair(t *testing.T) {
	tests := []struct {
		name  string
		g     orb.Geometry
		area  float64
		parts int
	}{
		// Two squares that touch at a corner, drawn as one ring passing
		// (1,1) twice.
		{"ring touching itself", orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {2, 1}, {2, 2}, {1, 2}, {1, 1}, {0, 1}, {0, 0}}}, 2, 2},
		// A lake drawn as a loop of the shell: an inverted hole.
		{"inverted hole", orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {2, 4}, {2, 3}, {3, 3}, {3, 1}, {1, 1}, {1, 3}, {2, 3}, {2, 4}, {0, 4}, {0, 0}}}, 12, 1},
		// An island drawn over its mainland.
		{"overlapping parts", orb.MultiPolygon{{{{0, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 0}}}, {{{1, 1}, {3, 1}, {3, 3}, {1, 3}, {1, 1}}}}, 7, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if validate(tt.g) == nil {
				t.Fatal("the input is valid: nothing to repair")
			}
			got, err := repair(tt.g)
			if err != nil {
				t.Fatal(err)
			}
			if err := validate(got); err != nil {
				t.Fatalf("repaired %v is invalid: %v", got, err)
			}
			if a := planar.Area(got); a < tt.area-1e-9 || a > tt.area+1e-9 {
				t.Errorf("area %v, want %v: %v", a, tt.area, got)
			}
			parts := 1
			if mp, ok := got.(orb.MultiPolygon); ok {
				parts = len(mp)
			}
			if parts != tt.parts {
				t.Errorf("%d parts, want %d: %v", parts, tt.parts, got)
			}
		})
	}
}

func TestSimplifyValidSimplifiesLessWhereItMust(t *testing.T) {
	// A shore bent out around a lake: at a tolerance of 1.5 Douglas-Peucker
	// straightens the shore across the lake; at half that it keeps the bend.
	pg := orb.Polygon{
		{{0, 1}, {5, 0}, {10, 1}, {10, 10}, {0, 10}, {0, 1}},
		{{3, 0.8}, {7, 0.8}, {7, 9}, {3, 9}, {3, 0.8}},
	}
	if validate(pg) != nil {
		t.Fatal("the input is invalid")
	}
	if validate(simplifyShape(orb.Clone(pg), 1.5)) == nil {
		t.Fatal("simplified at 1.5 the shore keeps its bend: the test shows nothing")
	}
	var st validStats
	got := simplifyValid("shore", orb.Clone(pg), 1.5, simplifyShape, &st, false)
	if err := validate(got); err != nil {
		t.Fatalf("%v: %v", got, err)
	}
	if st.lessSimplified != 1 {
		t.Errorf("stats %v, want it simplified less", st)
	}
}
