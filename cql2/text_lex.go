package cql2

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokKind int

const (
	tEOF tokKind = iota
	tIdent
	tQuoted // "double-quoted" property name
	tString
	tNumber
	tLParen
	tRParen
	tComma
	tOp // = <> < <= > >=
)

type token struct {
	kind tokKind
	pos  int
	text string // identifier, unquoted string value, number text or operator
}

// describe names a token for an error message.
func (t token) describe() string {
	switch t.kind {
	case tEOF:
		return "the end of the filter"
	case tString:
		return "the string " + quote(t.text)
	case tQuoted:
		return "the property " + quote(t.text)
	case tNumber:
		return "the number " + t.text
	case tIdent:
		if keywords[strings.ToUpper(t.text)] {
			return "the keyword " + strings.ToUpper(t.text)
		}
		return quote(t.text)
	}
	return quote(t.text)
}

// keywords may not be used as unquoted property names.
var keywords = map[string]bool{
	"AND": true, "OR": true, "NOT": true, "LIKE": true, "BETWEEN": true, "IN": true,
	"IS": true, "NULL": true, "TRUE": true, "FALSE": true,
}

func isIdentStart(r rune) bool { return r == '_' || r == ':' || unicode.IsLetter(r) }
func isIdentPart(r rune) bool {
	return isIdentStart(r) || r == '.' || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}
func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// lex splits CQL2 text into tokens.
func lex(src string) ([]token, *SyntaxError) {
	var toks []token
	i := 0
	for {
		for i < len(src) {
			r, n := utf8.DecodeRuneInString(src[i:])
			if !unicode.IsSpace(r) {
				break
			}
			i += n
		}
		if i >= len(src) {
			return append(toks, token{kind: tEOF, pos: i}), nil
		}
		start := i
		c := src[i]
		switch {
		case c == '(':
			toks = append(toks, token{tLParen, i, "("})
			i++
		case c == ')':
			toks = append(toks, token{tRParen, i, ")"})
			i++
		case c == ',':
			toks = append(toks, token{tComma, i, ","})
			i++
		case c == '=':
			toks = append(toks, token{tOp, i, "="})
			i++
		case c == '<':
			op := "<"
			if i+1 < len(src) && (src[i+1] == '=' || src[i+1] == '>') {
				op = src[i : i+2]
			}
			toks = append(toks, token{tOp, i, op})
			i += len(op)
		case c == '>':
			op := ">"
			if i+1 < len(src) && src[i+1] == '=' {
				op = ">="
			}
			toks = append(toks, token{tOp, i, op})
			i += len(op)
		case c == '!' && i+1 < len(src) && src[i+1] == '=':
			return nil, newSyntaxError([]byte(src), i, "'!=' is not CQL2: use '<>'")
		case c == '\'':
			tok, next, err := lexString(src, start)
			if err != nil {
				return nil, err
			}
			toks = append(toks, tok)
			i = next
		case c == '"':
			tok, next, err := lexQuoted(src, start)
			if err != nil {
				return nil, err
			}
			toks = append(toks, tok)
			i = next
		case isDigit(c) || c == '.' || ((c == '-' || c == '+') && i+1 < len(src) && (isDigit(src[i+1]) || src[i+1] == '.')):
			tok, next, err := lexNumber(src, start)
			if err != nil {
				return nil, err
			}
			toks = append(toks, tok)
			i = next
		default:
			tok, next, err := lexIdent(src, start)
			if err != nil {
				return nil, err
			}
			toks = append(toks, tok)
			i = next
		}
	}
}

// lexString reads the quoted string starting at start (its quote), with
// a doubled or backslashed quote for a quote inside, and returns it and
// where the text goes on.
func lexString(src string, start int) (token, int, *SyntaxError) {
	var b strings.Builder
	i := start + 1
	for {
		if i >= len(src) {
			return token{}, 0, newSyntaxError([]byte(src), start, "string starting here is not closed with a quote (')")
		}
		if src[i] == '\'' {
			if i+1 < len(src) && src[i+1] == '\'' {
				b.WriteByte('\'')
				i += 2
				continue
			}
			i++
			break
		}
		if src[i] == '\\' && i+1 < len(src) && src[i+1] == '\'' {
			b.WriteByte('\'')
			i += 2
			continue
		}
		b.WriteByte(src[i])
		i++
	}
	if !utf8.ValidString(b.String()) {
		return token{}, 0, newSyntaxError([]byte(src), start, "string is not valid UTF-8")
	}
	return token{tString, start, b.String()}, i, nil
}

// lexIdent reads the identifier (a keyword, function or property name)
// starting at start and returns it and where the text goes on; any other
// character there is an error.
func lexIdent(src string, start int) (token, int, *SyntaxError) {
	r, n := utf8.DecodeRuneInString(src[start:])
	if !isIdentStart(r) {
		if r == utf8.RuneError && n == 1 {
			return token{}, 0, newSyntaxError([]byte(src), start, "the filter is not valid UTF-8")
		}
		return token{}, 0, newSyntaxError([]byte(src), start, "unexpected character %s", quote(string(r)))
	}
	i := start + n
	for i < len(src) {
		r, n := utf8.DecodeRuneInString(src[i:])
		if !isIdentPart(r) {
			break
		}
		i += n
	}
	return token{tIdent, start, src[start:i]}, i, nil
}

// lexQuoted reads the double-quoted property name starting at start and
// returns it and where the text goes on.
func lexQuoted(src string, start int) (token, int, *SyntaxError) {
	end := strings.IndexByte(src[start+1:], '"')
	if end < 0 {
		return token{}, 0, newSyntaxError([]byte(src), start, "property name starting here is not closed with a double quote (\")")
	}
	name := src[start+1 : start+1+end]
	if name == "" || !utf8.ValidString(name) {
		return token{}, 0, newSyntaxError([]byte(src), start, "expected a property name between the double quotes")
	}
	return token{tQuoted, start, name}, start + end + 2, nil
}

// lexNumber reads the number starting at start (a sign, digits, a point,
// an exponent) and returns it and where the text goes on.
func lexNumber(src string, start int) (token, int, *SyntaxError) {
	j := start
	if c := src[start]; c == '-' || c == '+' {
		j++
	}
	digits := 0
	for j < len(src) && isDigit(src[j]) {
		j++
		digits++
	}
	if j < len(src) && src[j] == '.' {
		j++
		for j < len(src) && isDigit(src[j]) {
			j++
			digits++
		}
	}
	if digits == 0 {
		return token{}, 0, newSyntaxError([]byte(src), start, "expected a number but found %s", quote(src[start:j]))
	}
	if j < len(src) && (src[j] == 'e' || src[j] == 'E') {
		k := j + 1
		if k < len(src) && (src[k] == '+' || src[k] == '-') {
			k++
		}
		if k >= len(src) || !isDigit(src[k]) {
			return token{}, 0, newSyntaxError([]byte(src), j, "expected digits of the exponent in %s", quote(src[start:k]))
		}
		for k < len(src) && isDigit(src[k]) {
			k++
		}
		j = k
	}
	if j < len(src) {
		if r, _ := utf8.DecodeRuneInString(src[j:]); isIdentPart(r) {
			return token{}, 0, newSyntaxError([]byte(src), start, "expected a number but found %s", quote(src[start:j+1]))
		}
	}
	return token{tNumber, start, src[start:j]}, j, nil
}
