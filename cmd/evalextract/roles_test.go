package main

import (
	"strings"
	"testing"
)

func TestSpanOverlap(t *testing.T) {
	tests := []struct {
		m, g span
		want bool
	}{
		{span{5, 10}, span{5, 10}, true},
		{span{5, 10}, span{9, 12}, true},   // one shared code point
		{span{5, 10}, span{10, 12}, false}, // touching is not overlapping: end is exclusive
		{span{5, 10}, span{0, 5}, false},
		{span{0, 20}, span{7, 8}, true},
		{span{7, 8}, span{0, 20}, true},
		{span{5, 10}, span{7, 7}, true}, // an empty gold span inside counts, as in hit()
	}
	for _, tt := range tests {
		if got := tt.m.overlaps(tt.g); got != tt.want {
			t.Errorf("%v overlaps %v = %v, want %v", tt.m, tt.g, got, tt.want)
		}
	}
}

func TestRolesScorer(t *testing.T) {
	tests := []struct {
		name              string
		gold, incidents   []span
		tp, fp, fn, exact int
	}{
		{"both empty", nil, nil, 0, 0, 0, 1},
		{"found", []span{{3, 9}}, []span{{3, 9}}, 1, 0, 0, 1},
		{"found by overlap", []span{{3, 9}}, []span{{0, 4}}, 1, 0, 0, 1},
		{"missed", []span{{3, 9}}, nil, 0, 0, 1, 0},
		{"spurious", nil, []span{{3, 9}}, 0, 1, 0, 0},
		{"one found, one spurious", []span{{3, 9}}, []span{{3, 9}, {20, 25}}, 1, 1, 0, 0},
		{"two mentions on one gold span", []span{{3, 9}}, []span{{3, 5}, {6, 9}}, 1, 0, 0, 1},
		{"one mention over two gold spans", []span{{3, 9}, {10, 15}}, []span{{0, 20}}, 2, 0, 0, 1},
		{"one of two gold spans", []span{{3, 9}, {10, 15}}, []span{{10, 12}}, 1, 0, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s rolesScorer
			s.add(tt.gold, tt.incidents)
			r := s.r
			if r.TP != tt.tp || r.FP != tt.fp || r.FN != tt.fn || r.Exact != tt.exact || r.Sentences != 1 {
				t.Errorf("tp %d fp %d fn %d exact %d, want %d %d %d %d", r.TP, r.FP, r.FN, r.Exact, tt.tp, tt.fp, tt.fn, tt.exact)
			}
		})
	}
}

func TestRolesResultZeroDivisions(t *testing.T) {
	var s rolesScorer
	s.add(nil, nil)
	r := s.result("all")
	if r.Precision != 0 || r.Recall != 0 || r.F1 != 0 || r.ExactRate != 1 {
		t.Errorf("nothing to find: %+v, want zeros and exactly right 1", r)
	}
}

func TestIncidentSpans(t *testing.T) {
	line := `{"type":"FeatureCollection","id":"4","features":[` +
		`{"type":"Feature","geometry":null,"properties":{"text":"Ferrow","start":3,"end":9,"role":"incident"}},` +
		`{"type":"Feature","geometry":null,"properties":{"text":"Kestrel Bay","start":14,"end":25,"role":"mention"}},` +
		`{"type":"Feature","geometry":null,"properties":{"text":"Ferrow","start":30,"end":36,"role":"incident"}}]}`
	got, err := incidentSpans([]byte(line), "4")
	if err != nil || len(got) != 2 || got[0] != (span{3, 9}) || got[1] != (span{30, 36}) {
		t.Errorf("incidentSpans = %v, %v", got, err)
	}
	for name, bad := range map[string]string{
		"wrong id":           `{"id":"5","features":[]}`,
		"no id":              `{"features":[]}`,
		"no properties":      `{"id":"4","features":[{"type":"Feature"}]}`,
		"incident no offset": `{"id":"4","features":[{"properties":{"role":"incident","start":1}}]}`,
		"malformed":          `{"id":"4",`,
	} {
		if _, err := incidentSpans([]byte(bad), "4"); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if got, err := incidentSpans([]byte(`{"id":"4","features":null}`), "4"); err != nil || len(got) != 0 {
		t.Errorf("null features: %v, %v", got, err)
	}
}

func TestReadSentences(t *testing.T) {
	in := `{"text":"A fire in Ferrow.","locations":[{"start":10,"end":16}],"gold":true}
{"text":"Calm in Kestrel Bay.","locations":[],"gold":false}
{"text":"Rain.","locations":[],"gold":1}
`
	all, err := readSentences(strings.NewReader(in), false)
	if err != nil || len(all) != 3 || all[0].locs[0] != (span{10, 16}) || all[1].gold || !all[2].gold {
		t.Errorf("all = %+v, %v", all, err)
	}
	gold, err := readSentences(strings.NewReader(in), true)
	if err != nil || len(gold) != 2 || gold[1].text != "Rain." {
		t.Errorf("gold = %+v, %v", gold, err)
	}
	if _, err := readSentences(strings.NewReader(in+"\n"), false); err == nil || !strings.Contains(err.Error(), "line 4") {
		t.Errorf("a blank line (json.loads fails on it): err = %v", err)
	}
	if _, err := readSentences(strings.NewReader(`{"text":"x","locations":[]}`), true); err == nil {
		t.Error(`-gold on a line without "gold": no error`)
	}
}

func FuzzIncidentSpans(f *testing.F) {
	f.Add([]byte(`{"id":"0","features":[{"properties":{"role":"incident","start":1,"end":4}}]}`))
	f.Add([]byte(`{"id":"0","features":[{"properties":{"role":"mention"}}]}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		spans, err := incidentSpans(line, "0")
		if err != nil {
			return
		}
		var s rolesScorer
		s.add([]span{{1, 3}}, spans)
		if r := s.result("all"); r.TP+r.FN != 1 || r.FP > len(spans) {
			t.Errorf("counts %+v for %d incident spans", r, len(spans))
		}
	})
}
