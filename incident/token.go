package incident

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/incidentmap/incidentmap/gazetteer"
)

// tok is one word or punctuation mark of an article body.
type tok struct {
	text   string // as written
	low    string // lower case, curly apostrophes made straight
	b0, b1 int    // byte offsets into the body
	word   bool
	cap    bool // starts with an upper-case letter
	num    bool // starts with a digit
	nl     bool // punctuation token for a line break
}

// sentence is a run of tokens [lo, hi) and the byte span it covers.
type sentence struct {
	lo, hi int
	b0, b1 int
}

// maxSentenceTokens bounds a sentence; real sentences are far shorter.
const maxSentenceTokens = 150

func isWordRune(r rune) bool { return gazetteer.IsWordRune(r) }

func isApos(r rune) bool { return gazetteer.IsApostrophe(r) }

// tokenize splits a body into words and punctuation. A word keeps inner
// apostrophes ("Kata'ib"), hyphens ("Iranian-backed"), dots between letters
// ("U.S.") and digits joined by ':' ',' '.' ("7:44", "1,200").
func tokenize(s string) []tok {
	toks := make([]tok, 0, len(s)/5+1)
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			if r == '\n' {
				toks = append(toks, tok{text: "\n", low: "\n", b0: i, b1: i + n, nl: true})
			}
			i += n
			continue
		}
		if !isWordRune(r) {
			t := s[i : i+n]
			toks = append(toks, tok{text: t, low: t, b0: i, b1: i + n})
			i += n
			continue
		}
		j := i + n
		digits := unicode.IsDigit(r)
		for j < len(s) {
			r2, n2 := utf8.DecodeRuneInString(s[j:])
			if isWordRune(r2) {
				j += n2
				continue
			}
			if j+n2 < len(s) {
				r3, _ := utf8.DecodeRuneInString(s[j+n2:])
				switch {
				case (isApos(r2) || r2 == '-' || r2 == '‑') && unicode.IsLetter(r3):
					j += n2
					continue
				case r2 == '-' && unicode.IsDigit(r3):
					j += n2
					continue
				case r2 == '.' && unicode.IsLetter(r3) && j-i <= 2 && unicode.IsUpper(r):
					// U.S., U.N.: a dotted abbreviation takes its final dot too.
					j += n2
					for j < len(s) {
						r4, n4 := utf8.DecodeRuneInString(s[j:])
						if unicode.IsLetter(r4) {
							j += n4
							continue
						}
						if r4 == '.' {
							j += n4
						}
						break
					}
					goto done
				case (r2 == ':' || r2 == ',' || r2 == '.') && digits && unicode.IsDigit(r3):
					j += n2
					continue
				}
			}
			break
		}
	done:
		t := s[i:j]
		low := strings.ToLower(t)
		if strings.ContainsAny(low, "’‘") {
			low = strings.NewReplacer("’", "'", "‘", "'").Replace(low)
		}
		toks = append(toks, tok{text: t, low: low, b0: i, b1: j, word: true, cap: unicode.IsUpper(r), num: digits})
		i = j
	}
	return toks
}

// base strips a possessive: "sunday's" -> "sunday".
func base(low string) string {
	if strings.HasSuffix(low, "'s") {
		return low[:len(low)-2]
	}
	if strings.HasSuffix(low, "s'") {
		return low[:len(low)-1]
	}
	return low
}

// splitSentences groups tokens into sentences: a line break, or . ! ? not
// after an abbreviation and followed by a capital, a digit or a quote. A
// dotted abbreviation ("U.S.") keeps its dot inside the word and so never
// ends a sentence: "U.S. Forces" continues far more often than it ends.
func splitSentences(toks []tok) []sentence {
	var out []sentence
	lo := 0
	emit := func(hi int) {
		for lo < hi && (toks[lo].nl) {
			lo++
		}
		if lo < hi {
			out = append(out, sentence{lo: lo, hi: hi, b0: toks[lo].b0, b1: toks[hi-1].b1})
		}
		lo = hi
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.nl {
			emit(i + 1)
			continue
		}
		if i-lo >= maxSentenceTokens {
			// Text without sentence ends (lists, hostile input) is cut into
			// pieces so that work per sentence stays bounded.
			emit(i)
		}
		if t.word || (t.text != "." && t.text != "!" && t.text != "?") {
			continue
		}
		if t.text == "." && i > 0 && toks[i-1].word && toks[i-1].b1 == t.b0 {
			prev := toks[i-1].low
			if gazetteer.Abbreviation(prev) || (len(prev) == 1 && toks[i-1].cap) {
				continue
			}
		}
		// Look past closing quotes and brackets.
		k := i + 1
		for k < len(toks) && !toks[k].word && !toks[k].nl && strings.ContainsAny(toks[k].text, "\"”’)]'") {
			k++
		}
		if k < len(toks) && toks[k].word && !toks[k].cap && !toks[k].num {
			continue // "approx. seven", "e.g. the"
		}
		emit(k)
		i = k - 1
	}
	emit(len(toks))
	return out
}
