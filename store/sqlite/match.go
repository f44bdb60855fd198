package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// candidate is a stored incident the matcher compared a report with.
type candidate struct {
	rid int64
	in  incident.Incident
	m   store.Match
}

// maxSuggestions bounds the suggestions one report makes, the best first.
const maxSuggestions = 3

// candidates reads the incidents of in's event type near it
// (store.MatchBound) on the space-time R*Tree, leaving out deleted ones
// and those article already reports (its own incidents are distinct by
// extraction), and returns the
// one the matcher finds Same, if just one is, else the Uncertain ones and
// the Same ones (two events the report could each be make it a question
// for a reviewer, not a merge), best first.
func (s *Store) candidates(ctx context.Context, tx *sql.Tx, in *incident.Incident, article string) (*candidate, []candidate, error) {
	b, from, to := store.MatchBound(in)
	// Only what the matcher reads, and the article's own incidents left
	// out in SQL: no sources or notes to decode for every neighbour.
	rows, err := tx.QueryContext(ctx, `SELECT i.rid, i.id, i.event_date, i.time_precision, i.event_type,
		i.sub_event_type, i.actor1, i.actor2, i.assoc_actors, i.geo_precision, i.lat, i.lon, i.geom
		FROM incidents_st r CROSS JOIN incidents i ON i.rid = r.id
		WHERE r.maxx >= ?1 AND r.minx <= ?2 AND r.maxy >= ?3 AND r.miny <= ?4 AND r.maxt >= ?5 AND r.mint <= ?6
		AND i.status <> 'deleted' AND (?7 = '' OR i.event_type = ?7)
		AND NOT EXISTS (SELECT 1 FROM incident_sources s WHERE s.incident_id = i.id AND s.article_id = ?8)`,
		b.Min[0], b.Max[0], b.Min[1], b.Max[1], dayNumber(from), dayNumber(to), in.EventType, article)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var same, uncertain []candidate
	var date, assoc string
	var lat, lon float64
	var geom []byte
	for rows.Next() {
		var c candidate
		x := &c.in
		if err := rows.Scan(&c.rid, &x.ID, &date, &x.TimePrecision, &x.EventType, &x.SubEventType, &x.Actor1,
			&x.Actor2, &assoc, &x.GeoPrecision, &lat, &lon, &geom); err != nil {
			return nil, nil, err
		}
		if x.EventDate, err = time.Parse(time.DateOnly, date); err != nil {
			return nil, nil, fmt.Errorf("incident %s: event_date: %w", x.ID, err)
		}
		if assoc != "" && assoc != "[]" {
			if err := json.Unmarshal([]byte(assoc), &x.AssocActors); err != nil {
				return nil, nil, fmt.Errorf("incident %s: assoc_actors: %w", x.ID, err)
			}
		}
		x.Point = orb.Point{lon, lat}
		if x.Geometry, err = wkb.Unmarshal(geom); err != nil {
			return nil, nil, fmt.Errorf("incident %s: geometry: %w", x.ID, err)
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
