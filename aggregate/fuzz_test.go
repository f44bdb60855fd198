package aggregate

import (
	"errors"
	"net/url"
	"testing"

	"github.com/incidentmap/incidentmap/query"
)

// FuzzParse checks that no query string makes Parse panic, and that every
// refusal is a query.Error (a 400 naming the parameter).
func FuzzParse(f *testing.F) {
	for _, s := range []string{"group=admin1&interval=month", "group=grid&cell=0.25", "datetime=2024-03-01/2024-03-28&baseline=P28D",
		"datetime=2024-03-01/2024-03-07&baseline=2023-03-01/2023-03-07", "baseline=P9999Y&datetime=2024-01-01", "country=IQ&f=csv"} {
		f.Add(s)
	}
	p := query.Parser{Filters: query.CQL2Filters{}}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := url.ParseQuery(s)
		if err != nil {
			return
		}
		if _, err := Parse(p, v); err != nil {
			var qe *query.Error
			if !errors.As(err, &qe) {
				t.Errorf("Parse(%q) = %v: not a query.Error", s, err)
			}
		}
	})
}
