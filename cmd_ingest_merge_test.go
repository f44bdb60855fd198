package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestExactMergeTurnsTheTolerantMatcherOff ingests three reports of one
// car bomb with the CLI: two place it in Sadr City, one in Baghdad, a few
// km from it, on the same day. By default the tolerant matcher makes them
// one incident; with --exact-merge only the two of the same place (the
// same incident id) merge and the Baghdad report stays its own incident.
func TestExactMergeTurnsTheTolerantMatcherOff(t *testing.T) {
	dir := t.TempDir()
	texts := map[string]string{
		"a.txt": "Car bomb kills five in Sadr City\nA car bomb exploded at a market in Sadr City in Baghdad, Iraq on Tuesday, killing five people, police said.\n",
		"c.txt": "Market bombing in Sadr City\nFive people were killed on Tuesday when a car bomb exploded at a market in Sadr City in Baghdad, Iraq, a police officer said.\n",
		"b.txt": "Blast in Baghdad\nA car bomb exploded at a market in Baghdad, Iraq on Tuesday, killing five people, officials said.\n",
	}
	var files []string
	for _, name := range []string{"a.txt", "c.txt", "b.txt"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(texts[name]), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	for _, c := range []struct {
		name    string
		flags   []string
		summary string
		sources []int // sources per incident, sorted
	}{
		{"tolerant", nil, "3 articles (3 new): 1 new incidents, 2 merged into known ones", []int{3}},
		{"exact", []string{"--exact-merge"}, "3 articles (3 new): 2 new incidents, 1 merged into known ones", []int{1, 2}},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "m.db")
			args := append(append([]string{"ingest", "--published", "2026-03-04", "--db", db}, c.flags...), files...)
			_, stderr, err := runCLI(t, "", args...)
			if err != nil {
				t.Fatalf("ingest: %v\n%s", err, stderr)
			}
			if !strings.Contains(stderr, "ingested "+c.summary) {
				t.Errorf("ingest %v: %q, want %q", c.flags, stderr, c.summary)
			}
			out := filepath.Join(t.TempDir(), "m.geojson")
			if _, stderr, err := runCLI(t, "", "export", "--db", db, "--out", out); err != nil {
				t.Fatalf("export: %v\n%s", err, stderr)
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			var fc struct {
				Features []struct {
					Properties struct {
						Sources []json.RawMessage `json:"sources"`
					} `json:"properties"`
				} `json:"features"`
			}
			if err := json.Unmarshal(b, &fc); err != nil {
				t.Fatal(err)
			}
			var got []int
			for _, f := range fc.Features {
				got = append(got, len(f.Properties.Sources))
			}
			slices.Sort(got)
			if !slices.Equal(got, c.sources) {
				t.Errorf("sources per incident %v, want %v", got, c.sources)
			}
		})
	}
}
