package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func TestParseDirection(t *testing.T) {
	tests := []struct {
		word string
		want Direction
		ok   bool
	}{
		{"north", North, true},
		{"Northern", North, true},
		{"southern", South, true},
		{"eastern", East, true},
		{"WESTERN", West, true},
		{"northeastern", NorthEast, true},
		{"north-eastern", NorthEast, true},
		{"north east", NorthEast, true},
		{"NE", NorthEast, true},
		{"northwestern", NorthWest, true},
		{"south-east", SouthEast, true},
		{"southwestern", SouthWest, true},
		{"central", Central, true},
		{"Centre", Central, true},
		{"middle", Central, true},
		{"NNE", 0, false},
		{"upper", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			got, ok := ParseDirection(tt.word)
			if ok != tt.ok || got != tt.want {
				t.Errorf("ParseDirection(%q) = %v, %v; want %v, %v", tt.word, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestDirectionString(t *testing.T) {
	for d := North; d <= Central; d++ {
		back, ok := ParseDirection(d.String())
		if !ok || back != d {
			t.Errorf("ParseDirection(%q) = %v, %v; want %v", d.String(), back, ok, d)
		}
	}
}

func TestPart(t *testing.T) {
	box := orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{10, 9}}.ToPolygon() // 10 wide, 9 tall
	third := 10.0 / 3
	tests := []struct {
		name string
		g    orb.Geometry
		d    Direction
		want orb.Bound
	}{
		{"north", box, North, orb.Bound{Min: orb.Point{0, 6}, Max: orb.Point{10, 9}}},
		{"south", box, South, orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{10, 3}}},
		{"east", box, East, orb.Bound{Min: orb.Point{2 * third, 0}, Max: orb.Point{10, 9}}},
		{"west", box, West, orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{third, 9}}},
		{"northeast", box, NorthEast, orb.Bound{Min: orb.Point{5, 4.5}, Max: orb.Point{10, 9}}},
		{"northwest", box, NorthWest, orb.Bound{Min: orb.Point{0, 4.5}, Max: orb.Point{5, 9}}},
		{"southeast", box, SouthEast, orb.Bound{Min: orb.Point{5, 0}, Max: orb.Point{10, 4.5}}},
		{"southwest", box, SouthWest, orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{5, 4.5}}},
		{"central", box, Central, orb.Bound{Min: orb.Point{third, 3}, Max: orb.Point{2 * third, 6}}},
		{"north of a multipolygon keeps only the northern island",
			orb.MultiPolygon{square(0, 0, 2), square(4, 7, 2)}, North,
			orb.Bound{Min: orb.Point{4, 7}, Max: orb.Point{6, 9}}},
		{"central of two corner islands falls back to the box",
			orb.MultiPolygon{square(0, 0, 1), square(8, 8, 1)}, Central,
			orb.Bound{Min: orb.Point{3, 3}, Max: orb.Point{6, 6}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := orb.Clone(tt.g)
			got := Part(tt.g, tt.d)
			switch got.(type) {
			case orb.Polygon, orb.MultiPolygon:
			default:
				t.Fatalf("Part returned %T, want a polygon", got)
			}
			if b := BoundOf(got); !nearlyEqual(b.Min, tt.want.Min) || !nearlyEqual(b.Max, tt.want.Max) {
				t.Errorf("Part(%v) bound = %v, want %v", tt.d, b, tt.want)
			}
			if !orb.Equal(before, tt.g) {
				t.Errorf("Part modified its input")
			}
		})
	}
}

func TestPartArea(t *testing.T) {
	// Northern third of a 10x9 box has area 30.
	got := Part(orb.Bound{Max: orb.Point{10, 9}}.ToPolygon(), North)
	if a := math.Abs(planar.Area(got)); math.Abs(a-30) > 1e-9 {
		t.Errorf("area = %v, want 30", a)
	}
}
