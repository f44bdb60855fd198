package incident

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/gazetteer"
)

// A wire story: filed in one country about another, its first sentence
// telling of strikes in a region and the next of the towns they hit; a
// separate incident in a sentence whose speaker is another country.
func TestWireStory(t *testing.T) {
	g := testGazetteer(t)
	body := "BEIRUT (Reuters) - Syrian and Russian warplanes pounded towns in the rebel-held northwest on Saturday, killing at least 14 civilians, rescue workers said.\n\n" +
		"The strikes hit a busy market in the town of Sarmin, east of Idlib city, and residential areas of Darat Izza in the western Aleppo countryside, a civil defence group said.\n\n" +
		"In a separate incident, a roadside bomb killed two Turkish soldiers on patrol near the town of Atarib, Turkey's defence ministry said in a statement issued in Ankara."
	x := Extract(g, Article{ID: "w", Body: body}, time.Date(2023, 10, 8, 0, 0, 0, 0, time.UTC))
	type want struct{ location, sub string }
	wants := []want{
		{"Sarmīn", SubAirStrike},
		{"Dārat ‘Izzah", SubAirStrike},
		{"Al Atārib", SubIED},
	}
	if len(x.Incidents) != len(wants) {
		var got []string
		for _, in := range x.Incidents {
			got = append(got, in.Location+" "+in.SubEventType)
		}
		t.Fatalf("incidents %q, want %v", got, wants)
	}
	for i, w := range wants {
		in := x.Incidents[i]
		if in.Location != w.location || in.SubEventType != w.sub || in.EventDate.Format("2006-01-02") != "2023-10-07" {
			t.Errorf("incident %d: %s %s %s, want %s %s 2023-10-07", i, in.Location, in.SubEventType, in.EventDate.Format("2006-01-02"), w.location, w.sub)
		}
	}
	for _, m := range x.Mentions {
		if strings.EqualFold(m.Text, "beirut") && m.Role != "mention" {
			t.Errorf("the dateline %q is %s, want mention", m.Text, m.Role)
		}
	}
}

// A dateline is where a report was filed. It is the event's place when the
// report names no town or province of another country.
func TestDateline(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct {
		name, body string
		want, not  string // an incident at want, none at not
	}{
		{"filed elsewhere", "AMMAN (Reuters) - Syrian warplanes bombed rebel-held villages on Monday, killing five people. Rescue workers recovered bodies in the Daraa countryside.", "Dar`a", "Amman"},
		{"filed at home, nothing nearer", "KABUL, Afghanistan (AP) — A suicide bomber killed 9 people at a wedding hall on Friday, police said.", "Kabul", ""},
		{"filed at home, a town of the same country", "MOSUL, Iraq - Gunmen killed a shepherd near Tal Afar on Friday.", "Tall ‘Afar", "Mosul"},
		{"a sentence, no dateline", "Amman police said gunmen attacked a checkpoint near Daraa on Monday.", "Dar‘ā", "Amman"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := Extract(g, Article{ID: "d", Body: tt.body}, time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC))
			var got []string
			found := false
			for _, in := range x.Incidents {
				got = append(got, in.Location)
				found = found || in.Location == tt.want
				if in.Location == tt.not {
					t.Errorf("an incident at %s", tt.not)
				}
			}
			if !found {
				t.Errorf("incidents at %q, want one at %s", got, tt.want)
			}
		})
	}
}

// A date told from the event before ("two days later", "the next day")
// moves on from that event's day.
func TestLaterDates(t *testing.T) {
	g := testGazetteer(t)
	published := time.Date(2024, 3, 20, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, body, want string // want: the last incident's day
	}{
		{"days later", "A sniper killed a baker in Saraqib on 2 March. Three days later, a shell hit a school in Kirkuk, killing a teacher.", "2024-03-05"},
		{"a week later", "A sniper killed a baker in Saraqib on 2 March. A week later, a roadside bomb exploded near Tikrit.", "2024-03-09"},
		{"the next day", "A sniper killed a baker in Saraqib on 2 March. The next day, a roadside bomb exploded near Tikrit.", "2024-03-03"},
		{"hours later", "A sniper killed a baker in Saraqib on 2 March. Hours later, a roadside bomb exploded near Tikrit.", "2024-03-02"},
		{"no event before", "Three days later, a roadside bomb exploded near Tikrit.", "2024-03-19"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := Extract(g, Article{ID: "l", Body: tt.body}, published)
			if len(x.Incidents) == 0 {
				t.Fatal("no incident")
			}
			if got := x.Incidents[len(x.Incidents)-1].EventDate.Format("2006-01-02"); got != tt.want {
				t.Errorf("last incident on %s, want %s", got, tt.want)
			}
		})
	}
}

// "Artillery shelled A, hitting a market in the B district and killing
// four": one event, at A, whose district B the text names; a great city's
// unknown district lies in the city.
func TestParticipleInsideEvent(t *testing.T) {
	g := testGazetteer(t)
	body := "Artillery shelled Mosul on Tuesday, hitting a market in the Wadi Zahra district and killing four civilians."
	x := Extract(g, Article{ID: "p", Body: body}, time.Date(2024, 3, 20, 0, 0, 0, 0, time.UTC))
	if len(x.Incidents) != 1 {
		t.Fatalf("%d incidents, want 1: %+v", len(x.Incidents), x.Incidents)
	}
	in := x.Incidents[0]
	if in.Location != "Mosul" || in.SubEventType != SubShelling || in.Fatalities == nil || *in.Fatalities != 4 {
		t.Errorf("%s %s %v, want Mosul shelling, 4 dead", in.Location, in.SubEventType, in.Fatalities)
	}
	found := false
	for _, m := range x.Mentions {
		if m.Text == "Wadi Zahra" {
			found = true
			if m.Role != "incident" || !strings.Contains(m.Place.ID, ":gn:") {
				t.Errorf("%q: role %s, id %s; want incident, located by Mosul", m.Text, m.Role, m.Place.ID)
			}
		}
	}
	if !found {
		t.Errorf("no mention of the district in %+v", x.Mentions)
	}
}

// After "while", a toll belongs to the event its own clause names.
func TestTollOfContrastingClause(t *testing.T) {
	g := testGazetteer(t)
	body := "Two guards were killed by a roadside bomb in Kirkuk, while four farmers died in shelling on Tikrit."
	x := Extract(g, Article{ID: "w", Body: body}, time.Date(2024, 3, 20, 0, 0, 0, 0, time.UTC))
	want := map[string]int{"Kirkuk": 2, "Tikrīt": 4}
	if len(x.Incidents) != len(want) {
		t.Fatalf("%d incidents, want 2: %+v", len(x.Incidents), x.Incidents)
	}
	for _, in := range x.Incidents {
		if in.Fatalities == nil || *in.Fatalities != want[in.Location] {
			t.Errorf("%s: fatalities %v, want %d", in.Location, in.Fatalities, want[in.Location])
		}
	}
}

// What will happen, or could, has not happened: no incident, and its place
// is only mentioned.
func TestNotYetEvents(t *testing.T) {
	g := testGazetteer(t)
	for _, body := range []string{
		"Warships will patrol the waters off Aden from next week.",
		"The old bridge in Mosul will be hit by a month of road closures.",
		"Officials warned that militants could attack Kirkuk.",
	} {
		x := Extract(g, Article{ID: "n", Body: body}, time.Date(2024, 3, 20, 0, 0, 0, 0, time.UTC))
		if len(x.Incidents) != 0 {
			t.Errorf("%q: incidents %+v, want none", body, x.Incidents)
		}
		for _, m := range x.Mentions {
			if m.Role != "mention" {
				t.Errorf("%q: %q is %s, want mention", body, m.Text, m.Role)
			}
		}
	}
}

// A long list is where the event happened at every place it names, though
// only the first maxPlacesPerEvent become incidents.
func TestLongList(t *testing.T) {
	g := testGazetteer(t)
	body := "Jets bombed Saraqib, Binnish, Taftanaz, Sarmin, Ariha, Kafranbel, Atarib, Darat Izza, Manbij and Raqqa on Monday."
	x := Extract(g, Article{ID: "l", Body: body}, time.Date(2024, 3, 20, 0, 0, 0, 0, time.UTC))
	if len(x.Incidents) != maxPlacesPerEvent {
		t.Errorf("%d incidents, want %d", len(x.Incidents), maxPlacesPerEvent)
	}
	n := 0
	for _, m := range x.Mentions {
		if m.Role == "incident" {
			n++
		} else {
			t.Errorf("%q is %s, want incident", m.Text, m.Role)
		}
	}
	if n != 10 {
		t.Errorf("%d incident places, want 10", n)
	}
}

// "Aleppo's districts of A, B and C": the owner places every name of its
// list; a namesake in another country is not what the list means.
func TestOwnedList(t *testing.T) {
	g := testGazetteer(t)
	body := "Militants shelled Aleppo's districts of Ashrafieh, Salaheddine and Hamdaniya on Monday."
	x := Extract(g, Article{ID: "o", Body: body}, time.Date(2024, 3, 20, 0, 0, 0, 0, time.UTC))
	if len(x.Incidents) == 0 {
		t.Fatal("no incident")
	}
	for _, in := range x.Incidents {
		if in.CountryCode != "SY" {
			t.Errorf("incident at %s (%s), want Aleppo's districts in Syria", in.Location, in.CountryCode)
		}
	}
	for _, m := range x.Mentions {
		if m.Text == "Salaheddine" || m.Text == "Hamdaniya" {
			if !strings.HasPrefix(m.Place.ID, gazetteer.UnresolvedPrefix+"gn:") || m.Role != "incident" {
				t.Errorf("%q: %s %s, want an incident place Aleppo locates", m.Text, m.Place.ID, m.Role)
			}
		}
	}
}

// A part of a country the report sums up in ("towns in northwest Syria")
// holds the town it then names: one incident, at the town.
func TestSummedUpRegion(t *testing.T) {
	g := testGazetteer(t)
	body := "Government forces pounded rebel-held towns in northwest Syria on Monday, killing at least 11 civilians, rescuers said. Most of the victims died in the town of Saraqib in Idlib province, where air strikes hit a busy market."
	x := Extract(g, Article{ID: "r", Body: body}, time.Date(2024, 3, 20, 0, 0, 0, 0, time.UTC))
	if len(x.Incidents) != 1 {
		t.Fatalf("%d incidents, want 1: %+v", len(x.Incidents), x.Incidents)
	}
	in := x.Incidents[0]
	if in.Location != "Sarāqib" || in.GeoPrecision != 1 || in.Fatalities == nil || *in.Fatalities != 11 {
		t.Errorf("%s p%d %v dead, want Saraqib at precision 1, 11 dead", in.Location, in.GeoPrecision, in.Fatalities)
	}
}

// A report that names a country, then where in it the event was, with a
// part of one province first in a list of provinces: one incident at each.
func TestCountryThenItsProvinces(t *testing.T) {
	g := testGazetteer(t)
	body := "Thousands rallied across Iran on Wednesday. The marches were held in western Ilam, Kermanshah and Bushehr provinces."
	x := Extract(g, Article{ID: "c", Body: body}, time.Date(2024, 3, 20, 0, 0, 0, 0, time.UTC))
	var got []string
	for _, in := range x.Incidents {
		got = append(got, in.Location)
	}
	if want := []string{"western Ilam", "Kermanshah", "Bushehr"}; !slices.Equal(got, want) {
		t.Errorf("incidents at %q, want %q", got, want)
	}
}

// A monitor's tally of the day ("documented the killing of 21 civilians in
// Syria") is a summary: its toll is not the toll of the first event of the
// same kind it then tells of.
func TestMonitorTally(t *testing.T) {
	g := testGazetteer(t)
	body := "The monitor documented the killing of 17 civilians in Syria on 5 March 2021. In Daraa governorate, a boy was killed by a landmine in the town of Nawa. In Aleppo governorate, a man was shot dead by gunmen in the city of al-Bab."
	x := Extract(g, Article{ID: "m", Body: body}, time.Date(2021, 3, 6, 0, 0, 0, 0, time.UTC))
	for _, in := range x.Incidents {
		if !strings.HasPrefix(in.Location, "Al B") {
			continue
		}
		if in.Fatalities == nil || *in.Fatalities != 1 {
			n := -1
			if in.Fatalities != nil {
				n = *in.Fatalities
			}
			t.Errorf("%s: %d fatalities, want the one man shot there", in.Location, n)
		}
	}
}

// "killed 30 people in two attacks": a toll of several events, told one
// by one after it, is none of theirs; told alone, it is the one incident
// the report gives.
func TestCountedEvents(t *testing.T) {
	g := testGazetteer(t)
	published := time.Date(2024, 10, 22, 0, 0, 0, 0, time.UTC)
	body := "Insurgents killed at least 30 people in two attacks in Borno state, officials said on Tuesday. In the first attack on Sunday, gunmen opened fire on farmers near Kukawa. On Monday night, militants raided Mafa, killing 12 residents."
	x := Extract(g, Article{ID: "c", Body: body}, published)
	if len(x.Incidents) != 2 {
		t.Fatalf("%d incidents, want the two attacks", len(x.Incidents))
	}
	for _, in := range x.Incidents {
		if in.Fatalities != nil && *in.Fatalities == 30 {
			t.Errorf("%s took the toll of both attacks", in.Location)
		}
	}
	alone := Extract(g, Article{ID: "a", Body: "Gunmen killed 13 villagers in two separate attacks in Zamfara state."}, published)
	if len(alone.Incidents) != 1 {
		t.Errorf("%d incidents for a counted toll told alone, want 1", len(alone.Incidents))
	}
}
