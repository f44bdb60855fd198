package cql2

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

func day(s string) Date {
	d, _ := parseDate(s)
	return d
}

func ts(s string) Timestamp {
	t, _ := parseTimestamp(s)
	return t
}

func prop(n string) Property { return Property{Name: n} }

func TestParseText(t *testing.T) {
	tests := []struct {
		name, in string
		want     Expr
	}{
		{"comparison", "city='Toronto'", Comparison{OpEq, prop("city"), String("Toronto")}},
		{"keywords any case", "avg(x) IS null", nil},
		{"number lt", "avg_temp < 10.5", Comparison{OpLt, prop("avg_temp"), Number(10.5)}},
		{"negative exponent", "depth >= -1.5e2", Comparison{OpGe, prop("depth"), Number(-150)}},
		{"ne", `"name" <> 'O''Brien'`, Comparison{OpNe, prop("name"), String("O'Brien")}},
		{"backslash quote", `name = 'O\'Brien'`, Comparison{OpEq, prop("name"), String("O'Brien")}},
		{"bool", "swimming_pool = true", Comparison{OpEq, prop("swimming_pool"), Bool(true)}},
		{"bare bool", "TRUE", Bool(true)},
		{"is null", "geometry IS NULL", IsNull{Expr: prop("geometry")}},
		{"is not null", "geometry is not null", IsNull{Expr: prop("geometry"), Not: true}},
		{"like", "name LIKE 'Smith%'", Like{Expr: prop("name"), Pattern: "Smith%"}},
		{"not like", "name NOT LIKE 'Sm_th'", Like{Expr: prop("name"), Pattern: "Sm_th", Not: true}},
		{"between", "depth BETWEEN 100.0 and 150.0", Between{Expr: prop("depth"), Low: Number(100), High: Number(150)}},
		{"not between", "depth NOT BETWEEN 1 AND 2", Between{Expr: prop("depth"), Low: Number(1), High: Number(2), Not: true}},
		{"in", "cityName IN ('Toronto', 'Frankfurt', 'Tokyo')", In{Expr: prop("cityName"), List: []Expr{String("Toronto"), String("Frankfurt"), String("Tokyo")}}},
		{"not in", "category NOT IN (1, 2)", In{Expr: prop("category"), List: []Expr{Number(1), Number(2)}, Not: true}},
		{"precedence", "a = 1 OR b = 2 AND NOT c = 3", Or{[]Expr{
			Comparison{OpEq, prop("a"), Number(1)},
			And{[]Expr{Comparison{OpEq, prop("b"), Number(2)}, Not{Comparison{OpEq, prop("c"), Number(3)}}}},
		}}},
		{"parentheses", "(a = 1 OR b = 2) AND c = 3", And{[]Expr{
			Or{[]Expr{Comparison{OpEq, prop("a"), Number(1)}, Comparison{OpEq, prop("b"), Number(2)}}},
			Comparison{OpEq, prop("c"), Number(3)},
		}}},
		{"date", "updated > DATE('2012-06-05')", Comparison{OpGt, prop("updated"), day("2012-06-05")}},
		{"timestamp", "updated >= TIMESTAMP('2012-06-05T10:30:00+02:00')", Comparison{OpGe, prop("updated"),
			Timestamp{time.Date(2012, 6, 5, 8, 30, 0, 0, time.UTC)}}},
		{"t_intersects interval", "T_INTERSECTS(event_date, INTERVAL('2021-06-01','2021-06-30'))",
			TemporalPredicate{TIntersects, prop("event_date"), Interval{day("2021-06-01"), day("2021-06-30")}}},
		{"open interval", "t_during(datetime, INTERVAL('..', '2017-06-11T10:30:00Z'))",
			TemporalPredicate{TDuring, prop("datetime"), Interval{nil, ts("2017-06-11T10:30:00Z")}}},
		{"interval of properties", "T_DURING(INTERVAL(starts_at, ends_at), INTERVAL('2017-06-10T07:30:00Z', '..'))",
			TemporalPredicate{TDuring, Interval{prop("starts_at"), prop("ends_at")}, Interval{ts("2017-06-10T07:30:00Z"), nil}}},
		{"t_before", "T_BEFORE(built, DATE('2015-01-01'))", TemporalPredicate{TBefore, prop("built"), day("2015-01-01")}},
		{"point", "S_INTERSECTS(geometry, POINT(36.319836 32.288087))",
			SpatialPredicate{SIntersects, prop("geometry"), Geometry{orb.Point{36.319836, 32.288087}}}},
		{"bbox", "S_INTERSECTS(geometry,BBOX(-128.098193, -1.1, -99999.0, 180.0, 90.0, 100000.0))", nil},
		{"bbox 2d", "S_WITHIN(geometry, BBOX(-10, -5, 10, 5))",
			SpatialPredicate{SWithin, prop("geometry"), Geometry{orb.Bound{Min: orb.Point{-10, -5}, Max: orb.Point{10, 5}}}}},
		{"polygon", "S_CONTAINS(POLYGON((0 0, 1 0, 1 1, 0 0)), geometry)",
			SpatialPredicate{SContains, Geometry{orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}}, prop("geometry")}},
		{"linestring", "S_CROSSES(geometry, LINESTRING(43.72992 -79.2998, 43.73005 -79.2991))",
			SpatialPredicate{SCrosses, prop("geometry"), Geometry{orb.LineString{{43.72992, -79.2998}, {43.73005, -79.2991}}}}},
		{"multipoint both forms", "S_DISJOINT(geometry, MULTIPOINT((1 2), 3 4))",
			SpatialPredicate{SDisjoint, prop("geometry"), Geometry{orb.MultiPoint{{1, 2}, {3, 4}}}}},
		{"multilinestring", "S_TOUCHES(geometry, MULTILINESTRING((0 0, 1 1), (2 2, 3 3)))",
			SpatialPredicate{STouches, prop("geometry"), Geometry{orb.MultiLineString{{{0, 0}, {1, 1}}, {{2, 2}, {3, 3}}}}}},
		{"multipolygon", "S_OVERLAPS(geometry, MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5))))",
			SpatialPredicate{SOverlaps, prop("geometry"), Geometry{orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}, {{{5, 5}, {6, 5}, {6, 6}, {5, 5}}}}}}},
		{"collection", "S_EQUALS(geometry, GEOMETRYCOLLECTION(POINT(1 1), LINESTRING(0 0, 1 1)))",
			SpatialPredicate{SEquals, prop("geometry"), Geometry{orb.Collection{orb.Point{1, 1}, orb.LineString{{0, 0}, {1, 1}}}}}},
		{"antimeridian bbox", "S_INTERSECTS(geometry, BBOX(170, -10, -170, 10))",
			SpatialPredicate{SIntersects, prop("geometry"), Geometry{orb.MultiPolygon{
				orb.Bound{Min: orb.Point{170, -10}, Max: orb.Point{180, 10}}.ToPolygon(),
				orb.Bound{Min: orb.Point{-180, -10}, Max: orb.Point{-170, 10}}.ToPolygon(),
			}}}},
		{"property named like a keyword", `"AND" = 1 AND date = DATE('2020-01-01')`, And{[]Expr{
			Comparison{OpEq, prop("AND"), Number(1)}, Comparison{OpEq, prop("date"), day("2020-01-01")}}}},
		{"multiline", "a = 1\n  AND b = 'x'", And{[]Expr{Comparison{OpEq, prop("a"), Number(1)}, Comparison{OpEq, prop("b"), String("x")}}}},
		{"not not", "NOT NOT a = 1", Not{Not{Comparison{OpEq, prop("a"), Number(1)}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseText(tt.in)
			if tt.want == nil { // expected to fail: functions or 3D
				if err == nil {
					t.Fatalf("ParseText(%q) = %#v, want an error", tt.in, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseText(%q): %v", tt.in, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseText(%q)\n got %#v\nwant %#v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseTextErrors(t *testing.T) {
	tests := []struct {
		in        string
		line, col int
		msg       string
	}{
		{"fatalities = )", 1, 14, "expected a value after '=' but found ')'"},
		{"event_type = 'Battles' AND fatalities = )", 1, 41, "expected a value after '=' but found ')'"},
		{"a = 1 AND", 1, 10, "expected a predicate but found the end of the filter"},
		{"a = 1\nAND b = )", 2, 9, "expected a value after '='"},
		{"(a = 1", 1, 7, "expected ')' to close the '(' at column 1"},
		{"a = 1)", 1, 6, "found ')' without a matching '('"},
		{"a = 'open", 1, 5, "string starting here is not closed"},
		{"a != 1", 1, 3, "use '<>'"},
		{"a 1", 1, 3, "expected a comparison operator, LIKE, BETWEEN, IN or IS NULL after 'a' but found the number 1"},
		{"a LIKE b", 1, 8, "expected a quoted pattern after LIKE"},
		{"a BETWEEN 1 OR 2", 1, 13, "expected AND between the bounds"},
		{"a IN (1, 2", 1, 11, "expected ',' or ')' in the IN list"},
		{"a IS 1", 1, 6, "expected NULL after IS"},
		{"a NOT = 1", 1, 7, "expected LIKE, BETWEEN or IN after NOT"},
		{"upper(a) = 'X'", 1, 1, "function 'upper' is not supported"},
		{"a LIKE CASEI('x')", 1, 8, "function CASEI is not supported"},
		{"d > DATE('2021-13-01')", 1, 10, "expected a date as YYYY-MM-DD"},
		{"d > TIMESTAMP('2021-01-01')", 1, 15, "expected an RFC 3339 timestamp"},
		{"T_INTERSECTS(d, INTERVAL('2021-02-01','2021-01-01'))", 1, 17, "the interval starts after it ends"},
		{"S_INTERSECTS(geometry, POINT(1))", 1, 31, "expected a latitude after the longitude"},
		{"S_INTERSECTS(geometry, POINT(1 2 3))", 1, 34, "only 2D coordinates"},
		{"S_INTERSECTS(geometry, POINT Z (1 2 3))", 1, 30, "only 2D coordinates"},
		{"S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1)))", 1, 33, "at least 4 points"},
		{"S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1, 0 1)))", 1, 33, "must end at the point it starts from"},
		{"S_INTERSECTS(geometry, POINT(200 0))", 1, 30, "outside lon -180..180"},
		{"S_INTERSECTS(geometry, BBOX(0, 0, 1))", 1, 29, "BBOX needs 4 numbers"},
		{"S_INTERSECTS(geometry, BBOX(0, 0, 0, 1, 1, 1))", 1, 29, "3D"},
		{"S_INTERSECTS(geometry, 'x')", 1, 24, "expected a geometry (property, WKT or BBOX) as the second argument of S_INTERSECTS"},
		{"T_BEFORE(d, 5)", 1, 13, "expected a temporal value"},
		{"a = S_INTERSECTS(geometry, geometry)", 1, 5, "S_INTERSECTS is a predicate"},
		{"a = 1e999", 1, 5, "out of range"},
		{"a = 12abc", 1, 5, "expected a number"},
		{"a = 'x' ; DROP TABLE x", 1, 9, "unexpected character ';'"},
		{"", 1, 1, "expected a predicate but found the end of the filter"},
		{"é = 1 AND ü = )", 1, 15, "expected a value after '='"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseText(tt.in)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("ParseText(%q) error = %v, want a *SyntaxError", tt.in, err)
			}
			if se.Line != tt.line || se.Column != tt.col || !strings.Contains(se.Error(), tt.msg) {
				t.Errorf("ParseText(%q) = line %d col %d %q\nwant line %d col %d containing %q", tt.in, se.Line, se.Column, se.Error(), tt.line, tt.col, tt.msg)
			}
		})
	}
}

func TestSyntaxErrorMessage(t *testing.T) {
	_, err := ParseText("event_type = 'x' AND a = )")
	if got, want := err.Error(), "at column 26: expected a value after '=' but found ')'"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	_, err = ParseText("a = 1\nAND b = )")
	if got, want := err.Error(), "at line 2, column 9: expected a value after '=' but found ')'"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if se := err.(*SyntaxError); se.Pos != 14 {
		t.Errorf("Pos = %d, want 14", se.Pos)
	}
}

func TestLimits(t *testing.T) {
	long := "a = '" + strings.Repeat("x", 1<<20) + "'"
	if _, err := ParseText(long); err == nil || !strings.Contains(err.Error(), "longer than 16384 bytes") {
		t.Errorf("1 MB text: err = %v", err)
	}
	if _, err := ParseJSON([]byte(`{"op":"=","args":[{"property":"a"},"` + strings.Repeat("x", 1<<20) + `"]}`)); err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Errorf("1 MB JSON: err = %v", err)
	}
	big := Options{MaxLength: 4 << 20}
	deep := []string{
		strings.Repeat("(", 200000) + "a = 1" + strings.Repeat(")", 200000),
		strings.Repeat("NOT ", 200000) + "a = 1",
		"S_INTERSECTS(geometry, " + strings.Repeat("GEOMETRYCOLLECTION(", 100000) + "POINT(1 1)" + strings.Repeat(")", 100001),
	}
	for _, in := range deep {
		if _, err := ParseTextOptions(in, big); err == nil || !strings.Contains(err.Error(), "deeper than 32") {
			t.Errorf("deep text %.30q: err = %v", in, err)
		}
	}
	jdeep := [][]byte{
		[]byte(strings.Repeat(`{"op":"not","args":[`, 100000) + `true` + strings.Repeat(`]}`, 100000)),
		[]byte(strings.Repeat(`[`, 500000) + strings.Repeat(`]`, 500000)),
	}
	for _, in := range jdeep {
		if _, err := ParseJSONOptions(in, big); err == nil || !strings.Contains(err.Error(), "deeper than 32") {
			t.Errorf("deep JSON %.30q: err = %v", in, err)
		}
	}
	// Within the limits: 31 levels of NOT parse; a smaller MaxDepth refuses them.
	ok := strings.Repeat("NOT ", 30) + "a = 1"
	if _, err := ParseText(ok); err != nil {
		t.Errorf("30 NOTs: %v", err)
	}
	if _, err := ParseTextOptions(ok, Options{MaxDepth: 10}); err == nil {
		t.Errorf("30 NOTs with MaxDepth 10: no error")
	}
	if _, err := ParseTextOptions("a = 'abcdef'", Options{MaxLength: 5}); err == nil {
		t.Errorf("MaxLength 5: no error")
	}
}

func BenchmarkParseText(b *testing.B) {
	const in = "event_type = 'Explosions/Remote violence' AND fatalities >= 5 AND country_code IN ('IQ', 'SY') " +
		"AND S_INTERSECTS(geometry, POLYGON((38 32, 48 32, 48 38, 38 38, 38 32))) " +
		"AND T_INTERSECTS(event_date, INTERVAL('2021-01-01', '..')) AND NOT actor1 LIKE '%Unidentified%'"
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := ParseText(in); err != nil {
			b.Fatal(err)
		}
	}
}
