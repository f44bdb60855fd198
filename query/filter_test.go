package query

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestCQL2Filters(t *testing.T) {
	f := CQL2Filters{}
	// What the stores make of them: TestFilterSQL in store/sqlite.
	ok := []struct{ filter, lang string }{
		{"fatalities > 10", ""},
		{"event_type = 'Battles' AND S_INTERSECTS(geometry, BBOX(35,30,50,40))", "cql2-text"},
		{`{"op":"=","args":[{"property":"country_code"},"IQ"]}`, "cql2-json"},
		{"T_INTERSECTS(datetime, INTERVAL('2021-06-01','2021-06-30'))", ""},
	}
	for _, tc := range ok {
		if _, err := f.Parse(tc.filter, tc.lang); err != nil {
			t.Errorf("%s: %v", tc.filter, err)
		}
	}
	for filter, want := range map[string]string{
		"fatalities >":                     "expected",
		"nosuch = 1":                       "nosuch",
		"S_TOUCHES(geometry, POINT(1 2))":  "not supported",
		"fatalities = 'many'":              "",
		"event_type = 'x'; DROP TABLE foo": "",
	} {
		if _, err := f.Parse(filter, ""); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) = %v, want an error mentioning %q", filter, err, want)
		}
	}
	if _, err := f.Parse("a = 1", "sql"); err == nil {
		t.Error("unknown filter-lang accepted")
	}
}

func TestTopLevelIntersectsGoesToTheSpatialIndex(t *testing.T) {
	p := Parser{Filters: CQL2Filters{}}
	for filter, wantRest := range map[string]bool{
		"S_INTERSECTS(geometry, BBOX(38,32,43,38))":                    false,
		"fatalities > 1 AND S_INTERSECTS(geometry, POINT(44 33))":      true,
		"S_INTERSECTS(geometry, BBOX(38,32,43,38)) OR fatalities > 10": true, // not top-level AND: stays SQL
	} {
		q, err := p.Values(url.Values{"filter": {filter}}, OGC)
		if err != nil {
			t.Fatal(err)
		}
		or := strings.Contains(filter, " OR ")
		if or {
			if q.Intersects != nil || q.Filter == nil {
				t.Errorf("%s: split an OR", filter)
			}
			continue
		}
		if q.Intersects == nil || (q.Filter != nil) != wantRest {
			t.Errorf("%s: intersects %v, rest %v", filter, q.Intersects, q.Filter)
		}
	}
}

// TestTopLevelEventDaysBoundTheWalk checks a top-level T_INTERSECTS or
// T_DURING of event_date narrows the query's days (the filter still
// applies), and that nothing else does.
func TestTopLevelEventDaysBoundTheWalk(t *testing.T) {
	p := Parser{Filters: CQL2Filters{}}
	for _, tc := range []struct {
		params   url.Values
		from, to string // "" is open
	}{
		{url.Values{"filter": {"fatalities > 2 AND T_INTERSECTS(event_date, INTERVAL('2019-01-01','2019-12-31'))"}}, "2019-01-01", "2019-12-31"},
		{url.Values{"filter": {"T_INTERSECTS(INTERVAL('2019-01-01','..'), event_date)"}}, "2019-01-01", ""},
		{url.Values{"filter": {"T_DURING(event_date, INTERVAL('2019-01-01','2019-03-01')) AND T_INTERSECTS(event_date, INTERVAL('2018-06-01','2019-02-01'))"}}, "2019-01-01", "2019-02-01"},
		{url.Values{"filter": {"T_INTERSECTS(event_date, DATE('2020-05-04'))"}}, "2020-05-04", "2020-05-04"},
		{url.Values{"filter": {"T_INTERSECTS(event_date, INTERVAL('2019-01-01','2019-12-31'))"}, "datetime": {"2019-06-01/2020-01-01"}}, "2019-06-01", "2019-12-31"},
		{url.Values{"filter": {"T_INTERSECTS(event_date, INTERVAL('2019-01-01','2019-12-31')) OR fatalities > 10"}}, "", ""},
		{url.Values{"filter": {"NOT T_INTERSECTS(event_date, INTERVAL('2019-01-01','2019-12-31'))"}}, "", ""},
		{url.Values{"filter": {"T_BEFORE(event_date, DATE('2019-01-01'))"}}, "", ""},
	} {
		q, err := p.Values(tc.params, OGC)
		if err != nil {
			t.Fatalf("%v: %v", tc.params, err)
		}
		if q.Filter == nil {
			t.Errorf("%v: the filter was dropped", tc.params)
		}
		got := func(p *time.Time) string {
			if p == nil {
				return ""
			}
			return p.UTC().Format(time.DateOnly)
		}
		if got(q.From) != tc.from || got(q.To) != tc.to {
			t.Errorf("%v: days %q..%q, want %q..%q", tc.params, got(q.From), got(q.To), tc.from, tc.to)
		}
	}
}
