package api

import (
	"encoding/json"
	"testing"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
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
			"stored": store.AppendFeature(nil, in),
			"json":   func() []byte { b, _ := json.Marshal(IncidentFeature(in)); return b }(),
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

func TestAddFlatText(t *testing.T) {
	in := &incident.Incident{ID: "x", Point: orb.Point{1, 2}, AssocActors: []string{"A \"one\"", "B"},
		Sources: []incident.Source{{ArticleID: "a", URL: "https://a.example/1?x=1&y=2"}, {ArticleID: "b"}, {ArticleID: "c", URL: "https://c.example/"}}}
	for name, feature := range map[string][]byte{
		"stored": store.AppendFeature(nil, in),
		"json":   func() []byte { b, _ := json.Marshal(IncidentFeature(in)); return b }(),
	} {
		out, ok := addFlatText(nil, feature)
		if !ok {
			t.Fatalf("%s: not rewritten", name)
		}
		f, err := geojson.UnmarshalFeature(out)
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, out)
		}
		if f.Properties["source_urls"] != "https://a.example/1?x=1&y=2 https://c.example/" || f.Properties["assoc_actors_text"] != `A "one"; B` {
			t.Errorf("%s: %v", name, f.Properties)
		}
		if _, ok := f.Properties["sources"].([]any); !ok {
			t.Errorf("%s: the sources array is gone", name)
		}
	}
	if _, ok := addFlatText(nil, []byte(`{"type":"Feature","geometry":null}`)); ok {
		t.Error("a feature without properties was rewritten")
	}
}

func BenchmarkAddFlatText(b *testing.B) {
	in := &incident.Incident{ID: "x", Point: orb.Point{44.1, 33.2}, Geometry: orb.Point{44.1, 33.2}, AssocActors: []string{"Militia"},
		Notes:   "Rockets struck near the airport on Sunday, officials said, and no one was hurt in the attack.",
		Sources: []incident.Source{{ArticleID: "a", URL: "https://a.example/news/1", Title: "Rockets strike"}}}
	feature := store.AppendFeature(nil, in)
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = addFlatText(buf[:0], feature)
	}
}
