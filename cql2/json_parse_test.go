package cql2

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// TestParseJSONMatchesText checks that each CQL2-JSON filter parses to the
// same tree as its text form.
func TestParseJSONMatchesText(t *testing.T) {
	tests := []struct{ text, json string }{
		{"city = 'Toronto'", `{"op":"=","args":[{"property":"city"},"Toronto"]}`},
		{"avg_temp < 10.5", `{"op":"<","args":[{"property":"avg_temp"},10.5]}`},
		{"depth >= -1.5e2", `{"op":">=","args":[{"property":"depth"},-1.5e2]}`},
		{"a = 1 OR b = 2 AND NOT c = 3", `{"op":"or","args":[{"op":"=","args":[{"property":"a"},1]},
			{"op":"and","args":[{"op":"=","args":[{"property":"b"},2]},{"op":"not","args":[{"op":"=","args":[{"property":"c"},3]}]}]}]}`},
		{"name LIKE 'Smith%'", `{"op":"like","args":[{"property":"name"},"Smith%"]}`},
		{"depth BETWEEN 100 AND 150", `{"op":"between","args":[{"property":"depth"},100,150]}`},
		{"c IN ('a', 'b')", `{"op":"in","args":[{"property":"c"},["a","b"]]}`},
		{"g IS NULL", `{"op":"isNull","args":[{"property":"g"}]}`},
		{"TRUE", `true`},
		{"ok = FALSE", `{"op":"=","args":[{"property":"ok"},false]}`},
		{"u > DATE('2012-06-05')", `{"op":">","args":[{"property":"u"},{"date":"2012-06-05"}]}`},
		{"u > TIMESTAMP('2012-06-05T10:30:00Z')", `{"op":">","args":[{"property":"u"},{"timestamp":"2012-06-05T10:30:00Z"}]}`},
		{"T_INTERSECTS(event_date, INTERVAL('2021-06-01', '..'))", `{"op":"t_intersects","args":[{"property":"event_date"},{"interval":["2021-06-01",".."]}]}`},
		{"T_DURING(INTERVAL(a, b), INTERVAL('2017-06-10T07:30:00Z', '2017-06-11T10:30:00Z'))",
			`{"op":"t_during","args":[{"interval":[{"property":"a"},{"property":"b"}]},{"interval":["2017-06-10T07:30:00Z","2017-06-11T10:30:00Z"]}]}`},
		{"S_INTERSECTS(geometry, POINT(36.3 32.2))", `{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Point","coordinates":[36.3,32.2]}]}`},
		{"S_WITHIN(geometry, BBOX(-10, -5, 10, 5))", `{"op":"s_within","args":[{"property":"geometry"},{"bbox":[-10,-5,10,5]}]}`},
		{"S_WITHIN(geometry, POLYGON((0 0, 1 0, 1 1, 0 0), (0.1 0.1, 0.2 0.1, 0.2 0.2, 0.1 0.1)))",
			`{"op":"s_within","args":[{"property":"geometry"},{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]],[[0.1,0.1],[0.2,0.1],[0.2,0.2],[0.1,0.1]]]}]}`},
		{"S_CROSSES(geometry, LINESTRING(0 0, 1 1))", `{"op":"s_crosses","args":[{"property":"geometry"},{"type":"LineString","coordinates":[[0,0],[1,1]]}]}`},
		{"S_DISJOINT(geometry, MULTIPOINT(0 0, 1 1))", `{"op":"s_disjoint","args":[{"property":"geometry"},{"type":"MultiPoint","coordinates":[[0,0],[1,1]]}]}`},
		{"S_TOUCHES(geometry, MULTILINESTRING((0 0, 1 1)))", `{"op":"s_touches","args":[{"property":"geometry"},{"type":"MultiLineString","coordinates":[[[0,0],[1,1]]]}]}`},
		{"S_OVERLAPS(geometry, MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0))))", `{"op":"s_overlaps","args":[{"property":"geometry"},{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}]}`},
		{"S_EQUALS(geometry, GEOMETRYCOLLECTION(POINT(1 1)))", `{"op":"s_equals","args":[{"property":"geometry"},{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,1]}]}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			want, err := ParseText(tt.text)
			if err != nil {
				t.Fatalf("ParseText: %v", err)
			}
			got, err := ParseJSON([]byte(tt.json))
			if err != nil {
				t.Fatalf("ParseJSON: %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("ParseJSON(%s)\n got %#v\nwant %#v", tt.json, got, want)
			}
		})
	}
}

func TestParseJSONErrors(t *testing.T) {
	tests := []struct {
		in  string
		pos int
		msg string
	}{
		{`{"op":"=","args":[{"property":"a"}]}`, 17, `'=' takes 2 arguments, found 1`},
		{`{"op":"=","args":[{"property":"a"},null]}`, 35, "null is not a value"},
		{`{"op":"upper","args":["x"]}`, 6, "function or operator 'upper' is not supported"},
		{`{"op":"=","args":[{"op":"upper","args":[{"property":"a"}]},"X"]}`, 24, "function 'upper' is not supported"},
		{`{"op":"like","args":[{"property":"a"},{"op":"casei","args":["x"]}]}`, 38, "not supported in a LIKE pattern"},
		{`{"op":"and","args":[{"op":"=","args":[{"property":"a"},1]}]}`, 19, "at least 2 arguments"},
		{`{"op":"and","args":[1,2]}`, 20, "expected a predicate"},
		{`{"op":"=","args":[{"property":"a"},1],"x":1}`, 42, "unexpected member 'x'"},
		{`{"op":"=","op":"<","args":[]}`, 10, "duplicate member 'op'"},
		{`{"op":"=","args":[{"property":"a"},{"date":"2021-1-1"}]}`, 43, "expected a date as YYYY-MM-DD"},
		{`{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Point","coordinates":[1,2,3]}]}`, 83, "only 2D"},
		{`{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}]}`, 86, "at least 4 points"},
		{`{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Feature","geometry":null}]}`, 61, "expected a GeoJSON geometry type"},
		{`{"op":"s_intersects","args":[{"property":"geometry"},{"bbox":[1,2,3]}]}`, 61, "BBOX needs 4 numbers"},
		{`{"op":"t_before","args":[{"property":"d"},{"interval":["2021-02-01","2021-01-01"]}]}`, 54, "starts after it ends"},
		{`{"op":"=","args":[{"property":"a"},1]} x`, 39, "unexpected data"},
		{`{"op":"=","args":[{"property":"a"},1]}{}`, 38, "unexpected data after the filter"},
		{`{"op":"=","args":[{"property":"a"},1]`, 37, "ends too early"},
		{`"a = 1"`, 0, "expected a predicate"},
		{`{"op":"=","args":[{"property":"a"},1e999]}`, 35, "out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseJSON([]byte(tt.in))
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("ParseJSON error = %v, want a *SyntaxError", err)
			}
			if se.Pos != tt.pos || !strings.Contains(se.Msg, tt.msg) {
				t.Errorf("ParseJSON(%s) = pos %d %q, want pos %d containing %q", tt.in, se.Pos, se.Msg, tt.pos, tt.msg)
			}
		})
	}
}

func TestParseJSONLineColumn(t *testing.T) {
	in := "{\n  \"op\": \"=\",\n  \"args\": [{\"property\": \"a\"}, null]\n}"
	_, err := ParseJSON([]byte(in))
	var se *SyntaxError
	if !errors.As(err, &se) || se.Line != 3 || se.Column != 31 {
		t.Fatalf("err = %#v, want line 3 column 31", err)
	}
}
