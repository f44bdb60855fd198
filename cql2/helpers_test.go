package cql2

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// testQueryables mirror the incident store's queryables.
func testQueryables() Queryables {
	return Queryables{
		"id":             {"i.id", TypeString},
		"event_type":     {"i.event_type", TypeString},
		"sub_event_type": {"i.sub_event_type", TypeString},
		"actor1":         {"i.actor1", TypeString},
		"country_code":   {"i.country_code", TypeString},
		"event_date":     {"i.event_date", TypeDate},
		"fatalities":     {"i.fatalities", TypeInteger},
		"confidence":     {"i.confidence", TypeNumber},
		"verified":       {"i.verified", TypeBoolean},
		"ingested_at":    {"i.ingested_at", TypeTimestamp},
		"geometry":       {"i.geom", TypeGeometry},
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
func checkSQLSafe(t testing.TB, sql string, q Queryables) {
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
func checkNoLiterals(t testing.TB, e Expr, d Dialect, sql string, q Queryables) {
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
func replaceStrings(e Expr) Expr {
	r := replaceStrings
	list := func(in []Expr) []Expr {
		out := make([]Expr, len(in))
		for i, a := range in {
			out[i] = r(a)
		}
		return out
	}
	switch x := e.(type) {
	case String:
		return String("\x00replaced" + string(x) + "\x00")
	case And:
		return And{list(x.Args)}
	case Or:
		return Or{list(x.Args)}
	case Not:
		return Not{r(x.Expr)}
	case Comparison:
		return Comparison{x.Op, r(x.Left), r(x.Right)}
	case Like:
		return Like{r(x.Expr), r(x.Pattern).(String), x.Not}
	case In:
		return In{r(x.Expr), list(x.List), x.Not}
	case Between:
		return Between{r(x.Expr), r(x.Low), r(x.High), x.Not}
	case IsNull:
		return IsNull{r(x.Expr), x.Not}
	}
	return e
}
