package geo

import (
	"testing"

	"github.com/paulmach/orb"
)

func TestContains(t *testing.T) {
	donut := orb.Polygon{square(0, 0, 10)[0], reversed(square(4, 4, 2)[0])}
	tests := []struct {
		name string
		g    orb.Geometry
		p    orb.Point
		want bool
	}{
		{"inside polygon", donut, orb.Point{1, 1}, true},
		{"in the hole", donut, orb.Point{5, 5}, false},
		{"outside", donut, orb.Point{11, 5}, false},
		{"on the outer edge", donut, orb.Point{0, 5}, true},
		{"second polygon of a multipolygon", orb.MultiPolygon{square(0, 0, 1), square(5, 5, 1)}, orb.Point{5.5, 5.5}, true},
		{"between multipolygon parts", orb.MultiPolygon{square(0, 0, 1), square(5, 5, 1)}, orb.Point{3, 3}, false},
		{"bound", orb.Bound{Max: orb.Point{2, 2}}, orb.Point{1, 1}, true},
		{"collection", orb.Collection{orb.Point{1, 1}, square(0, 0, 2)}, orb.Point{1, 1}, true},
		{"empty polygon", orb.Polygon{}, orb.Point{0, 0}, false},
		{"a point contains nothing", orb.Point{1, 1}, orb.Point{1, 1}, false},
		{"nil", nil, orb.Point{1, 1}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Contains(tt.g, tt.p); got != tt.want {
				t.Errorf("Contains(%v) = %v, want %v", tt.p, got, tt.want)
			}
		})
	}
}
