package incident

import "testing"

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
