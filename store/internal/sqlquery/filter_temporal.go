package sqlquery

import (
	"strings"

	"github.com/incidentmap/incidentmap/cql2"
)

// endpoint is the start or end of a temporal operand: a column or literal,
// or an open end of an interval at minus or plus infinity.
type endpoint struct {
	expr cql2.Expr // Property, Date or Timestamp; nil when open
	inf  int       // -1 or +1 when open
}

// span is a temporal operand as an interval; an instant's begin and end
// are the same endpoint.
type span struct{ b, e *endpoint }

func (w *sqlWriter) span(x cql2.Expr) span {
	if iv, ok := x.(cql2.Interval); ok {
		b, e := &endpoint{expr: iv.Start, inf: -1}, &endpoint{expr: iv.End, inf: 1}
		if iv.Start != nil {
			b.inf = 0
		}
		if iv.End != nil {
			e.inf = 0
		}
		return span{b, e}
	}
	p := &endpoint{expr: x}
	return span{p, p}
}

// term is one comparison of endpoints.
type term struct {
	l  *endpoint
	op string
	r  *endpoint
}

// allen lists the comparisons that define each relation of a to b (CQL2
// section 6.9); or says whether they are alternatives rather than all
// required.
func allen(op cql2.TemporalOp, a, b span) (terms []term, or bool) {
	t := func(l *endpoint, o string, r *endpoint) term { return term{l, o, r} }
	switch op {
	case cql2.TAfter:
		return []term{t(a.b, ">", b.e)}, false
	case cql2.TBefore:
		return []term{t(a.e, "<", b.b)}, false
	case cql2.TContains:
		return []term{t(a.b, "<", b.b), t(a.e, ">", b.e)}, false
	case cql2.TDisjoint:
		return []term{t(a.e, "<", b.b), t(a.b, ">", b.e)}, true
	case cql2.TDuring:
		return []term{t(a.b, ">", b.b), t(a.e, "<", b.e)}, false
	case cql2.TEquals:
		return []term{t(a.b, "=", b.b), t(a.e, "=", b.e)}, false
	case cql2.TFinishedBy:
		return []term{t(a.b, "<", b.b), t(a.e, "=", b.e)}, false
	case cql2.TFinishes:
		return []term{t(a.b, ">", b.b), t(a.e, "=", b.e)}, false
	case cql2.TIntersects:
		return []term{t(a.e, ">=", b.b), t(a.b, "<=", b.e)}, false
	case cql2.TMeets:
		return []term{t(a.e, "=", b.b)}, false
	case cql2.TMetBy:
		return []term{t(a.b, "=", b.e)}, false
	case cql2.TOverlappedBy:
		return []term{t(a.b, ">", b.b), t(a.b, "<", b.e), t(a.e, ">", b.e)}, false
	case cql2.TOverlaps:
		return []term{t(a.b, "<", b.b), t(a.e, ">", b.b), t(a.e, "<", b.e)}, false
	case cql2.TStartedBy:
		return []term{t(a.b, "=", b.b), t(a.e, ">", b.e)}, false
	case cql2.TStarts:
		return []term{t(a.b, "=", b.b), t(a.e, "<", b.e)}, false
	}
	return nil, false
}

// fold evaluates a term that involves an open end; known is false when
// the term needs SQL.
func fold(t term) (value, known bool) {
	if t.l.inf == 0 && t.r.inf == 0 {
		return false, false
	}
	l, r := t.l.inf, t.r.inf
	switch t.op {
	case "<":
		return l < r, true
	case "<=":
		return l <= r && !(l == 0 && r == 0), true
	case ">":
		return l > r, true
	case ">=":
		return l >= r && !(l == 0 && r == 0), true
	case "=":
		return l == r && l != 0, true
	}
	return false, true
}

func (w *sqlWriter) temporal(x cql2.TemporalPredicate) error {
	a, b := w.span(x.Left), w.span(x.Right)
	terms, or := allen(x.Op, a, b)
	var keep []term
	seen := map[term]bool{}
	for _, t := range terms {
		if v, known := fold(t); known {
			if v == or { // true in an OR, false in an AND decides it all
				return w.constant(v, x)
			}
			continue
		}
		if !seen[t] {
			seen[t] = true
			keep = append(keep, t)
		}
	}
	if len(keep) == 0 {
		return w.constant(!or, x)
	}
	if len(keep) > 1 {
		w.b.WriteByte('(')
	}
	for i, t := range keep {
		if i > 0 {
			if or {
				w.b.WriteString(" OR ")
			} else {
				w.b.WriteString(" AND ")
			}
		}
		ctx := w.context(t.l.expr, t.r.expr)
		if err := w.operand(t.l.expr, ctx); err != nil {
			return err
		}
		w.b.WriteString(" " + t.op + " ")
		if err := w.operand(t.r.expr, ctx); err != nil {
			return err
		}
	}
	if len(keep) > 1 {
		w.b.WriteByte(')')
	}
	return nil
}

// constant writes a temporal predicate decided by open interval ends:
// true holds for every row whose property has a value.
func (w *sqlWriter) constant(v bool, x cql2.TemporalPredicate) error {
	if !v {
		w.b.WriteString("1 = 0")
		return nil
	}
	var cols []string
	for _, e := range []cql2.Expr{x.Left, x.Right} {
		exprs := []cql2.Expr{e}
		if iv, ok := e.(cql2.Interval); ok {
			exprs = []cql2.Expr{iv.Start, iv.End}
		}
		for _, p := range exprs {
			if p, ok := p.(cql2.Property); ok {
				c, _ := w.q.Lookup(p.Name)
				cols = append(cols, c.Column+" IS NOT NULL")
			}
		}
	}
	if len(cols) == 0 {
		w.b.WriteString("1 = 1")
		return nil
	}
	w.b.WriteString("(" + strings.Join(cols, " AND ") + ")")
	return nil
}
