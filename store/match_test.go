package store

import (
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/paulmach/orb"
)

func TestMatchReports(t *testing.T) {
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	town := orb.Point{40.0, 34.0}
	report := func(mod func(*incident.Incident)) incident.Incident {
		in := incident.Incident{EventDate: day, TimePrecision: 1, EventType: "Explosions/Remote violence",
			SubEventType: incident.SubAirStrike, Geometry: town, Point: town, GeoPrecision: 1,
			Actor1: "Military Forces of Russia (2000-)", Actor2: "Civilians (Syria)"}
		if mod != nil {
			mod(&in)
		}
		return in
	}
	at := func(km, bearing float64) func(*incident.Incident) {
		return func(in *incident.Incident) {
			p := geo.Destination(town, bearing, km)
			in.Geometry, in.Point = p, p
		}
	}
	border := orb.LineString{{39.5, 34.02}, {40.5, 34.02}} // 2.2 km north of the town
	region := orb.Polygon{{{39.5, 33.5}, {40.5, 33.5}, {40.5, 34.5}, {39.5, 34.5}, {39.5, 33.5}}}
	tests := []struct {
		name   string
		stored func(*incident.Incident)
		in     func(*incident.Incident)
		want   Verdict
	}{
		{"same place", nil, nil, Same},
		{"exact places 2.5 km apart", nil, at(2.5, 90), Same},
		{"exact places 5.5 km apart", nil, at(5.5, 0), Same},
		{"exact places 9 km apart", nil, at(9, 180), Uncertain},
		{"exact places 30 km apart", nil, at(30, 180), Distinct},
		{"near a place, 15 km", func(in *incident.Incident) { in.GeoPrecision = 2 }, func(in *incident.Incident) {
			at(15, 45)(in)
			in.GeoPrecision = 2
		}, Same},
		{"the next day", nil, func(in *incident.Incident) { in.EventDate = day.AddDate(0, 0, 1) }, Uncertain},
		{"two days apart", nil, func(in *incident.Incident) { in.EventDate = day.AddDate(0, 0, 2) }, Distinct},
		{"within a week, 3 days apart", nil, func(in *incident.Incident) {
			in.EventDate, in.TimePrecision = day.AddDate(0, 0, 3), 2
		}, Same},
		{"a town on the border", func(in *incident.Incident) {
			in.Geometry, in.Point, in.GeoPrecision = border, border[0], 3
		}, nil, Same},
		{"a town in a region", func(in *incident.Incident) {
			in.Geometry, in.Point, in.GeoPrecision = region, orb.Point{40, 34}, 3
		}, nil, Uncertain},
		{"shelling and an air strike", nil, func(in *incident.Incident) { in.SubEventType = incident.SubShelling }, Uncertain},
		{"a clash and an air strike", nil, func(in *incident.Incident) {
			in.EventType, in.SubEventType = "Battles", incident.SubArmedClash
		}, Distinct},
		{"sub-event type unknown", nil, func(in *incident.Incident) { in.SubEventType = "" }, Same},
		{"other actors", nil, func(in *incident.Incident) {
			in.Actor1, in.Actor2 = "Military Forces of Türkiye (2016-)", "SDF: Syrian Democratic Forces"
		}, Uncertain},
		{"the same forces named otherwise", nil, func(in *incident.Incident) {
			in.Actor1 = "Military Forces of Russia"
		}, Same},
		{"only the victims named", nil, func(in *incident.Incident) { in.Actor1, in.Actor2 = "", "Civilians (Syria)" }, Same},
		{"actors swapped", nil, func(in *incident.Incident) {
			in.Actor1, in.Actor2 = "Civilians (Syria)", "Military Forces of Russia (2000-)"
		}, Same},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := report(tt.stored), report(tt.in)
			m := MatchReports(&a, &b)
			if m.Verdict != tt.want {
				t.Errorf("verdict %v (%s, score %.2f), want %v", m.Verdict, m.Reason, m.Score, tt.want)
			}
			if back := MatchReports(&b, &a); back.Verdict != m.Verdict {
				t.Errorf("not symmetric: %v one way, %v the other", m.Verdict, back.Verdict)
			}
			if m.Verdict != Distinct && (m.Score <= 0 || m.Score > 1 || m.Reason == "") {
				t.Errorf("score %v, reason %q", m.Score, m.Reason)
			}
		})
	}
}

func TestMatchBound(t *testing.T) {
	in := incident.Incident{EventDate: time.Date(2024, 3, 10, 0, 0, 0, 0, time.UTC), TimePrecision: 1,
		Point: orb.Point{40, 34}}
	b, from, to := MatchBound(&in)
	if !b.Contains(geo.Destination(in.Point, 90, MatchKm-1)) || b.Contains(geo.Destination(in.Point, 0, MatchKm+5)) {
		t.Errorf("bound %v", b)
	}
	if to.Sub(from) != 2*MatchDays*24*time.Hour {
		t.Errorf("days %v..%v", from, to)
	}
}
