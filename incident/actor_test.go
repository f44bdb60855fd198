package incident

import (
	"maps"
	"testing"
	"time"
)

// TestReadHomes: the home countries of the groups a text names and the
// default homes it implies, read in one pass.
func TestReadHomes(t *testing.T) {
	tests := []struct {
		name, text       string
		groups, defaults map[string]float64
	}{
		{"a group by one word", "Houthi fighters shelled Qarnat.", map[string]float64{"YE": 0.5}, nil},
		{"a group by two words", "Boko Haram raided Zqarta at night.", map[string]float64{"NG": 0.5}, nil},
		{"a group before a holding suffix", "Shells hit a YPG-held village.", map[string]float64{"SY": 0.5}, nil},
		{"named twice, capped at two", "Houthis, Houthis, Houthis, Houthis and Houthis again.", map[string]float64{"YE": 2}, nil},
		{"a default home by two words", "Regime forces shelled the town.", nil, map[string]float64{"SY": 0.5}},
		{"a default home of two countries", "Islamic State fighters attacked a post.", nil, map[string]float64{"SY": 0.5, "IQ": 0.5}},
		{"IS in capitals is the group", "IS fighters attacked a post.", nil, map[string]float64{"SY": 0.5, "IQ": 0.5}},
		{"is in lower case is a verb", "What is fighters' pay?", nil, nil},
		{"both tables from one text", "Hezbollah and regime troops took the hill.", map[string]float64{"LB": 0.5}, map[string]float64{"SY": 0.5}},
		{"a group with no home", "Wagner contractors left the base.", nil, nil},
		{"a nation's forces that fight at home", "Syrian helicopters dropped barrel bombs.", nil, map[string]float64{"SY": 0.5}},
		{"the first of two nations' forces", "Iraqi or coalition forces raided the farm.", nil, map[string]float64{"IQ": 0.5}},
		{"a nation's adjective before no force", "Syrian refugees crossed the border.", nil, nil},
		{"a group at home in Myanmar", "The Arakan Army seized a police outpost.", map[string]float64{"MM": 0.5}, nil},
		{"a cartel at home in Mexico", "CJNG gunmen shot a police officer.", map[string]float64{"MX": 0.5}, nil},
		{"nothing", "Rain fell on the market.", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			groups, defaults := readHomes(tokenize(tt.text))
			if !maps.Equal(groups, tt.groups) || !maps.Equal(defaults, tt.defaults) {
				t.Errorf("homes %v, defaults %v; want %v, %v", groups, defaults, tt.groups, tt.defaults)
			}
		})
	}
}

// A division named with "State" is a place, not an armed group: no actor
// "Bayelsa State", while "Islamic State" stays one.
func TestDivisionIsNoGroup(t *testing.T) {
	g := testGazetteer(t)
	published := time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct{ body, actor1, actor2 string }{
		{"Gunmen kidnapped six workers in Bayelsa State on Monday.", "", ""},
		{"Troops clashed with insurgents in Rakhine State's Buthidaung township on Monday.", "Military Forces of Myanmar", ""},
		{"Islamic State fighters attacked a checkpoint in Kirkuk on Monday.", "Islamic State", ""},
	} {
		x := Extract(g, Article{ID: "a", Body: tt.body}, published)
		if len(x.Incidents) != 1 {
			t.Errorf("%q: %d incidents, want 1", tt.body, len(x.Incidents))
			continue
		}
		if in := x.Incidents[0]; in.Actor1 != tt.actor1 || in.Actor2 != tt.actor2 {
			t.Errorf("%q: actors %q / %q, want %q / %q", tt.body, in.Actor1, in.Actor2, tt.actor1, tt.actor2)
		}
	}
}

// "The Saudi-led coalition": the leading country's forces, as ACLED names
// the coalition's side.
func TestLedCoalition(t *testing.T) {
	g := testGazetteer(t)
	x := Extract(g, Article{ID: "l", Body: "Saudi-led coalition airstrikes hit Houthi positions in Sanaa on Monday, killing 15 fighters."},
		time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC))
	if len(x.Incidents) != 1 {
		t.Fatalf("%d incidents, want 1", len(x.Incidents))
	}
	if in := x.Incidents[0]; in.Actor1 != "Military Forces of Saudi Arabia" || in.Actor2 != "Houthi Movement" {
		t.Errorf("actors %q / %q, want the Saudi forces against the Houthis", in.Actor1, in.Actor2)
	}
}

// A state's forces the text gives no nation are those of the country the
// event is in, as ACLED names them; soldiers who suffer the event are no
// attacker.
func TestUnnamedStateForces(t *testing.T) {
	g := testGazetteer(t)
	published := time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct{ body, actor1 string }{
		{"Regime forces shelled Kafranbel on Monday.", "Military Forces of Syria"},
		{"Police arrested 14 activists in Tunis on Monday.", "Police Forces of Tunisia"},
		{"Two soldiers were killed by a roadside bomb near Kirkuk on Monday.", ""},
		{"Jihadists killed five gendarmes in an attack on a post near Tillaberi.", ""},
		{"Rebels claim to have killed dozens of soldiers during clashes near Kirkuk.", ""},
		{"A farmer was killed by regime shelling of the town of Kafranbel.", "Military Forces of Syria"},
		{"Soldiers shot a boy in Jenin on Friday.", "Military Forces of Israel"},
	} {
		x := Extract(g, Article{ID: "s", Body: tt.body}, published)
		if len(x.Incidents) != 1 {
			t.Errorf("%q: %d incidents, want 1", tt.body, len(x.Incidents))
			continue
		}
		if got := x.Incidents[0].Actor1; got != tt.actor1 {
			t.Errorf("%q: actor1 %q, want %q", tt.body, got, tt.actor1)
		}
	}
}

// TestGroupNameLeadingCount: a count opening a sentence is no part of the
// group named after it ("Two SDF members were killed", "Hundreds of ISIS
// fighters").
func TestGroupNameLeadingCount(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{"Two SDF members were killed.", "SDF: Syrian Democratic Forces"},
		{"Hundreds of ISIS fighters fled.", "Islamic State"},
		{"Seven Houthi fighters were killed.", "Houthi Movement"},
	} {
		ix := findActors(tokenize(tt.text), nil)
		var names []string
		for _, sp := range ix.spans {
			names = append(names, sp.name)
		}
		if len(names) != 1 || names[0] != tt.want {
			t.Errorf("%q: groups %q, want [%q]", tt.text, names, tt.want)
		}
	}
}
