package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// The ACLED file is read the way score_acled.py reads it, so that both select the same
// rows from any file: open(path, encoding="utf-8", errors="replace") decodes bytes with
// one U+FFFD per maximal ill-formed subsequence and turns "\r\n" and a lone "\r" into
// "\n" (universal newlines); csv.DictReader then parses with the excel dialect, which is
// lenient about stray quotes ("a"b is ab); a row shorter than the header gives None for
// the columns it lacks.

// csvFieldLimit is the csv module's default field_size_limit, in code points.
const csvFieldLimit = 131072

// cell is one column of a CSV row as csv.DictReader gives it: a string, or None
// (ok false) for a column the row is too short to have or the header lacks.
type cell struct {
	s  string
	ok bool
}

// or returns c's string, or def when c is None or empty (Python's `c or def`).
func (c cell) or(def string) string {
	if !c.ok || c.s == "" {
		return def
	}
	return c.s
}

// csvRow is one record with its header, looked up like DictReader's dict.
type csvRow struct {
	index  map[string]int
	fields []string
}

// get returns the named column: the later of duplicate names wins, as in
// dict(zip(fieldnames, row)), and a row too short for it gives None.
func (r csvRow) get(name string) (c cell, inHeader bool) {
	i, ok := r.index[name]
	if !ok {
		return cell{}, false
	}
	if i >= len(r.fields) {
		return cell{}, true
	}
	return cell{r.fields[i], true}, true
}

// getOr is Python's r.get(name, def): def only when the header lacks the column.
func (r csvRow) getOr(name, def string) cell {
	c, inHeader := r.get(name)
	if !inHeader {
		return cell{def, true}
	}
	return c
}

// dictReader reads CSV records with Python's csv.DictReader semantics.
type dictReader struct {
	lines  *pyLineReader
	index  map[string]int
	header bool
}

func newDictReader(r io.Reader) *dictReader {
	return &dictReader{lines: &pyLineReader{br: bufio.NewReaderSize(r, 64<<10)}}
}

// next returns the next non-empty record, io.EOF at the end.
func (d *dictReader) next() (csvRow, error) {
	if !d.header {
		d.header = true
		names, err := d.record()
		if err != nil && !errors.Is(err, io.EOF) {
			return csvRow{}, err
		}
		if errors.Is(err, io.EOF) {
			return csvRow{}, io.EOF
		}
		d.index = make(map[string]int, len(names))
		for i, n := range names {
			d.index[n] = i
		}
	}
	for {
		rec, err := d.record()
		if err != nil {
			return csvRow{}, err
		}
		if len(rec) > 0 { // DictReader skips blank lines
			return csvRow{index: d.index, fields: rec}, nil
		}
	}
}

// csvState is a state of the csv module's parser (Modules/_csv.c).
type csvState int

const (
	startRecord csvState = iota
	startField
	inField
	inQuotedField
	quoteInQuotedField
	eatCRNL
)

// eol stands for the end of a line in record, as in _csv.c.
const eol = -1

// record parses one record the way _csv.c's Reader_iternext does with the excel
// dialect (delimiter ',', quotechar '"', doublequote, not strict, no escapechar).
// Long because it is one state machine kept whole, case for case _csv.c's
// parse_process_char, to check side by side.
func (d *dictReader) record() ([]string, error) {
	var fields []string
	var field strings.Builder
	fieldLen := 0
	state := startRecord
	save := func() {
		fields = append(fields, field.String())
		field.Reset()
		fieldLen = 0
	}
	add := func(c rune) error {
		if fieldLen >= csvFieldLimit {
			return fmt.Errorf("csv line %d: field larger than field limit (%d)", d.lines.n, csvFieldLimit)
		}
		field.WriteRune(c)
		fieldLen++
		return nil
	}
	process := func(c rune) error {
		switch state {
		case startRecord:
			if c == eol {
				return nil
			}
			if c == '\n' || c == '\r' {
				state = eatCRNL
				return nil
			}
			state = startField
			fallthrough
		case startField:
			switch {
			case c == '\n' || c == '\r' || c == eol:
				save()
				state = eatCRNL
				if c == eol {
					state = startRecord
				}
			case c == '"':
				state = inQuotedField
			case c == ',':
				save()
			default:
				if err := add(c); err != nil {
					return err
				}
				state = inField
			}
		case inField:
			switch {
			case c == '\n' || c == '\r' || c == eol:
				save()
				state = eatCRNL
				if c == eol {
					state = startRecord
				}
			case c == ',':
				save()
				state = startField
			default:
				return add(c)
			}
		case inQuotedField:
			switch {
			case c == eol:
			case c == '"':
				state = quoteInQuotedField
			default:
				return add(c)
			}
		case quoteInQuotedField:
			switch {
			case c == '"':
				state = inQuotedField
				return add(c)
			case c == ',':
				save()
				state = startField
			case c == '\n' || c == '\r' || c == eol:
				save()
				state = eatCRNL
				if c == eol {
					state = startRecord
				}
			default:
				state = inField
				return add(c)
			}
		case eatCRNL:
			switch {
			case c == '\n' || c == '\r':
			case c == eol:
				state = startRecord
			default:
				return fmt.Errorf("csv line %d: new-line character seen in unquoted field", d.lines.n)
			}
		}
		return nil
	}
	for {
		line, err := d.lines.next()
		if errors.Is(err, io.EOF) {
			// An unterminated quoted field or a partial field ends the last record.
			if fieldLen != 0 || state == inQuotedField {
				save()
				return fields, nil
			}
			return nil, io.EOF
		}
		if err != nil {
			return nil, err
		}
		for _, c := range line {
			if err := process(c); err != nil {
				return nil, err
			}
		}
		if err := process(eol); err != nil {
			return nil, err
		}
		if state == startRecord {
			return fields, nil
		}
	}
}

// pyLineReader yields the lines of a byte stream as Python's text mode with
// encoding="utf-8", errors="replace" and universal newlines does.
type pyLineReader struct {
	br *bufio.Reader
	n  int // lines read
}

// next returns the next line, ending in "\n" unless it is the last and has none.
func (l *pyLineReader) next() (string, error) {
	var raw []byte
	for {
		b, err := l.br.ReadByte()
		if errors.Is(err, io.EOF) {
			if len(raw) == 0 {
				return "", io.EOF
			}
			break
		}
		if err != nil {
			return "", fmt.Errorf("read: %w", err)
		}
		if b == '\r' {
			if nb, err := l.br.Peek(1); err == nil && nb[0] == '\n' {
				_, _ = l.br.ReadByte()
			}
			b = '\n'
		}
		raw = append(raw, b)
		if b == '\n' {
			break
		}
	}
	l.n++
	return decodeUTF8Replace(raw), nil
}

// decodeUTF8Replace decodes b as UTF-8, replacing each maximal subpart of an ill-formed
// sequence with one U+FFFD, as Python's decoder with errors="replace" does (Go's own
// decoder replaces byte by byte).
func decodeUTF8Replace(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError || size > 1 {
			sb.WriteRune(r)
			i += size
			continue
		}
		sb.WriteRune(utf8.RuneError)
		i += maximalSubpart(b[i:])
	}
	return sb.String()
}

// maximalSubpart returns the length of the ill-formed sequence at the start of b that
// one U+FFFD replaces: the lead byte and the continuation bytes that could still have
// completed a character (Unicode 15, section 3.9, "U+FFFD Substitution of Maximal
// Subparts").
func maximalSubpart(b []byte) int {
	lead := b[0]
	var n int
	lo, hi := byte(0x80), byte(0xBF)
	switch {
	case lead >= 0xC2 && lead <= 0xDF:
		n = 2
	case lead == 0xE0:
		n, lo = 3, 0xA0
	case lead >= 0xE1 && lead <= 0xEC, lead == 0xEE, lead == 0xEF:
		n = 3
	case lead == 0xED:
		n, hi = 3, 0x9F
	case lead == 0xF0:
		n, lo = 4, 0x90
	case lead >= 0xF1 && lead <= 0xF3:
		n = 4
	case lead == 0xF4:
		n, hi = 4, 0x8F
	default:
		return 1
	}
	i := 1
	for ; i < n && i < len(b); i++ {
		if b[i] < lo || b[i] > hi {
			break
		}
		lo, hi = 0x80, 0xBF
	}
	return i
}
