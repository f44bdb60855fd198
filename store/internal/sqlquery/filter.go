package sqlquery

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/cql2"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// Dialect is the SQL flavour ToSQL writes.
type Dialect int

// The SQL dialects of the two stores.
const (
	// SQLite binds dates and timestamps as text and calls the functions
	// listed by SQLiteFunctions, which the store registers.
	SQLite Dialect = iota + 1
	// PostGIS binds typed parameters and calls PostGIS's ST_ functions.
	PostGIS
)

// String returns the dialect's name.
func (d Dialect) String() string {
	switch d {
	case SQLite:
		return "sqlite"
	case PostGIS:
		return "postgis"
	}
	return fmt.Sprintf("Dialect(%d)", int(d))
}

// SQLiteTimestampLayout is how timestamps are bound for SQLite (always
// UTC, fixed width so the text sorts like the instants); timestamp columns
// in SQLite must use it too.
const SQLiteTimestampLayout = "2006-01-02T15:04:05.000Z"

// SQLiteFunctions returns the names of the scalar functions SQL for the
// SQLite dialect may call; the package documentation gives their contract.
func SQLiteFunctions() []string {
	return []string{"st_intersects", "st_within", "st_contains", "st_disjoint",
		"st_equals", "st_touches", "st_crosses", "st_overlaps", "cql2_like"}
}

// ToSQL validates e against q and translates it into a WHERE condition
// for dialect d. Every literal becomes a parameter: arg receives its value
// and returns the placeholder to write ("?" for SQLite, "$N" for
// PostgreSQL). Properties become their queryable's Column.
func ToSQL(e cql2.Expr, d Dialect, q cql2.Queryables, arg func(v any) string) (string, error) {
	if d != SQLite && d != PostGIS {
		return "", fmt.Errorf("cql2: unknown SQL dialect %v", d)
	}
	if arg == nil {
		return "", errors.New("cql2: ToSQL needs an arg function")
	}
	if err := cql2.Validate(e, q); err != nil {
		return "", err
	}
	w := &sqlWriter{d: d, q: q, arg: arg}
	if err := w.boolean(e); err != nil {
		return "", err
	}
	return w.b.String(), nil
}

type sqlWriter struct {
	b   strings.Builder
	d   Dialect
	q   cql2.Queryables
	arg func(any) string
}

func (w *sqlWriter) boolean(e cql2.Expr) error {
	switch x := e.(type) {
	case cql2.And:
		return w.list(x.Args, " AND ")
	case cql2.Or:
		return w.list(x.Args, " OR ")
	case cql2.Not:
		w.b.WriteString("NOT ")
		if _, ok := x.Expr.(cql2.And); ok {
			return w.boolean(x.Expr)
		}
		if _, ok := x.Expr.(cql2.Or); ok {
			return w.boolean(x.Expr)
		}
		w.b.WriteByte('(')
		if err := w.boolean(x.Expr); err != nil {
			return err
		}
		w.b.WriteByte(')')
		return nil
	case cql2.Bool:
		return w.operand(x, cql2.TypeBoolean)
	case cql2.Comparison:
		ctx := w.context(x.Left, x.Right)
		if err := w.operand(x.Left, ctx); err != nil {
			return err
		}
		w.b.WriteString(" " + string(x.Op) + " ")
		return w.operand(x.Right, ctx)
	case cql2.Like:
		return w.like(x)
	case cql2.In:
		return w.in(x)
	case cql2.Between:
		ctx := w.context(x.Expr, x.Low, x.High)
		if err := w.operand(x.Expr, ctx); err != nil {
			return err
		}
		w.b.WriteString(not(x.Not) + " BETWEEN ")
		if err := w.operand(x.Low, ctx); err != nil {
			return err
		}
		w.b.WriteString(" AND ")
		return w.operand(x.High, ctx)
	case cql2.IsNull:
		if err := w.operand(x.Expr, w.context(x.Expr)); err != nil {
			return err
		}
		w.b.WriteString(" IS" + not(x.Not) + " NULL")
		return nil
	case cql2.SpatialPredicate:
		return w.spatial(x)
	case cql2.TemporalPredicate:
		return w.temporal(x)
	}
	return fmt.Errorf("cql2: cannot translate %T to SQL", e)
}

// like writes LIKE: cql2_like in SQLite, whose own LIKE folds case.
func (w *sqlWriter) like(x cql2.Like) error {
	if w.d == SQLite {
		if x.Not {
			w.b.WriteString("NOT ")
		}
		w.b.WriteString("cql2_like(")
		if err := w.operand(x.Expr, cql2.TypeString); err != nil {
			return err
		}
		w.b.WriteString(", ")
		if err := w.operand(x.Pattern, cql2.TypeString); err != nil {
			return err
		}
		w.b.WriteString(")")
		return nil
	}
	if err := w.operand(x.Expr, cql2.TypeString); err != nil {
		return err
	}
	w.b.WriteString(not(x.Not) + " LIKE ")
	return w.operand(x.Pattern, cql2.TypeString)
}

// in writes IN with its list.
func (w *sqlWriter) in(x cql2.In) error {
	ctx := w.context(append([]cql2.Expr{x.Expr}, x.List...)...)
	if err := w.operand(x.Expr, ctx); err != nil {
		return err
	}
	w.b.WriteString(not(x.Not) + " IN (")
	for i, v := range x.List {
		if i > 0 {
			w.b.WriteString(", ")
		}
		if err := w.operand(v, ctx); err != nil {
			return err
		}
	}
	w.b.WriteByte(')')
	return nil
}

// spatial writes a spatial predicate as the dialect's ST_ function.
func (w *sqlWriter) spatial(x cql2.SpatialPredicate) error {
	// S_INTERSECTS -> st_intersects (SQLite) or ST_Intersects (PostGIS).
	rest := strings.ToLower(string(x.Op)[2:])
	name := "st_" + rest
	if w.d == PostGIS {
		name = "ST_" + strings.ToUpper(rest[:1]) + rest[1:]
	}
	w.b.WriteString(name + "(")
	if err := w.operand(x.Left, cql2.TypeGeometry); err != nil {
		return err
	}
	w.b.WriteString(", ")
	if err := w.operand(x.Right, cql2.TypeGeometry); err != nil {
		return err
	}
	w.b.WriteByte(')')
	return nil
}

func not(n bool) string {
	if n {
		return " NOT"
	}
	return ""
}

func (w *sqlWriter) list(args []cql2.Expr, sep string) error {
	w.b.WriteByte('(')
	for i, a := range args {
		if i > 0 {
			w.b.WriteString(sep)
		}
		if err := w.boolean(a); err != nil {
			return err
		}
	}
	w.b.WriteByte(')')
	return nil
}

// context is the type literals among exprs are bound as: that of the
// first property, or of the first literal when there is no property.
func (w *sqlWriter) context(exprs ...cql2.Expr) cql2.Type {
	for _, e := range exprs {
		if p, ok := e.(cql2.Property); ok {
			c, _ := w.q.Lookup(p.Name)
			return c.Type
		}
	}
	for _, e := range exprs {
		switch e.(type) {
		case cql2.String:
			return cql2.TypeString
		case cql2.Number:
			return cql2.TypeNumber
		case cql2.Bool:
			return cql2.TypeBoolean
		case cql2.Date:
			return cql2.TypeDate
		case cql2.Timestamp:
			return cql2.TypeTimestamp
		case cql2.Geometry:
			return cql2.TypeGeometry
		}
	}
	return ""
}

// operand writes a property's column or a literal's parameter, binding the
// literal as type ctx.
func (w *sqlWriter) operand(e cql2.Expr, ctx cql2.Type) error {
	if p, ok := e.(cql2.Property); ok {
		c, ok := w.q.Lookup(p.Name)
		if !ok {
			return fmt.Errorf("unknown property %q", p.Name) // Validate refused it already
		}
		w.b.WriteString(c.Column)
		return nil
	}
	v, pgType, err := w.value(e, ctx)
	if err != nil {
		return err
	}
	ph := w.arg(v)
	switch {
	case w.d == SQLite:
		w.b.WriteString(ph)
	case pgType == "geometry":
		w.b.WriteString("ST_GeomFromWKB(" + ph + ", 4326)")
	default:
		w.b.WriteString("CAST(" + ph + " AS " + pgType + ")")
	}
	return nil
}

// value is the parameter value of a literal and its PostgreSQL type.
func (w *sqlWriter) value(e cql2.Expr, ctx cql2.Type) (any, string, error) {
	switch x := e.(type) {
	case cql2.String:
		return string(x), "text", nil
	case cql2.Number:
		f := float64(x)
		if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			return int64(f), "bigint", nil
		}
		return f, "double precision", nil
	case cql2.Bool:
		return bool(x), "boolean", nil
	case cql2.Date:
		if ctx == cql2.TypeTimestamp {
			return w.timestamp(x.Time)
		}
		return w.date(x.Time)
	case cql2.Timestamp:
		if ctx == cql2.TypeDate {
			return w.date(x.Time)
		}
		return w.timestamp(x.Time)
	case cql2.Geometry:
		b, err := wkb.Marshal(wkbGeometry(x.Geometry))
		if err != nil {
			return nil, "", fmt.Errorf("cql2: encode geometry: %w", err)
		}
		return b, "geometry", nil
	}
	return nil, "", fmt.Errorf("cql2: %T is not a literal", e)
}

func (w *sqlWriter) date(t time.Time) (any, string, error) {
	t = t.UTC()
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	if w.d == SQLite {
		return day.Format(time.DateOnly), "date", nil
	}
	return day, "date", nil
}

func (w *sqlWriter) timestamp(t time.Time) (any, string, error) {
	if w.d == SQLite {
		return t.UTC().Format(SQLiteTimestampLayout), "timestamptz", nil
	}
	return t.UTC(), "timestamptz", nil
}

// wkbGeometry replaces bounds, which WKB cannot hold, by polygons.
func wkbGeometry(g orb.Geometry) orb.Geometry {
	switch g := g.(type) {
	case orb.Bound:
		return g.ToPolygon()
	case orb.Ring:
		return orb.Polygon{g}
	case orb.Collection:
		c := make(orb.Collection, len(g))
		for i, m := range g {
			c[i] = wkbGeometry(m)
		}
		return c
	}
	return g
}
