package sqlquery

import (
	"testing"

	"github.com/incidentmap/incidentmap/cql2"
)

// fuzzToSQL checks the translation of every filter that parses: ToSQL
// either refuses it or writes SQL made only of columns, placeholders and
// fixed words, with no literal of the input in it.
func fuzzToSQL(t *testing.T, e cql2.Expr) {
	q := testQueryables()
	for _, d := range []Dialect{SQLite, PostGIS} {
		b := &binder{d: d}
		sql, err := ToSQL(e, d, q, b.arg)
		if err != nil {
			continue
		}
		checkSQLSafe(t, sql, q)
		checkNoLiterals(t, e, d, sql, q)
	}
}

func FuzzFilterSQLText(f *testing.F) {
	for _, s := range []string{
		"event_type = 'Battles' AND fatalities > 5",
		"NOT (country_code IN ('IQ','SY') OR actor1 LIKE '%Hezbollah%')",
		"fatalities BETWEEN 1 AND 10 AND injuries IS NOT NULL",
		"T_INTERSECTS(event_date, INTERVAL('2021-06-01','..'))",
		"S_INTERSECTS(geometry, POLYGON((38 32, 48 32, 48 38, 38 38, 38 32)))",
		"S_WITHIN(geometry, BBOX(40,30,50,40)) AND verified = TRUE",
		"event_type = '''); DELETE FROM incidents; --'",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if e, err := cql2.ParseText(s); err == nil {
			fuzzToSQL(t, e)
		}
	})
}

func FuzzFilterSQLJSON(f *testing.F) {
	for _, s := range []string{
		`{"op":"and","args":[{"op":"=","args":[{"property":"event_type"},"Battles"]},{"op":">","args":[{"property":"fatalities"},5]}]}`,
		`{"op":"t_intersects","args":[{"property":"event_date"},{"interval":["2021-06-01",".."]}]}`,
		`{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}]}`,
		`{"op":"in","args":[{"property":"country_code"},["IQ","SY"]]}`,
		`{"op":"not","args":[{"op":"like","args":[{"property":"actor1"},"%x%"]}]}`,
		`{"op":"s_within","args":[{"property":"geometry"},{"bbox":[40,30,50,40]}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if e, err := cql2.ParseJSON(b); err == nil {
			fuzzToSQL(t, e)
		}
	})
}
