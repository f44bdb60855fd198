package sqlquery

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/cql2"
)

// testQueryables mirror the incident store's queryables.
func testQueryables() cql2.Queryables {
	return cql2.Queryables{
		"id":             {Column: "i.id", Type: cql2.TypeString},
		"event_type":     {Column: "i.event_type", Type: cql2.TypeString},
		"sub_event_type": {Column: "i.sub_event_type", Type: cql2.TypeString},
		"actor1":         {Column: "i.actor1", Type: cql2.TypeString},
		"country_code":   {Column: "i.country_code", Type: cql2.TypeString},
		"event_date":     {Column: "i.event_date", Type: cql2.TypeDate},
		"fatalities":     {Column: "i.fatalities", Type: cql2.TypeInteger},
		"confidence":     {Column: "i.confidence", Type: cql2.TypeNumber},
		"verified":       {Column: "i.verified", Type: cql2.TypeBoolean},
		"ingested_at":    {Column: "i.ingested_at", Type: cql2.TypeTimestamp},
		"geometry":       {Column: "i.geom", Type: cql2.TypeGeometry},
	}
}

// binder collects parameters the way each store's placeholders number them.
type binder struct {
	d    Dialect
	args []any
}

func (b *binder) arg(v any) string {
	b.args = append(b.args, v)
	if b.d == SQLite {
		return "?"
	}
	return fmt.Sprintf("$%d", len(b.args))
}

// sqlVocabulary is every word ToSQL may write besides columns and placeholders.
var sqlVocabulary = map[string]bool{
	"AND": true, "OR": true, "NOT": true, "LIKE": true, "IN": true, "BETWEEN": true, "IS": true,
	"NULL": true, "CAST": true, "AS": true, "text": true, "bigint": true, "double": true,
	"precision": true, "boolean": true, "date": true, "timestamptz": true, "ST_GeomFromWKB": true,
	"4326": true, "1": true, "0": true, "cql2_like": true,
	"ST_Intersects": true, "ST_Within": true, "ST_Contains": true, "ST_Disjoint": true,
	"ST_Equals": true, "ST_Touches": true, "ST_Crosses": true, "ST_Overlaps": true,
	"st_intersects": true, "st_within": true, "st_contains": true, "st_disjoint": true,
	"st_equals": true, "st_touches": true, "st_crosses": true, "st_overlaps": true,
}

var (
	placeholderRE = regexp.MustCompile(`\$[0-9]+|\?`)
	wordRE        = regexp.MustCompile(`[A-Za-z0-9_]+`)
)

// checkSQLSafe fails unless sql consists only of mapped columns,
// placeholders, the fixed vocabulary, spaces and operators.
func checkSQLSafe(t testing.TB, sql string, q cql2.Queryables) {
	t.Helper()
	rest := sql
	for _, c := range q {
		rest = strings.ReplaceAll(rest, c.Column, " ")
	}
	rest = placeholderRE.ReplaceAllString(rest, " ")
	for _, w := range wordRE.FindAllString(rest, -1) {
		if !sqlVocabulary[w] {
			t.Fatalf("SQL %q contains the foreign word %q", sql, w)
		}
	}
	rest = wordRE.ReplaceAllString(rest, " ")
	if strings.Trim(rest, " ()=<>,") != "" {
		t.Fatalf("SQL %q contains foreign characters %q", sql, strings.Trim(rest, " ()=<>,"))
	}
}

// checkNoLiterals fails unless the SQL for e is the same text when every
// string literal of e is replaced: the literals only ever reach the
// parameters, never the SQL.
func checkNoLiterals(t testing.TB, e cql2.Expr, d Dialect, sql string, q cql2.Queryables) {
	t.Helper()
	other, err := ToSQL(replaceStrings(e), d, q, (&binder{d: d}).arg)
	if err != nil {
		t.Fatalf("SQL for %#v with other strings: %v", e, err)
	}
	if other != sql {
		t.Fatalf("SQL depends on the string literals:\n%s\n%s", sql, other)
	}
}

// replaceStrings returns e with every String literal replaced.
func replaceStrings(e cql2.Expr) cql2.Expr {
	r := replaceStrings
	list := func(in []cql2.Expr) []cql2.Expr {
		out := make([]cql2.Expr, len(in))
		for i, a := range in {
			out[i] = r(a)
		}
		return out
	}
	switch x := e.(type) {
	case cql2.String:
		return cql2.String("\x00replaced" + string(x) + "\x00")
	case cql2.And:
		return cql2.And{Args: list(x.Args)}
	case cql2.Or:
		return cql2.Or{Args: list(x.Args)}
	case cql2.Not:
		return cql2.Not{Expr: r(x.Expr)}
	case cql2.Comparison:
		return cql2.Comparison{Op: x.Op, Left: r(x.Left), Right: r(x.Right)}
	case cql2.Like:
		return cql2.Like{Expr: r(x.Expr), Pattern: r(x.Pattern).(cql2.String), Not: x.Not}
	case cql2.In:
		return cql2.In{Expr: r(x.Expr), List: list(x.List), Not: x.Not}
	case cql2.Between:
		return cql2.Between{Expr: r(x.Expr), Low: r(x.Low), High: r(x.High), Not: x.Not}
	case cql2.IsNull:
		return cql2.IsNull{Expr: r(x.Expr), Not: x.Not}
	}
	return e
}
