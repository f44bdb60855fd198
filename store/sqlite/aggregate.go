package sqlite

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/store"
)

// Aggregate counts the incidents matching q per group and period of a in
// one statement (see store.Aggregator). A query by country, or by days
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
		period = `d`
	case store.PeriodWeek:
		// Back six days, then on to the next Monday (or stay on one).
		period = `date(d, '-6 days', 'weekday 1')`
	case store.PeriodMonth:
		period = `substr(d, 1, 8) || '01'`
	case store.PeriodAll:
		period = `''`
	}
	// Counts per group and day first, in the order of the covering index
	// the query reads (country_code, event_date, admin1 for a country;
	// event_date, country_code, admin1 otherwise), so the rows arrive
	// grouped and need no sort; the period's date arithmetic then runs
	// once a day and group, not once an incident.
	inner := `d, g1, g2`
	if q.Country != "" {
		inner = `g1, d, g2`
	}
	if a.Group == store.GroupCountry {
		inner = strings.Replace(inner, `, g2`, ``, 1)
	}
	return `SELECT g1, g2, ` + period + ` AS p, sum(n), sum(f) FROM (SELECT ` + g1 + ` AS g1, ` + g2 +
		` AS g2, i.event_date AS d, count(*) AS n, coalesce(sum(i.fatalities), 0) AS f` + from + where +
		` GROUP BY ` + inner + `) GROUP BY g1, g2, p ORDER BY g1, g2, p`, b.args, nil
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
