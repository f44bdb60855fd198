package incident

import (
	"strings"
	"testing"
)

// TestTokenizeWords: the extractor splits words by the gazetteer's rules:
// every apostrophe mark transliterations use stays inside a word, and so
// does a combining accent.
func TestTokenizeWords(t *testing.T) {
	for _, tt := range []struct {
		text  string
		first string
	}{
		{"Kata'ib fighters", "Kata'ib"},
		{"Kata`ib fighters", "Kata`ib"},
		{"Ma‘arrat shelled", "Ma‘arrat"},
		{"Saʿda struck", "Saʿda"},
		{"Cafe\u0301 owners", "Cafe\u0301"},
		{"U.S. forces", "U.S."},
	} {
		toks := tokenize(tt.text)
		if len(toks) == 0 || toks[0].text != tt.first {
			t.Errorf("%q: first token %+v, want %q", tt.text, toks, tt.first)
		}
	}
}

// TestTokenizeJoins: the extractor's words are the scanner's joined across
// hyphens and, in numbers, across ':' ',' '.'; a dotted abbreviation stays
// a word of its own; spaces are dropped but line breaks kept.
func TestTokenizeJoins(t *testing.T) {
	for _, tt := range []struct {
		text string
		want string // tokens joined by '|'
	}{
		{"Iranian-backed al-Qaeda", "Iranian-backed|al-Qaeda"},
		{"F-16 jets, 2014-2015", "F-16|jets|,|2014-2015"},
		{"1,200 people at 7:44 a.m. and 3.5 km", "1,200|people|at|7:44|a|.|m|.|and|3.5|km"},
		{"Killed 5,Baghdad said", "Killed|5|,|Baghdad|said"},
		{"U.S.-led forces", "U.S.|-|led|forces"},
		{"pro-U.S. groups", "pro|-|U.S.|groups"},
		{"the U.A.E. and Mr.Smith", "the|U.A.E.|and|Mr|.|Smith"},
		{"Iraqis' homes, Baghdad's", "Iraqis|'|homes|,|Baghdad's"},
		{"a - b\n\nc", "a|-|b|\n|\n|c"},
		{"well-\nknown", "well|-|\n|known"},
	} {
		var got []string
		for _, tk := range tokenize(tt.text) {
			got = append(got, tk.text)
		}
		if g := strings.Join(got, "|"); g != tt.want {
			t.Errorf("%q:\ngot  %q\nwant %q", tt.text, g, tt.want)
		}
	}
}

// TestTokenLower: a token's lower case is strings.ToLower of its text
// (curly apostrophes straightened), whatever letters come before it.
func TestTokenLower(t *testing.T) {
	for _, text := range []string{
		"Rebels took KIRKUK and Mosul.",
		"ÉLYSÉE officials met in Zqarta; İstanbul and ḨAMA were next.",
		"The Kelvin sign \u212a before Qarnat, then ß and ẞ.",
		"Ma’arrat AL-NUMAN’S market",
	} {
		for _, tk := range tokenize(text) {
			if !tk.word {
				continue
			}
			want := strings.ToLower(tk.text)
			if strings.ContainsAny(want, "’‘") {
				want = curlyQuotes.Replace(want)
			}
			if tk.low != want {
				t.Errorf("%q: %q lowered to %q, want %q", text, tk.text, tk.low, want)
			}
		}
	}
}

// TestWordCount: wordCount counts what strings.Fields splits.
func TestWordCount(t *testing.T) {
	for _, s := range []string{"", " ", "Idleb", "southern  Idleb", " Deir ez-Zor ", "a\tb\nc", "Ḩamāh\u00a0city", "\u2003x\u2003"} {
		if got, want := wordCount(s), len(strings.Fields(s)); got != want {
			t.Errorf("wordCount(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestWordClasses: a word's classes are read once, as tokenize makes it,
// whatever its case.
func TestWordClasses(t *testing.T) {
	for _, tt := range []struct {
		word string
		want wordClass
	}{
		{"Warplanes", classAir},
		{"drone", classAir},
		{"soldiers", classArmed},
		{"Mortars", classArmed},
		{"tank", classArmed},
		{"Killed", classKill | classToll},
		{"wounded", classHurt | classToll},
		{"corpses", classToll},
		{"beheaded", classToll},
		{"ongoing", classSummary},
		{"could", classGeneric},
		{"market", 0},
	} {
		toks := tokenize(tt.word + " struck.")
		if got := toks[0].class; got != tt.want {
			t.Errorf("%q: class %b, want %b", tt.word, got, tt.want)
		}
	}
}
