package sqlite

import (
	"context"
	"database/sql"
	"slices"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
)

// candidate is a stored incident the matcher compared a report with.
type candidate struct {
	rid int64
	in  incident.Incident
	m   store.Match
}

// maxSuggestions bounds the suggestions one report makes, the best first.
const maxSuggestions = 3

// candidates reads the incidents near in (store.MatchBound) on the
// space-time R*Tree, leaving out deleted ones and those article already
// reports (its own incidents are distinct by extraction), and returns the
// best the matcher finds Same, if any, and the Uncertain ones, best first.
func (s *Store) candidates(ctx context.Context, tx *sql.Tx, in *incident.Incident, article string) (*candidate, []candidate, error) {
	b, from, to := store.MatchBound(in)
	rows, err := tx.QueryContext(ctx, `SELECT i.rid, `+columns+` FROM incidents_st r CROSS JOIN incidents i ON i.rid = r.id
		WHERE r.maxx >= ?1 AND r.minx <= ?2 AND r.maxy >= ?3 AND r.miny <= ?4 AND r.maxt >= ?5 AND r.mint <= ?6
		AND i.status <> 'deleted'`, b.Min[0], b.Max[0], b.Min[1], b.Max[1], dayNumber(from), dayNumber(to))
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var same *candidate
	var uncertain []candidate
	for rows.Next() {
		var c candidate
		if c.in, err = scanOne(rows, &c.rid); err != nil {
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
