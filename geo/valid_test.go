package geo

import (
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/planar"
)

// uPolygon is a valid polygon whose two arms a box across their tops cuts
// into two pieces.
var uPolygon = orb.Polygon{{{0, 0}, {3, 0}, {3, 3}, {2, 3}, {2, 1}, {1, 1}, {1, 3}, {0, 3}, {0, 0}}}

func TestClipValid(t *testing.T) {
	top := orb.Bound{Min: orb.Point{-1, 2}, Max: orb.Point{4, 4}}
	tests := []struct {
		name  string
		g     orb.Geometry
		b     orb.Bound
		parts int
		area  float64
	}{
		{"U cut across its arms", uPolygon, top, 2, 2},
		{"U cut below its arms", uPolygon, orb.Bound{Min: orb.Point{-1, -1}, Max: orb.Point{4, 0.5}}, 1, 1.5},
		{"box outside", uPolygon, orb.Bound{Min: orb.Point{10, 10}, Max: orb.Point{11, 11}}, 0, 0},
		{"ring", orb.Ring(uPolygon[0]), top, 2, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ClipValid(tt.g, tt.b)
			if err != nil {
				t.Fatal(err)
			}
			parts := 0
			switch got := got.(type) {
			case nil:
			case orb.Polygon:
				parts = 1
			case orb.MultiPolygon:
				parts = len(got)
			default:
				t.Fatalf("got %T", got)
			}
			if parts != tt.parts {
				t.Fatalf("%d parts, want %d: %v", parts, tt.parts, got)
			}
			if got == nil {
				return
			}
			if err := Validate(got); err != nil {
				t.Errorf("invalid: %v", err)
			}
			if a := planar.Area(got); a < tt.area-1e-9 || a > tt.area+1e-9 {
				t.Errorf("area %v, want %v", a, tt.area)
			}
		})
	}
	// What Part used before: orb's clip joins the two arms by an edge along
	// the box, a ring that touches itself.
	if Validate(clip.Polygon(top, orb.Clone(uPolygon).(orb.Polygon))) == nil {
		t.Log("orb's clip kept the U's arms apart: this test no longer shows why ClipValid exists")
	}
}

// TestClipValidRefusesAFlatRing: a ring Douglas-Peucker folded flat (a, b,
// a), outside the box, is an invalid shape the overlay read as covering the
// whole box; ClipValid says it cannot clip it rather than return the box.
func TestClipValidRefusesAFlatRing(t *testing.T) {
	flat := orb.Polygon{{{4354.25, 2150.55}, {4350.24, 2149.57}, {4354.25, 2150.55}}}
	box := orb.Bound{Min: orb.Point{-256, -256}, Max: orb.Point{4352, 4352}}
	got, err := ClipValid(flat, box)
	if err == nil && got != nil {
		t.Errorf("a flat ring outside the box clipped to %v (area %v)", got, planar.Area(got))
	}
}

func TestPartIsValid(t *testing.T) {
	for d := North; d <= Central; d++ {
		if err := Validate(Part(uPolygon, d)); err != nil {
			t.Errorf("%s part of a U: %v", d, err)
		}
	}
	if _, err := ClipValid(orb.LineString{{0, 0}, {1, 1}}, orb.Bound{Max: orb.Point{1, 1}}); err == nil {
		t.Error("a line clipped as an area: no error")
	}
}
