package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/cql2"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
	"github.com/paulmach/orb"
)

// aggregateData stores the incidents the aggregate tests count: known
// countries, first-level divisions, weeks and fatalities, and one
// rejected incident that no default aggregate may count.
func aggregateData(t *testing.T, s store.Store, e store.Editor) {
	mk := func(id, date, country, admin1 string, p orb.Point, fat *int) incident.Incident {
		in := Incident(id, date, p)
		in.CountryCode, in.Admin1, in.Fatalities = country, admin1, fat
		return in
	}
	a1 := mk("a1", "2024-03-04", "IQ", "IQ-BG", baghdad, intp(3)) // a Monday
	a2 := mk("a2", "2024-03-10", "IQ", "IQ-BG", baghdad, nil)     // the Sunday of that week
	a3 := mk("a3", "2024-03-11", "IQ", "IQ-AR", erbil, intp(5))   // the next Monday
	a4 := mk("a4", "2024-02-29", "IQ", "IQ-AR", erbil, intp(1))   // a leap day, week of 26 February
	a4.EventType, a4.SubEventType = "Battles", "Armed clash"
	a5 := mk("a5", "2024-03-05", "SY", "SY-DI", damascus, intp(2))
	a6 := mk("a6", "2023-12-31", "UA", "UA-30", kyiv, nil) // a Sunday: the week of 25 December
	a7 := mk("a7", "2024-03-06", "IQ", "IQ-BG", baghdad, intp(100))
	ingest(t, s, Article("g1", a1, a2, a3, a4))
	ingest(t, s, Article("g2", a5, a6, a7))
	update(t, e, "a7", "analyst", setStatus(store.StatusRejected))
}

func aggregate(t *testing.T, s store.Aggregator, q store.Query, a store.Aggregation) []store.Bucket {
	t.Helper()
	var out []store.Bucket
	if err := s.Aggregate(context.Background(), q, a, func(b store.Bucket) error {
		out = append(out, b)
		return nil
	}); err != nil {
		t.Fatalf("Aggregate(%+v, %+v): %v", q, a, err)
	}
	return out
}

func bucket(country, admin1, start string, n, fat int64) store.Bucket {
	b := store.Bucket{Country: country, Admin1: admin1, Incidents: n, Fatalities: fat}
	if start != "" {
		b.Start = day(start)
	}
	return b
}

func cell(col, row int, n, fat int64) store.Bucket {
	return store.Bucket{Cell: [2]int{col, row}, Incidents: n, Fatalities: fat}
}

// testAggregate checks exact counts and fatality sums per group and
// period, with the filters of Incidents, and that each aggregate adds up
// to Count of the same query. Long because of its table of cases, which
// reads best in one place.
func testAggregate(t *testing.T, s store.Store, e store.Editor) {
	ag, ok := s.(store.Aggregator)
	if !ok {
		t.Skip("the store does not aggregate")
	}
	aggregateData(t, s, e)
	from, to := day("2024-03-01"), day("2024-03-10")
	tests := []struct {
		name string
		q    store.Query
		a    store.Aggregation
		want []store.Bucket
	}{
		{"country-week", store.Query{}, store.Aggregation{Group: store.GroupCountry, Period: store.PeriodWeek}, []store.Bucket{
			bucket("IQ", "", "2024-02-26", 1, 1),
			bucket("IQ", "", "2024-03-04", 2, 3),
			bucket("IQ", "", "2024-03-11", 1, 5),
			bucket("SY", "", "2024-03-04", 1, 2),
			bucket("UA", "", "2023-12-25", 1, 0),
		}},
		{"admin1-month", store.Query{}, store.Aggregation{Group: store.GroupAdmin1, Period: store.PeriodMonth}, []store.Bucket{
			bucket("IQ", "IQ-AR", "2024-02-01", 1, 1),
			bucket("IQ", "IQ-AR", "2024-03-01", 1, 5),
			bucket("IQ", "IQ-BG", "2024-03-01", 2, 3),
			bucket("SY", "SY-DI", "2024-03-01", 1, 2),
			bucket("UA", "UA-30", "2023-12-01", 1, 0),
		}},
		{"country-day-datetime", store.Query{From: &from, To: &to}, store.Aggregation{Group: store.GroupCountry, Period: store.PeriodDay}, []store.Bucket{
			bucket("IQ", "", "2024-03-04", 1, 3),
			bucket("IQ", "", "2024-03-10", 1, 0),
			bucket("SY", "", "2024-03-05", 1, 2),
		}},
		{"country-filter", store.Query{Country: "IQ"}, store.Aggregation{Group: store.GroupCountry, Period: store.PeriodAll}, []store.Bucket{
			bucket("IQ", "", "", 4, 9),
		}},
		{"type", store.Query{Types: []string{"Battles"}}, store.Aggregation{Group: store.GroupAdmin1, Period: store.PeriodAll}, []store.Bucket{
			bucket("IQ", "IQ-AR", "", 1, 1),
		}},
		{"cql2", store.Query{Filter: compare("fatalities", cql2.OpGt, cql2.Number(2))}, store.Aggregation{Group: store.GroupCountry, Period: store.PeriodAll}, []store.Bucket{
			bucket("IQ", "", "", 2, 8),
		}},
		{"bbox", store.Query{Bbox: &orb.Bound{Min: orb.Point{44, 33}, Max: orb.Point{45, 34}}}, store.Aggregation{Group: store.GroupCountry, Period: store.PeriodWeek}, []store.Bucket{
			bucket("IQ", "", "2024-03-04", 2, 3),
		}},
		{"bbox-days", store.Query{Bbox: &orb.Bound{Min: orb.Point{44, 33}, Max: orb.Point{45, 34}}, From: ptr(day("2024-03-05")), To: ptr(day("2024-03-31"))},
			store.Aggregation{Group: store.GroupCountry, Period: store.PeriodDay}, []store.Bucket{
				bucket("IQ", "", "2024-03-10", 1, 0),
			}},
		{"intersects-days", store.Query{Intersects: orb.Polygon{{{43.5, 35.5}, {44.5, 35.5}, {44.5, 36.5}, {43.5, 36.5}, {43.5, 35.5}}}, From: ptr(day("2024-03-01"))},
			store.Aggregation{Group: store.GroupAdmin1, Period: store.PeriodAll}, []store.Bucket{
				bucket("IQ", "IQ-AR", "", 1, 5),
			}},
		{"rejected", store.Query{Statuses: []string{store.StatusRejected}}, store.Aggregation{Group: store.GroupCountry, Period: store.PeriodAll}, []store.Bucket{
			bucket("IQ", "", "", 1, 100),
		}},
		{"cell", store.Query{}, store.Aggregation{Group: store.GroupCell, Period: store.PeriodAll, CellSize: 1}, []store.Bucket{
			cell(210, 140, 1, 0), // Kyiv
			cell(216, 123, 1, 2), // Damascus
			cell(224, 123, 2, 3), // Baghdad
			cell(224, 126, 2, 6), // Erbil
		}},
		{"empty", store.Query{Country: "FR"}, store.Aggregation{Group: store.GroupCountry, Period: store.PeriodWeek}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := aggregate(t, ag, tt.q, tt.a)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %v\nwant %v", got, tt.want)
			}
			// The buckets add up to what Count says the query matches.
			var sum int64
			for _, b := range got {
				sum += b.Incidents
			}
			if n := count(t, s, tt.q); n != sum {
				t.Errorf("buckets hold %d incidents, Count says %d", sum, n)
			}
		})
	}
	t.Run("stop", func(t *testing.T) {
		stop := errors.New("stop")
		n := 0
		err := ag.Aggregate(context.Background(), store.Query{}, store.Aggregation{Group: store.GroupCountry, Period: store.PeriodDay},
			func(store.Bucket) error { n++; return stop })
		if !errors.Is(err, stop) || n != 1 {
			t.Errorf("Aggregate after the callback's error: err %v after %d buckets, want stop after 1", err, n)
		}
	})
	t.Run("invalid", func(t *testing.T) {
		err := ag.Aggregate(context.Background(), store.Query{}, store.Aggregation{Group: store.GroupCell, CellSize: 0},
			func(store.Bucket) error { return nil })
		if err == nil {
			t.Error("a cell of size 0 was accepted")
		}
	})
}

// BenchAggregateCountryWeek measures one country-week aggregate, the
// query the choropleth asks most: a week of one country's incidents by
// first-level division, one random week an iteration; it reports p50 and
// p99 latency.
func BenchAggregateCountryWeek(b *testing.B, s store.Store) {
	ctx, ag, st := aggregateBench(b, s)
	country := busiestCountry(ctx, b, ag, st)
	weeks := weekQueries(ctx, b, ag, st, store.Query{Country: country})
	b.Logf("country %s, %d weeks", country, weeks)
}

// aggregateBench is what the aggregate benchmarks start from: the store as
// an Aggregator and its Stats; it skips a store that does not aggregate or
// holds nothing.
func aggregateBench(b *testing.B, s store.Store) (context.Context, store.Aggregator, store.Stats) {
	ag, ok := s.(store.Aggregator)
	if !ok {
		b.Skip("the store does not aggregate")
	}
	ctx := context.Background()
	st, err := s.Stats(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if st.Incidents == 0 {
		b.Skip("empty store")
	}
	return ctx, ag, st
}

// busiestCountry is the country with the most incidents on the store's
// newest day: one the data has, whichever generator wrote it.
func busiestCountry(ctx context.Context, b *testing.B, ag store.Aggregator, st store.Stats) string {
	var country string
	var most int64
	last := st.LastDate
	if err := ag.Aggregate(ctx, store.Query{From: &last, To: &last}, store.Aggregation{Group: store.GroupCountry, Period: store.PeriodAll},
		func(bk store.Bucket) error {
			if bk.Incidents > most {
				country, most = bk.Country, bk.Incidents
			}
			return nil
		}); err != nil {
		b.Fatal(err)
	}
	return country
}

// BenchAggregateCountryAllTime measures the trend chart's query: one
// country's incidents over the whole store, by week. It reads every
// incident of the country once, so it grows with the store.
func BenchAggregateCountryAllTime(b *testing.B, s store.Store) {
	ctx, ag, st := aggregateBench(b, s)
	country := busiestCountry(ctx, b, ag, st)
	var lat latencies
	total, i := 0, 0
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		err := ag.Aggregate(ctx, store.Query{Country: country}, store.Aggregation{Group: store.GroupCountry, Period: store.PeriodWeek},
			func(bk store.Bucket) error {
				total += int(bk.Incidents)
				return nil
			})
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
		i++
	}
	lat.report(b)
	b.ReportMetric(float64(total)/float64(i), "incidents/query")
}

// BenchAggregateAreaWeek measures a week of a region given as a polygon
// (what region= gives for a place with a boundary): a 2-degree square on
// the densest cluster, by first-level division, one random week an
// iteration.
func BenchAggregateAreaWeek(b *testing.B, s store.Store) {
	ctx, ag, st := aggregateBench(b, s)
	// A 2-degree square on an incident of the busiest country, so the
	// square holds data whichever generator wrote the store.
	c := clusters[0]
	last := st.LastDate
	stop := errors.New("found")
	if err := s.Incidents(ctx, store.Query{Country: busiestCountry(ctx, b, ag, st), From: &last, To: &last, Limit: 1}, func(in *incident.Incident) error {
		c = in.Point
		return stop
	}); err != nil && !errors.Is(err, stop) {
		b.Fatal(err)
	}
	area := orb.Polygon{{{c[0] - 1, c[1] - 1}, {c[0] + 1, c[1] - 1}, {c[0] + 1, c[1] + 1}, {c[0] - 1, c[1] + 1}, {c[0] - 1, c[1] - 1}}}
	weekQueries(ctx, b, ag, st, store.Query{Intersects: area})
}

// weekQueries times q by admin1 and week, one pseudo-random week of the
// data a query, reports the latencies and the incidents a query counted,
// and returns the number of weeks.
func weekQueries(ctx context.Context, b *testing.B, ag store.Aggregator, st store.Stats, q store.Query) int {
	weeks := int(st.LastDate.Sub(st.FirstDate).Hours()/24/7) + 1
	var lat latencies
	total, i := 0, 0
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		from := store.PeriodWeek.Start(st.FirstDate).AddDate(0, 0, 7*(i*7919%weeks))
		to := from.AddDate(0, 0, 6)
		qq := q
		qq.From, qq.To = &from, &to
		start := time.Now()
		err := ag.Aggregate(ctx, qq, store.Aggregation{Group: store.GroupAdmin1, Period: store.PeriodWeek}, func(bk store.Bucket) error {
			total += int(bk.Incidents)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
		i++
	}
	lat.report(b)
	b.ReportMetric(float64(total)/float64(i), "incidents/query")
	return weeks
}
