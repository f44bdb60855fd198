package postgis

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/storetest"
	"github.com/jackc/pgx/v5"
)

// TestAggregatePlan checks that the country-week aggregate can be an
// index-only scan of one of migration 40's indexes (the planner picks a
// sequential scan on a table this small, so it is switched off). The
// synthetic data is all one country, so the index by days is as good as
// the one by country and days here.
func TestAggregatePlan(t *testing.T) {
	url := testURL(t)
	s := openTest(t, url, freshSchema(t, url))
	ctx := context.Background()
	storetest.Load(t, s, storetest.Synthetic(500, 50, 3))
	if _, err := s.pool.Exec(ctx, `VACUUM ANALYZE incidents`); err != nil {
		t.Fatal(err)
	}
	from, to := time.Date(2023, 3, 6, 0, 0, 0, 0, time.UTC), time.Date(2023, 3, 12, 0, 0, 0, 0, time.UTC)
	sqlText, args, err := aggregateSQL(store.Query{Country: "IQ", From: &from, To: &to},
		store.Aggregation{Group: store.GroupAdmin1, Period: store.PeriodWeek})
	if err != nil {
		t.Fatal(err)
	}
	var plan []string
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `EXPLAIN `+sqlText, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				return err
			}
			plan = append(plan, line)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(plan, "\n")
	if !strings.Contains(text, "Index Only Scan using incidents_stats_") {
		t.Errorf("the country-week aggregate is not an index-only scan of a migration 40 index:\n%s", text)
	}
	t.Logf("plan:\n%s", text)
}
