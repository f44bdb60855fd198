package cql2

import (
	"errors"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	q := testQueryables()
	tests := []struct{ in, err string }{
		{"event_type = 'x' AND fatalities > 1 AND confidence <= 0.5", ""},
		{"T_INTERSECTS(datetime, INTERVAL('2021-01-01', '..'))", ""},
		{"S_INTERSECTS(geometry, POINT(1 2))", ""},
		{"event_date BETWEEN DATE('2021-01-01') AND DATE('2021-02-01')", ""},
		{"nope = 1", "unknown property 'nope': the queryables are actor1, confidence, country_code, event_date, event_type, fatalities, geometry, id, ingested_at, sub_event_type, verified, datetime"},
		{"event_date = '2021-01-01'", "use DATE('2021-06-01')"},
		{"fatalities = 'many'", "use a number"},
		{"event_type = 3", "use a quoted string"},
		{"geometry = 'x'", "cannot be used as the subject of '='"},
		{"fatalities LIKE '1%'", "cannot be used as the subject of LIKE"},
		{"event_type IN ('a', 1)", "in IN"},
		{"event_type BETWEEN 'a' AND 'b'", "subject of BETWEEN"},
		{"S_INTERSECTS(event_type, POINT(1 2))", "an argument of S_INTERSECTS, which needs a geometry"},
		{"T_BEFORE(fatalities, DATE('2021-01-01'))", "an argument of T_BEFORE"},
		{"T_BEFORE(INTERVAL(event_type, '..'), DATE('2021-01-01'))", "interval end"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			e, err := ParseText(tt.in)
			if err != nil {
				t.Fatalf("ParseText: %v", err)
			}
			err = Validate(e, q)
			if tt.err == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			var ve *ValidationError
			if !errors.As(err, &ve) || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Validate = %v, want a *ValidationError containing %q", err, tt.err)
			}
		})
	}
}
