package gazetteer

import "testing"

func TestUnresolved(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct {
		text string
		want []string // names, in order
		kind string   // of the first
	}{
		{"Militants attacked troops near Bar-Sanguun village (Kismaayo, Lower Juba) at dawn.", []string{"Bar-Sanguun"}, "village"},
		{"Shells fell on the Tal Qarnabi area, west of the town.", []string{"Tal Qarnabi"}, "area"},
		{"Families fled the Abu Shukair camp in northern Syria on Friday.", []string{"Abu Shukair"}, "camp"},
		{"The village was shelled. A town in Idlib was hit too.", nil, ""},
		{"Shelling hit Kafr Nabl village in southern Idlib.", nil, ""}, // known: a mention, not unresolved
		{"Residents of Mosul city said they heard the blasts.", nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			us := g.Unresolved(tc.text, g.Tag(tc.text))
			var got []string
			for _, u := range us {
				got = append(got, u.Text)
				if []rune(tc.text)[u.Start] != []rune(u.Text)[0] || tc.text[u.ByteStart:u.ByteEnd] != u.Text {
					t.Errorf("offsets of %q are wrong: %+v", u.Text, u)
				}
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("got %q, want %q", got, tc.want)
				}
			}
			if len(us) > 0 && us[0].Kind != tc.kind {
				t.Errorf("kind %q, want %q", us[0].Kind, tc.kind)
			}
		})
	}
}
