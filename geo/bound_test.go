package geo

import (
	"testing"

	"github.com/paulmach/orb"
)

func TestBoundOf(t *testing.T) {
	tests := []struct {
		name string
		g    orb.Geometry
		want orb.Bound
	}{
		{"nil", nil, orb.Bound{}},
		{"empty polygon", orb.Polygon{}, orb.Bound{}},
		{"empty multipolygon", orb.MultiPolygon(nil), orb.Bound{}},
		{"empty linestring", orb.LineString{}, orb.Bound{}},
		{"empty collection", orb.Collection{}, orb.Bound{}},
		{"point", orb.Point{3, 4}, orb.Bound{Min: orb.Point{3, 4}, Max: orb.Point{3, 4}}},
		{"polygon", square(1, 2, 3), orb.Bound{Min: orb.Point{1, 2}, Max: orb.Point{4, 5}}},
		{"collection with empties", orb.Collection{orb.LineString{}, nil, orb.Point{-1, -1}, square(0, 0, 2)},
			orb.Bound{Min: orb.Point{-1, -1}, Max: orb.Point{2, 2}}},
		{"multipolygon with empty part", orb.MultiPolygon{{}, square(5, 5, 1)},
			orb.Bound{Min: orb.Point{5, 5}, Max: orb.Point{6, 6}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := BoundOf(tt.g); got != tt.want {
				t.Errorf("BoundOf() = %v, want %v", got, tt.want)
			}
		})
	}
}

// square returns the counter-clockwise square with lower-left corner (x, y)
// and side size.
func square(x, y, size float64) orb.Polygon {
	return orb.Polygon{{{x, y}, {x + size, y}, {x + size, y + size}, {x, y + size}, {x, y}}}
}

func TestExtent(t *testing.T) {
	for _, tc := range []struct {
		g  orb.Geometry
		ok bool
	}{
		{nil, false}, {orb.Point{}, true}, {orb.LineString{}, false}, {orb.Polygon{}, false},
		{orb.Polygon{orb.Ring{}}, false}, {orb.Collection{orb.LineString{}}, false},
		{orb.Collection{orb.LineString{}, orb.Point{1, 2}}, true}, {orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}}, true},
	} {
		if _, ok := Extent(tc.g); ok != tc.ok {
			t.Errorf("Extent(%#v) ok = %v, want %v", tc.g, ok, tc.ok)
		}
	}
}
