package cql2

import (
	"testing"
)

func FuzzParseText(f *testing.F) {
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
		// What a store makes of what parses: FuzzFilterSQL* in store/internal/sqlquery.
		if _, err := ParseText(s); err != nil {
			if _, ok := err.(*SyntaxError); !ok {
				t.Fatalf("ParseText(%q) error %T, want *SyntaxError", s, err)
			}
		}
	})
}

func FuzzParseJSON(f *testing.F) {
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
		// What a store makes of what parses: FuzzFilterSQL* in store/internal/sqlquery.
		if _, err := ParseJSON(b); err != nil {
			if _, ok := err.(*SyntaxError); !ok {
				t.Fatalf("ParseJSON(%q) error %T, want *SyntaxError", b, err)
			}
		}
	})
}
