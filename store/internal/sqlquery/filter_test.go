package sqlquery

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/cql2"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

func utc(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return t.UTC()
}

// Over 100 lines on purpose: a table of cases, one filter each with its SQL in both dialects.
func TestToSQL(t *testing.T) {
	june1, june30 := utc("2021-06-01T00:00:00Z"), utc("2021-06-30T00:00:00Z")
	tests := []struct {
		name, in    string
		sqlite      string
		sqliteArgs  []any
		postgis     string
		postgisArgs []any
	}{
		{"comparison and", "event_type = 'Battles' AND fatalities > 5",
			"(i.event_type = ? AND i.fatalities > ?)", []any{"Battles", int64(5)},
			"(i.event_type = CAST($1 AS text) AND i.fatalities > CAST($2 AS bigint))", []any{"Battles", int64(5)}},
		{"or not", "NOT (country_code = 'IQ' OR confidence < 0.5)",
			"NOT (i.country_code = ? OR i.confidence < ?)", []any{"IQ", 0.5},
			"NOT (i.country_code = CAST($1 AS text) OR i.confidence < CAST($2 AS double precision))", []any{"IQ", 0.5}},
		{"like", "actor1 LIKE 'Kata%' AND sub_event_type NOT LIKE '%drone\\_strike'",
			"(cql2_like(i.actor1, ?) AND NOT cql2_like(i.sub_event_type, ?))", []any{"Kata%", `%drone\_strike`},
			"(i.actor1 LIKE CAST($1 AS text) AND i.sub_event_type NOT LIKE CAST($2 AS text))", []any{"Kata%", `%drone\_strike`}},
		{"in", "country_code NOT IN ('IQ', 'SY')",
			"i.country_code NOT IN (?, ?)", []any{"IQ", "SY"},
			"i.country_code NOT IN (CAST($1 AS text), CAST($2 AS text))", []any{"IQ", "SY"}},
		{"between", "fatalities BETWEEN 1 AND 10",
			"i.fatalities BETWEEN ? AND ?", []any{int64(1), int64(10)},
			"i.fatalities BETWEEN CAST($1 AS bigint) AND CAST($2 AS bigint)", []any{int64(1), int64(10)}},
		{"is null", "fatalities IS NULL OR actor1 IS NOT NULL",
			"(i.fatalities IS NULL OR i.actor1 IS NOT NULL)", nil,
			"(i.fatalities IS NULL OR i.actor1 IS NOT NULL)", nil},
		{"boolean", "verified = TRUE AND TRUE",
			"(i.verified = ? AND ?)", []any{true, true},
			"(i.verified = CAST($1 AS boolean) AND CAST($2 AS boolean))", []any{true, true}},
		{"date comparison", "event_date >= DATE('2021-06-01')",
			"i.event_date >= ?", []any{"2021-06-01"},
			"i.event_date >= CAST($1 AS date)", []any{june1}},
		{"timestamp on a date column is its UTC day", "event_date < TIMESTAMP('2021-06-01T23:30:00-02:00')",
			"i.event_date < ?", []any{"2021-06-02"},
			"i.event_date < CAST($1 AS date)", []any{utc("2021-06-02T00:00:00Z")}},
		{"timestamp column", "ingested_at > TIMESTAMP('2021-06-01T10:00:00.5Z') AND ingested_at < DATE('2021-07-01')",
			"(i.ingested_at > ? AND i.ingested_at < ?)", []any{"2021-06-01T10:00:00.500Z", "2021-07-01T00:00:00.000Z"},
			"(i.ingested_at > CAST($1 AS timestamptz) AND i.ingested_at < CAST($2 AS timestamptz))", []any{utc("2021-06-01T10:00:00.5Z"), utc("2021-07-01T00:00:00Z")}},
		{"t_intersects interval", "T_INTERSECTS(event_date, INTERVAL('2021-06-01','2021-06-30'))",
			"(i.event_date >= ? AND i.event_date <= ?)", []any{"2021-06-01", "2021-06-30"},
			"(i.event_date >= CAST($1 AS date) AND i.event_date <= CAST($2 AS date))", []any{june1, june30}},
		{"t_intersects open start", "T_INTERSECTS(datetime, INTERVAL('..','2021-06-30'))",
			"i.event_date <= ?", []any{"2021-06-30"},
			"i.event_date <= CAST($1 AS date)", []any{june30}},
		{"t_intersects unbounded", "T_INTERSECTS(event_date, INTERVAL('..','..'))",
			"(i.event_date IS NOT NULL)", nil,
			"(i.event_date IS NOT NULL)", nil},
		{"t_intersects instant", "T_INTERSECTS(event_date, DATE('2021-06-01'))",
			"(i.event_date >= ? AND i.event_date <= ?)", []any{"2021-06-01", "2021-06-01"},
			"(i.event_date >= CAST($1 AS date) AND i.event_date <= CAST($2 AS date))", []any{june1, june1}},
		{"t_equals instant", "T_EQUALS(event_date, DATE('2021-06-01'))",
			"i.event_date = ?", []any{"2021-06-01"},
			"i.event_date = CAST($1 AS date)", []any{june1}},
		{"t_before", "T_BEFORE(event_date, INTERVAL('2021-06-01','..'))",
			"i.event_date < ?", []any{"2021-06-01"},
			"i.event_date < CAST($1 AS date)", []any{june1}},
		{"t_before open start is never", "T_BEFORE(event_date, INTERVAL('..','2021-06-01'))",
			"1 = 0", nil, "1 = 0", nil},
		{"t_after", "T_AFTER(event_date, INTERVAL('2021-06-01','2021-06-30'))",
			"i.event_date > ?", []any{"2021-06-30"},
			"i.event_date > CAST($1 AS date)", []any{june30}},
		{"t_during", "T_DURING(event_date, INTERVAL('2021-06-01','2021-06-30'))",
			"(i.event_date > ? AND i.event_date < ?)", []any{"2021-06-01", "2021-06-30"},
			"(i.event_date > CAST($1 AS date) AND i.event_date < CAST($2 AS date))", []any{june1, june30}},
		{"t_disjoint", "T_DISJOINT(event_date, INTERVAL('2021-06-01','2021-06-30'))",
			"(i.event_date < ? OR i.event_date > ?)", []any{"2021-06-01", "2021-06-30"},
			"(i.event_date < CAST($1 AS date) OR i.event_date > CAST($2 AS date))", []any{june1, june30}},
		{"s_intersects bbox", "S_INTERSECTS(geometry, BBOX(40, 30, 50, 40))",
			"st_intersects(i.geom, ?)", []any{mustWKB(orb.Bound{Min: orb.Point{40, 30}, Max: orb.Point{50, 40}}.ToPolygon())},
			"ST_Intersects(i.geom, ST_GeomFromWKB($1, 4326))", []any{mustWKB(orb.Bound{Min: orb.Point{40, 30}, Max: orb.Point{50, 40}}.ToPolygon())}},
		{"s_within point order", "S_WITHIN(POINT(44.4 33.3), geometry)",
			"st_within(?, i.geom)", []any{mustWKB(orb.Point{44.4, 33.3})},
			"ST_Within(ST_GeomFromWKB($1, 4326), i.geom)", []any{mustWKB(orb.Point{44.4, 33.3})}},
		{"other spatial", "S_CONTAINS(geometry, geometry) AND S_DISJOINT(geometry, geometry) AND S_EQUALS(geometry, geometry) AND S_TOUCHES(geometry, geometry) AND S_CROSSES(geometry, geometry) AND S_OVERLAPS(geometry, geometry)",
			"(st_contains(i.geom, i.geom) AND st_disjoint(i.geom, i.geom) AND st_equals(i.geom, i.geom) AND st_touches(i.geom, i.geom) AND st_crosses(i.geom, i.geom) AND st_overlaps(i.geom, i.geom))", nil,
			"(ST_Contains(i.geom, i.geom) AND ST_Disjoint(i.geom, i.geom) AND ST_Equals(i.geom, i.geom) AND ST_Touches(i.geom, i.geom) AND ST_Crosses(i.geom, i.geom) AND ST_Overlaps(i.geom, i.geom))", nil},
	}
	q := testQueryables()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := cql2.ParseText(tt.in)
			if err != nil {
				t.Fatalf("ParseText(%q): %v", tt.in, err)
			}
			for _, c := range []struct {
				d    Dialect
				sql  string
				args []any
			}{{SQLite, tt.sqlite, tt.sqliteArgs}, {PostGIS, tt.postgis, tt.postgisArgs}} {
				b := &binder{d: c.d}
				sql, err := ToSQL(e, c.d, q, b.arg)
				if err != nil {
					t.Fatalf("%v: %v", c.d, err)
				}
				if sql != c.sql {
					t.Errorf("%v SQL\n got %s\nwant %s", c.d, sql, c.sql)
				}
				if !reflect.DeepEqual(b.args, c.args) {
					t.Errorf("%v args\n got %#v\nwant %#v", c.d, b.args, c.args)
				}
				checkSQLSafe(t, sql, q)
			}
		})
	}
}

func mustWKB(g orb.Geometry) []byte {
	b, err := wkb.Marshal(g)
	if err != nil {
		panic(err)
	}
	return b
}

func TestToSQLErrors(t *testing.T) {
	q := testQueryables()
	e, _ := cql2.ParseText("a = 1")
	if _, err := ToSQL(e, PostGIS, q, (&binder{}).arg); err == nil || !strings.Contains(err.Error(), "unknown property 'a'") {
		t.Errorf("unknown property: %v", err)
	}
	e, _ = cql2.ParseText("fatalities = 1")
	if _, err := ToSQL(e, Dialect(9), q, (&binder{}).arg); err == nil {
		t.Error("unknown dialect: no error")
	}
	if _, err := ToSQL(nil, SQLite, q, (&binder{}).arg); err == nil {
		t.Error("nil expression: no error")
	}
}
