package feature

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// spec is the Feature of an incident as the HTTP API documents it, built
// as a map and written by encoding/json: Append must write exactly these
// bytes, so the reflection-free encoder is checked against the standard
// library's string, number and key-order rules.
func spec(inc *incident.Incident) *geojson.Feature {
	var g orb.Geometry = inc.Point
	if inc.Geometry != nil {
		g = orb.Clone(inc.Geometry)
	}
	g = orb.Round(g, 1e7)
	f := geojson.NewFeature(g)
	f.ID = inc.ID
	assoc := inc.AssocActors
	if assoc == nil {
		assoc = []string{}
	}
	srcs := make([]map[string]any, 0, len(inc.Sources))
	var urls []string
	for _, s := range inc.Sources {
		m := map[string]any{"id": s.ArticleID, "url": s.URL, "title": s.Title}
		if !s.Published.IsZero() {
			m["published"] = s.Published.Format("2006-01-02")
		}
		if s.SourceName != "" {
			m["source"] = s.SourceName
		}
		if s.URL != "" {
			urls = append(urls, s.URL)
		}
		srcs = append(srcs, m)
	}
	f.Properties = geojson.Properties{
		"id": inc.ID, "event_date": inc.EventDate.Format("2006-01-02"), "time_precision": inc.TimePrecision,
		"event_type": inc.EventType, "sub_event_type": inc.SubEventType, "actor1": inc.Actor1, "actor2": inc.Actor2,
		"assoc_actors": assoc, "assoc_actors_text": strings.Join(assoc, "; "),
		"location": inc.Location, "place_id": inc.PlaceID, "country_code": inc.CountryCode,
		"admin1": inc.Admin1, "lat": Round(inc.Point[1]), "lon": Round(inc.Point[0]), "geo_precision": inc.GeoPrecision,
		"fatalities": inc.Fatalities, "injuries": inc.Injuries, "notes": inc.Notes, "sources": srcs,
		"source_urls": strings.Join(urls, " "), "confidence": inc.Confidence,
	}
	if inc.Status != "" && inc.Status != "unreviewed" {
		f.Properties["status"] = inc.Status
	}
	return f
}

func TestAppend(t *testing.T) {
	five := 5
	zero := 0
	base := incident.Incident{
		ID: "x1", EventDate: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), TimePrecision: 1,
		EventType: "Battles", SubEventType: "Armed clash", Actor1: "Military Forces of Iraq (2014-)",
		Location: "Baghdad", PlaceID: "gn:98182", CountryCode: "IQ", Admin1: "IQ-BG",
		Point: orb.Point{44.3661234567, 33.3152}, GeoPrecision: 1, Confidence: 0.625,
		Notes: "A drone struck.",
	}
	tests := []struct {
		name string
		edit func(in *incident.Incident)
	}{
		{"point", func(in *incident.Incident) {}},
		{"geometry point", func(in *incident.Incident) { in.Geometry = in.Point }},
		{"line", func(in *incident.Incident) { in.Geometry = orb.LineString{{40.5, 35}, {41.5, 33.000001}} }},
		{"multiline", func(in *incident.Incident) {
			in.Geometry = orb.MultiLineString{{{40.5, 35}, {41.5, 33}}, {{1, 2}, {3, 4}}}
		}},
		{"polygon with hole", func(in *incident.Incident) {
			in.Geometry = orb.Polygon{{{41.5, 32}, {43.5, 32}, {43.5, 34}, {41.5, 32}}, {{42, 32.5}, {43, 32.5}, {43, 33}, {42, 32.5}}}
		}},
		{"multipolygon", func(in *incident.Incident) {
			in.Geometry = orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, {{{2, 2}, {3, 2}, {3, 3}, {2, 2}}}}
		}},
		{"multipoint", func(in *incident.Incident) { in.Geometry = orb.MultiPoint{{1e-7, -0.5}, {1e21, 2}} }},
		{"collection", func(in *incident.Incident) { in.Geometry = orb.Collection{orb.Point{1, 2}} }},
		{"counts and actors", func(in *incident.Incident) {
			in.Fatalities, in.Injuries = &five, &zero
			in.AssocActors = []string{"PKK: Kurdistan Workers' Party", "<Militia & Co>"}
		}},
		{"awkward text", func(in *incident.Incident) {
			in.Notes = "Line 1\nTab\t\"quoted\" \\ back \b\f\r \x01 \u2028\u2029 «ünïcode» \xff bad é"
			in.Actor2 = "Civilians (Iraq) <script>&amp;</script>"
		}},
		{"sources", func(in *incident.Incident) {
			in.Sources = []incident.Source{
				{ArticleID: "a1", URL: "https://news.example/a1?x=1&y=2", Title: "T <1>",
					Published: time.Date(2024, 3, 2, 23, 30, 0, 0, time.UTC), SourceName: "Example"},
				{ArticleID: "a2"},
			}
		}},
		{"unreviewed", func(in *incident.Incident) { in.Status = "unreviewed" }},
		{"verified", func(in *incident.Incident) { in.Status = "verified" }},
		{"tiny and huge numbers", func(in *incident.Incident) {
			in.Confidence = 1e-7
			in.Point = orb.Point{-0.0000004, 89.9999999}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base
			tt.edit(&in)
			want, err := json.Marshal(spec(&in))
			if err != nil {
				t.Fatal(err)
			}
			got := Append(nil, &in)
			if string(got) != string(want) {
				t.Errorf("Append:\n got %s\nwant %s", got, want)
			}
		})
	}
}

func BenchmarkAppend(b *testing.B) {
	in := incident.Incident{
		ID: "x1", EventDate: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), TimePrecision: 1,
		EventType: "Battles", SubEventType: "Armed clash", Actor1: "Military Forces of Iraq (2014-)",
		Location: "Baghdad", Point: orb.Point{44.3661234567, 33.3152}, Geometry: orb.Point{44.3661234567, 33.3152},
		GeoPrecision: 1, Confidence: 0.625, Notes: "A drone struck.",
		Sources: []incident.Source{{ArticleID: "a1", URL: "https://news.example/a1", Title: "T"}},
	}
	var buf []byte
	for b.Loop() {
		buf = Append(buf[:0], &in)
	}
	b.SetBytes(int64(len(buf)))
}

func TestID(t *testing.T) {
	for _, id := range []string{"inc-1a2b", "", `quo"te`, `back\slash`, "ünï\u2028code", "tab\tnew\nline"} {
		in := incident.Incident{ID: id, EventDate: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), Point: orb.Point{44, 33}}
		f := Append(nil, &in)
		got, err := ID(f)
		if err != nil || got != id {
			t.Errorf("ID(%s) = %q, %v; want %q", f, got, err, id)
		}
	}
	for _, bad := range []string{``, `{}`, `{"id":1}`, `{"id":"unterminated`, `{"id":"bad \x escape"}`, `{"type":"Feature","id":"x"}`} {
		if got, err := ID([]byte(bad)); err == nil {
			t.Errorf("ID(%q) = %q, want an error", bad, got)
		}
	}
}

func FuzzID(f *testing.F) {
	f.Add([]byte(`{"id":"inc-1","type":"Feature"}`))
	f.Add([]byte(`{"id":"a\"b"}`))
	f.Add([]byte(`{"id":"\u00e9"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		id, err := ID(b)
		if err != nil {
			return
		}
		// A read id is what AppendFeature would write back at the start.
		in := incident.Incident{ID: id}
		if again, err := ID(Append(nil, &in)); err != nil || again != id {
			t.Errorf("id %q read from %q does not round-trip: %q, %v", id, b, again, err)
		}
	})
}
