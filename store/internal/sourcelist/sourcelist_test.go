package sourcelist

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/incident"
)

func TestSourcesJSONRoundTrip(t *testing.T) {
	pub := time.Date(2024, 3, 2, 10, 30, 0, 0, time.UTC)
	for _, ss := range [][]incident.Source{
		nil,
		{{ArticleID: "a", URL: "https://x.example/a", Title: "Strikes", Published: pub, SourceName: "Example"}},
		{{ArticleID: "a"}, {ArticleID: "b", Title: `Quote " and \ back`, SourceName: "ünï\u2028"}},
	} {
		b := AppendJSON(nil, ss)
		got, err := ParseJSON(b)
		if err != nil || !reflect.DeepEqual(got, ss) && len(got)+len(ss) > 0 {
			t.Errorf("%s: got %+v, %v; want %+v", b, got, err, ss)
		}
	}
}

func TestParseSourceRows(t *testing.T) {
	for _, tt := range []struct {
		in string
		ok bool
		n  int
	}{
		{`[]`, true, 0},
		{` [ ] `, true, 0},
		{`[["a","b","c","d","e"]]`, true, 1},
		{`[["a", "b", "c", "d", "e"], ["f", "g", "h", "i", "j"]]`, true, 2}, // json_agg's spacing
		{`[["a","b","c","d"]]`, false, 0},
		{`[["a","b","c","d","e","f"]]`, false, 0},
		{`[["a\"","b","c","d","e"]]`, false, 0}, // escapes go to encoding/json
		{`[["a",null,"c","d","e"]]`, false, 0},
		{`[["a","b","c","d","e"]] x`, false, 0},
		{`[["a","b","c","d","e"],]`, false, 0},
		{`[["a","b","c","d","e"]`, false, 0},
		{`["a"]`, false, 0},
		{``, false, 0},
	} {
		rows, ok := parseSourceRows([]byte(tt.in))
		if ok != tt.ok || len(rows) != tt.n {
			t.Errorf("parseSourceRows(%q) = %d rows, %v; want %d, %v", tt.in, len(rows), ok, tt.n, tt.ok)
		}
	}
}

// FuzzParseSourceRows checks the quick reader against encoding/json: where
// it answers, it answers the same.
func FuzzParseSourceRows(f *testing.F) {
	f.Add([]byte(`[["a","b","c","2024-03-02T10:30:00Z","e"]]`))
	f.Add([]byte(`[["a", "b", "c", "", "e"], ["f", "g", "h", "i", "j"]]`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, ok := parseSourceRows(b)
		if !ok {
			return
		}
		var want [][5]string
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatalf("quick reader took %q, encoding/json refuses it: %v", b, err)
		}
		if len(rows)+len(want) > 0 && !reflect.DeepEqual(rows, want) {
			t.Fatalf("%q: quick %q, encoding/json %q", b, rows, want)
		}
	})
}
