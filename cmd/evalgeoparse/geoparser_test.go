package main

import (
	"math"
	"strings"
	"testing"
)

func TestParseFeatureCollection(t *testing.T) {
	a := article{id: "a1", text: "Near Zürich and Lyon."}
	feature := func(geom, extra string) string {
		return `{"type":"FeatureCollection","id":"a1","features":[{"type":"Feature","geometry":` + geom +
			`,"properties":{"text":"Zürich","start":5,"end":11,"place_id":2657896,"name":"Zurich","kind":"city","country_code":"CH","role":"mention","confidence":0.9` + extra + `}}]}`
	}
	tests := []struct {
		name     string
		line     string
		hasPoint bool
		lat, lon float64
		wantErr  string
	}{
		{"point", feature(`{"type":"Point","coordinates":[8.55,47.37]}`, ""), true, 47.37, 8.55, ""},
		{"point ignores lat/lon", feature(`{"type":"Point","coordinates":[8.55,47.37]}`, `,"lat":1,"lon":2`), true, 47.37, 8.55, ""},
		{"polygon bbox centre", feature(`{"type":"Polygon","coordinates":[[[8,47],[9,47],[9,48],[8,48],[8,47]]]}`, ""), true, 47.5, 8.5, ""},
		{"polygon prefers lat/lon", feature(`{"type":"Polygon","coordinates":[[[8,47],[9,47],[9,48],[8,48],[8,47]]]}`, `,"lat":47.37,"lon":8.55`), true, 47.37, 8.55, ""},
		{"multipolygon", feature(`{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[3,4],[4,4],[4,6],[3,4]]]]}`, ""), true, 3, 2, ""},
		{"linestring", feature(`{"type":"LineString","coordinates":[[10,20],[12,24]]}`, ""), true, 22, 11, ""},
		{"multilinestring", feature(`{"type":"MultiLineString","coordinates":[[[10,20],[12,24]],[[14,20],[14,22]]]}`, ""), true, 22, 12, ""},
		{"collection", feature(`{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[0,0]},{"type":"Point","coordinates":[2,4]}]}`, ""), true, 2, 1, ""},
		{"null geometry", feature(`null`, ""), false, 0, 0, ""},
		{"null geometry with lat/lon", feature(`null`, `,"lat":47.37,"lon":8.55`), true, 47.37, 8.55, ""},
		{"no features", `{"type":"FeatureCollection","id":"a1","features":[]}`, false, 0, 0, ""},
		{"malformed", `{"type":"FeatureCollection",`, false, 0, 0, "malformed JSON"},
		{"wrong type", `{"type":"Feature","id":"a1"}`, false, 0, 0, "want FeatureCollection"},
		{"missing id", `{"type":"FeatureCollection","features":[]}`, false, 0, 0, `no top-level "id"`},
		{"wrong id", `{"type":"FeatureCollection","id":"a2","features":[]}`, false, 0, 0, `id "a2"`},
		{"span past the end", strings.Replace(feature(`null`, ""), `"end":11`, `"end":99`, 1), false, 0, 0, "outside"},
		{"missing start", strings.Replace(feature(`null`, ""), `"start":5,`, ``, 1), false, 0, 0, "missing start"},
		{"unknown geometry", feature(`{"type":"Circle","coordinates":[0,0]}`, ""), false, 0, 0, "unknown type"},
		{"swapped depth", feature(`{"type":"Point","coordinates":[[0,0]]}`, ""), false, 0, 0, "want at least 2"},
		{"latitude out of range", feature(`{"type":"Point","coordinates":[8,97]}`, ""), false, 0, 0, "not a longitude"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			preds, err := parseFeatureCollection([]byte(tt.line), a)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(preds) == 0 {
				return
			}
			p := preds[0]
			if p.start != 5 || p.end != 11 || p.placeID != "2657896" || p.countryCode != "CH" || p.confidence != 0.9 {
				t.Errorf("prediction = %+v", p)
			}
			if p.hasPoint != tt.hasPoint || math.Abs(p.lat-tt.lat) > 1e-9 || math.Abs(p.lon-tt.lon) > 1e-9 {
				t.Errorf("point = %v %v,%v; want %v %v,%v", p.hasPoint, p.lat, p.lon, tt.hasPoint, tt.lat, tt.lon)
			}
		})
	}
}

func TestReadPredictions(t *testing.T) {
	arts := []article{{id: "1", text: "x"}, {id: "2", text: "y"}}
	fc := func(id string) string { return `{"type":"FeatureCollection","id":"` + id + `","features":[]}` }
	tests := []struct {
		name, out, wantErr string
	}{
		{"ok", fc("1") + "\n" + fc("2") + "\n", ""},
		{"no final newline", fc("1") + "\n" + fc("2"), ""},
		{"too few", fc("1") + "\n", "got 1 FeatureCollections for 2 articles"},
		{"too many", fc("1") + "\n" + fc("2") + "\n" + fc("3") + "\n", "more FeatureCollections"},
		{"out of order", fc("2") + "\n" + fc("1") + "\n", "line 1 (article 1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readPredictions(strings.NewReader(tt.out), arts)
			if tt.wantErr == "" && err != nil {
				t.Fatal(err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("err = %v, want one mentioning %q", err, tt.wantErr)
			}
		})
	}
}

func TestSpanText(t *testing.T) {
	s := "café Zürich"
	for _, tt := range []struct {
		sp   span
		want string
	}{{span{0, 4}, "café"}, {span{5, 11}, "Zürich"}, {span{3, 6}, "é Z"}} {
		if got := spanText(s, tt.sp); got != tt.want {
			t.Errorf("spanText(%v) = %q, want %q", tt.sp, got, tt.want)
		}
	}
}

func FuzzParseFeatureCollection(f *testing.F) {
	f.Add(`{"type":"FeatureCollection","id":"a1","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[8,47],[9,47],[9,48],[8,47]]]},"properties":{"text":"Lyon","start":0,"end":4}}]}`)
	f.Add(`{"type":"FeatureCollection","id":"a1","features":[{"type":"Feature","geometry":null,"properties":{"start":1,"end":2,"lat":1,"lon":2}}]}`)
	a := article{id: "a1", text: "Lyon and Zürich"}
	f.Fuzz(func(t *testing.T, line string) {
		preds, err := parseFeatureCollection([]byte(line), a)
		if err != nil {
			return
		}
		for _, p := range preds {
			if p.start < 0 || p.end <= p.start || p.end > 15 {
				t.Fatalf("span [%d,%d) accepted outside the text", p.start, p.end)
			}
			if p.hasPoint && !validLatLon(p.lat, p.lon) {
				t.Fatalf("point %v,%v accepted out of range", p.lat, p.lon)
			}
		}
	})
}
