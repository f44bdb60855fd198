package incident

import (
	"slices"
	"strings"
	"sync"
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
	// class holds the word classes sentence readers ask of every word,
	// read once here (wordClasses).
	class wordClass
}

// wordClass marks the word sets readers test word after word.
type wordClass uint16

const (
	classAir     wordClass = 1 << iota // airWords
	classArmed                         // armedWords or weaponWords: armed men or their arms
	classSummary                       // summaryWords
	classGeneric                       // genericWords
	classKill                          // killWords
	classHurt                          // hurtWords
	classToll                          // a word every toll names (tollCues, killing, hurting, death)
	classAlloc                         // allocVerbs
	classHome                          // a key, or a key's first word, of homeTable
)

// wordClasses joins the sets behind wordClass.
var wordClasses = func() map[string]wordClass {
	m := map[string]wordClass{}
	for w := range airWords {
		m[w] |= classAir
	}
	for _, set := range []map[string]bool{armedWords, weaponWords} {
		for w := range set {
			m[w] |= classArmed
		}
	}
	for class, set := range map[wordClass]map[string]bool{classSummary: summaryWords, classGeneric: genericWords, classKill: killWords, classHurt: hurtWords, classAlloc: allocVerbs} {
		for w := range set {
			m[w] |= class
		}
	}
	for k := range homeTable {
		if !strings.Contains(k, " ") {
			m[k] |= classHome
		}
	}
	for _, set := range []map[string]bool{tollCues, killWords, hurtWords, deathNouns, bodyNouns, executionVerbs} {
		for w := range set {
			m[w] |= classToll
		}
	}
	return m
}()

// sentence is a run of tokens [lo, hi) and the byte span it covers.
type sentence struct {
	lo, hi int
	b0, b1 int
}

// maxSentenceTokens bounds a sentence; real sentences are far shorter.
const maxSentenceTokens = 150

// tokenize splits a body into words and punctuation: the pieces of a
// gazetteer.Scanner, its words joined across hyphens ("Iranian-backed",
// "F-16") and, in numbers, across ':' ',' '.' ("7:44", "1,200"). Spaces other
// than line breaks are left out. A dotted abbreviation ("U.S.") stays a
// word of its own: "U.S.-led".
func tokenize(s string) []tok { return tokenizeInto(nil, s) }

// extractBuf holds the per-article arrays Extract reuses from one article
// to the next: its words, their clauses and its place mentions.
type extractBuf struct {
	toks    []tok
	clauses []int
	ments   []ment
	// cands are blocks of candidates handed out in turn; used counts
	// those of the current article. Blocks never move, so a candidate's
	// address holds while the article is read.
	cands []*[candBlock]candidate
	used  int
}

// candBlock is how many candidates a block holds.
const candBlock = 32

var extractBufs = sync.Pool{New: func() any { return new(extractBuf) }}

// minPooledBody is the shortest body Extract reads into a pooled array.
const minPooledBody = 512

// tokenizeInto is tokenize appending to buf[:0].
func tokenizeInto(buf []tok, s string) []tok {
	toks := slices.Grow(buf[:0], len(s)/5+1)
	lowered := asciiLower(s)
	sc := gazetteer.NewScanner(s)
	var p gazetteer.Piece
	for sc.Next(&p) {
		if !p.Word {
			if p.Rune == '\n' {
				toks = append(toks, tok{text: "\n", low: "\n", b0: p.BStart, b1: p.BEnd, nl: true})
			} else if !unicode.IsSpace(p.Rune) {
				t := s[p.BStart:p.BEnd]
				toks = append(toks, tok{text: t, low: t, b0: p.BStart, b1: p.BEnd})
			}
			continue
		}
		b0, b1 := p.BStart, p.BEnd
		cap, num := p.Cap, p.Digit
		for !p.Abbrev && joinNext(s, &sc, &p, num) {
			b1 = p.BEnd
		}
		t := s[b0:b1]
		// One lower-cased copy of the text serves its ASCII words.
		low := lowered[b0:b1]
		if !isASCII(t) {
			low = strings.ToLower(t)
		}
		if strings.IndexByte(low, 0xE2) >= 0 && strings.ContainsAny(low, "’‘") {
			low = curlyQuotes.Replace(low)
		}
		toks = append(toks, tok{text: t, low: low, b0: b0, b1: b1, word: true, cap: cap, num: num, class: wordClasses[low]})
	}
	return toks
}

// asciiLower lower-cases the ASCII letters of s and leaves every other
// byte as it is, so that byte offsets into s hold in the result.
func asciiLower(s string) string {
	i := 0
	for i < len(s) && !('A' <= s[i] && s[i] <= 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if c := b[i]; 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// curlyQuotes straightens curly apostrophes.
var curlyQuotes = strings.NewReplacer("’", "'", "‘", "'")

// joinNext reports whether the word p goes on across the separator after
// it, in a word that started with a digit if num, and if so reads the
// separator and the word after it, which becomes p.
func joinNext(s string, sc *gazetteer.Scanner, p *gazetteer.Piece, num bool) bool {
	// Only a hyphen (or U+2011), ':', ',' or '.' right after the word
	// joins; most words are followed by a space.
	if p.BEnd >= len(s) {
		return false
	}
	switch s[p.BEnd] {
	case '-', ':', ',', '.', 0xE2:
	default:
		return false
	}
	ahead := *sc
	var sep, next gazetteer.Piece
	if !ahead.Next(&sep) || sep.Word || !ahead.Next(&next) || !next.Word || next.Abbrev {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[next.BStart:])
	switch {
	case (sep.Rune == '-' || sep.Rune == '‑') && unicode.IsLetter(r):
	case sep.Rune == '-' && unicode.IsDigit(r):
	case (sep.Rune == ':' || sep.Rune == ',' || sep.Rune == '.') && num && unicode.IsDigit(r):
	default:
		return false
	}
	*sc, *p = ahead, next
	return true
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
