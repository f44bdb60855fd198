package postgis

import (
	"context"
	"slices"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
	"github.com/jackc/pgx/v5"
)

// candidate is a stored incident the matcher compared a report with.
type candidate struct {
	in incident.Incident
	m  store.Match
}

// maxSuggestions bounds the suggestions one report makes, the best first.
const maxSuggestions = 3

// candidates reads the incidents near in (store.MatchBound) on the
// spatial index, leaving out deleted ones and those article already
// reports (its own incidents are distinct by extraction), and returns the
// best the matcher finds Same, if any, and the Uncertain ones, best first.
func (s *Store) candidates(ctx context.Context, tx pgx.Tx, in *incident.Incident, article string) (*candidate, []candidate, error) {
	b, from, to := store.MatchBound(in)
	rows, err := tx.Query(ctx, `SELECT `+columns+`, i.sources FROM incidents i
		WHERE i.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326) AND i.event_date BETWEEN $5::date AND $6::date
		AND i.status <> 'deleted'`, b.Min[0], b.Min[1], b.Max[0], b.Max[1], dateOf(from), dateOf(to))
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var same *candidate
	var uncertain []candidate
	for rows.Next() {
		var c candidate
		if c.in, err = scanRow(rows); err != nil {
			return nil, nil, err
		}
		if slices.ContainsFunc(c.in.Sources, func(s incident.Source) bool { return s.ArticleID == article }) {
			continue
		}
		c.m = s.matcher(&c.in, in)
		switch c.m.Verdict {
		case store.Same:
			if same == nil || c.m.Score > same.m.Score || (c.m.Score == same.m.Score && c.in.ID < same.in.ID) {
				cc := c
				same = &cc
			}
		case store.Uncertain:
			uncertain = append(uncertain, c)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	if same != nil {
		return same, nil, nil
	}
	slices.SortFunc(uncertain, func(x, y candidate) int {
		switch {
		case x.m.Score > y.m.Score:
			return -1
		case x.m.Score < y.m.Score:
			return 1
		}
		return 0
	})
	if len(uncertain) > maxSuggestions {
		uncertain = uncertain[:maxSuggestions]
	}
	return nil, uncertain, nil
}
