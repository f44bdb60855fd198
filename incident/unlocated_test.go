package incident

import (
	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/gazetteer"
)

// An event at a place the gazetteer lacks, which nothing in its sentence
// locates, still happened there: geoparse marks the name incident, with no
// position, or at the town named just before it; no incident is mapped.
func TestUnlocatedPlaces(t *testing.T) {
	g := testGazetteer(t)
	published := time.Date(2024, 5, 2, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, body string
		want       string // the unknown name marked incident, "" for none
		at         string // the name of the place it stands at, "" for no position
	}{
		{"a village its kind word names", "A roadside bomb went off in Qaryat Zubaydi village on Tuesday, wounding two farmers.", "Qaryat Zubaydi", ""},
		{"the village of", "Gunmen shelled the village of Khirbet Umm Nasr at dawn.", "Khirbet Umm Nasr", ""},
		{"a square after a preposition", "Police fired tear gas at protesters near Wardiya Square.", "Wardiya Square", ""},
		{"a district opening the sentence", "In the Hay al-Nakheel district, a car bomb killed four people.", "Hay al-Nakheel", ""},
		{"the town named the sentence before", "Officials met in Baghdad on Monday. Later, protesters marched in the Wadi Hajar neighbourhood.", "Wadi Hajar", "Baghdad"},
		{"the object of a verb that takes only places", "Gunmen stormed Dahiyat Zubaydi at dawn.", "Dahiyat Zubaydi", ""},
		{"a group's possessive after such a verb is no place", "Troops shelled Jaysh Zubaydi's defences before dawn.", "", ""},
		{"a person's name is no place", "Police are investigating the death of Marcus Church, who was shot on Friday.", "", ""},
		{"a patrol named after a road", "The Coastal Highway Patrol said a gunman killed two drivers.", "", ""},
		{"a place with no event", "Farmers in Qaryat Zubaydi village sell dates every autumn.", "", ""},
		{"the land a taking names", "Troops captured the northern village of Khirbet Umm Nasr on Monday.", "Khirbet Umm Nasr", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := Extract(g, Article{ID: "t", Body: tt.body}, published)
			var got *gazetteer.Mention
			for i, m := range x.Mentions {
				if m.Modifier == "unlocated" {
					if got != nil {
						t.Errorf("two unlocated mentions: %q and %q", got.Text, m.Text)
					}
					got = &x.Mentions[i]
				}
			}
			if tt.want == "" {
				if got != nil {
					t.Errorf("unlocated mention %q (%s), want none", got.Text, got.Role)
				}
				return
			}
			if got == nil {
				t.Fatalf("no unlocated mention %q in %+v", tt.want, x.Mentions)
			}
			if got.Text != tt.want || got.Role != gazetteer.RoleIncident || !strings.HasPrefix(got.Place.ID, gazetteer.UnresolvedPrefix) {
				t.Errorf("%q role %s id %s, want %q incident", got.Text, got.Role, got.Place.ID, tt.want)
			}
			if s := []rune(tt.body)[got.Start:got.End]; string(s) != got.Text {
				t.Errorf("offsets %d-%d read %q, want %q", got.Start, got.End, string(s), got.Text)
			}
			if tt.at == "" {
				if got.Place.Located() {
					t.Errorf("%q stands at %v, want no position", got.Text, got.Place.Point)
				}
			} else {
				var at *gazetteer.Mention
				for i, m := range x.Mentions {
					if m.Text == tt.at {
						at = &x.Mentions[i]
					}
				}
				if at == nil {
					t.Fatalf("no mention %q", tt.at)
				}
				if !got.Place.Located() || got.Place.Point != at.Place.Point || got.Precision != 3 {
					t.Errorf("%q at %v p%d, want %s's point %v p3", got.Text, got.Place.Point, got.Precision, tt.at, at.Place.Point)
				}
			}
			for _, in := range x.Incidents {
				if in.Location == tt.want {
					t.Errorf("incident mapped at the unlocated %q: %+v", tt.want, in)
				}
			}
		})
	}
}
