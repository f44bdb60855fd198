package sqlite

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/storetest"
	"github.com/paulmach/orb"
)

// explainAggregate returns SQLite's query plan of an aggregation.
func (s *Store) explainAggregate(ctx context.Context, q store.Query, a store.Aggregation) (string, error) {
	sqlText, args, err := aggregateSQL(q, a)
	if err != nil {
		return "", err
	}
	rows, err := s.db.QueryContext(ctx, `EXPLAIN QUERY PLAN `+sqlText, args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			return "", err
		}
		plan = append(plan, detail)
	}
	return strings.Join(plan, "\n"), rows.Err()
}

// TestAggregatePlan checks that the aggregates GET /stats asks most read a
// covering index of migration 40, never the incidents table: by country
// and days (the country-week query), by days alone, by country alone.
func TestAggregatePlan(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	storetest.Load(t, s, storetest.Synthetic(3000, 100, 3))
	// The planner's choice follows the statistics, as on a large store.
	if _, err := s.db.ExecContext(ctx, `ANALYZE`); err != nil {
		t.Fatal(err)
	}
	from, to := time.Date(2023, 3, 6, 0, 0, 0, 0, time.UTC), time.Date(2023, 3, 12, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		q     store.Query
		a     store.Aggregation
		index string
	}{
		{"country-week", store.Query{Country: "IQ", From: &from, To: &to}, store.Aggregation{Group: store.GroupAdmin1, Period: store.PeriodWeek}, "incidents_stats_country"},
		{"country-all-time", store.Query{Country: "IQ"}, store.Aggregation{Group: store.GroupCountry, Period: store.PeriodMonth}, "incidents_stats_country"},
		{"days", store.Query{From: &from, To: &to}, store.Aggregation{Group: store.GroupCountry, Period: store.PeriodDay}, "incidents_stats_date"},
	}
	// A region's days: the space-time R*Tree, not every incident in the box.
	area := orb.Polygon{{{43, 32}, {45, 32}, {45, 34}, {43, 34}, {43, 32}}}
	plan, err := s.explainAggregate(ctx, store.Query{Intersects: area, From: &from, To: &to},
		store.Aggregation{Group: store.GroupAdmin1, Period: store.PeriodWeek})
	if err != nil {
		t.Fatal(err)
	}
	// Index 2 with constraints on columns 5 and 4 (maxt, mint): the
	// R*Tree search bounds the days too.
	if !strings.Contains(plan, "SCAN r VIRTUAL TABLE INDEX 2:") || !strings.Contains(plan, "D5B4") {
		t.Errorf("a region's week does not search the space-time R*Tree:\n%s", plan)
	}
	t.Logf("region-week:\n%s", plan)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, err := s.explainAggregate(ctx, tt.q, tt.a)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(plan, "COVERING INDEX "+tt.index) {
				t.Errorf("the plan does not read the covering index %s:\n%s", tt.index, plan)
			}
			// The day groups come in the index's order: the only sort is
			// the outer one, over days, after the subquery's scan.
			if sorted, sub := strings.Index(plan, "USE TEMP B-TREE FOR GROUP BY"), strings.Index(plan, "SCAN (subquery"); sorted >= 0 && sorted < sub {
				t.Errorf("the plan sorts incidents, not days:\n%s", plan)
			}
			for _, line := range strings.Split(plan, "\n") {
				if strings.HasPrefix(line, "SCAN i") && !strings.Contains(line, "INDEX") {
					t.Errorf("the plan scans the incidents table:\n%s", plan)
				}
			}
			t.Logf("%s:\n%s", tt.name, plan)
		})
	}
}

// BenchmarkAggregateCountryWeek is the issue 15 target (p50 < 50 ms on
// the million-incident bench data): run it with
// INCIDENTMAP_BENCH_DB=bench.db go test -run '^$' -bench AggregateCountryWeek ./store/sqlite
func BenchmarkAggregateCountryWeek(b *testing.B) {
	storetest.BenchAggregateCountryWeek(b, benchStore(b))
}

// BenchmarkAggregateCountryAllTime: one country by week over all time.
func BenchmarkAggregateCountryAllTime(b *testing.B) {
	storetest.BenchAggregateCountryAllTime(b, benchStore(b))
}

// BenchmarkAggregateAreaWeek: a week of a polygon (region=), by admin1.
func BenchmarkAggregateAreaWeek(b *testing.B) {
	storetest.BenchAggregateAreaWeek(b, benchStore(b))
}
