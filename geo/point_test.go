package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// uShape is a U whose centroid (1.5, 1.357) lies in the notch, outside it.
var uShape = orb.Polygon{{{0, 0}, {3, 0}, {3, 3}, {2, 3}, {2, 1}, {1, 1}, {1, 3}, {0, 3}, {0, 0}}}

// cShape opens to the east; its centroid lies in the opening.
var cShape = orb.Polygon{{{0, 0}, {4, 0}, {4, 1}, {1, 1}, {1, 3}, {4, 3}, {4, 4}, {0, 4}, {0, 0}}}

func TestRepresentativePointInside(t *testing.T) {
	donut := orb.Polygon{square(0, 0, 10)[0], reversed(square(2, 2, 6)[0])}
	tests := []struct {
		name string
		g    orb.Geometry
	}{
		{"U shape", uShape},
		{"C shape", cShape},
		{"donut", donut},
		{"clockwise U", orb.Polygon{reversed(uShape[0])}},
		{"unclosed C", orb.Polygon{cShape[0][:len(cShape[0])-1]}},
		{"square", square(3, 4, 1)},
		{"multipolygon", orb.MultiPolygon{square(100, 0, 1), cShape}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := RepresentativePoint(tt.g)
			if !Contains(tt.g, p) {
				t.Errorf("RepresentativePoint = %v, not inside", p)
			}
		})
	}
	c, _ := planar.CentroidArea(uShape)
	if planar.PolygonContains(uShape, c) {
		t.Fatalf("test polygon's centroid %v should be outside it", c)
	}
}

func TestRepresentativePoint(t *testing.T) {
	tests := []struct {
		name string
		g    orb.Geometry
		want orb.Point
	}{
		{"nil", nil, orb.Point{}},
		{"point", orb.Point{1, 2}, orb.Point{1, 2}},
		{"multipoint", orb.MultiPoint{{3, 4}, {5, 6}}, orb.Point{3, 4}},
		{"empty multipoint", orb.MultiPoint{}, orb.Point{}},
		{"linestring", orb.LineString{{0, 0}, {2, 0}, {2, 2}}, orb.Point{2, 0}},
		{"linestring uneven", orb.LineString{{0, 0}, {1, 0}, {4, 0}}, orb.Point{2, 0}},
		{"one-point linestring", orb.LineString{{7, 7}}, orb.Point{7, 7}},
		{"multilinestring picks the longest", orb.MultiLineString{{{0, 0}, {1, 0}}, {{10, 10}, {10, 20}}}, orb.Point{10, 15}},
		{"convex polygon gives its centroid", square(0, 0, 2), orb.Point{1, 1}},
		{"multipolygon picks the largest", orb.MultiPolygon{square(0, 0, 1), square(10, 10, 4)}, orb.Point{12, 12}},
		{"empty polygon", orb.Polygon{}, orb.Point{}},
		{"bound", orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{4, 2}}, orb.Point{2, 1}},
		{"collection prefers polygons", orb.Collection{orb.Point{50, 50}, orb.LineString{{0, 0}, {9, 9}}, square(0, 0, 2)}, orb.Point{1, 1}},
		{"collection of lines and points", orb.Collection{orb.Point{50, 50}, orb.LineString{{0, 0}, {4, 0}}}, orb.Point{2, 0}},
		{"empty collection", orb.Collection{}, orb.Point{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RepresentativePoint(tt.g); !nearlyEqual(got, tt.want) {
				t.Errorf("RepresentativePoint() = %v, want %v", got, tt.want)
			}
		})
	}
}

// wigglyC returns a C-shaped polygon of about n vertices whose centroid is
// outside it, so RepresentativePoint must scan.
func wigglyC(n int) orb.Polygon {
	r := make(orb.Ring, 0, n+1)
	k := n / 2
	for i := range k { // outer arc, counter-clockwise from 45° to 315°
		th := math.Pi/4 + 1.5*math.Pi*float64(i)/float64(k-1)
		rad := 10 + 0.2*math.Sin(40*th)
		r = append(r, orb.Point{rad * math.Cos(th), rad * math.Sin(th)})
	}
	for i := k - 1; i >= 0; i-- { // inner arc back
		th := math.Pi/4 + 1.5*math.Pi*float64(i)/float64(k-1)
		r = append(r, orb.Point{7 * math.Cos(th), 7 * math.Sin(th)})
	}
	return orb.Polygon{append(r, r[0])}
}

func TestRepresentativePointWigglyC(t *testing.T) {
	p := wigglyC(5000)
	if c, _ := planar.CentroidArea(p); planar.PolygonContains(p, c) {
		t.Fatalf("test polygon's centroid %v should be outside it", c)
	}
	got := RepresentativePoint(p)
	if !Contains(p, got) {
		t.Errorf("RepresentativePoint = %v, not inside", got)
	}
}

func BenchmarkRepresentativePoint(b *testing.B) {
	for _, bc := range []struct {
		name string
		g    orb.Geometry
	}{
		{"centroid_inside_5000", Circle(orb.Point{44, 33}, 200, 5000)},
		{"scanline_5000", wigglyC(5000)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				RepresentativePoint(bc.g)
			}
		})
	}
}
