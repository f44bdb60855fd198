package main

import (
	"slices"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
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

func TestAroundThePole(t *testing.T) {
	// Antarctica as the TopoJSON draws it: its coast from -180 east to
	// near 180, closed by an edge back across the world at -84.35 that
	// crosses the coast where it reaches further south (the Ross Ice Shelf).
	coast := orb.Ring{{-180, -84.35}, {-150, -85.2}, {-100, -70}, {0, -70}, {100, -66}, {179.7, -84.33}, {-180, -84.35}}
	if validate(orb.Polygon{coast}) == nil {
		t.Fatal("the ring as drawn is valid: the test shows nothing")
	}
	got := dropSpikes(aroundThePole(slices.Clone(coast)))
	want := orb.Ring{{-180, -84.35}, {-150, -85.2}, {-100, -70}, {0, -70}, {100, -66}, {179.7, -84.33}, {180, -84.35}, {180, -90}, {-180, -90}, {-180, -84.35}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}
	if err := validate(orb.Polygon{got}); err != nil {
		t.Errorf("closed along the pole: %v", err)
	}
	// Westward, crossing -180 between two points off the antimeridian: the
	// crossing's latitude is interpolated.
	west := orb.Ring{{170, 70}, {90, 75}, {0, 72}, {-90, 70}, {-170, 72}, {170, 70}}
	got = aroundThePole(slices.Clone(west))
	if n := len(got); n != len(west)+4 || got[5] != (orb.Point{-180, 71}) || got[6] != (orb.Point{-180, 90}) || got[7] != (orb.Point{180, 90}) || got[8] != (orb.Point{180, 71}) {
		t.Errorf("round the north pole westward: %v", got)
	}
	// Fiji's ring crosses the antimeridian and comes back: left alone.
	fiji := orb.Ring{{179.9, -16.5}, {-179.9, -16.6}, {-179.8, -16.4}, {179.95, -16.3}, {179.9, -16.5}}
	if got := aroundThePole(slices.Clone(fiji)); !slices.Equal(got, fiji) {
		t.Errorf("a ring that crosses and comes back changed: %v", got)
	}
}

func TestMergeAlongSharedArcs(t *testing.T) {
	// Two islands of one country side by side, sharing arc 0 from (1,0)
	// to (1,1): as two polygons they share an edge, invalid in a
	// MultiPolygon.
	arcs := []orb.LineString{
		{{1, 0}, {1, 1}},
		{{1, 1}, {0, 1}, {0, 0}, {1, 0}},
		{{1, 0}, {2, 0}, {2, 1}, {1, 1}},
	}
	g := topoGeom{name: "islands", polys: [][][]int{{{0, 1}}, {{^0, 2}}}}
	if validate(g.build(arcs)) == nil {
		t.Fatal("the two islands are valid as drawn: the test shows nothing")
	}
	g.polys = mergeAlongSharedArcs(g.polys)
	if len(g.polys) != 1 || !slices.Equal(g.polys[0][0], []int{1, 2}) {
		t.Fatalf("merged %v, want one ring of arcs 1 and 2", g.polys)
	}
	got := g.build(arcs)
	if err := validate(got); err != nil {
		t.Errorf("%v: %v", got, err)
	}
	if a := geo.LandArea(got); a != 2 {
		t.Errorf("area %v, want 2", a)
	}
}
