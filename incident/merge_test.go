package incident

import (
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

func TestMerge(t *testing.T) {
	n := func(v int) *int { return &v }
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	stored := Incident{
		ID: "x", EventDate: day("2024-03-01"), TimePrecision: 2,
		EventType: "Battles", SubEventType: "Armed clash", Actor1: "Militia A",
		AssocActors: []string{"A", "B"}, Location: "Anbar", Geometry: orb.Point{43, 33}, Point: orb.Point{43, 33},
		GeoPrecision: 3, Confidence: 0.5,
	}
	baghdad := orb.Point{44.4, 33.3}
	tests := []struct {
		name  string
		in    Incident
		check func(t *testing.T, m Incident)
	}{
		{"the same report changes nothing", stored, func(t *testing.T, m Incident) {
			if m.Location != "Anbar" || m.Confidence != 0.5 || !slices.Equal(m.AssocActors, []string{"A", "B"}) {
				t.Errorf("merged = %+v", m)
			}
		}},
		{"a better place moves the whole place", Incident{Location: "Baghdad", Geometry: baghdad, Point: baghdad, GeoPrecision: 1, Confidence: 0.1}, func(t *testing.T, m Incident) {
			if m.Location != "Baghdad" || m.Point != baghdad || m.GeoPrecision != 1 {
				t.Errorf("place = %q %v %d, want Baghdad", m.Location, m.Point, m.GeoPrecision)
			}
			if m.Actor1 != "Militia A" || m.Confidence != 0.5 {
				t.Errorf("a less confident report changed actor1 %q or confidence %v", m.Actor1, m.Confidence)
			}
		}},
		{"unknown precision is worst", Incident{Location: "Baghdad", Geometry: baghdad, Point: baghdad, GeoPrecision: 0, Confidence: 0.9}, func(t *testing.T, m Incident) {
			if m.Location != "Anbar" {
				t.Errorf("location = %q, want Anbar (precision 0 never wins)", m.Location)
			}
		}},
		{"a tie goes to the more confident report", Incident{EventDate: day("2024-02-28"), TimePrecision: 2, Confidence: 0.8, Actor1: "Militia C", AssocActors: []string{"C", "A"}}, func(t *testing.T, m Incident) {
			if !m.EventDate.Equal(day("2024-02-28")) || m.Actor1 != "Militia C" || m.Confidence != 0.8 {
				t.Errorf("date %v actor1 %q confidence %v", m.EventDate, m.Actor1, m.Confidence)
			}
			if !slices.Equal(m.AssocActors, []string{"A", "B", "C"}) {
				t.Errorf("assoc actors = %v, want the union, stored first", m.AssocActors)
			}
			if m.Location != "Anbar" {
				t.Errorf("a report without geometry moved the place to %q", m.Location)
			}
		}},
		{"a number beats null, empty fields are filled", Incident{Fatalities: n(3), Actor2: "Civilians", Confidence: 0.1}, func(t *testing.T, m Incident) {
			if m.Fatalities == nil || *m.Fatalities != 3 || m.Actor2 != "Civilians" {
				t.Errorf("fatalities %v actor2 %q", m.Fatalities, m.Actor2)
			}
			if m.Injuries != nil {
				t.Errorf("injuries = %d, want null", *m.Injuries)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := slices.Clone(stored.AssocActors)
			tc.check(t, Merge(stored, tc.in))
			if !slices.Equal(stored.AssocActors, before) {
				t.Errorf("Merge changed the stored incident's assoc actors: %v", stored.AssocActors)
			}
		})
	}
}
