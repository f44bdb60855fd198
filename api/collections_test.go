package api

import (
	"testing"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/internal/feature"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

func TestPromoteMulti(t *testing.T) {
	for _, tc := range []struct {
		in   orb.Geometry
		want orb.Geometry
	}{
		{orb.LineString{{1, 2}, {3, 4}}, orb.MultiLineString{{{1, 2}, {3, 4}}}},
		{orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {0, 0}}, {{1, 1}, {2, 1}, {2, 2}, {1, 1}}}, orb.MultiPolygon{{{{0, 0}, {4, 0}, {4, 4}, {0, 0}}, {{1, 1}, {2, 1}, {2, 2}, {1, 1}}}}},
		{orb.MultiLineString{{{1, 2}, {3, 4}}}, nil},
		{orb.MultiPolygon{{{{0, 0}, {4, 0}, {4, 4}, {0, 0}}}}, nil},
		{orb.Point{1, 2}, nil},
	} {
		in := &incident.Incident{ID: "x", Geometry: tc.in, Point: orb.Point{1, 2}, Notes: `"LineString","coordinates":}`}
		for name, feature := range map[string][]byte{
			"stored": feature.Append(nil, in),
		} {
			out, ok := promoteMulti([]byte("scratch"), feature)
			if ok != (tc.want != nil) {
				t.Errorf("%s %T: promoted %v", name, tc.in, ok)
				continue
			}
			if !ok {
				continue
			}
			f, err := geojson.UnmarshalFeature(out[len("scratch"):])
			if err != nil {
				t.Fatalf("%s %T: %v\n%s", name, tc.in, err, out)
			}
			if !orb.Equal(f.Geometry, tc.want) || f.Properties["notes"] != in.Notes {
				t.Errorf("%s %T: %v %v", name, tc.in, f.Geometry, f.Properties["notes"])
			}
		}
	}
}
