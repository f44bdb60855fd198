package aggregate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/query"
	"github.com/incidentmap/incidentmap/store"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParse(t *testing.T) {
	p := query.Parser{Filters: query.CQL2Filters{}}
	tests := []struct {
		in        string
		wantParam string
		check     func(t *testing.T, r Request)
	}{
		{"", "", func(t *testing.T, r Request) {
			if r.Aggregation != (store.Aggregation{Group: store.GroupCountry, Period: store.PeriodWeek}) || r.Baseline != nil || r.CSV {
				t.Errorf("defaults: %+v", r)
			}
		}},
		{"group=admin1&interval=month&f=csv&limit=5&cursor=x", "", func(t *testing.T, r Request) {
			if r.Aggregation.Group != store.GroupAdmin1 || r.Aggregation.Period != store.PeriodMonth || !r.CSV || r.Query.Limit != 0 {
				t.Errorf("got %+v", r)
			}
		}},
		{"group=grid&cell=0.5&interval=day", "", func(t *testing.T, r Request) {
			if r.Aggregation != (store.Aggregation{Group: store.GroupCell, Period: store.PeriodDay, CellSize: 0.5}) {
				t.Errorf("got %+v", r.Aggregation)
			}
		}},
		{"group=grid", "", func(t *testing.T, r Request) {
			if r.Aggregation.CellSize != 1 {
				t.Errorf("default cell %g", r.Aggregation.CellSize)
			}
		}},
		{"country=iq&type=Battles&bbox=40,30,48,38", "", func(t *testing.T, r Request) {
			if r.Query.Country != "IQ" || len(r.Query.Types) != 1 || r.Query.Bbox == nil {
				t.Errorf("filters: %+v", r.Query)
			}
		}},
		{"datetime=2024-03-01/2024-03-28&baseline=P28D", "", func(t *testing.T, r Request) {
			if r.Baseline == nil || !r.Baseline.From.Equal(day("2024-02-02")) || !r.Baseline.To.Equal(day("2024-02-29")) || r.Baseline.Days() != 28 {
				t.Errorf("baseline %+v", r.Baseline)
			}
			if !r.Query.To.Equal(day("2024-03-28")) {
				t.Errorf("window end %v, want the day", r.Query.To)
			}
		}},
		{"datetime=2024-03-01/2024-03-31&baseline=P1M", "", func(t *testing.T, r Request) {
			if !r.Baseline.From.Equal(day("2024-02-01")) || !r.Baseline.To.Equal(day("2024-02-29")) {
				t.Errorf("baseline %+v", r.Baseline)
			}
		}},
		{"datetime=2024-03-01/2024-03-07&baseline=2023-03-01/2023-03-07", "", func(t *testing.T, r Request) {
			if !r.Baseline.From.Equal(day("2023-03-01")) || r.Baseline.Days() != 7 {
				t.Errorf("baseline %+v", r.Baseline)
			}
		}},
		{"group=province", "group", nil},
		{"group=admin2", "group", nil},
		{"interval=year", "interval", nil},
		{"cell=1", "cell", nil},
		{"group=grid&cell=0", "cell", nil},
		{"group=grid&cell=abc", "cell", nil},
		{"baseline=P28D", "baseline", nil},
		{"datetime=2024-03-01/..&baseline=P28D", "baseline", nil},
		{"datetime=2024-03-01/2024-03-07&baseline=P28X", "baseline", nil},
		{"datetime=2024-03-01/2024-03-07&baseline=P0D", "baseline", nil},
		{"datetime=2024-03-01/2024-03-07&baseline=yesterday", "baseline", nil},
		{"datetime=2024-03-01/2024-03-07&baseline=2024-01-01/..", "baseline", nil},
		{"country=Iraq", "country", nil},
		{"f=xml", "f", nil},
		{"bbox=1,2,3", "bbox", nil},
		{"filter=fatalities >", "filter", nil},
		{"status=bogus", "status", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			v, _ := url.ParseQuery(tt.in)
			r, err := Parse(p, v)
			if tt.wantParam != "" {
				var qe *query.Error
				if !errors.As(err, &qe) || qe.Param != tt.wantParam {
					t.Fatalf("err = %v, want a query.Error naming %s", err, tt.wantParam)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, r)
		})
	}
}

// fakeAggregator answers from fixed buckets: window for the query's own
// period, base for PeriodAll (the baseline's totals).
type fakeAggregator struct {
	window, base []store.Bucket
	queries      []store.Query
}

func (f *fakeAggregator) Aggregate(ctx context.Context, q store.Query, a store.Aggregation, fn func(store.Bucket) error) error {
	f.queries = append(f.queries, q)
	bs := f.window
	if a.Period == store.PeriodAll {
		bs = f.base
	}
	for _, b := range bs {
		if err := fn(b); err != nil {
			return err
		}
	}
	return nil
}

func TestRunBaseline(t *testing.T) {
	// A 14-day window (two ISO weeks) against the 28 days before it.
	f := &fakeAggregator{
		window: []store.Bucket{
			{Country: "IQ", Start: day("2024-03-04"), Incidents: 10, Fatalities: 4},
			{Country: "IQ", Start: day("2024-03-11"), Incidents: 6, Fatalities: 0},
			{Country: "SY", Start: day("2024-03-11"), Incidents: 1, Fatalities: 1},
		},
		base: []store.Bucket{
			{Country: "IQ", Incidents: 28, Fatalities: 8},
			{Country: "UA", Incidents: 4, Fatalities: 0},
		},
	}
	v, _ := url.ParseQuery("datetime=2024-03-04/2024-03-17&baseline=P28D")
	req, err := Parse(query.Parser{}, v)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), f, req)
	if err != nil {
		t.Fatal(err)
	}
	if bq := f.queries[1]; !bq.From.Equal(day("2024-02-05")) || !bq.To.Equal(day("2024-03-03")) {
		t.Errorf("baseline query %v..%v, want 2024-02-05..2024-03-03", bq.From, bq.To)
	}
	if len(res.Groups) != 3 {
		t.Fatalf("groups %+v, want IQ, SY and UA (which fell to none)", res.Groups)
	}
	iq, sy, ua := res.Groups[0], res.Groups[1], res.Groups[2]
	// IQ: 28 in 28 days is 1 a day: 14 expected over the window, 7 a week.
	if iq.Incidents != 16 || iq.Baseline.Incidents != 28 || iq.Change.ExpectedIncidents != 14 || iq.Change.IncidentsChange != 2 ||
		*iq.Change.IncidentsRatio != 1.143 || iq.Change.ExpectedFatalities != 4 || *iq.Change.FatalitiesRatio != 1 {
		t.Errorf("IQ %+v change %+v", iq, iq.Change)
	}
	if p := iq.Periods[0]; p.Change.ExpectedIncidents != 7 || p.Change.IncidentsChange != 3 || !p.End.Equal(day("2024-03-10")) {
		t.Errorf("IQ first week %+v change %+v", p, p.Change)
	}
	if sy.Change.IncidentsRatio != nil || sy.Change.ExpectedIncidents != 0 || sy.Change.IncidentsChange != 1 {
		t.Errorf("SY (nothing expected) %+v", sy.Change)
	}
	if ua.Incidents != 0 || len(ua.Periods) != 0 || ua.Change.IncidentsChange != -2 || *ua.Change.IncidentsRatio != 0 {
		t.Errorf("UA %+v change %+v", ua, ua.Change)
	}
	if res.Total.Incidents != 17 || res.TotalBaseline.Incidents != 32 || res.TotalChange.ExpectedIncidents != 16 {
		t.Errorf("total %+v baseline %+v change %+v", res.Total, res.TotalBaseline, res.TotalChange)
	}

	var js bytes.Buffer
	if err := res.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Group, Interval string
		Datetime        string
		Baseline        struct {
			Datetime string
			Days     int
		}
		Groups []map[string]any
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Group != "country" || doc.Interval != "week" || doc.Datetime != "2024-03-04/2024-03-17" ||
		doc.Baseline.Datetime != "2024-02-05/2024-03-03" || doc.Baseline.Days != 28 || len(doc.Groups) != 3 {
		t.Errorf("JSON %s", js.String())
	}
	var cs bytes.Buffer
	if err := res.WriteCSV(&cs); err != nil {
		t.Fatal(err)
	}
	want := `country_code,period_start,period_end,incidents,fatalities,expected_incidents,expected_fatalities,incidents_change,fatalities_change,incidents_ratio,fatalities_ratio
IQ,2024-03-04,2024-03-10,10,4,7,2,3,2,1.429,2
IQ,2024-03-11,2024-03-17,6,0,7,2,-1,-2,0.857,0
SY,2024-03-11,2024-03-17,1,1,0,0,1,1,,
`
	if cs.String() != want {
		t.Errorf("CSV:\n%s\nwant:\n%s", cs.String(), want)
	}
}

func TestRunTooMany(t *testing.T) {
	f := &fakeAggregator{window: make([]store.Bucket, MaxBuckets+1)}
	for i := range f.window {
		f.window[i].Country = "IQ"
		f.window[i].Start = day("2000-01-01").AddDate(0, 0, i)
	}
	if _, err := Run(context.Background(), f, Request{}); !errors.Is(err, ErrTooMany) {
		t.Errorf("err = %v, want ErrTooMany", err)
	}
}

func TestWriteGrid(t *testing.T) {
	f := &fakeAggregator{window: []store.Bucket{{Cell: [2]int{224, 123}, Start: day("2024-03-01"), Incidents: 2, Fatalities: 3}}}
	req := Request{Aggregation: store.Aggregation{Group: store.GroupCell, Period: store.PeriodMonth, CellSize: 0.5}}
	res, err := Run(context.Background(), f, req)
	if err != nil {
		t.Fatal(err)
	}
	var cs, js bytes.Buffer
	if err := res.WriteCSV(&cs); err != nil {
		t.Fatal(err)
	}
	if want := "cell_col,cell_row,min_lon,min_lat,max_lon,max_lat,period_start,period_end,incidents,fatalities\n224,123,-68,-28.5,-67.5,-28,2024-03-01,2024-03-31,2,3\n"; cs.String() != want {
		t.Errorf("CSV:\n%s\nwant:\n%s", cs.String(), want)
	}
	if err := res.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(js.String(), `"cell":[224,123],"bbox":[-68,-28.5,-67.5,-28]`) || !strings.Contains(js.String(), `"datetime":null`) {
		t.Errorf("JSON %s", js.String())
	}
}
