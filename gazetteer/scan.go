package gazetteer

import (
	"unicode"
	"unicode/utf8"
)

// Piece is one piece of a text as a Scanner reads it: a word, or a single
// rune that is not part of one (punctuation, a space, a line break).
type Piece struct {
	Start, End   int  // code points, end exclusive
	BStart, BEnd int  // bytes, end exclusive
	Word         bool // a word; otherwise the single rune Rune
	Rune         rune // a non-word piece's rune (utf8.RuneError for a byte that is not UTF-8)

	// What the scanner saw of a word while reading it.
	StemEnd    int  // byte end of the word without a possessive "'s"
	Letters    int  // letters before StemEnd
	Upper      int  // upper-case letters among them
	Cap        bool // first rune an upper-case letter
	Digit      bool // first rune a digit
	Abbrev     bool // letters joined by dots: U.S., U.A.E.
	Possessive bool // ended in 's ("Baghdad's"); StemEnd is before the apostrophe
	Plain      bool // [BStart, StemEnd) is only a-z and 0-9, so it is its own fold
}

// Scanner walks a text once, left to right, into Pieces. It is the one
// place that decides where a word starts and ends; the tagger and the
// extractor read its pieces each their own way. The zero Scanner reads an
// empty text.
//
// A word is a run of word runes (IsWordRune) that goes on across an
// apostrophe followed by a letter ("Kata'ib", "Baghdad's") and across the
// dots of an abbreviation of capitals ("U.S.", "U.A.E."), whose final dot
// it takes too. A possessive "'s" ends the word. Every other rune is a piece
// of its own, so pieces cover the text without gap or overlap.
type Scanner struct {
	text  string
	i, cp int // byte and code point position of the next piece
}

// NewScanner returns a Scanner at the start of text. Any byte sequence,
// valid UTF-8 or not, is read.
func NewScanner(text string) Scanner { return Scanner{text: text} }

// Next reads the next piece into p and reports whether there was one.
func (s *Scanner) Next(p *Piece) bool {
	if s.i >= len(s.text) {
		return false
	}
	r, size := utf8.DecodeRuneInString(s.text[s.i:])
	if !isWordRune(r) {
		*p = Piece{Start: s.cp, End: s.cp + 1, BStart: s.i, BEnd: s.i + size, Rune: r}
		s.i += size
		s.cp++
		return true
	}
	*p = Piece{Start: s.cp, BStart: s.i, Word: true, Plain: true}
	s.word(p)
	return true
}

// word reads the word that starts at the scanner's position into p.
func (s *Scanner) word(p *Piece) {
	text := s.text
	i, cp := s.i, s.cp
	first := true
	for i < len(text) {
		// Most words are ASCII: read their letters and digits without
		// decoding.
		if c := text[i]; c < utf8.RuneSelf && asciiWord[c] {
			p.asciiRune(c, first)
			first = false
			i++
			cp++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if isWordRune(r) {
			s.wordRune(p, r, first)
			first = false
			i += size
			cp++
			continue
		}
		n, c, goOn := s.wordMark(p, i, r, size)
		if goOn {
			p.Plain = false // an inner mark the fold leaves out
		}
		i += n
		cp += c
		if !goOn {
			break
		}
	}
	if !p.Possessive {
		p.StemEnd = i
	}
	p.End, p.BEnd = cp, i
	s.i, s.cp = i, cp
}

// asciiWord marks the ASCII word runes: letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = isWordRune(rune(c))
	}
	return t
}()

// asciiRune counts the ASCII letter or digit c (the word's first if
// first) into p.
func (p *Piece) asciiRune(c byte, first bool) {
	if c > '9' { // a letter
		p.Letters++
		if c <= 'Z' {
			p.Upper++
			p.Plain = false
			p.Cap = p.Cap || first
		}
	} else if first {
		p.Digit = true
	}
}

// wordRune counts the word rune r (the word's first if first) into p.
func (s *Scanner) wordRune(p *Piece, r rune, first bool) {
	if r < utf8.RuneSelf {
		p.asciiRune(byte(r), first)
		return
	}
	p.Plain = false
	if unicode.IsLetter(r) {
		p.Letters++
		if unicode.IsUpper(r) {
			p.Upper++
			p.Cap = p.Cap || first
		}
	} else if first && unicode.IsDigit(r) {
		p.Digit = true
	}
}

// wordMark reads the rune r (size bytes) at byte i, which is no word rune,
// after the word p so far. It returns how many bytes and code points of the
// text the word takes there and whether the word goes on after them.
func (s *Scanner) wordMark(p *Piece, i int, r rune, size int) (n, c int, goOn bool) {
	text := s.text
	if i+size >= len(text) {
		if r == '.' && p.Abbrev {
			return size, 1, false
		}
		return 0, 0, false
	}
	if isApostrophe(r) {
		nr, _ := utf8.DecodeRuneInString(text[i+size:])
		if !unicode.IsLetter(nr) {
			return 0, 0, false
		}
		if nr == 's' || nr == 'S' {
			after := i + size + 1
			if after >= len(text) {
				p.Possessive, p.StemEnd = true, i
				return size + 1, 2, false
			}
			if ar, _ := utf8.DecodeRuneInString(text[after:]); !isWordRune(ar) {
				p.Possessive, p.StemEnd = true, i
				return size + 1, 2, false
			}
		}
		// "Kata'ib": the apostrophe is part of the word.
		return size, 1, true
	}
	if r != '.' {
		return 0, 0, false
	}
	if p.Letters > 0 && p.Letters <= 2 && p.Upper == p.Letters {
		// U.S., U.K., U.A.E.: capitals joined by dots.
		if nr, _ := utf8.DecodeRuneInString(text[i+size:]); unicode.IsUpper(nr) {
			p.Abbrev = true
			return size, 1, true
		}
	}
	if p.Abbrev {
		return size, 1, false // the abbreviation's final dot
	}
	return 0, 0, false
}
