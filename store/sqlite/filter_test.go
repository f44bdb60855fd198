package sqlite

import (
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/cql2"
	"github.com/incidentmap/incidentmap/store"
)

// TestFilterSQL checks what SQL the store makes of CQL2 filters: the
// queryables' columns, and literals as numbered parameters.
func TestFilterSQL(t *testing.T) {
	for _, tc := range []struct{ filter, lang, wantSQL string }{
		{"fatalities > 10", "", "i.fatalities > ?1"},
		{"event_type = 'Battles' AND S_INTERSECTS(geometry, BBOX(35,30,50,40))", "cql2-text", "st_intersects(i.geom"},
		{`{"op":"=","args":[{"property":"country_code"},"IQ"]}`, "cql2-json", "i.country_code = ?1"},
		{"T_INTERSECTS(datetime, INTERVAL('2021-06-01','2021-06-30'))", "", "i.event_date >= ?1"},
	} {
		t.Run(tc.filter, func(t *testing.T) {
			var (
				e   cql2.Expr
				err error
			)
			if tc.lang == "cql2-json" {
				e, err = cql2.ParseJSON([]byte(tc.filter))
			} else {
				e, err = cql2.ParseText(tc.filter)
			}
			if err != nil {
				t.Fatal(err)
			}
			var b builder
			_, where, err := b.query(store.Query{Filter: e}, false)
			if err != nil || !strings.Contains(where, tc.wantSQL) {
				t.Errorf("SQL %q (%v), want it to contain %q", where, err, tc.wantSQL)
			}
		})
	}
}
