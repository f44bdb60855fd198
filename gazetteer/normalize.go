package gazetteer

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// token is one word of a text: its place in code points and bytes, its folded
// form (lowercase ASCII, no diacritics or apostrophes) and what a reader sees
// about it (capitals, a possessive, the punctuation that follows).
type token struct {
	start, end   int // code points, end exclusive
	bstart, bend int // bytes
	norm         string
	cap          bool // first letter upper case
	allCaps      bool // every letter upper case, at least two letters
	abbrev       bool // dotted abbreviation such as U.S.
	possessive   bool // ended in 's or s'
	hyphenAfter  bool // directly followed by a hyphen or dash ("Iraq-Syria")
	sentenceEnd  bool // followed by . ! ? or a line break that ends a sentence
	commaAfter   bool
	closeAfter   bool // directly followed by a closing bracket ("(A district) of B")
	dotAfter     bool // directly followed by a full stop ("Pa.")
	lineStart    bool // first token of a line
	sentStart    bool // first token of a sentence
	// addressed marks the words of a name its address ruled out in full
	// ("Bajel, Hudayda" is no Bailleul): a place the gazetteer lacks.
	addressed bool
	// cue is what the word tells of a name next to it (nameCues).
	cue cueKind
}

var foldTable = buildFoldTable()

func buildFoldTable() map[rune]string {
	m := map[rune]string{
		'ß': "ss", 'æ': "ae", 'Æ': "ae", 'ø': "o", 'Ø': "o", 'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d",
		'ı': "i", 'œ': "oe", 'Œ': "oe", 'þ': "th", 'ð': "d", 'ħ': "h", 'ŧ': "t",
	}
	for _, rng := range [][2]rune{{0xC0, 0x24F}, {0x1E00, 0x1EFF}} {
		for r := rng[0]; r <= rng[1]; r++ {
			if _, ok := m[r]; ok {
				continue
			}
			d := norm.NFD.String(string(r))
			var sb strings.Builder
			for _, c := range d {
				if unicode.Is(unicode.Mn, c) {
					continue
				}
				sb.WriteRune(unicode.ToLower(c))
			}
			if s := sb.String(); s != "" && s != string(r) {
				m[r] = s
			}
		}
	}
	return m
}

// abbreviations are the words whose dot does not end a sentence ("Gen.
// McKenzie", "St. Louis", "Jan. 5", "approx. seven"): the one list both
// the tagger and the extractor read sentences by.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "gen": true, "col": true, "lt": true,
	"sgt": true, "capt": true, "maj": true, "adm": true, "sen": true, "sens": true, "rep": true, "reps": true,
	"gov": true, "st": true, "ste": true, "mt": true, "ft": true, "pt": true, "jr": true, "sr": true,
	"no": true, "vs": true, "rev": true, "brig": true, "cmdr": true, "cpl": true, "pvt": true, "hon": true,
	"approx": true, "etc": true, "inc": true, "co": true, "corp": true,
	"jan": true, "feb": true, "aug": true, "sept": true, "sep": true, "oct": true, "nov": true, "dec": true,
	"u.s": true, "u.k": true, "u.n": true, "a.m": true, "p.m": true, "e.g": true, "i.e": true,
}

// Abbreviation reports whether a lower-case word's dot does not end a
// sentence.
func Abbreviation(low string) bool { return abbreviations[low] }

// IsApostrophe reports whether r is one of the marks text uses as an
// apostrophe (or an ayn or hamza in transliterations: "Kata'ib", "Ma`arrat").
func IsApostrophe(r rune) bool { return isApostrophe(r) }

// IsWordRune reports whether r is part of a word: a letter, a digit or a
// combining mark. The tagger and the extractor split words alike by it.
func IsWordRune(r rune) bool { return isWordRune(r) }

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', '‘', 'ʼ', 'ʻ', '`', '´', 'ʿ', 'ʾ':
		return true
	}
	return false
}

func isDash(r rune) bool {
	switch r {
	case '-', '‐', '‑', '‒', '–', '—', '―':
		return true
	}
	return false
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// tokenize splits text into word tokens: the words of a Scanner, folded,
// with what the punctuation around them says. It never fails: any byte
// sequence, valid UTF-8 or not, yields tokens or none.
func tokenize(text string) []token { return tokenizeInto(nil, text) }

// tokenizeInto is tokenize appending to buf[:0], so that a caller reading
// many texts reuses one array.
func tokenizeInto(buf []token, text string) []token {
	toks := slices.Grow(buf[:0], len(text)/6+1)
	lineStart, sentStart := true, true
	sc := NewScanner(text)
	var p Piece
	letters := 0 // letters of the last word piece
	for sc.Next(&p) {
		if !p.Word {
			if n := len(toks); n > 0 && (pluralPossessive(text, &toks[n-1], &p, letters) || trailingAyn(text, &toks[n-1], &p, letters)) {
				continue
			}
			newLine, newSent := markPunct(toks, p.Rune, p.BStart, p.BStart > 0 && text[p.BStart-1] == ' ')
			lineStart, sentStart = lineStart || newLine, sentStart || newSent
			continue
		}
		t := token{start: p.Start, end: p.End, bstart: p.BStart, bend: p.BEnd, lineStart: lineStart, sentStart: sentStart,
			norm: foldWord(text[p.BStart:p.StemEnd], p.Plain), cap: p.Cap, abbrev: p.Abbrev, possessive: p.Possessive,
			allCaps: p.Letters >= 2 && p.Upper == p.Letters}
		lineStart, sentStart = false, false
		letters = p.Letters
		if t.abbrev && text[t.bend-1] == '.' {
			// The dot that ends U.S. may also end the sentence; we cannot know, so a
			// following capital is not taken as a sentence start by itself.
			t.cap = true
		}
		if t.norm != "" {
			toks = append(toks, t)
		}
	}
	for i := range toks {
		toks[i].cue = nameCues[toks[i].norm]
	}
	return toks
}

// pluralPossessive reports whether the punctuation piece p is the
// apostrophe of a plural possessive ("Iraqis'") right after the word t,
// letters letters long, and if so makes it part of t. The scanner leaves
// that apostrophe a piece of its own: to the extractor it may as well close
// a quote.
func pluralPossessive(text string, t *token, p *Piece, letters int) bool {
	if t.bend != p.BStart || t.possessive || letters == 0 || !isApostrophe(p.Rune) ||
		text[t.bend-1] == '.' || !strings.HasSuffix(t.norm, "s") {
		return false
	}
	t.possessive = true
	t.end, t.bend = p.End, p.BEnd
	return true
}

// trailingAyn reports whether the punctuation piece p is an apostrophe
// that ends a capitalised name, letters letters long, right after it: the
// ayn of a romanised Arabic name ("Izra'", "Nati'", "San'a'"), no quote
// and no possessive. If so it makes it part of the name, so that a full
// stop after it still ends the sentence.
func trailingAyn(text string, t *token, p *Piece, letters int) bool {
	if t.bend != p.BStart || t.possessive || !t.cap || t.allCaps || letters < 3 || !isApostrophe(p.Rune) ||
		strings.HasSuffix(t.norm, "s") || quoteOpen(text, t.bstart) {
		return false
	}
	t.end, t.bend = p.End, p.BEnd
	return true
}

// quoteOpen reports whether a single quote opens before byte i in its
// sentence ("a film called 'Haunting in Connecticut'"): the apostrophe
// after the name then closes it.
func quoteOpen(text string, i int) bool {
	for k := i - 1; k >= 0 && k >= i-300; k-- {
		switch c := text[k]; c {
		case '.', '!', '?', '\n':
			return false
		case '\'':
			if k == 0 || text[k-1] == ' ' || text[k-1] == '(' || text[k-1] == '\n' {
				return true
			}
		case 0x98: // the last byte of ‘ (U+2018), a left quote
			if k >= 2 && text[k-2] == 0xE2 && text[k-1] == 0x80 {
				return true
			}
		}
	}
	return false
}

// markPunct marks the last of toks with what the punctuation r at byte i
// says of it (sentence end, comma, hyphen) and says whether r starts a new
// line or a new sentence; afterSpace says a space comes right before r.
func markPunct(toks []token, r rune, i int, afterSpace bool) (newLine, newSent bool) {
	if r == '\n' {
		if n := len(toks); n > 0 {
			toks[n-1].sentenceEnd = true
		}
		return true, true
	} else if r == '.' && len(toks) > 0 && toks[len(toks)-1].bend == i && abbreviations[toks[len(toks)-1].norm] {
		toks[len(toks)-1].dotAfter = true
		// "Gen. McKenzie", "St. Louis": the dot ends the abbreviation, not the sentence.
	} else if r == '.' || r == '!' || r == '?' || r == ';' || r == ':' || r == '"' || r == '“' || r == '”' {
		if n := len(toks); n > 0 && toks[n-1].bend == i {
			if r != '"' && r != '“' && r != '”' {
				toks[n-1].sentenceEnd = true
			}
			if r == '.' {
				toks[n-1].dotAfter = true
			}
		} else if n > 0 && (afterSpace || toks[n-1].closeAfter) && toks[n-1].bend == i-1 && r != '"' && r != '“' && r != '”' {
			// A stop typed after a space ("in southern Idleb .") or after
			// a closing bracket ("near Mambasa (Ituri).") ends the
			// sentence all the same.
			toks[n-1].sentenceEnd = true
		}
		if r == '.' || r == '!' || r == '?' || r == '“' || r == '"' || r == ':' {
			return false, true
		}
	} else if r == ',' || r == '(' || r == ')' || r == '[' || r == ']' {
		// A bracket breaks a name like a comma: "Afgooye (Lower
		// Shabelle)" is two names, not one.
		// "A , B": a comma typed after a space is a comma.
		if n := len(toks); n > 0 && (toks[n-1].bend == i || r == '(' || r == '[' || r == ',' && afterSpace && toks[n-1].bend == i-1) {
			toks[n-1].commaAfter = true
			toks[n-1].closeAfter = toks[n-1].bend == i && (r == ')' || r == ']')
		}
	} else if isDash(r) {
		if n := len(toks); n > 0 && toks[n-1].bend == i {
			toks[n-1].hyphenAfter = true
		} else if n > 0 {
			// A dash after a space breaks the clause like a comma:
			// the dateline "ROSWELL - A man...".
			toks[n-1].commaAfter = true
		}
	}
	return false, false
}

// foldWord folds a word: its word runes lower-cased and without
// diacritics, its inner apostrophes and dots left out. A plain word (only
// a-z and 0-9) is its own fold.
func foldWord(w string, plain bool) string {
	if plain {
		return w
	}
	var sb strings.Builder
	sb.Grow(len(w))
	for _, r := range w {
		if isWordRune(r) {
			foldRune(&sb, r)
		}
	}
	return sb.String()
}

// foldRune appends r lower-cased and without diacritics.
func foldRune(sb *strings.Builder, r rune) {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		sb.WriteByte(byte(r))
		return
	}
	if unicode.Is(unicode.Mn, r) {
		return
	}
	if s, ok := foldTable[r]; ok {
		sb.WriteString(s)
		return
	}
	sb.WriteRune(unicode.ToLower(r))
}

// FoldName folds a name the way the index keys names: lower case, accents
// and punctuation dropped, spaces single.
func FoldName(name string) string { return normalizeName(name) }

// normalizeName folds a name the way tokenize folds text and joins the
// tokens with single spaces: "Deir ez-Zor" -> "deir ez zor".
func normalizeName(name string) string {
	if s, ok := normalizeASCII(name); ok {
		return s
	}
	toks := tokenize(name)
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = t.norm // a name never carries a possessive; keep the stem
	}
	return strings.Join(parts, " ")
}

// joinedApostropheName is the key of a name whose short word ends in an
// apostrophe and s that is no possessive: GeoNames' "Ra’s al ‘Ayn" (ra's,
// a headland) is "Ras al-Ain" in the news. ok is false when the name has
// no such word.
func joinedApostropheName(name string) (key string, ok bool) {
	if !strings.ContainsAny(name, "'’`") {
		return "", false
	}
	toks := tokenize(name)
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = t.norm
		if t.possessive && len(t.norm) <= 2 && i+1 < len(toks) {
			parts[i] += "s"
			ok = true
		}
	}
	return strings.Join(parts, " "), ok
}

// normalizeASCII is normalizeName's fast path for plain ASCII names (no
// apostrophes or dots, whose rules need the tokenizer); ok is false when the
// name needs the full path.
func normalizeASCII(name string) (string, bool) {
	var buf [128]byte
	if len(name) > len(buf) {
		return "", false
	}
	n := 0
	space := false
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 0x80 || c == '\'' || c == '.' || c == '`':
			return "", false
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
			fallthrough
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			if space && n > 0 {
				buf[n] = ' '
				n++
			}
			space = false
			buf[n] = c
			n++
		default:
			space = true
		}
	}
	return string(buf[:n]), true
}

// articles are the words a transliterated Arabic (or English) name may carry
// in front or inside: "al-Anbar", "Deir ez-Zor", "the Bekaa".
var articles = map[string]bool{
	"al": true, "el": true, "ad": true, "ar": true, "as": true, "at": true, "az": true, "ash": true,
	"an": true, "ed": true, "es": true, "ez": true, "ul": true, "the": true, "adh": true, "dh": true,
	"esh": true, "ech": true, "ath": true,
}
