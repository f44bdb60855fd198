// Package cql2 parses OGC CQL2 filter expressions, text and JSON, and
// translates them to parameterised SQL for the SQLite and PostGIS stores.
//
// ParseText and ParseJSON turn a filter into an Expr, a small closed set of
// node types; malformed input yields a *SyntaxError that says where it broke
// and what was expected there. Validate checks the properties and literal
// types against the collection's Queryables (a *ValidationError otherwise),
// and ToSQL renders a WHERE fragment in which every literal is a bind
// parameter and every property is the trusted column expression its
// Queryable names: nothing from the filter text is ever spliced into SQL.
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
// # Temporal predicates
//
// A date or timestamp property is an instant; DATE and TIMESTAMP literals
// are instants too, and an INTERVAL's ".." ends are unbounded. T_* operators
// follow the Allen relations of CQL2 section 6.9 with instants as degenerate
// intervals, so T_INTERSECTS(event_date, INTERVAL('2021-06-01','2021-06-30'))
// is inclusive (start <= event_date <= end) while T_DURING is strict
// (start < event_date < end). Comparisons against an open end are dropped.
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
//	    not, NULL when either is NULL. MatchLike implements it; register it
//	    as is. SQLite's own LIKE folds ASCII case, which CQL2 does not.
//
// Date queryables in SQLite must hold "YYYY-MM-DD" text and timestamp
// queryables text in SQLiteTimestampLayout, so that comparisons of the text
// order like the instants.
//
// For PostGIS the geometry column must be a geometry with SRID 4326; LIKE
// uses PostgreSQL's default escape character, the backslash, as CQL2 does.
package cql2
