// Package sqlquery holds what the SQL stores render alike from a
// store.Query: the columns behind the queryables, so each store can hand
// cql2.ToSQL a filter in its own dialect, and LIKE escaping.
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
