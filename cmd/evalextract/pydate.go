package main

import (
	"regexp"
	"strings"
	"time"
	"unicode"
)

// date is a calendar day, as a count of days since 1970-01-01.
type date int

// makeDate returns the day y-m-d, ok false when it does not exist (as Python's
// datetime.date refuses it: year 1 to 9999, the month's real days).
func makeDate(y, m, d int) (date, bool) {
	if y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 {
		return 0, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return 0, false
	}
	return date(t.Unix() / 86400), true
}

// time returns the day as midnight UTC.
func (d date) time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// String formats the day as Python's date.isoformat does.
func (d date) String() string { return d.time().Format("2006-01-02") }

// pySpace is the class of characters Python's str.isspace and the re module's \s
// accept: Go's unicode.IsSpace plus the four information separators U+001C..U+001F.
const pySpace = `[\t\n\v\f\r \x{1c}-\x{1f}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]`

// The directives of the five formats score_acled.py tries, as _strptime.py compiles
// them (whole pattern case-insensitive; \d is any Unicode decimal digit; a space in
// the format is \s+; months in the C locale, longest first, all of one length here).
const (
	reY = `(\p{Nd}\p{Nd}\p{Nd}\p{Nd})`
	rey = `(\p{Nd}\p{Nd})`
	rem = `(1[0-2]|0[1-9]|[1-9])`
	red = `(3[0-1]|[1-2]\p{Nd}|0[1-9]|[1-9]| [1-9])`
	reb = `(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)`
	reB = `(september|february|november|december|january|october|august|march|april|july|june|may)`
)

// dateFormat is one strptime format: its pattern and which group holds what.
type dateFormat struct {
	re                   *regexp.Regexp
	year, month, day     int // submatch numbers
	twoDigitYear, byName bool
	monthNames           []string
	pythonFormat         string
}

var (
	shortMonths = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
	longMonths  = []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
)

// dateFormats are score_acled.py's parse_date formats, in the order it tries them.
var dateFormats = []dateFormat{
	{re: regexp.MustCompile(`^(?i)` + reY + `-` + rem + `-` + red + `$`), year: 1, month: 2, day: 3, pythonFormat: "%Y-%m-%d"},
	{re: regexp.MustCompile(`^(?i)` + red + `-` + reb + `-` + rey + `$`), day: 1, month: 2, year: 3, twoDigitYear: true, byName: true, monthNames: shortMonths, pythonFormat: "%d-%b-%y"},
	{re: regexp.MustCompile(`^(?i)` + red + pySpace + `+` + reB + pySpace + `+` + reY + `$`), day: 1, month: 2, year: 3, byName: true, monthNames: longMonths, pythonFormat: "%d %B %Y"},
	{re: regexp.MustCompile(`^(?i)` + red + `-` + reB + `-` + reY + `$`), day: 1, month: 2, year: 3, byName: true, monthNames: longMonths, pythonFormat: "%d-%B-%Y"},
	{re: regexp.MustCompile(`^(?i)` + rem + `/` + red + `/` + reY + `$`), month: 1, day: 2, year: 3, pythonFormat: "%m/%d/%Y"},
}

// parseDate is score_acled.py's parse_date: the first of its formats that reads the
// whole of strip(s) as an existing day. Go's regexp prefers alternatives left to right
// as Python's backtracking matcher does, so both split a string into the same fields.
func parseDate(s string) (date, bool) {
	s = pyStrip(s)
	for _, f := range dateFormats {
		if d, ok := f.parse(s); ok {
			return d, true
		}
	}
	return 0, false
}

func (f dateFormat) parse(s string) (date, bool) {
	m := f.re.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	y, ok1 := decimal(m[f.year])
	d, ok2 := decimal(strings.TrimLeft(m[f.day], " "))
	if !ok1 || !ok2 {
		return 0, false
	}
	if f.twoDigitYear {
		// _strptime: 69..99 are 1969..1999, 00..68 are 2000..2068.
		if y <= 68 {
			y += 2000
		} else {
			y += 1900
		}
	}
	var mo int
	if f.byName {
		// _strptime looks up name.lower() in the month list: a name matched only by case
		// folding ("ſep" with a long s) is refused there, so here too.
		lower := strings.ToLower(m[f.month])
		for i, n := range f.monthNames {
			if n == lower {
				mo = i + 1
			}
		}
		if mo == 0 {
			return 0, false
		}
	} else {
		var ok bool
		if mo, ok = decimal(m[f.month]); !ok {
			return 0, false
		}
	}
	return makeDate(y, mo, d)
}

// decimal reads a string of Unicode decimal digits (Python's int() on what \d matched).
func decimal(s string) (int, bool) {
	n := 0
	for _, r := range s {
		v, ok := digitValue(r)
		if !ok {
			return 0, false
		}
		n = n*10 + v
	}
	return n, s != ""
}

// digitValue returns the value of a decimal digit of any script. Unicode encodes every
// set of decimal digits as ten consecutive code points from zero to nine, so the
// offset within its run of Nd code points, modulo ten, is the value.
func digitValue(r rune) (int, bool) {
	if r >= '0' && r <= '9' {
		return int(r - '0'), true
	}
	if !unicode.Is(unicode.Nd, r) {
		return 0, false
	}
	zero := r
	for unicode.Is(unicode.Nd, zero-1) {
		zero--
	}
	return int(r-zero) % 10, true
}

// pyStrip is Python's str.strip(): it removes leading and trailing whitespace as
// str.isspace defines it.
func pyStrip(s string) string {
	return strings.TrimFunc(s, isPySpace)
}

// isPySpace is Python's str.isspace for one character.
func isPySpace(r rune) bool {
	return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f)
}
