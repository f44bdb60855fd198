package incident

import (
	"testing"

	"github.com/incidentmap/incidentmap/gazetteer"
)

func TestSplitHeadline(t *testing.T) {
	for _, tt := range []struct {
		name, text  string
		title, body string
		ok          bool
	}{
		{"one line", "Rockets hit Erbil.", "", "", false},
		{"one line and a line break", "Rockets hit Erbil.\n", "", "", false},
		{"a second line", "Rockets hit Erbil.\nThe minister said so.", "Rockets hit Erbil.", "The minister said so.", true},
		{"blank line, nothing after", "Rockets hit Erbil.\n\n  \n", "", "", false},
		{"headline", "Attack in Erbil\n\nA drone struck.", "Attack in Erbil", "A drone struck.", true},
		{"spaces and blank lines around", "\n \n  Attack in Erbil \r\n \t\r\n\n A drone struck.\n\n", "Attack in Erbil", "A drone struck.", true},
		{"blank lines only", "\n\n\n", "", "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			title, titleAt, body, bodyAt, ok := splitHeadline(tt.text)
			if title != tt.title || body != tt.body || ok != tt.ok {
				t.Fatalf("got %q %q %v, want %q %q %v", title, body, ok, tt.title, tt.body, tt.ok)
			}
			if ok && (tt.text[titleAt:titleAt+len(title)] != title || tt.text[bodyAt:bodyAt+len(body)] != body) {
				t.Errorf("offsets %d %d do not point at the headline and body", titleAt, bodyAt)
			}
		})
	}
}

// TestGeoparseHeadline: the headline's mentions count in the whole text and
// are incident only when the incident was read from the headline.
func TestGeoparseHeadline(t *testing.T) {
	g := testGazetteer(t)
	for _, tt := range []struct {
		text  string
		roles map[string]gazetteer.Role
	}{
		{"Rockets hit Erbil airport\n\nThe minister in Rome condemned it.",
			map[string]gazetteer.Role{"Erbil airport": gazetteer.RoleIncident, "Rome": gazetteer.RoleMention}},
		{"Attack in Erbil\n\nA drone struck near the Baghdad airport on Sunday.",
			map[string]gazetteer.Role{"Erbil": gazetteer.RoleMention, "Baghdad airport": gazetteer.RoleIncident}},
		{"Frappes près de Mossoul — “Rapport”\n\nOn Sunday rockets hit Erbil, officials said.",
			map[string]gazetteer.Role{"Mossoul": gazetteer.RoleMention, "Erbil": gazetteer.RoleIncident}},
	} {
		runes := []rune(tt.text)
		got := map[string]gazetteer.Role{}
		for _, m := range Geoparse(g, tt.text) {
			if s := string(runes[m.Start:m.End]); s != m.Text || tt.text[m.ByteStart:m.ByteEnd] != m.Text {
				t.Errorf("%q: %q at %d:%d (bytes %d:%d)", tt.text, m.Text, m.Start, m.End, m.ByteStart, m.ByteEnd)
			}
			got[m.Text] = m.Role
		}
		for text, role := range tt.roles {
			if got[text] != role {
				t.Errorf("%q: %s is %q, want %q (all %v)", tt.text, text, got[text], role, got)
			}
		}
	}
}

// TestGeoparseEmbassyOwner: a country that owns an embassy or a consulate
// names no place of the event; the town the building stands in does.
func TestGeoparseEmbassyOwner(t *testing.T) {
	g := testGazetteer(t)
	for _, tt := range []struct {
		text, owner, town string
	}{
		{"About sixty nurses demonstrated outside the United States Consulate in Lagos on Monday.", "United States", "Lagos"},
		{"Hundreds of students protested on Friday in front of the Canada Embassy in Nairobi over visa delays.", "Canada", "Nairobi"},
	} {
		got := map[string]gazetteer.Role{}
		for _, m := range Geoparse(g, tt.text) {
			got[m.Text] = m.Role
		}
		if got[tt.owner] == gazetteer.RoleIncident {
			t.Errorf("%q: the embassy's owner %s is the incident's place (all %v)", tt.text, tt.owner, got)
		}
		if got[tt.town] != gazetteer.RoleIncident {
			t.Errorf("%q: %s is %q, want incident (all %v)", tt.text, tt.town, got[tt.town], got)
		}
	}
}
