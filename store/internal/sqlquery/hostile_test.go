package sqlquery

import (
	"fmt"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/cql2"
)

// TestHostileInput proves that nothing from a filter reaches the SQL text.
func TestHostileInput(t *testing.T) {
	evil := `a"; DROP TABLE x; --`
	q := testQueryables()
	q[evil] = cql2.Queryable{Column: "i.notes", Type: cql2.TypeString}

	texts := []string{
		`event_type = '''); DELETE FROM incidents; --'`,
		`event_type LIKE '%'' OR 1=1 --'`,
		`event_type IN ('x''); DROP TABLE incidents; --', 'y')`,
		`"a""; DROP TABLE x; --" = 1`,
		`event_type = 'x' /* comment */`,
		`pg_sleep(10) = 1`,
		`event_type = 'x' UNION SELECT * FROM users`,
	}
	for _, in := range texts {
		t.Run(in, func(t *testing.T) {
			e, err := cql2.ParseText(in)
			if err != nil {
				return // refused: nothing to translate
			}
			for _, d := range []Dialect{SQLite, PostGIS} {
				b := &binder{d: d}
				sql, err := ToSQL(e, d, q, b.arg)
				if err != nil {
					continue
				}
				checkSQLSafe(t, sql, q)
				checkNoLiterals(t, e, d, sql, q)
				if strings.Contains(sql, "DROP") || strings.Contains(sql, "DELETE") || strings.Contains(sql, "'") {
					t.Fatalf("%v: SQL %q carries input", d, sql)
				}
			}
		})
	}

	jsons := []string{
		`{"op":"=","args":[{"property":"a\"; DROP TABLE x; --"},"'); DELETE FROM incidents; --"]}`,
		`{"op":"like","args":[{"property":"event_type"},"%' OR '1'='1"]}`,
		`{"op":"pg_sleep","args":[10]}`,
		`{"op":"=","args":[{"property":"event_type"},{"op":"pg_read_file","args":["/etc/passwd"]}]}`,
		`{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Point","coordinates":[1,2],"crs":"x'); DROP"}]}`,
	}
	for _, in := range jsons {
		t.Run(in, func(t *testing.T) {
			e, err := cql2.ParseJSON([]byte(in))
			if err != nil {
				return
			}
			for _, d := range []Dialect{SQLite, PostGIS} {
				b := &binder{d: d}
				sql, err := ToSQL(e, d, q, b.arg)
				if err != nil {
					t.Fatalf("%v: %v", d, err)
				}
				checkSQLSafe(t, sql, q)
				checkNoLiterals(t, e, d, sql, q)
				if strings.Contains(sql, "DROP") || strings.Contains(sql, "DELETE") || strings.Contains(sql, "'") {
					t.Fatalf("%v: SQL %q carries input", d, sql)
				}
				if fmt.Sprint(b.args) == "[]" {
					t.Fatalf("%v: the literal was not bound", d)
				}
			}
		})
	}

	// The evil property name is only ever looked up, never written.
	e, err := cql2.ParseJSON([]byte(`{"op":"=","args":[{"property":"a\"; DROP TABLE x; --"},"v"]}`))
	if err != nil {
		t.Fatal(err)
	}
	sql, err := ToSQL(e, SQLite, q, (&binder{d: SQLite}).arg)
	if err != nil || sql != "i.notes = ?" {
		t.Fatalf("mapped evil property: %q, %v", sql, err)
	}
	// Without a queryable of that name it is an error naming it.
	delete(q, evil)
	if _, err := ToSQL(e, SQLite, q, (&binder{d: SQLite}).arg); err == nil || !strings.Contains(err.Error(), "unknown property") {
		t.Fatalf("unmapped evil property: %v", err)
	}
}
