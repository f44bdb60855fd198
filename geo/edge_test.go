package geo

import (
	"testing"

	"github.com/paulmach/orb"
)

// TestDegenerateInputs feeds every function empty and degenerate geometries;
// none may panic.
func TestDegenerateInputs(t *testing.T) {
	inputs := []struct {
		name string
		g    orb.Geometry
	}{
		{"nil", nil},
		{"empty polygon", orb.Polygon{}},
		{"polygon with empty ring", orb.Polygon{{}}},
		{"one-point ring", orb.Polygon{{{1, 1}}}},
		{"two-point ring", orb.Polygon{{{1, 1}, {2, 2}}}},
		{"flat ring", orb.Polygon{{{0, 0}, {1, 0}, {2, 0}, {0, 0}}}},
		{"multipolygon with empty part", orb.MultiPolygon{{}, square(0, 0, 1)}},
		{"empty multipolygon", orb.MultiPolygon{}},
		{"empty linestring", orb.LineString{}},
		{"empty multilinestring", orb.MultiLineString{{}}},
		{"point", orb.Point{1, 2}},
		{"linestring", orb.LineString{{0, 0}, {4, 3}}},
		{"empty collection", orb.Collection{}},
		{"collection with nil", orb.Collection{nil, square(0, 0, 1)}},
		{"bound", orb.Bound{Max: orb.Point{1, 1}}},
	}
	for _, in := range inputs {
		t.Run(in.name, func(t *testing.T) {
			BoundOf(in.g)
			RepresentativePoint(in.g)
			Contains(in.g, orb.Point{0.5, 0.5})
			Simplify(in.g, 0.1)
			SharedBoundary(in.g, square(0, 0, 1))
			SharedBoundary(square(0, 0, 1), in.g)
			for d := North; d <= Central; d++ {
				Part(in.g, d)
			}
			if in.g != nil {
				if g, err := ToGeom(in.g); err == nil {
					if _, err := FromGeom(g); err != nil {
						t.Errorf("FromGeom(ToGeom(%v)): %v", in.g, err)
					}
				}
			}
		})
	}
}

func FuzzParseWords(f *testing.F) {
	for _, s := range []string{"north", "North-Eastern", "N.E.", "central", "km", "nautical miles", "", "ern", "\u2013"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		deg, ok := Bearing(s)
		if ok && (deg < 0 || deg >= 360) {
			t.Errorf("Bearing(%q) = %v out of range", s, deg)
		}
		if d, ok := ParseDirection(s); ok && d != Central {
			if _, bok := Bearing(s); !bok {
				t.Errorf("ParseDirection(%q) = %v but Bearing fails", s, d)
			}
		}
		KmFromUnit(1, s)
	})
}
