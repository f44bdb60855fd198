package cql2

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// SyntaxError is a filter that does not parse, or exceeds the limits.
type SyntaxError struct {
	// Pos is the byte offset in the input where the problem is.
	Pos int
	// Line and Column (counted in characters) locate Pos, both from 1.
	Line, Column int
	// Msg says what was expected there and what was found.
	Msg string
}

// Error returns "at column C: msg", or "at line L, column C: msg" when the
// input has several lines.
func (e *SyntaxError) Error() string {
	if e.Line > 1 {
		return fmt.Sprintf("at line %d, column %d: %s", e.Line, e.Column, e.Msg)
	}
	return fmt.Sprintf("at column %d: %s", e.Column, e.Msg)
}

func newSyntaxError(src []byte, pos int, format string, args ...any) *SyntaxError {
	if pos > len(src) {
		pos = len(src)
	}
	if pos < 0 {
		pos = 0
	}
	line, col := 1, 1
	for i := 0; i < pos; {
		r, n := utf8.DecodeRune(src[i:])
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += n
	}
	return &SyntaxError{Pos: pos, Line: line, Column: col, Msg: fmt.Sprintf(format, args...)}
}

// ValidationError is a well-formed filter that does not fit the
// queryables: an unknown property or a literal of the wrong type.
type ValidationError struct {
	// Property is the property concerned, if any.
	Property string
	// Msg describes the problem.
	Msg string
}

// Error returns the message.
func (e *ValidationError) Error() string { return e.Msg }

// quote shows a piece of input in an error message, shortened.
func quote(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = string(r[:max]) + "..."
	}
	return "'" + strings.ToValidUTF8(s, "\uFFFD") + "'"
}
