package cql2

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// ParseText parses a CQL2 text filter with the default Options.
func ParseText(s string) (Expr, error) {
	return ParseTextOptions(s, Options{})
}

// ParseTextOptions parses a CQL2 text filter within the limits of o.
func ParseTextOptions(s string, o Options) (Expr, error) {
	o = o.withDefaults()
	if len(s) > o.MaxLength {
		return nil, newSyntaxError([]byte(s[:o.MaxLength]), o.MaxLength, "the filter is longer than %d bytes", o.MaxLength)
	}
	toks, serr := lex(s)
	if serr != nil {
		return nil, serr
	}
	p := &textParser{src: s, toks: toks, maxDepth: o.MaxDepth}
	e, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		if t.kind == tRParen {
			return nil, p.errAt(t, "found ')' without a matching '('")
		}
		return nil, p.errAt(t, "expected AND, OR or the end of the filter but found %s", t.describe())
	}
	return e, nil
}

type textParser struct {
	src      string
	toks     []token
	i        int
	depth    int
	maxDepth int
}

func (p *textParser) peek() token { return p.toks[p.i] }
func (p *textParser) peekAt(n int) token {
	if p.i+n < len(p.toks) {
		return p.toks[p.i+n]
	}
	return p.toks[len(p.toks)-1]
}
func (p *textParser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

func (p *textParser) errAt(t token, format string, args ...any) *SyntaxError {
	return newSyntaxError([]byte(p.src), t.pos, format, args...)
}

func (p *textParser) enter(t token) error {
	p.depth++
	if p.depth > p.maxDepth {
		return p.errAt(t, "the filter nests deeper than %d levels", p.maxDepth)
	}
	return nil
}

func (p *textParser) leave() { p.depth-- }

func isKeyword(t token, kw string) bool { return t.kind == tIdent && strings.EqualFold(t.text, kw) }

func (p *textParser) expect(kind tokKind, what, context string) (token, error) {
	t := p.peek()
	if t.kind != kind {
		return t, p.errAt(t, "expected %s %s but found %s", what, context, t.describe())
	}
	return p.next(), nil
}

func (p *textParser) parseOr() (Expr, error) {
	first := p.peek()
	e, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	if !isKeyword(p.peek(), "OR") {
		return e, nil
	}
	if err := p.enter(first); err != nil {
		return nil, err
	}
	defer p.leave()
	args := []Expr{e}
	for isKeyword(p.peek(), "OR") {
		p.next()
		e, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		args = append(args, e)
	}
	return Or{Args: args}, nil
}

func (p *textParser) parseAnd() (Expr, error) {
	first := p.peek()
	e, err := p.parseNot()
	if err != nil {
		return nil, err
	}
	if !isKeyword(p.peek(), "AND") {
		return e, nil
	}
	if err := p.enter(first); err != nil {
		return nil, err
	}
	defer p.leave()
	args := []Expr{e}
	for isKeyword(p.peek(), "AND") {
		p.next()
		e, err := p.parseNot()
		if err != nil {
			return nil, err
		}
		args = append(args, e)
	}
	return And{Args: args}, nil
}

func (p *textParser) parseNot() (Expr, error) {
	t := p.peek()
	if !isKeyword(t, "NOT") {
		return p.parsePrimary()
	}
	p.next()
	if err := p.enter(t); err != nil {
		return nil, err
	}
	defer p.leave()
	e, err := p.parseNot()
	if err != nil {
		return nil, err
	}
	return Not{Expr: e}, nil
}

func (p *textParser) parsePrimary() (Expr, error) {
	t := p.peek()
	if t.kind == tLParen {
		p.next()
		if err := p.enter(t); err != nil {
			return nil, err
		}
		defer p.leave()
		e, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if c := p.peek(); c.kind != tRParen {
			return nil, p.errAt(c, "expected ')' to close the '(' at column %d but found %s", newSyntaxError([]byte(p.src), t.pos, "").Column, c.describe())
		}
		p.next()
		return e, nil
	}
	if t.kind == tIdent && p.peekAt(1).kind == tLParen {
		name := strings.ToUpper(t.text)
		if op, ok := spatialOps[name]; ok {
			return p.parseSpatial(op)
		}
		if op, ok := temporalOps[name]; ok {
			return p.parseTemporal(op)
		}
	}
	if t.kind == tEOF {
		return nil, p.errAt(t, "expected a predicate but found the end of the filter")
	}
	left, err := p.parseScalar("a predicate", "")
	if err != nil {
		return nil, err
	}
	return p.parsePredicate(t, left)
}

// parsePredicate parses what follows the scalar left: a comparison, LIKE,
// BETWEEN, IN or IS NULL.
func (p *textParser) parsePredicate(first token, left Expr) (Expr, error) {
	if err := p.enter(first); err != nil {
		return nil, err
	}
	defer p.leave()
	t := p.peek()
	if t.kind == tOp {
		p.next()
		right, err := p.parseScalar("a value", "after '"+t.text+"'")
		if err != nil {
			return nil, err
		}
		return Comparison{Op: CompareOp(t.text), Left: left, Right: right}, nil
	}
	not := false
	if isKeyword(t, "NOT") {
		p.next()
		not = true
		t = p.peek()
		if !isKeyword(t, "LIKE") && !isKeyword(t, "BETWEEN") && !isKeyword(t, "IN") {
			return nil, p.errAt(t, "expected LIKE, BETWEEN or IN after NOT but found %s", t.describe())
		}
	}
	switch {
	case isKeyword(t, "LIKE"):
		p.next()
		pt := p.peek()
		if pt.kind != tString {
			if pt.kind == tIdent && p.peekAt(1).kind == tLParen {
				return nil, p.errAt(pt, "function %s is not supported", strings.ToUpper(pt.text))
			}
			return nil, p.errAt(pt, "expected a quoted pattern after LIKE but found %s", pt.describe())
		}
		p.next()
		return Like{Expr: left, Pattern: String(pt.text), Not: not}, nil
	case isKeyword(t, "BETWEEN"):
		p.next()
		low, err := p.parseScalar("a value", "after BETWEEN")
		if err != nil {
			return nil, err
		}
		if a := p.peek(); !isKeyword(a, "AND") {
			return nil, p.errAt(a, "expected AND between the bounds of BETWEEN but found %s", a.describe())
		}
		p.next()
		high, err := p.parseScalar("a value", "after BETWEEN ... AND")
		if err != nil {
			return nil, err
		}
		return Between{Expr: left, Low: low, High: high, Not: not}, nil
	case isKeyword(t, "IN"):
		p.next()
		list, err := p.parseInList()
		if err != nil {
			return nil, err
		}
		return In{Expr: left, List: list, Not: not}, nil
	case isKeyword(t, "IS"):
		p.next()
		n := p.peek()
		if isKeyword(n, "NOT") {
			p.next()
			not = true
			n = p.peek()
		}
		if !isKeyword(n, "NULL") {
			return nil, p.errAt(n, "expected NULL after IS but found %s", n.describe())
		}
		p.next()
		return IsNull{Expr: left, Not: not}, nil
	}
	if b, ok := left.(Bool); ok {
		return b, nil
	}
	return nil, p.errAt(t, "expected a comparison operator, LIKE, BETWEEN, IN or IS NULL after %s but found %s",
		quote(strings.TrimSpace(p.src[first.pos:t.pos])), t.describe())
}

// parseInList parses the parenthesised list of values after IN.
func (p *textParser) parseInList() ([]Expr, error) {
	if _, err := p.expect(tLParen, "'('", "after IN"); err != nil {
		return nil, err
	}
	var list []Expr
	for {
		v, err := p.parseScalar("a value", "in the IN list")
		if err != nil {
			return nil, err
		}
		list = append(list, v)
		c := p.next()
		if c.kind == tRParen {
			break
		}
		if c.kind != tComma {
			return nil, p.errAt(c, "expected ',' or ')' in the IN list but found %s", c.describe())
		}
	}
	return list, nil
}

// parseScalar parses a property or a literal. what and context phrase the
// error: "expected <what> <context> but found ...".
func (p *textParser) parseScalar(what, context string) (Expr, error) {
	t := p.peek()
	fail := func() error {
		if context == "" {
			return p.errAt(t, "expected %s but found %s", what, t.describe())
		}
		return p.errAt(t, "expected %s %s but found %s", what, context, t.describe())
	}
	switch t.kind {
	case tString:
		p.next()
		return String(t.text), nil
	case tNumber:
		p.next()
		f, err := strconv.ParseFloat(t.text, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, p.errAt(t, "the number %s is out of range", t.text)
		}
		return Number(f), nil
	case tQuoted:
		p.next()
		return Property{Name: t.text}, nil
	case tIdent:
		up := strings.ToUpper(t.text)
		call := p.peekAt(1).kind == tLParen
		switch {
		case up == "TRUE" || up == "FALSE":
			p.next()
			return Bool(up == "TRUE"), nil
		case keywords[up]:
			return nil, fail()
		case up == "DATE" && call, up == "TIMESTAMP" && call:
			return p.parseInstant()
		case up == "INTERVAL" && call:
			return p.parseInterval()
		case wktKinds[up] && (call || isKeyword(p.peekAt(1), "EMPTY") || isKeyword(p.peekAt(1), "Z") ||
			isKeyword(p.peekAt(1), "M") || isKeyword(p.peekAt(1), "ZM")):
			g, err := p.parseWKT()
			if err != nil {
				return nil, err
			}
			return Geometry{g}, nil
		case call:
			if _, ok := spatialOps[up]; ok {
				return nil, p.errAt(t, "%s is a predicate and cannot be used as a value", up)
			}
			if _, ok := temporalOps[up]; ok {
				return nil, p.errAt(t, "%s is a predicate and cannot be used as a value", up)
			}
			return nil, p.errAt(t, "function %s is not supported", quote(t.text))
		}
		p.next()
		return Property{Name: t.text}, nil
	}
	return nil, fail()
}

// parseInstant parses DATE('...') or TIMESTAMP('...').
func (p *textParser) parseInstant() (Expr, error) {
	kw := p.next()
	up := strings.ToUpper(kw.text)
	p.next() // (
	s, err := p.expect(tString, "a quoted "+strings.ToLower(up), "in "+up+"(...)")
	if err != nil {
		return nil, err
	}
	if _, err := p.expect(tRParen, "')'", "to close "+up+"(...)"); err != nil {
		return nil, err
	}
	if up == "DATE" {
		d, ok := parseDate(s.text)
		if !ok {
			return nil, p.errAt(s, "expected a date as YYYY-MM-DD but found %s", quote(s.text))
		}
		return d, nil
	}
	ts, ok := parseTimestamp(s.text)
	if !ok {
		return nil, p.errAt(s, "expected an RFC 3339 timestamp such as '2021-06-01T12:00:00Z' but found %s", quote(s.text))
	}
	return ts, nil
}

// parseInterval parses INTERVAL(start, end).
func (p *textParser) parseInterval() (Expr, error) {
	kw := p.next()
	p.next() // (
	if err := p.enter(kw); err != nil {
		return nil, err
	}
	defer p.leave()
	var ends [2]Expr
	for k := range ends {
		t := p.peek()
		switch {
		case t.kind == tString:
			p.next()
			v, ok := parseIntervalString(t.text)
			if !ok {
				return nil, p.errAt(t, "expected a date, an RFC 3339 timestamp or '..' in INTERVAL but found %s", quote(t.text))
			}
			ends[k] = v
		case t.kind == tQuoted || (t.kind == tIdent && p.peekAt(1).kind != tLParen && !keywords[strings.ToUpper(t.text)]):
			p.next()
			ends[k] = Property{Name: t.text}
		case (isKeyword(t, "DATE") || isKeyword(t, "TIMESTAMP")) && p.peekAt(1).kind == tLParen:
			v, err := p.parseInstant()
			if err != nil {
				return nil, err
			}
			ends[k] = v
		default:
			return nil, p.errAt(t, "expected a date, timestamp, '..' or property in INTERVAL but found %s", t.describe())
		}
		if k == 0 {
			if _, err := p.expect(tComma, "','", "between the start and end of INTERVAL"); err != nil {
				return nil, err
			}
		}
	}
	if _, err := p.expect(tRParen, "')'", "to close INTERVAL(...)"); err != nil {
		return nil, err
	}
	iv := Interval{Start: ends[0], End: ends[1]}
	if !intervalOrdered(iv) {
		return nil, p.errAt(kw, "the interval starts after it ends")
	}
	return iv, nil
}

func (p *textParser) parseSpatial(op SpatialOp) (Expr, error) {
	return p.parseBinaryFunc(string(op), "a geometry (property, WKT or BBOX)", func(e Expr) bool {
		switch e.(type) {
		case Property, Geometry:
			return true
		}
		return false
	}, func(l, r Expr) Expr { return SpatialPredicate{Op: op, Left: l, Right: r} })
}

func (p *textParser) parseTemporal(op TemporalOp) (Expr, error) {
	return p.parseBinaryFunc(string(op), "a temporal value (property, DATE, TIMESTAMP or INTERVAL)", func(e Expr) bool {
		switch e.(type) {
		case Property, Date, Timestamp, Interval:
			return true
		}
		return false
	}, func(l, r Expr) Expr { return TemporalPredicate{Op: op, Left: l, Right: r} })
}

func (p *textParser) parseBinaryFunc(name, what string, ok func(Expr) bool, build func(l, r Expr) Expr) (Expr, error) {
	kw := p.next()
	p.next() // (
	if err := p.enter(kw); err != nil {
		return nil, err
	}
	defer p.leave()
	var args [2]Expr
	for k, ord := range []string{"first", "second"} {
		t := p.peek()
		v, err := p.parseScalar(what, "as the "+ord+" argument of "+name)
		if err != nil {
			return nil, err
		}
		if !ok(v) {
			return nil, p.errAt(t, "expected %s as the %s argument of %s but found %s", what, ord, name, t.describe())
		}
		args[k] = v
		if k == 0 {
			if _, err := p.expect(tComma, "','", "between the arguments of "+name); err != nil {
				return nil, err
			}
		}
	}
	if _, err := p.expect(tRParen, "')'", "to close "+name+"(...)"); err != nil {
		return nil, err
	}
	return build(args[0], args[1]), nil
}

// parseDate parses YYYY-MM-DD.
func parseDate(s string) (Date, bool) {
	if len(s) != 10 {
		return Date{}, false
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, false
	}
	return Date{Time: t}, true
}

// parseTimestamp parses an RFC 3339 timestamp.
func parseTimestamp(s string) (Timestamp, bool) {
	if len(s) < 20 || len(s) > 40 {
		return Timestamp{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return Timestamp{}, false
	}
	return Timestamp{Time: t.UTC()}, true
}

// parseIntervalString parses an INTERVAL end given as a string: a date, a
// timestamp or ".." (nil).
func parseIntervalString(s string) (Expr, bool) {
	if s == ".." {
		return nil, true
	}
	if d, ok := parseDate(s); ok {
		return d, true
	}
	if t, ok := parseTimestamp(s); ok {
		return t, true
	}
	return nil, false
}

// instantTime returns the start of a Date or the instant of a Timestamp.
func instantTime(e Expr) (time.Time, bool) {
	switch v := e.(type) {
	case Date:
		return v.Time, true
	case Timestamp:
		return v.Time, true
	}
	return time.Time{}, false
}

// intervalOrdered reports whether a literal interval does not end before
// it starts.
func intervalOrdered(iv Interval) bool {
	s, ok1 := instantTime(iv.Start)
	e, ok2 := instantTime(iv.End)
	if !ok1 || !ok2 {
		return true
	}
	if _, isDate := iv.End.(Date); isDate {
		e = e.Add(24*time.Hour - 1)
	}
	return !s.After(e)
}
