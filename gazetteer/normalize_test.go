package gazetteer

import "testing"

func TestNormalizeASCIIMatchesTokenizer(t *testing.T) {
	for _, name := range []string{
		"Deir ez-Zor", "Baghdad International Airport", "Rostov-on-Don", "  Abu   Kamal ", "Saint-Denis (93)",
		"A-1 Road", "123 Main Street", "X", "", "---", "Al Anbar Governorate", "Guinea-Bissau",
	} {
		fast, ok := normalizeASCII(name)
		if !ok {
			t.Fatalf("normalizeASCII(%q) refused a plain ASCII name", name)
		}
		toks := tokenize(name)
		slow := ""
		for i, tk := range toks {
			if i > 0 {
				slow += " "
			}
			slow += tk.norm
		}
		if fast != slow {
			t.Errorf("normalizeASCII(%q) = %q, tokenizer says %q", name, fast, slow)
		}
	}
}

// TestAbbreviationDots: the dot of an abbreviation ends no sentence, for
// titles, months and Latin shorthands alike (the list the extractor reads
// sentences by too).
func TestAbbreviationDots(t *testing.T) {
	for _, tt := range []struct {
		text, word string
		ends       bool
	}{
		{"Gen. Smith visited Kirkuk.", "gen", false},
		{"On Jan. 5 shells fell on Kirkuk.", "jan", false},
		{"Approx. seven shells fell.", "approx", false},
		{"Shells fell on Kirkuk. Smith left.", "kirkuk", true},
	} {
		found := false
		for _, tk := range tokenize(tt.text) {
			if tk.norm == tt.word {
				found = true
				if tk.sentenceEnd != tt.ends {
					t.Errorf("%q: %q ends a sentence = %v, want %v", tt.text, tt.word, tk.sentenceEnd, tt.ends)
				}
			}
		}
		if !found {
			t.Errorf("%q: no token %q", tt.text, tt.word)
		}
		if Abbreviation(tt.word) == tt.ends {
			t.Errorf("Abbreviation(%q) = %v", tt.word, !tt.ends)
		}
	}
}

// TestTrailingAyn: an apostrophe that ends a romanised Arabic name is the
// letter ayn, part of the name, so the full stop after it ends the
// sentence; one that closes a quote or a plural possessive is neither.
func TestTrailingAyn(t *testing.T) {
	for _, tt := range []struct {
		text, word string
		text2      string // the name's text as the token spans it
		ends       string // "yes", "no", or "" when not checked
	}{
		{"Mortars hit Nawa'. Two died.", "nawa", "Nawa'", "yes"},
		{"Mortars hit Nawa' on Monday.", "nawa", "Nawa'", "no"},
		{"She starred in 'Storm over Dover'. It ran a month.", "dover", "Dover", ""},
		{"He read ‘Night in Aleppo’. It was long.", "aleppo", "Aleppo", ""},
		{"The Smiths' house burned.", "smiths", "Smiths'", "no"},
	} {
		toks := tokenize(tt.text)
		found := false
		for _, tk := range toks {
			if tk.norm != tt.word {
				continue
			}
			found = true
			if got := tt.text[tk.bstart:tk.bend]; got != tt.text2 {
				t.Errorf("%q: token %q spans %q, want %q", tt.text, tt.word, got, tt.text2)
			}
			if tt.ends != "" && tk.sentenceEnd != (tt.ends == "yes") {
				t.Errorf("%q: %q ends a sentence = %v, want %s", tt.text, tt.word, tk.sentenceEnd, tt.ends)
			}
		}
		if !found {
			t.Errorf("%q: no token %q", tt.text, tt.word)
		}
	}
}

// TestPunctuationAfterSpace: a full stop or comma typed after a space ("in
// southern Idleb .", "Kirkuk , Iraq") still ends the sentence or the name;
// a comma after a bracket does not fall back on the word inside it.
func TestPunctuationAfterSpace(t *testing.T) {
	for _, tt := range []struct {
		text, word  string
		ends, comma bool
	}{
		{"Shells fell on Kirkuk . Smith left.", "kirkuk", true, false},
		{"Shells fell on Kirkuk , Iraq.", "kirkuk", false, true},
		{"Shells fell on Kirkuk, Iraq.", "kirkuk", false, true},
		{"Shells fell on Kirkuk (twice), Mosul.", "twice", false, true},
		{"Shells fell on Kirkuk (twice) , Mosul.", "twice", false, true},
		{"Shells fell on the town of Kirkuk and Mosul.", "kirkuk", false, false},
	} {
		found := false
		for _, tk := range tokenize(tt.text) {
			if tk.norm != tt.word {
				continue
			}
			found = true
			if tk.sentenceEnd != tt.ends || tk.commaAfter != tt.comma {
				t.Errorf("%q: %q ends a sentence %v, comma after %v; want %v, %v", tt.text, tt.word, tk.sentenceEnd, tk.commaAfter, tt.ends, tt.comma)
			}
		}
		if !found {
			t.Errorf("%q: no token %q", tt.text, tt.word)
		}
	}
}
