package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/internal/candidates"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// candidate is a stored incident the matcher compared a report with,
// found again by its rid.
type candidate = candidates.Candidate[int64]

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
	var set candidates.Set[int64]
	var date, assoc string
	var lat, lon float64
	var geom []byte
	for rows.Next() {
		var c candidate
		x := &c.In
		if err := rows.Scan(&c.Key, &x.ID, &date, &x.TimePrecision, &x.EventType, &x.SubEventType, &x.Actor1,
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
		c.M = s.matcher(&c.In, in)
		set.Add(c)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	same, uncertain := set.Pick()
	return same, uncertain, nil
}
