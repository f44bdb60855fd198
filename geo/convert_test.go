package geo

import (
	"errors"
	"testing"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-geom"
)

func TestGeomRoundTrip(t *testing.T) {
	withHole := orb.Polygon{square(0, 0, 10)[0], reversed(square(4, 4, 2)[0])}
	tests := []struct {
		name string
		in   orb.Geometry
		want orb.Geometry // nil: same as in
		kind geom.T
	}{
		{"point", orb.Point{44.366, 33.315}, nil, &geom.Point{}},
		{"multipoint", orb.MultiPoint{{1, 2}, {3, 4}}, nil, &geom.MultiPoint{}},
		{"linestring", orb.LineString{{1, 2}, {3, 4}, {5, 7}}, nil, &geom.LineString{}},
		{"multilinestring", orb.MultiLineString{{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}, {9, 9}}}, nil, &geom.MultiLineString{}},
		{"polygon with hole", withHole, nil, &geom.Polygon{}},
		{"multipolygon", orb.MultiPolygon{withHole, square(20, 20, 1), square(-5, -5, 2)}, nil, &geom.MultiPolygon{}},
		{"collection", orb.Collection{orb.Point{1, 2}, orb.LineString{{0, 0}, {1, 1}}, withHole,
			orb.Collection{orb.MultiPoint{{9, 9}}}}, nil, &geom.GeometryCollection{}},
		{"bound becomes polygon", orb.Bound{Min: orb.Point{1, 2}, Max: orb.Point{3, 4}},
			orb.Bound{Min: orb.Point{1, 2}, Max: orb.Point{3, 4}}.ToPolygon(), &geom.Polygon{}},
		{"ring becomes polygon", square(0, 0, 1)[0], square(0, 0, 1), &geom.Polygon{}},
		{"empty multipolygon", orb.MultiPolygon{}, nil, &geom.MultiPolygon{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := ToGeom(tt.in)
			if err != nil {
				t.Fatalf("ToGeom: %v", err)
			}
			if gotT, wantT := typeName(g), typeName(tt.kind); gotT != wantT {
				t.Errorf("ToGeom type = %s, want %s", gotT, wantT)
			}
			if g.SRID() != 4326 {
				t.Errorf("SRID = %d, want 4326", g.SRID())
			}
			if g.Layout() != geom.XY {
				t.Errorf("layout = %v, want XY", g.Layout())
			}
			back, err := FromGeom(g)
			if err != nil {
				t.Fatalf("FromGeom: %v", err)
			}
			want := tt.want
			if want == nil {
				want = tt.in
			}
			if !orb.Equal(back, want) {
				t.Errorf("round trip = %#v, want %#v", back, want)
			}
		})
	}
}

func typeName(g geom.T) string {
	switch g.(type) {
	case *geom.Point:
		return "Point"
	case *geom.MultiPoint:
		return "MultiPoint"
	case *geom.LineString:
		return "LineString"
	case *geom.MultiLineString:
		return "MultiLineString"
	case *geom.Polygon:
		return "Polygon"
	case *geom.MultiPolygon:
		return "MultiPolygon"
	case *geom.GeometryCollection:
		return "GeometryCollection"
	}
	return "?"
}

func TestFromGeomDropsZ(t *testing.T) {
	tests := []struct {
		name string
		in   geom.T
		want orb.Geometry
	}{
		{"point XYZ", geom.NewPoint(geom.XYZ).MustSetCoords(geom.Coord{1, 2, 3}), orb.Point{1, 2}},
		{"linestring XYZM", geom.NewLineString(geom.XYZM).MustSetCoords([]geom.Coord{{1, 2, 3, 4}, {5, 6, 7, 8}}),
			orb.LineString{{1, 2}, {5, 6}}},
		{"polygon XYZ", geom.NewPolygon(geom.XYZ).MustSetCoords([][]geom.Coord{{{0, 0, 1}, {1, 0, 1}, {1, 1, 1}, {0, 0, 1}}}),
			orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}},
		{"multipolygon with empty polygon", geom.NewMultiPolygon(geom.XY).MustSetCoords([][][]geom.Coord{
			{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, {}, {{{5, 5}, {6, 5}, {6, 6}, {5, 5}}}}),
			orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, {}, {{{5, 5}, {6, 5}, {6, 6}, {5, 5}}}}},
		{"linear ring", geom.NewLinearRing(geom.XY).MustSetCoords([]geom.Coord{{0, 0}, {1, 0}, {1, 1}, {0, 0}}),
			orb.Ring{{0, 0}, {1, 0}, {1, 1}, {0, 0}}},
		{"empty point", geom.NewPointEmpty(geom.XY), orb.Point{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FromGeom(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !orb.Equal(got, tt.want) {
				t.Errorf("FromGeom = %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestConvertErrors(t *testing.T) {
	if _, err := ToGeom(nil); !errors.Is(err, ErrUnsupportedGeometry) {
		t.Errorf("ToGeom(nil) error = %v, want ErrUnsupportedGeometry", err)
	}
	if _, err := FromGeom(nil); !errors.Is(err, ErrUnsupportedGeometry) {
		t.Errorf("FromGeom(nil) error = %v, want ErrUnsupportedGeometry", err)
	}
	if _, err := ToGeom(orb.Collection{orb.Point{1, 1}, nil}); !errors.Is(err, ErrUnsupportedGeometry) {
		t.Errorf("ToGeom(collection with nil) error = %v, want ErrUnsupportedGeometry", err)
	}
}
