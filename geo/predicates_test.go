package geo

import (
	"testing"

	"github.com/paulmach/orb"
)

func TestPredicates(t *testing.T) {
	sq := square(0, 0, 10) // 0..10 x 0..10
	holed := orb.Polygon{
		{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}},
		{{4, 4}, {6, 4}, {6, 6}, {4, 6}, {4, 4}},
	}
	// A C shape: its notch is 3..10 x 3..7.
	cshape := orb.Polygon{{{0, 0}, {10, 0}, {10, 3}, {3, 3}, {3, 7}, {10, 7}, {10, 10}, {0, 10}, {0, 0}}}
	border := orb.LineString{{5, -5}, {5, 15}}
	far := orb.Point{20, 20}
	tests := []struct {
		name                 string
		a, b                 orb.Geometry
		intersects, contains bool // Intersects(a, b), GeomContains(a, b)
	}{
		{"point in square", sq, orb.Point{5, 5}, true, true},
		{"point on edge", sq, orb.Point{10, 5}, true, false},
		{"point on corner", sq, orb.Point{0, 0}, true, false},
		{"point outside", sq, far, false, false},
		{"point in hole", holed, orb.Point{5, 5}, false, false},
		{"point on hole edge", holed, orb.Point{4, 5}, true, false},
		{"point in ring part", holed, orb.Point{2, 2}, true, true},
		{"point in notch", cshape, orb.Point{8, 5}, false, false},
		{"point in bbox of notch arm", cshape, orb.Point{8, 8}, true, true},
		{"line crossing square", sq, border, true, false},
		{"line inside square", sq, orb.LineString{{1, 1}, {9, 9}}, true, true},
		{"line inside hole", holed, orb.LineString{{4.5, 4.5}, {5.5, 5.5}}, false, false},
		{"line through hole", holed, orb.LineString{{1, 5}, {9, 5}}, true, false},
		{"line across notch", cshape, orb.LineString{{8, 1}, {8, 9}}, true, false},
		{"line along edge", sq, orb.LineString{{0, 0}, {10, 0}}, true, false},
		{"line touching corner", sq, orb.LineString{{10, 10}, {12, 12}}, true, false},
		{"line apart", sq, orb.LineString{{11, 0}, {11, 10}}, false, false},
		{"lines crossing", border, orb.LineString{{0, 5}, {10, 5}}, true, false},
		{"lines parallel", border, orb.LineString{{6, -5}, {6, 15}}, false, false},
		{"lines collinear overlap", border, orb.LineString{{5, 0}, {5, 20}}, true, false},
		{"line contains sub-line", border, orb.LineString{{5, 0}, {5, 10}}, true, true},
		{"line contains its inner point", border, orb.Point{5, 0}, true, true},
		{"line does not contain its end", border, orb.Point{5, -5}, true, false},
		{"polygon in polygon", sq, square(2, 2, 2), true, true},
		{"polygon equals", sq, sq, true, true},
		{"polygon overlaps", sq, square(5, 5, 10), true, false},
		{"polygon covers", square(2, 2, 2), sq, true, false},
		{"polygons share edge", sq, square(10, 0, 10), true, false},
		{"polygons apart", sq, square(20, 20, 1), false, false},
		{"polygon in hole", holed, square(4.5, 4.5, 1), false, false},
		{"polygon over hole", holed, square(3, 3, 4), true, false},
		{"polygon in notch", cshape, square(5, 4, 1), false, false},
		{"polygon spanning notch", cshape, square(1, 1, 8), true, false},
		{"bound and point", orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{1, 1}}, orb.Point{0.5, 0.5}, true, true},
		{"multipolygon", orb.MultiPolygon{square(20, 20, 1), sq}, orb.Point{3, 3}, true, true},
		{"multipoint partly in", sq, orb.MultiPoint{{1, 1}, far}, true, false},
		{"multipoint all in", sq, orb.MultiPoint{{1, 1}, {2, 2}}, true, true},
		{"multiline", orb.MultiLineString{{{20, 20}, {21, 21}}, border}, orb.Point{5, 5}, true, true},
		{"point equals point", orb.Point{1, 2}, orb.Point{1, 2}, true, true},
		{"point differs", orb.Point{1, 2}, orb.Point{1, 3}, false, false},
		{"collection", orb.Collection{far, sq}, orb.Point{1, 1}, true, true},
		{"nil", nil, orb.Point{1, 1}, false, false},
		{"empty polygon", orb.Polygon{}, orb.Point{1, 1}, false, false},
		{"unclosed ring", orb.Polygon{{{0, 0}, {10, 0}, {10, 10}, {0, 10}}}, orb.Point{5, 5}, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Intersects(tt.a, tt.b); got != tt.intersects {
				t.Errorf("Intersects(a, b) = %v, want %v", got, tt.intersects)
			}
			if got := Intersects(tt.b, tt.a); got != tt.intersects {
				t.Errorf("Intersects(b, a) = %v, want %v", got, tt.intersects)
			}
			if got := Disjoint(tt.a, tt.b); got == tt.intersects {
				t.Errorf("Disjoint = %v, want %v", got, !tt.intersects)
			}
			if got := GeomContains(tt.a, tt.b); got != tt.contains {
				t.Errorf("GeomContains(a, b) = %v, want %v", got, tt.contains)
			}
			if got := Within(tt.b, tt.a); got != tt.contains {
				t.Errorf("Within(b, a) = %v, want %v", got, tt.contains)
			}
		})
	}
}

func benchPolygon(n int) orb.Polygon {
	return Circle(orb.Point{44, 33}, 50, n)
}

func BenchmarkIntersects(b *testing.B) {
	poly := benchPolygon(256)
	cases := []struct {
		name string
		g    orb.Geometry
	}{
		{"point-inside", orb.Point{44, 33}},
		{"point-outside-bbox", orb.Point{10, 10}},
		{"line-crossing", orb.LineString{{43, 33}, {45, 33.2}}},
		{"polygon-inside", Circle(orb.Point{44, 33}, 10, 32)},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Intersects(poly, c.g)
			}
		})
	}
}

func BenchmarkGeomContains(b *testing.B) {
	poly := benchPolygon(256)
	inner := Circle(orb.Point{44, 33}, 10, 32)
	b.ReportAllocs()
	for b.Loop() {
		GeomContains(poly, inner)
	}
}
