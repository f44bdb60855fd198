package main

import (
	"os"
	"strings"
	"testing"
)

func TestReadCorpus(t *testing.T) {
	type wantGold struct {
		name     string
		start    int
		ignore   bool
		hasPoint bool
	}
	tests := []struct {
		file  string
		ids   []string
		texts []string // prefix of each article's text
		gold  [][]wantGold
		stats corpusStats
	}{
		{
			file:  "testdata/gwn.xml",
			ids:   []string{"g1", "g2"},
			texts: []string{"Flooding closed", "Farmers from"},
			gold: [][]wantGold{
				{{"Lyon", 37, false, true}, {"officials", 55, true, false}, {"Kestrel Bay", 68, false, true}, {"Lyon", 99, false, true}},
				// English (Language) is a negative, TITLE has negative offsets: both dropped.
				{{"Ostrava", 13, false, true}, {"market", 40, true, false}, {"Portland", 52, false, true}},
			},
			stats: corpusStats{badOffsets: 1, negatives: 1},
		},
		{
			file:  "testdata/lgl.xml",
			ids:   []string{"101", "102"},
			texts: []string{"Deputies in Calder County searched Birch Hollow Road after the storm & flood.", "A parade in Zürich"},
			gold: [][]wantGold{
				{{"Calder County", 12, false, true}, {"Birch Hollow Road", 35, false, false}},
				{{"Zürich", 12, false, true}, {"Lyon", 36, false, true}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var got []article
			stats, err := readCorpus(f, func(a article) error {
				got = append(got, a)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if stats != tt.stats {
				t.Errorf("stats = %+v, want %+v", stats, tt.stats)
			}
			if len(got) != len(tt.ids) {
				t.Fatalf("got %d articles, want %d", len(got), len(tt.ids))
			}
			for i, a := range got {
				if a.id != tt.ids[i] || !strings.HasPrefix(a.text, tt.texts[i]) {
					t.Errorf("article %d = %q %q, want %q %q...", i, a.id, a.text, tt.ids[i], tt.texts[i])
				}
				if len(a.gold) != len(tt.gold[i]) {
					t.Fatalf("article %s: %d gold, want %d: %+v", a.id, len(a.gold), len(tt.gold[i]), a.gold)
				}
				for j, g := range a.gold {
					w := tt.gold[i][j]
					if g.name != w.name || g.start != w.start || g.end != w.start+len([]rune(w.name)) ||
						g.ignore != w.ignore || g.hasPoint != w.hasPoint {
						t.Errorf("article %s gold %d = %+v, want %+v", a.id, j, g, w)
					}
					// Offsets count code points: the span holds the name.
					if got := string([]rune(a.text)[g.start:g.end]); got != g.name {
						t.Errorf("article %s gold %d covers %q, want %q", a.id, j, got, g.name)
					}
				}
			}
		})
	}
}

func TestReadCorpusErrors(t *testing.T) {
	tests := []struct {
		name, xml, want string
	}{
		{"bad offset", `<articles><article><text>Lyon</text><toponyms><toponym><start>x</start><end>4</end><phrase>Lyon</phrase></toponym></toponyms></article></articles>`, "offsets"},
		{"bad latitude", `<articles><article><text>Lyon</text><toponyms><toponym><start>0</start><end>4</end><phrase>Lyon</phrase><gaztag><lat>north</lat><lon>4</lon></gaztag></toponym></toponyms></article></articles>`, "coordinates"},
		{"latitude out of range", `<articles><article><text>Lyon</text><toponyms><toponym><start>0</start><end>4</end><phrase>Lyon</phrase><gaztag><lat>95</lat><lon>4</lon></gaztag></toponym></toponyms></article></articles>`, "out of range"},
		{"truncated", `<articles><article><text>Lyon`, "article"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readCorpus(strings.NewReader(tt.xml), func(article) error { return nil })
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

func TestReadCorpusIDs(t *testing.T) {
	in := `<articles><article docid="7"><text>a</text></article><article docid="7"><text>b</text></article><article><text>c</text></article></articles>`
	var ids []string
	if _, err := readCorpus(strings.NewReader(in), func(a article) error { ids = append(ids, a.id); return nil }); err != nil {
		t.Fatal(err)
	}
	if strings.Join(ids, ",") != "7,7#2,2" {
		t.Errorf("ids = %v, want [7 7#2 2]", ids)
	}
}

func FuzzReadCorpus(f *testing.F) {
	for _, name := range []string{"testdata/gwn.xml", "testdata/lgl.xml"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = readCorpus(strings.NewReader(string(b)), func(a article) error {
			n := len([]rune(a.text))
			for _, g := range a.gold {
				if g.start < 0 || g.end <= g.start || g.end > n {
					t.Fatalf("article %s: gold span [%d,%d) outside %d code points", a.id, g.start, g.end, n)
				}
			}
			return nil
		})
	})
}
