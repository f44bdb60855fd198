package postgis

import (
	"context"
	"slices"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/internal/candidates"
	"github.com/jackc/pgx/v5"
)

// candidate is a stored incident the matcher compared a report with.
type candidate = candidates.Candidate[struct{}]

// candidates reads the incidents of in's event type near it
// (store.MatchBound) on the spatial index, leaving out deleted ones and those article already
// reports (its own incidents are distinct by extraction), and returns the
// one the matcher finds Same, if just one is, else the Uncertain ones and
// the Same ones (two events the report could each be make it a question
// for a reviewer, not a merge), best first.
func (s *Store) candidates(ctx context.Context, tx pgx.Tx, in *incident.Incident, article string) (*candidate, []candidate, error) {
	b, from, to := store.MatchBound(in)
	rows, err := tx.Query(ctx, `SELECT `+columns+`, i.sources FROM incidents i
		WHERE i.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326) AND i.event_date BETWEEN $5::date AND $6::date
		AND i.status <> 'deleted' AND ($7 = '' OR i.event_type = $7)`,
		b.Min[0], b.Min[1], b.Max[0], b.Max[1], dateOf(from), dateOf(to), in.EventType)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var set candidates.Set[struct{}]
	for rows.Next() {
		var c candidate
		if c.In, err = scanRow(rows); err != nil {
			return nil, nil, err
		}
		if slices.ContainsFunc(c.In.Sources, func(s incident.Source) bool { return s.ArticleID == article }) {
			continue
		}
		c.M = s.matcher(&c.In, in)
		set.Add(c)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	same, uncertain := set.Pick()
	return same, uncertain, nil
}
