package geo

import (
	"math"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

func TestUntangle(t *testing.T) {
	tests := []struct {
		name    string
		in      []orb.Point
		maxArea float64
		want    []orb.Point
		removed float64
		ok      bool
	}{
		{"a line that meets nothing stays",
			[]orb.Point{{0, 0}, {1, 0}, {1, 1}, {2, 1}}, 1,
			[]orb.Point{{0, 0}, {1, 0}, {1, 1}, {2, 1}}, 0, true},
		// A coast that doubles back within a grid cell: segments 1 and 3
		// cross at (4.5, 0.5); walked the other way, the loop stays, the
		// triangles between (4.5, 0.5) and the four ends (a quarter each)
		// change.
		{"twist",
			[]orb.Point{{0, 0}, {4, 0}, {5, 1}, {4, 1}, {5, 0}, {10, 0}}, 1,
			[]orb.Point{{0, 0}, {4, 0}, {4, 1}, {5, 1}, {5, 0}, {10, 0}}, 0.5, true},
		// An island drawn as a figure eight becomes one ring.
		{"figure eight",
			[]orb.Point{{0, 0}, {2, 2}, {2, 0}, {0, 2}, {0, 0}}, 3,
			[]orb.Point{{0, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 0}}, 2, true},
		{"a figure eight too large to mend",
			[]orb.Point{{0, 0}, {2, 2}, {2, 0}, {0, 2}, {0, 0}}, 1,
			[]orb.Point{{0, 0}, {2, 2}, {2, 0}, {0, 2}, {0, 0}}, 0, false},
		// A loop that comes back to a point it passed: a lobe of 0.5.
		{"loop through a point passed before",
			[]orb.Point{{0, 0}, {2, 0}, {3, 1}, {2, 1}, {2, 0}, {5, 0}}, 1,
			[]orb.Point{{0, 0}, {2, 0}, {5, 0}}, 0.5, true},
		// The quantized arcs also run a point onto a segment passed before.
		{"loop back onto a segment",
			[]orb.Point{{0, 0}, {4, 0}, {4, 1}, {3, 1}, {3, 0}, {3, -2}}, 1,
			[]orb.Point{{0, 0}, {3, 0}, {3, -2}}, 1, true},
		// An island drawn as one closed arc that runs back onto its first
		// edge just before it closes: the loop through the start goes,
		// and the island stays.
		{"ring twisted at its start",
			[]orb.Point{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 1}, {1, 1}, {1, 0}, {0.5, -0.5}, {0, 0}}, 1,
			[]orb.Point{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 1}, {0, 0}}, 0, true},
		{"a large loop is no small loop",
			[]orb.Point{{0, 0}, {4, 0}, {4, 5}, {2, 5}, {2, 0}, {-1, -3}}, 1,
			[]orb.Point{{0, 0}, {4, 0}, {4, 5}, {2, 5}, {2, 0}, {-1, -3}}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := slices.Clone(tt.in)
			got, removed, ok := Untangle(in, tt.maxArea, nil)
			if !slices.Equal(in, tt.in) {
				t.Errorf("the input changed: %v", in)
			}
			if ok != tt.ok {
				t.Errorf("ok %v, want %v", ok, tt.ok)
			}
			if tt.name == "ring twisted at its start" {
				if Validate(orb.Polygon{orb.Ring(tt.in)}) == nil {
					t.Fatal("the ring as drawn is valid: the test shows nothing")
				}
				// Which point the ring starts at is the untangling's choice.
				if err := Validate(orb.Polygon{orb.Ring(got)}); err != nil || got[0] != got[len(got)-1] {
					t.Errorf("%v: %v", got, err)
				}
				return
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if math.Abs(removed-tt.removed) > 1e-9 {
				t.Errorf("changed %v, want %v", removed, tt.removed)
			}
		})
	}
}

func TestCleanRings(t *testing.T) {
	square := orb.Ring{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}
	flat := orb.Ring{{1, 1}, {2, 2}, {1, 1}, {1, 1}}
	hole := orb.Ring{{1, 1}, {1, 2}, {2, 2}, {2, 1}, {1, 1}}
	tests := []struct {
		name   string
		in     orb.Geometry
		snap   func(float64) float64
		spikes bool
		want   orb.Geometry
	}{
		{"a flat hole goes", orb.Polygon{square, flat}, nil, false, orb.Polygon{square}},
		{"a polygon with a flat shell goes whole", orb.MultiPolygon{{flat, hole}, {square}}, nil, false, orb.Polygon{square}},
		{"nothing left", orb.Polygon{flat}, nil, false, nil},
		{"snapped to the grid", orb.Polygon{{{0.2, 0.1}, {3.9, 0}, {4.1, 4.2}, {0, 3.8}, {0.2, 0.1}}}, math.Round, true, orb.Polygon{square}},
		{"two polygons stay two", orb.MultiPolygon{{square}, {hole}}, nil, false, orb.MultiPolygon{{square}, {hole}}},
		{"a line passes through", orb.LineString{{0, 0}, {1, 1}}, nil, true, orb.LineString{{0, 0}, {1, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CleanRings(tt.in, tt.snap, tt.spikes)
			if got == nil || tt.want == nil {
				if got != nil || tt.want != nil {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
				return
			}
			if !orb.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestLandArea(t *testing.T) {
	square := orb.Ring{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}
	clockwise := orb.Ring{{0, 0}, {0, 4}, {4, 4}, {4, 0}, {0, 0}}
	hole := orb.Ring{{1, 1}, {1, 2}, {2, 2}, {2, 1}, {1, 1}}
	for _, tt := range []struct {
		name string
		g    orb.Geometry
		want float64
	}{
		{"a square", orb.Polygon{square}, 16},
		{"either way round", orb.Polygon{clockwise}, 16},
		{"a hole is taken off, whichever way it turns", orb.Polygon{clockwise, hole}, 15},
		{"parts add up", orb.MultiPolygon{{square}, {clockwise, hole}}, 31},
		{"a line has none", orb.LineString{{0, 0}, {1, 1}}, 0},
	} {
		if got := LandArea(tt.g); got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}
