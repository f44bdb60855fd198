package postgis

import (
	"context"
	"slices"
	"strings"

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
	var same, uncertain []candidate
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
			same = append(same, c)
		case store.Uncertain:
			uncertain = append(uncertain, c)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	if len(same) == 1 {
		return &same[0], nil, nil
	}
	for _, c := range same {
		c.m.Reason = "one of several incidents it could be"
		uncertain = append(uncertain, c)
	}
	slices.SortFunc(uncertain, func(x, y candidate) int {
		switch {
		case x.m.Verdict != y.m.Verdict:
			return int(y.m.Verdict) - int(x.m.Verdict)
		case x.m.Score > y.m.Score:
			return -1
		case x.m.Score < y.m.Score:
			return 1
		}
		return strings.Compare(x.in.ID, y.in.ID)
	})
	if len(uncertain) > maxSuggestions {
		uncertain = uncertain[:maxSuggestions]
	}
	return nil, uncertain, nil
}
