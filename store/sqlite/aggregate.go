package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/incidentmap/incidentmap/store"
)

// Aggregate counts the incidents matching q per group and period of a in
// one GROUP BY (see store.Aggregator). A query by country, or by days
// alone, reads one of migration 40's covering indexes and no rows.
func (s *Store) Aggregate(ctx context.Context, q store.Query, a store.Aggregation, fn func(store.Bucket) error) error {
	sqlText, args, err := aggregateSQL(q, a)
	if err != nil {
		return fmt.Errorf("aggregate: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return fmt.Errorf("aggregate: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			b      store.Bucket
			g1, g2 any
			start  string
		)
		if err := rows.Scan(&g1, &g2, &start, &b.Incidents, &b.Fatalities); err != nil {
			return fmt.Errorf("aggregate: %w", err)
		}
		switch a.Group {
		case store.GroupCell:
			b.Cell = [2]int{int(asInt(g1)), int(asInt(g2))}
		default:
			b.Country, b.Admin1 = asString(g1), asString(g2)
		}
		if start != "" {
			if b.Start, err = time.Parse(time.DateOnly, start); err != nil {
				return fmt.Errorf("aggregate: period %q: %w", start, err)
			}
		}
		if err := fn(b); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("aggregate: %w", err)
	}
	return nil
}

// aggregateSQL renders the GROUP BY of q and a. Rejected incidents are
// left out by rid (builder.byRid), so the covering indexes serve it.
func aggregateSQL(q store.Query, a store.Aggregation) (string, []any, error) {
	if err := a.Validate(); err != nil {
		return "", nil, err
	}
	q.Limit, q.After = 0, nil
	b := builder{byRid: true}
	from, where, err := b.query(q, false)
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
		// lon + 180 and lat + 90 are never negative: the cast floors.
		size := b.arg(a.CellSize)
		g1, g2 = `CAST((i.lon + 180.0) / `+size+` AS INTEGER)`, `CAST((i.lat + 90.0) / `+size+` AS INTEGER)`
	}
	var period string
	switch a.Period {
	case store.PeriodDay:
		period = `i.event_date`
	case store.PeriodWeek:
		// Back six days, then on to the next Monday (or stay on one).
		period = `date(i.event_date, '-6 days', 'weekday 1')`
	case store.PeriodMonth:
		period = `substr(i.event_date, 1, 8) || '01'`
	case store.PeriodAll:
		period = `''`
	}
	return `SELECT ` + g1 + ` AS g1, ` + g2 + ` AS g2, ` + period + ` AS p, count(*), coalesce(sum(i.fatalities), 0)` +
		from + where + ` GROUP BY g1, g2, p ORDER BY g1, g2, p`, b.args, nil
}

func asInt(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case float64:
		return int64(x)
	}
	return 0
}

func asString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

var _ store.Aggregator = (*Store)(nil)
