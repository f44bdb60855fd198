// Package sqlquery holds what the SQL stores render alike from a
// store.Query: the columns behind the queryables, the translation of a CQL2
// filter to a WHERE fragment in each store's dialect (ToSQL), and LIKE
// escaping.
//
// ToSQL validates the filter and renders it so that every literal is a
// bind parameter and every property the trusted column its Queryable
// names: nothing from the filter text is ever spliced into SQL.
//
// # Parameter values
//
// Literals are bound with these Go types:
//
//	literal     SQLite                                  PostGIS
//	string      string                                  string   (CAST($n AS text))
//	number      int64 when integral, else float64       same     (bigint / double precision)
//	boolean     bool                                    bool     (boolean)
//	date        string "2006-01-02"                     time.Time at 00:00 UTC (date)
//	timestamp   string in SQLiteTimestampLayout, UTC    time.Time in UTC (timestamptz)
//	geometry    []byte WKB (2D, EPSG:4326 lon/lat)      []byte WKB in ST_GeomFromWKB($n, 4326)
//
// A TIMESTAMP compared with a date queryable stands for its UTC calendar
// day, and a DATE compared with a timestamp queryable for 00:00 UTC of that
// day.
//
// Comparisons against an open end of an interval are dropped.
//
// # SQLite function contract
//
// For the SQLite dialect the store must register these scalar functions on
// every connection (the names are listed in SQLiteFunctions):
//
//	st_intersects(a, b), st_within(a, b), st_contains(a, b), st_disjoint(a, b),
//	st_equals(a, b), st_touches(a, b), st_crosses(a, b), st_overlaps(a, b)
//	    a and b are 2D WKB blobs (the geometry queryable's column must hold
//	    WKB, literals are bound as WKB); the result is 1 when the DE-9IM
//	    relation "a OP b" holds, 0 when not, NULL when either is NULL.
//	    Argument order is the CQL2 order: st_within(a, b) means a within b.
//	cql2_like(value, pattern)
//	    1 when the text value matches the CQL2 LIKE pattern case-sensitively
//	    (% any run, _ one character, \ escapes the next character), 0 when
//	    not, NULL when either is NULL. cql2.MatchLike implements it; register it
//	    as is. SQLite's own LIKE folds ASCII case, which CQL2 does not.
//
// Date queryables in SQLite must hold "YYYY-MM-DD" text and timestamp
// queryables text in SQLiteTimestampLayout, so that comparisons of the text
// order like the instants.
//
// For PostGIS the geometry column must be a geometry with SRID 4326; LIKE
// uses PostgreSQL's default escape character, the backslash, as CQL2 does.
package sqlquery

import (
	"strings"

	"github.com/incidentmap/incidentmap/cql2"
	"github.com/incidentmap/incidentmap/store"
)

// Queryables maps store.Queryables to the columns of the incidents table
// aliased i (i.<name>, the geometry i.geom) in cql2's terms.
func Queryables() cql2.Queryables {
	q := cql2.Queryables{}
	for _, c := range store.Queryables() {
		col := "i." + c.Name
		if c.Type == store.TypeGeometry {
			col = "i.geom"
		}
		q[c.Name] = cql2.Queryable{Column: col, Type: cql2.Type(c.Type)}
	}
	return q
}

// EscapeLike escapes the LIKE wildcards % and _ and the escape character
// itself with a backslash, for patterns written with ESCAPE '\'.
func EscapeLike(s string) string {
	if !strings.ContainsAny(s, `\%_`) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r == '\\' || r == '%' || r == '_' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
