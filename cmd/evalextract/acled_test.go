package main

import (
	"fmt"
	"strings"
	"testing"
)

// testNotes reads made-up rows under a fixed header.
func testNotes(t *testing.T, types string, rows ...string) []note {
	t.Helper()
	in := "event_id_cnty,event_date,time_precision,event_type,latitude,longitude,geo_precision,notes,fatalities\n" + strings.Join(rows, "\n") + "\n"
	notes, err := readNotes(strings.NewReader(in), types)
	if err != nil {
		t.Fatal(err)
	}
	return notes
}

func TestReadNotes(t *testing.T) {
	rows := []string{
		"A1,07-Mar-19,1,Remote violence,10,20,1,A shell hit a barn.,0",
		"A2,07-Mar-19,1,Riots/Protests,10,20,1,Farmers marched.,0",
		"A3,07-Mar-19,1,Strategic development,10,20,1,A base opened.,0",
		"A4,07-Mar-19,1,Battles,10,20,1,Two groups fought.,0", // today's name passes as it is
		"A5,07-Mar-19,1,Remote violence,,20,1,No latitude.,0",
		"A6,07-Mar-19,1,Remote violence,10,east,1,No longitude.,0",
		"A7,07-Mar-19,1,Remote violence,10,20,1,\" \t \",0",
		"A8,32-Mar-19,1,Remote violence,10,20,1,No such day.,0",
		"A9,2019-03-07,1,Remote violence,1_0.5, 20 ,1,Odd but readable numbers.,0",
		"A10,07-Mar-19,1,Non-violent transfer of territory,10,20,1,A town changed hands.,0",
	}
	ids := func(ns []note) string {
		var s []string
		for _, n := range ns {
			id, _ := n.row.get("event_id_cnty")
			s = append(s, id.s+"="+n.eventType.s)
		}
		return strings.Join(s, " ")
	}
	if got, want := ids(testNotes(t, "pv", rows...)), "A1=Explosions/Remote violence A4=Battles A9=Explosions/Remote violence"; got != want {
		t.Errorf("pv: %s, want %s", got, want)
	}
	want := "A1=Explosions/Remote violence A2=Protests A3=Strategic developments A4=Battles A9=Explosions/Remote violence A10=Strategic developments"
	if got := ids(testNotes(t, "all", rows...)); got != want {
		t.Errorf("all: %s, want %s", got, want)
	}
	n := testNotes(t, "pv", rows[8])[0]
	if n.lat != 10.5 || n.lon != 20 || n.date.String() != "2019-03-07" {
		t.Errorf("A9 = %+v", n)
	}
	// A short row: float(None) is a TypeError in Python, which ends the scorer.
	if _, err := readNotes(strings.NewReader("event_date,event_type,latitude,longitude,notes\n07-Mar-19,Battles,10\n"), "pv"); err == nil {
		t.Error("a row without longitude: no error")
	}
}

// incidents formats extract output for note 0 from (date, lat, lon, geometry, extra
// properties) tuples.
func incidents(fs ...[5]string) []byte {
	var parts []string
	for _, f := range fs {
		date := "null"
		if f[0] != "" {
			date = fmt.Sprintf("%q", f[0])
		}
		geom := f[3]
		if geom == "" {
			geom = fmt.Sprintf(`{"type":"Point","coordinates":[%s,%s]}`, f[2], f[1])
		}
		parts = append(parts, fmt.Sprintf(`{"type":"Feature","geometry":%s,"properties":{"event_date":%s,"lat":%s,"lon":%s%s}}`, geom, date, f[1], f[2], f[4]))
	}
	return []byte(`{"type":"FeatureCollection","id":"0","features":[` + strings.Join(parts, ",") + `]}`)
}

func TestACLEDScorer(t *testing.T) {
	// The gold point is 10N 20E on 2019-03-07; 0.1 degree of latitude is 11.1 km.
	row := func(gp, tp, typ, fatalities string) string {
		return "B1,07-Mar-19," + tp + "," + typ + ",10,20," + gp + ",A made-up note.," + fatalities
	}
	// A triangle with a corner 11 km north of the gold point, and a square whose southern
	// edge passes as near but whose corners are 110 km and more away: vertices count, not edges.
	triangle := `{"type":"Polygon","coordinates":[[[20,10.1],[21,11],[19,11],[20,10.1]]]}`
	square := `{"type":"Polygon","coordinates":[[[19,11.0],[21,11.0],[21,10.1],[19,10.1],[19,11.0]]]}`
	tests := []struct {
		name            string
		row             string
		out             []byte
		found, typ, fat bool
		extra           int
	}{
		{"same place and day", row("1", "1", "Remote violence", "0"), incidents([5]string{"2019-03-07", "10.0", "20.0"}), true, false, true, 0},
		{"22 km, town", row("1", "1", "Remote violence", "0"), incidents([5]string{"2019-03-07", "10.2", "20.0"}), true, false, true, 0},
		{"33 km, town", row("1", "1", "Remote violence", "0"), incidents([5]string{"2019-03-07", "10.3", "20.0"}), false, false, false, 1},
		{"33 km, near a town", row("2", "1", "Remote violence", "0"), incidents([5]string{"2019-03-07", "10.3", "20.0"}), true, false, true, 0},
		{"111 km, region", row("3", "1", "Remote violence", "0"), incidents([5]string{"2019-03-07", "11.0", "20.0"}), true, false, true, 0},
		{"167 km, region", row("3", "1", "Remote violence", "0"), incidents([5]string{"2019-03-07", "11.5", "20.0"}), false, false, false, 1},
		{"unknown precision is 50 km", row("7", "1", "Remote violence", "0"), incidents([5]string{"2019-03-07", "10.4", "20.0"}), true, false, true, 0},
		{"blank precision is 25 km", row("", "1", "Remote violence", "0"), incidents([5]string{"2019-03-07", "10.3", "20.0"}), false, false, false, 1},
		{"a day late, day precision", row("1", "1", "Remote violence", "0"), incidents([5]string{"2019-03-08", "10.0", "20.0"}), false, false, false, 1},
		{"7 days early, week precision", row("1", "2", "Remote violence", "0"), incidents([5]string{"2019-02-28", "10.0", "20.0"}), true, false, true, 0},
		{"8 days late, week precision", row("1", "2", "Remote violence", "0"), incidents([5]string{"2019-03-15", "10.0", "20.0"}), false, false, false, 1},
		{"31 days late, month precision", row("1", "3", "Remote violence", "0"), incidents([5]string{"2019-04-07", "10.0", "20.0"}), true, false, true, 0},
		{"32 days late, month precision", row("1", "3", "Remote violence", "0"), incidents([5]string{"2019-04-08", "10.0", "20.0"}), false, false, false, 1},
		{"unknown time precision is the day", row("1", "5", "Remote violence", "0"), incidents([5]string{"2019-03-08", "10.0", "20.0"}), false, false, false, 1},
		{"undated incident", row("1", "1", "Remote violence", "0"), incidents([5]string{"", "10.0", "20.0"}), false, false, false, 1},
		{"other date format", row("1", "1", "Remote violence", "0"), incidents([5]string{"7 March 2019", "10.0", "20.0"}), true, false, true, 0},
		// The representative points are 111 km off.
		{"a vertex is near", row("1", "1", "Remote violence", "0"), incidents([5]string{"2019-03-07", "11.0", "20.0", triangle}), true, false, true, 0},
		{"only an edge is near", row("1", "1", "Remote violence", "0"), incidents([5]string{"2019-03-07", "11.0", "20.0", square}), false, false, false, 1},
		{"lat/lon near, geometry far", row("1", "1", "Remote violence", "0"), incidents([5]string{"2019-03-07", "10.0", "20.0", `{"type":"Point","coordinates":[25,15]}`}), true, false, true, 0},
		{"no lat/lon, geometry near", row("1", "1", "Remote violence", "0"), incidents([5]string{"2019-03-07", `"?"`, "null", `{"type":"Point","coordinates":[20,10]}`}), true, false, true, 0},
		{"type right", row("1", "1", "Remote violence", "0"), incidents([5]string{"2019-03-07", "10.0", "20.0", "", `,"event_type":"Explosions/Remote violence"`}), true, true, true, 0},
		// The first matching incident is the match, even when a later one is closer and right.
		{"first match wins", row("1", "1", "Remote violence", "0"), incidents(
			[5]string{"2019-03-07", "10.5", "20.0", "", `,"event_type":"Battles"`},
			[5]string{"2019-03-07", "10.1", "20.0", "", `,"event_type":"Battles"`},
			[5]string{"2019-03-07", "10.0", "20.0", "", `,"event_type":"Explosions/Remote violence"`}), true, false, true, 2},
		{"fatalities equal", row("1", "1", "Remote violence", "3"), incidents([5]string{"2019-03-07", "10.0", "20.0", "", `,"fatalities":3`}), true, false, true, 0},
		{"fatalities null, gold 2", row("1", "1", "Remote violence", "2"), incidents([5]string{"2019-03-07", "10.0", "20.0", "", `,"fatalities":null`}), true, false, false, 0},
		{"fatalities null, gold blank", row("1", "1", "Remote violence", ""), incidents([5]string{"2019-03-07", "10.0", "20.0", "", `,"fatalities":null`}), true, false, true, 0},
		{"fatalities 2.7 truncates", row("1", "1", "Remote violence", "2"), incidents([5]string{"2019-03-07", "10.0", "20.0", "", `,"fatalities":2.7`}), true, false, true, 0},
		{"fatalities unreadable gold", row("1", "1", "Remote violence", "many"), incidents([5]string{"2019-03-07", "10.0", "20.0"}), true, false, false, 0},
		{"no incident", row("1", "1", "Remote violence", "0"), incidents(), false, false, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			notes := testNotes(t, "all", tt.row)
			feats, err := parseIncidents(tt.out, "0")
			if err != nil {
				t.Fatal(err)
			}
			s := newACLEDScorer(0)
			if err := s.add(notes[0], feats); err != nil {
				t.Fatal(err)
			}
			r := s.result()
			if (r.Found == 1) != tt.found || (r.EventTypeRight == 1) != tt.typ || (r.FatalitiesExact == 1) != tt.fat || r.Extra != tt.extra {
				t.Errorf("found %d, type %d, fatalities %d, extra %d; want %v %v %v %d", r.Found, r.EventTypeRight, r.FatalitiesExact, r.Extra, tt.found, tt.typ, tt.fat, tt.extra)
			}
			if r.NoIncident+r.WrongPlaceOrDate+r.Found != 1 || (r.NoIncident == 1) != (len(feats) == 0) {
				t.Errorf("no incident %d, wrong place or date %d, found %d", r.NoIncident, r.WrongPlaceOrDate, r.Found)
			}
		})
	}
}

func TestParseIncidentsErrors(t *testing.T) {
	for name, line := range map[string]string{
		"malformed":          `{"id":"0",`,
		"wrong id":           `{"id":"1","features":[]}`,
		"features an object": `{"id":"0","features":{"a":1}}`,
		"coordinates a word": `{"id":"0","features":[{"geometry":{"coordinates":"east"}}]}`,
		"one-number vertex":  `{"id":"0","features":[{"geometry":{"coordinates":[20]}}]}`,
	} {
		if _, err := parseIncidents([]byte(line), "0"); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	feats, err := parseIncidents([]byte(`{"id":"0","features":[{"properties":null,"geometry":null}]}`), "0")
	if err != nil || len(feats) != 1 || feats[0].props != nil || len(feats[0].points) != 0 {
		t.Errorf("null properties and geometry: %+v, %v", feats, err)
	}
}

func FuzzParseIncidents(f *testing.F) {
	f.Add([]byte(`{"id":"0","features":[{"geometry":{"type":"Point","coordinates":[20,10]},"properties":{"event_date":"2019-03-07","lat":10,"lon":20}}]}`))
	f.Add([]byte(`{"id":"0","features":[{"geometry":{"coordinates":[[[1,2],[3]],0,[]]},"properties":{"lat":true,"lon":false}}]}`))
	f.Add([]byte(`{"id":"0","features":null}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		feats, err := parseIncidents(line, "0")
		if err != nil {
			return
		}
		// Every kept point is two things Python would have indexed; scoring never panics.
		notes := testNotes(t, "all", "F1,07-Mar-19,1,Battles,10,20,1,A made-up note.,0")
		_ = newACLEDScorer(1).add(notes[0], feats)
	})
}
