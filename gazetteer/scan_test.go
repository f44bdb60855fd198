package gazetteer

import (
	"os"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// piecesOf renders the pieces of text as "word" for a word and "|r|" for
// any other rune, with a word's marks after it: +abbrev, +poss, +cap,
// +digit, +plain.
func piecesOf(text string) []string {
	var out []string
	sc := NewScanner(text)
	var p Piece
	for sc.Next(&p) {
		if !p.Word {
			out = append(out, "|"+string(p.Rune)+"|")
			continue
		}
		s := text[p.BStart:p.BEnd]
		if p.Abbrev {
			s += "+abbrev"
		}
		if p.Possessive {
			s += "+poss"
		}
		if p.Cap {
			s += "+cap"
		}
		if p.Digit {
			s += "+digit"
		}
		if p.Plain {
			s += "+plain"
		}
		out = append(out, s)
	}
	return out
}

func TestScannerPieces(t *testing.T) {
	tests := []struct {
		name, text string
		want       string // pieces joined by a space
	}{
		{"words and spaces", "rockets hit", "rockets+plain | | hit+plain"},
		{"capital", "Erbil 7", "Erbil+cap | | 7+digit+plain"},
		{"inner apostrophe", "Kata'ib Ma’arrat", "Kata'ib+cap | | Ma’arrat+cap"},
		{"possessive ends the word", "Baghdad's, sunday’s", "Baghdad's+poss+cap |,| | | sunday’s+poss+plain"},
		{"possessive at the end of the text", "Mosul's", "Mosul's+poss+cap"},
		{"apostrophe s inside a word", "Qal'sa", "Qal'sa+cap"},
		{"plural possessive apostrophe is a piece", "Iraqis' homes", "Iraqis+cap |'| | | homes+plain"},
		{"apostrophe before a digit", "rock'n '90", "rock'n | | |'| 90+digit+plain"},
		{"dotted abbreviation takes its dot", "U.S. forces", "U.S.+abbrev+cap | | forces+plain"},
		{"three letters", "U.A.E.,", "U.A.E.+abbrev+cap |,|"},
		{"abbreviation at the end", "the U.S.", "the+plain | | U.S.+abbrev+cap"},
		{"abbreviation without final dot", "U.S-led", "U.S+abbrev+cap |-| led+plain"},
		{"lower case is no abbreviation", "a.m. p.M.", "a+plain |.| m+plain |.| | | p+plain |.| M+cap |.|"},
		{"title word is no abbreviation", "Mr.Smith", "Mr+cap |.| Smith+cap"},
		{"three capitals before a dot", "USA.Today", "USA+cap |.| Today+cap"},
		{"hyphen and digits stay apart", "Iranian-backed 1,200 7:44", "Iranian+cap |-| backed+plain | | 1+digit+plain |,| 200+digit+plain | | 7+digit+plain |:| 44+digit+plain"},
		{"line break", "Erbil\nKirkuk", "Erbil+cap |\n| Kirkuk+cap"},
		{"combining mark", "Ete\u0301 \u0301x", "Ete\u0301+cap | | \u0301x"},
		{"non-ASCII capital", "Été", "Été+cap"},
		{"invalid byte", "a\xffb", "a+plain |\uFFFD| b+plain"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := strings.Join(piecesOf(tc.text), " "); got != tc.want {
				t.Errorf("%q:\ngot  %s\nwant %s", tc.text, got, tc.want)
			}
		})
	}
}

func TestScannerStem(t *testing.T) {
	for text, stem := range map[string]string{"Baghdad's": "Baghdad", "Homs’s": "Homs", "Kata'ib": "Kata'ib", "U.S.": "U.S."} {
		sc := NewScanner(text)
		var p Piece
		if !sc.Next(&p) || text[p.BStart:p.StemEnd] != stem {
			t.Errorf("%q: stem %q, want %q", text, text[p.BStart:p.StemEnd], stem)
		}
	}
}

// FuzzScanner: any byte sequence is read without panic into pieces that
// follow each other without gap or overlap, in bytes and in code points,
// and cover the text; a word starts and ends with a word rune or its
// abbreviation's dot, and non-word pieces are one rune.
func FuzzScanner(f *testing.F) {
	for _, s := range []string{"", "U.S. forces in Iraqis' Baghdad's Kata'ib", "a\xffb\n\xe2\x80", "Été \u0301 1,200 U.A.E.", "'s s' .U.S"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		sc := NewScanner(text)
		var p Piece
		b, cp := 0, 0
		for sc.Next(&p) {
			if p.BStart != b || p.Start != cp || p.BEnd <= p.BStart || p.End <= p.Start || p.BEnd > len(text) {
				t.Fatalf("%q: piece %+v after byte %d, code point %d", text, p, b, cp)
			}
			if n := utf8.RuneCountInString(text[p.BStart:p.BEnd]); n != p.End-p.Start {
				t.Fatalf("%q: piece %+v spans %d code points", text, p, n)
			}
			if p.Word {
				first, _ := utf8.DecodeRuneInString(text[p.BStart:])
				last, _ := utf8.DecodeLastRuneInString(text[p.BStart:p.StemEnd])
				if !IsWordRune(first) || !IsWordRune(last) && !(p.Abbrev && last == '.') {
					t.Fatalf("%q: word %q", text, text[p.BStart:p.BEnd])
				}
				if p.StemEnd < p.BStart || p.StemEnd > p.BEnd || p.Possessive != (p.StemEnd < p.BEnd) {
					t.Fatalf("%q: word %+v: stem end", text, p)
				}
				// What the scanner counted is what the stem holds.
				letters, upper, plain := 0, 0, true
				for _, r := range text[p.BStart:p.StemEnd] {
					if unicode.IsLetter(r) {
						letters++
						if unicode.IsUpper(r) {
							upper++
						}
					}
					plain = plain && ('a' <= r && r <= 'z' || '0' <= r && r <= '9')
				}
				if p.Letters != letters || p.Upper != upper || p.Cap != unicode.IsUpper(first) || p.Digit != unicode.IsDigit(first) || p.Plain != plain {
					t.Fatalf("%q: word %q read as %+v: %d letters, %d upper, plain %v", text, text[p.BStart:p.BEnd], p, letters, upper, plain)
				}
			} else if p.End-p.Start != 1 || IsWordRune(p.Rune) {
				t.Fatalf("%q: piece %+v is no single non-word rune", text, p)
			}
			b, cp = p.BEnd, p.End
		}
		if b != len(text) || cp != utf8.RuneCountInString(text) {
			t.Fatalf("%q: pieces end at byte %d, code point %d", text, b, cp)
		}
	})
}

// BenchmarkTokenize: the tagger's tokenizer over the seed article.
func BenchmarkTokenize(b *testing.B) {
	raw, err := os.ReadFile("../seeds/articles/001_iraq_syria_border_strikes.json")
	if err != nil {
		b.Fatal(err)
	}
	text := string(raw)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		tokenize(text)
	}
}
