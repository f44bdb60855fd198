package query

import (
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/cql2"
	"github.com/incidentmap/incidentmap/store"
	"github.com/paulmach/orb"
)

// CQL2Filters parses OGC filter parameters (CQL2 text or JSON) and checks
// them against the incident queryables; the store renders the expression
// in its own SQL.
type CQL2Filters struct {
	// Options bound the filter's length and nesting; zero means cql2's
	// defaults.
	Options cql2.Options
}

// FilterParser turns a filter parameter (filter, filter-lang) into a CQL2
// expression a store can evaluate; its errors are the client's mistakes.
type FilterParser interface {
	Parse(filter, lang string) (cql2.Expr, error)
}

// Parse implements FilterParser.
func (c CQL2Filters) Parse(filter, lang string) (cql2.Expr, error) {
	var (
		e   cql2.Expr
		err error
	)
	// cql-text and cql-json are the names of the drafts before CQL2, which
	// clients still send (GDAL 3.6's OAPIF driver asks for cql-text).
	switch strings.ToLower(lang) {
	case "", "cql2-text", "cql-text":
		e, err = cql2.ParseTextOptions(filter, c.Options)
	case "cql2-json", "cql-json":
		e, err = cql2.ParseJSONOptions([]byte(filter), c.Options)
	default:
		return nil, fmt.Errorf("filter-lang must be cql2-text or cql2-json (or their draft names cql-text, cql-json), not %q", lang)
	}
	if err != nil {
		return nil, err
	}
	q := store.CQL2Queryables()
	if strings.EqualFold(lang, "cql-text") {
		e = draftDates(e, q)
	}
	if err := cql2.Validate(e, q); err != nil {
		return nil, err
	}
	if err := supported(e); err != nil {
		return nil, err
	}
	return e, nil
}

// supported refuses the spatial relations both stores cannot evaluate the
// same way: S_TOUCHES, S_CROSSES and S_OVERLAPS (the SQLite store has no
// DE-9IM engine), so a filter means the same whichever store answers it.
func supported(e cql2.Expr) error {
	var err error
	var walk func(cql2.Expr)
	walk = func(e cql2.Expr) {
		if err != nil || e == nil {
			return
		}
		switch x := e.(type) {
		case cql2.And:
			for _, a := range x.Args {
				walk(a)
			}
		case cql2.Or:
			for _, a := range x.Args {
				walk(a)
			}
		case cql2.Not:
			walk(x.Expr)
		case cql2.SpatialPredicate:
			switch x.Op {
			case cql2.STouches, cql2.SCrosses, cql2.SOverlaps:
				err = fmt.Errorf("%s is not supported; use S_INTERSECTS, S_WITHIN, S_CONTAINS, S_DISJOINT or S_EQUALS", x.Op)
			}
		}
	}
	walk(e)
	return err
}

// splitIntersects takes from a filter a top-level S_INTERSECTS with a
// literal geometry, for the store's spatial index (Query.Intersects), and
// returns the rest (nil when nothing is left): on SQLite that is the
// difference between an R*Tree lookup and a scan. g is nil when the
// filter has no such predicate.
func splitIntersects(f cql2.Expr) (g orb.Geometry, rest cql2.Expr) {
	isIntersects := func(e cql2.Expr) (orb.Geometry, bool) {
		sp, ok := e.(cql2.SpatialPredicate)
		if !ok || sp.Op != cql2.SIntersects {
			return nil, false
		}
		l, r := sp.Left, sp.Right
		if _, ok := r.(cql2.Property); ok {
			l, r = r, l
		}
		p, ok1 := l.(cql2.Property)
		g, ok2 := r.(cql2.Geometry)
		if !ok1 || !ok2 || p.Name != "geometry" || g.Geometry == nil {
			return nil, false
		}
		if b, ok := g.Geometry.(orb.Bound); ok {
			return b.ToPolygon(), true
		}
		return g.Geometry, true
	}
	if g, ok := isIntersects(f); ok {
		return g, nil
	}
	and, ok := f.(cql2.And)
	if !ok {
		return nil, f
	}
	for i, a := range and.Args {
		if g, ok := isIntersects(a); ok {
			rest := append(append([]cql2.Expr{}, and.Args[:i]...), and.Args[i+1:]...)
			if len(rest) == 1 {
				return g, rest[0]
			}
			return g, cql2.And{Args: rest}
		}
	}
	return nil, f
}

// draftDates reads, in a filter of the draft cql-text, a string compared
// with a date or timestamp property as the date or instant it spells: the
// drafts had no DATE() and GDAL 3.6 writes event_date >= '2021-06-27T'.
// Strings that spell no date stay strings (and fail validation).
func draftDates(e cql2.Expr, q cql2.Queryables) cql2.Expr {
	temporal := func(x cql2.Expr) bool {
		p, ok := x.(cql2.Property)
		if !ok {
			return false
		}
		t := q[p.Name].Type
		return t == cql2.TypeDate || t == cql2.TypeTimestamp
	}
	lit := func(x cql2.Expr) cql2.Expr {
		s, ok := x.(cql2.String)
		if !ok {
			return x
		}
		v := strings.TrimSpace(string(s))
		if d, err := time.Parse(time.DateOnly, strings.TrimSuffix(v, "T")); err == nil {
			return cql2.Date{Time: d}
		}
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02T15Z07:00"} {
			if t, err := time.Parse(layout, v); err == nil {
				return cql2.Timestamp{Time: t.UTC()}
			}
		}
		return x
	}
	switch x := e.(type) {
	case cql2.And:
		out := cql2.And{Args: make([]cql2.Expr, len(x.Args))}
		for i, a := range x.Args {
			out.Args[i] = draftDates(a, q)
		}
		return out
	case cql2.Or:
		out := cql2.Or{Args: make([]cql2.Expr, len(x.Args))}
		for i, a := range x.Args {
			out.Args[i] = draftDates(a, q)
		}
		return out
	case cql2.Not:
		return cql2.Not{Expr: draftDates(x.Expr, q)}
	case cql2.Comparison:
		if temporal(x.Left) {
			x.Right = lit(x.Right)
		} else if temporal(x.Right) {
			x.Left = lit(x.Left)
		}
		return x
	case cql2.Between:
		if temporal(x.Expr) {
			x.Low, x.High = lit(x.Low), lit(x.High)
		}
		return x
	case cql2.In:
		if temporal(x.Expr) {
			list := make([]cql2.Expr, len(x.List))
			for i, v := range x.List {
				list[i] = lit(v)
			}
			x.List = list
		}
		return x
	}
	return e
}

// eventDays tells which event days a top-level T_INTERSECTS or T_DURING
// of event_date with literal times leaves possible, so the store walks
// only those days of its space-time index instead of every day back from
// the newest; the filter itself still applies as it was.
func eventDays(f cql2.Expr) (from, to *time.Time) {
	instant := func(e cql2.Expr) *time.Time {
		switch x := e.(type) {
		case cql2.Date:
			return &x.Time
		case cql2.Timestamp:
			return &x.Time
		}
		return nil
	}
	bounds := func(e cql2.Expr) (lo, hi *time.Time) {
		tp, ok := e.(cql2.TemporalPredicate)
		if !ok || (tp.Op != cql2.TIntersects && tp.Op != cql2.TDuring) {
			return nil, nil
		}
		l, r := tp.Left, tp.Right
		if _, ok := r.(cql2.Property); ok && tp.Op == cql2.TIntersects {
			l, r = r, l
		}
		if p, ok := l.(cql2.Property); !ok || p.Name != "event_date" {
			return nil, nil
		}
		if iv, ok := r.(cql2.Interval); ok {
			return instant(iv.Start), instant(iv.End)
		}
		t := instant(r)
		return t, t
	}
	add := func(e cql2.Expr) {
		lo, hi := bounds(e)
		if lo != nil && (from == nil || lo.After(*from)) {
			from = lo
		}
		if hi != nil && (to == nil || hi.Before(*to)) {
			to = hi
		}
	}
	if and, ok := f.(cql2.And); ok {
		for _, a := range and.Args {
			add(a)
		}
	} else {
		add(f)
	}
	return from, to
}

// namesProperty reports whether the filter e names the property (in any
// comparison, function or predicate, at any depth).
func namesProperty(e cql2.Expr, name string) bool {
	found := false
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		if found || !v.IsValid() {
			return
		}
		switch v.Kind() {
		case reflect.Interface, reflect.Pointer:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Slice, reflect.Array:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i))
			}
		case reflect.Struct:
			if p, ok := v.Interface().(cql2.Property); ok {
				found = strings.EqualFold(p.Name, name)
				return
			}
			for i := 0; i < v.NumField(); i++ {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		}
	}
	walk(reflect.ValueOf(&e))
	return found
}
