// Package cql2 parses OGC CQL2 filter expressions, text and JSON, into an
// AST that stores evaluate their own way (the SQL stores translate it in
// store/internal/sqlquery).
//
// ParseText and ParseJSON turn a filter into an Expr, a small closed set of
// node types; malformed input yields a *SyntaxError that says where it broke
// and what was expected there. Validate checks the properties and literal
// types against the collection's Queryables (a *ValidationError otherwise).
//
// # Temporal predicates
//
// A date or timestamp property is an instant; DATE and TIMESTAMP literals
// are instants too, and an INTERVAL's ".." ends are unbounded. T_* operators
// follow the Allen relations of CQL2 section 6.9 with instants as degenerate
// intervals, so T_INTERSECTS(event_date, INTERVAL('2021-06-01','2021-06-30'))
// is inclusive (start <= event_date <= end) while T_DURING is strict
// (start < event_date < end). An open end bounds nothing.
//
// # LIKE
//
// A LIKE pattern matches case-sensitively: % any run, _ one character, \
// escapes the next character. MatchLike implements it.
package cql2
