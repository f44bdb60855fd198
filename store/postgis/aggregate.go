package postgis

import (
	"context"
	"fmt"
	"time"

	"github.com/incidentmap/incidentmap/store"
)

// Aggregate counts the incidents matching q per group and period of a in
// one GROUP BY (see store.Aggregator). A query by country, or by days
// alone, can be an index-only scan of one of migration 40's indexes.
func (s *Store) Aggregate(ctx context.Context, q store.Query, a store.Aggregation, fn func(store.Bucket) error) error {
	sqlText, args, err := aggregateSQL(q, a)
	if err != nil {
		return fmt.Errorf("aggregate: %w", err)
	}
	rows, err := s.pool.Query(ctx, sqlText, args...)
	if err != nil {
		return fmt.Errorf("aggregate: %w", mapErr(err))
	}
	defer rows.Close()
	for rows.Next() {
		var (
			b      store.Bucket
			g1, g2 string
			c1, c2 int32
			start  *time.Time
		)
		dest := []any{&g1, &g2}
		if a.Group == store.GroupCell {
			dest = []any{&c1, &c2}
		}
		if err := rows.Scan(append(dest, &start, &b.Incidents, &b.Fatalities)...); err != nil {
			return fmt.Errorf("aggregate: %w", err)
		}
		b.Country, b.Admin1, b.Cell = g1, g2, [2]int{int(c1), int(c2)}
		if start != nil {
			b.Start = time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC)
		}
		if err := fn(b); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("aggregate: %w", mapErr(err))
	}
	return nil
}

// aggregateSQL renders the GROUP BY of q and a.
func aggregateSQL(q store.Query, a store.Aggregation) (string, []any, error) {
	if err := a.Validate(); err != nil {
		return "", nil, err
	}
	q.Limit, q.After = 0, nil // no page: the spatial page's day cut must not apply
	var b builder
	where, err := b.where(q, false)
	if err != nil {
		return "", nil, err
	}
	var g1, g2 string
	switch a.Group {
	case store.GroupCountry:
		g1, g2 = `i.country_code`, `''`
	case store.GroupAdmin1:
		g1, g2 = `i.country_code`, `i.admin1`
	case store.GroupCell:
		size := b.arg(a.CellSize) + `::double precision`
		g1, g2 = `floor((i.lon + 180) / `+size+`)::integer`, `floor((i.lat + 90) / `+size+`)::integer`
	}
	var period string
	switch a.Period {
	case store.PeriodDay:
		period = `i.event_date`
	case store.PeriodWeek:
		period = `date_trunc('week', i.event_date::timestamp)::date` // ISO weeks start on Monday
	case store.PeriodMonth:
		period = `date_trunc('month', i.event_date::timestamp)::date`
	case store.PeriodAll:
		period = `NULL::date`
	}
	return `SELECT ` + g1 + ` AS g1, ` + g2 + ` AS g2, ` + period + ` AS p, count(*), coalesce(sum(i.fatalities), 0)::bigint` +
		` FROM incidents i` + where + ` GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`, b.args, nil
}

var _ store.Aggregator = (*Store)(nil)
