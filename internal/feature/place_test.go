package feature

import (
	"encoding/json"
	"testing"

	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/paulmach/orb"
)

// A mention of a name nothing locates has a null geometry and no lat/lon:
// never a point at 0,0.
func TestMentionsUnlocated(t *testing.T) {
	located := &gazetteer.Place{ID: "gn:1", Kind: gazetteer.KindCity, Name: "Tikrit", Point: orb.Point{43.68, 34.6}}
	unlocated := &gazetteer.Place{ID: gazetteer.UnresolvedPrefix + "wadi hajar", Kind: gazetteer.KindUnresolved, Name: "Wadi Hajar"}
	ms := []gazetteer.Mention{
		{Text: "Tikrit", Start: 0, End: 6, Place: located, Role: gazetteer.RoleMention},
		{Text: "Wadi Hajar", Start: 20, End: 30, Place: unlocated, Role: gazetteer.RoleIncident, Modifier: "unlocated"},
	}
	for _, g := range []MentionGeometry{MentionPoint, MentionPlaces, MentionFull} {
		b, err := json.Marshal(Mentions(ms, g))
		if err != nil {
			t.Fatal(err)
		}
		var fc struct {
			Features []struct {
				Geometry   json.RawMessage `json:"geometry"`
				Properties map[string]any  `json:"properties"`
			} `json:"features"`
			Places []struct {
				ID string `json:"id"`
			} `json:"places"`
		}
		if err := json.Unmarshal(b, &fc); err != nil {
			t.Fatal(err)
		}
		if len(fc.Features) != 2 {
			t.Fatalf("%d features, want 2: %s", len(fc.Features), b)
		}
		if string(fc.Features[0].Geometry) == "null" || fc.Features[0].Properties["lat"] != 34.6 {
			t.Errorf("geometry %v: located mention %s, lat %v", g, fc.Features[0].Geometry, fc.Features[0].Properties["lat"])
		}
		u := fc.Features[1]
		if string(u.Geometry) != "null" {
			t.Errorf("geometry %v: unlocated mention has geometry %s, want null", g, u.Geometry)
		}
		if _, ok := u.Properties["lat"]; ok {
			t.Errorf("geometry %v: unlocated mention has lat %v", g, u.Properties["lat"])
		}
		if u.Properties["role"] != "incident" || u.Properties["modifier"] != "unlocated" {
			t.Errorf("geometry %v: unlocated mention properties %v", g, u.Properties)
		}
		if g == MentionPlaces && (len(fc.Places) != 1 || fc.Places[0].ID != "gn:1") {
			t.Errorf("places %+v, want only gn:1", fc.Places)
		}
	}
}
