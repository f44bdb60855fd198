package postgis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/internal/feature"
	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/internal/sourcelist"
	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb/encoding/wkb"
)

var _ store.Editor = (*Store)(nil)

// Create stores a new incident an analyst wrote (see store.Editor).
func (s *Store) Create(ctx context.Context, in incident.Incident, by string) error {
	if err := store.PrepareCreate(&in); err != nil {
		return err
	}
	in.Updated = stamp()
	f := feature.Append(nil, &in)
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if err := insertRow(ctx, tx, &in, store.CreatedFields); err != nil {
			return err
		}
		return addChange(ctx, tx, store.Change{IncidentID: in.ID, At: in.Updated, By: by,
			Action: store.ActionCreate, Fields: store.CreatedFields, After: f})
	})
	if err != nil {
		return fmt.Errorf("create %s: %w", in.ID, mapErr(err))
	}
	s.compactor.Kick()
	return nil
}

// Update applies an analyst's edit to incident id (see store.Editor).
func (s *Store) Update(ctx context.Context, id, by string, fn store.EditFunc) (incident.Incident, error) {
	var out incident.Incident
	wrote := false
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		cur, err := lockIncident(ctx, tx, id)
		if err != nil {
			return err
		}
		var edited []string
		if err := tx.QueryRow(ctx, `SELECT edited FROM incidents WHERE id = $1`, id).Scan(&edited); err != nil {
			return err
		}
		edit, err := store.PrepareEdit(cur, edited, fn)
		if err != nil {
			return err
		}
		next, locked := edit.Next, edit.Locked
		out = next
		if edit.Unchanged {
			return errUnchanged // nothing to write: the ETag stays
		}
		now := stamp()
		next.Updated = now
		out = next
		before, after := featureOf(&cur), featureOf(&next)
		if err := writeRow(ctx, tx, &next, locked, ""); err != nil {
			return err
		}
		wrote = true
		return addChange(ctx, tx, store.Change{IncidentID: id, At: now, By: by,
			Action: store.EditAction(cur, next), Fields: edit.Fields, Before: before, After: after})
	})
	if err != nil {
		return out, fmt.Errorf("update %s: %w", id, mapErr(err))
	}
	if wrote {
		s.compactor.Kick()
	}
	return out, nil
}

// History returns the changes of incident id, oldest first.
func (s *Store) History(ctx context.Context, id string) ([]store.Change, error) {
	var n int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM incidents WHERE id = $1`, id).Scan(&n); err != nil {
		return nil, fmt.Errorf("history %s: %w", id, mapErr(err))
	}
	if n == 0 {
		return nil, fmt.Errorf("history %s: %w", id, store.ErrNotFound)
	}
	rows, err := s.pool.Query(ctx, `SELECT seq, incident_id, at, author, action, article_id, fields,
		before_json, after_json, other FROM incident_history WHERE incident_id = $1 ORDER BY seq`, id)
	if err != nil {
		return nil, fmt.Errorf("history %s: %w", id, mapErr(err))
	}
	defer rows.Close()
	out := []store.Change{}
	for rows.Next() {
		var c store.Change
		var before, after *string
		if err := rows.Scan(&c.Seq, &c.IncidentID, &c.At, &c.By, &c.Action, &c.ArticleID, &c.Fields, &before, &after, &c.Other); err != nil {
			return nil, fmt.Errorf("history %s: %w", id, err)
		}
		c.At = c.At.UTC()
		if len(c.Fields) == 0 {
			c.Fields = nil
		}
		c.Before, c.After = nullJSON(before), nullJSON(after)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("history %s: %w", id, mapErr(err))
	}
	return out, nil
}

// errUnchanged ends an edit that would write nothing.
var errUnchanged = errors.New("unchanged")

// inTx runs fn in a transaction and bumps the store's version when fn
// succeeds.
func (s *Store) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'version'`)
		return err
	})
	if errors.Is(err, errUnchanged) {
		return nil // rolled back: there was nothing to write
	}
	return err
}

// addChange records one change in the incident's history.
func addChange(ctx context.Context, tx pgx.Tx, c store.Change) error {
	_, err := tx.Exec(ctx, `INSERT INTO incident_history (incident_id, at, author, action, article_id, fields,
		before_json, after_json, other) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		c.IncidentID, c.At, c.By, c.Action, c.ArticleID, actors(c.Fields), textOrNull(c.Before), textOrNull(c.After), c.Other)
	return err
}

func textOrNull(b []byte) *string {
	if len(b) == 0 {
		return nil
	}
	s := string(b)
	return &s
}

func nullJSON(s *string) json.RawMessage {
	if s == nil {
		return json.RawMessage("null")
	}
	return json.RawMessage(*s)
}

// featureOf is in's Feature, as the feature column holds it.
func featureOf(in *incident.Incident) []byte { return feature.Append(nil, in) }

// insertRow writes a new incident with its sources, status and edited
// fields, changed at in.Updated; ErrExists when the id is taken.
func insertRow(ctx context.Context, tx pgx.Tx, in *incident.Incident, edited []string) error {
	geom, err := wkb.Marshal(in.Geometry)
	if err != nil {
		return err
	}
	var inserted bool
	err = tx.QueryRow(ctx, `INSERT INTO incidents (id, event_date, time_precision, event_type, sub_event_type,
		actor1, actor2, assoc_actors, location, place_id, country_code, admin1, geo_precision, fatalities, injuries,
		notes, confidence, lat, lon, geom, created_at, updated_at, sources, feature, status, edited)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
			ST_GeomFromWKB($20, 4326), $25, $25, $21, $22, $23, $24)
		ON CONFLICT (id) DO NOTHING RETURNING true`,
		in.ID, dateOf(in.EventDate), in.TimePrecision, in.EventType, in.SubEventType,
		in.Actor1, in.Actor2, actors(in.AssocActors), in.Location, in.PlaceID, in.CountryCode, in.Admin1, in.GeoPrecision,
		in.Fatalities, in.Injuries, in.Notes, in.Confidence, in.Point.Lat(), in.Point.Lon(), geom,
		string(sourcelist.AppendJSON(nil, in.Sources)), string(featureOf(in)), statusOrUnreviewed(in.Status),
		actors(edited), in.Updated).Scan(&inserted)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("incident %s: %w", in.ID, store.ErrExists)
	}
	return err
}

// writeRow writes every column of incident m.ID from m, with its sources,
// edited fields and tombstone pointer, changed at m.Updated.
func writeRow(ctx context.Context, tx pgx.Tx, m *incident.Incident, edited []string, mergedInto string) error {
	geom, err := wkb.Marshal(m.Geometry)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE incidents SET event_date = $2, time_precision = $3, event_type = $4,
		sub_event_type = $5, actor1 = $6, actor2 = $7, assoc_actors = $8, location = $9, place_id = $10,
		country_code = $11, admin1 = $12, geo_precision = $13, fatalities = $14, injuries = $15, notes = $16,
		confidence = $17, lat = $18, lon = $19, geom = ST_GeomFromWKB($20, 4326), updated_at = $26,
		feature = $21, status = $22, edited = $23, sources = $24, merged_into = $25 WHERE id = $1`,
		m.ID, dateOf(m.EventDate), m.TimePrecision, m.EventType, m.SubEventType,
		m.Actor1, m.Actor2, actors(m.AssocActors), m.Location, m.PlaceID, m.CountryCode, m.Admin1, m.GeoPrecision,
		m.Fatalities, m.Injuries, m.Notes, m.Confidence, m.Point.Lat(), m.Point.Lon(), geom,
		string(featureOf(m)), statusOrUnreviewed(m.Status), actors(edited),
		string(sourcelist.AppendJSON(nil, m.Sources)), mergedInto, m.Updated)
	return err
}

// statusOrUnreviewed is the status column's value of an incident whose
// Status may be the zero value.
func statusOrUnreviewed(s string) string {
	if s == "" {
		return store.StatusUnreviewed
	}
	return s
}

var _ store.Merger = (*Store)(nil)

// maxMergeHops bounds how far an ingest follows tombstones (a merged into
// b, b merged into c...).
const maxMergeHops = 16

// lockForEdit locks and reads incident id with its edited fields; a
// deleted incident is ErrNotFound.
func lockForEdit(ctx context.Context, tx pgx.Tx, id string) (incident.Incident, []string, error) {
	in, err := lockIncident(ctx, tx, id)
	if err != nil {
		return in, nil, fmt.Errorf("incident %s: %w", id, err)
	}
	if in.Status == store.StatusDeleted {
		return in, nil, fmt.Errorf("incident %s: %w", id, store.ErrNotFound)
	}
	var edited []string
	err = tx.QueryRow(ctx, `SELECT edited FROM incidents WHERE id = $1`, id).Scan(&edited)
	return in, edited, err
}

// MergeInto merges others into survivor (see store.Merger).
func (s *Store) MergeInto(ctx context.Context, survivor string, others []string, by string, check func(incident.Incident) error) (incident.Incident, error) {
	var out incident.Incident
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		out, err = mergeTx(ctx, tx, survivor, others, by, check)
		return err
	})
	if err != nil {
		return out, fmt.Errorf("merge into %s: %w", survivor, mapErr(err))
	}
	s.compactor.Kick()
	return out, nil
}

// mergeTx merges others into survivor in tx (see MergeInto).
func mergeTx(ctx context.Context, tx pgx.Tx, survivor string, others []string, by string, check func(incident.Incident) error) (incident.Incident, error) {
	var out incident.Incident
	err := func() error {
		sv, edited, err := lockForEdit(ctx, tx, survivor)
		if err != nil {
			return err
		}
		if err := check(sv); err != nil {
			return err
		}
		if len(others) == 0 {
			return fmt.Errorf("%w: nothing to merge", store.ErrInvalid)
		}
		now := stamp()
		m := sv
		var merged []string
		for _, o := range others {
			if o == survivor || slices.Contains(merged, o) {
				return fmt.Errorf("%w: incident %s given twice", store.ErrInvalid, o)
			}
			ov, oedited, err := lockForEdit(ctx, tx, o)
			if err != nil {
				return err
			}
			m = store.Absorb(m, ov)
			// The other's articles now report the survivor; a link the
			// survivor has already is dropped.
			if _, err := tx.Exec(ctx, `UPDATE incident_sources SET incident_id = $1 WHERE incident_id = $2
				AND article_id NOT IN (SELECT article_id FROM incident_sources WHERE incident_id = $1)`, survivor, o); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `DELETE FROM incident_sources WHERE incident_id = $1`, o); err != nil {
				return err
			}
			tomb := ov
			tomb.Status, tomb.Sources, tomb.Updated = store.StatusDeleted, nil, now
			if err := writeRow(ctx, tx, &tomb, oedited, survivor); err != nil {
				return err
			}
			if err := addChange(ctx, tx, store.Change{IncidentID: o, At: now, By: by, Action: store.ActionMerged,
				Other: survivor, Before: featureOf(&ov), After: featureOf(&tomb)}); err != nil {
				return err
			}
			merged = append(merged, o)
		}
		m.Updated = now
		if err := writeRow(ctx, tx, &m, edited, ""); err != nil {
			return err
		}
		out = m
		return addChange(ctx, tx, store.Change{IncidentID: survivor, At: now, By: by, Action: store.ActionMerge,
			Other: strings.Join(merged, ","), Fields: append(store.ChangedFields(sv, m), "sources"),
			Before: featureOf(&sv), After: featureOf(&m)})
	}()
	return out, err
}

// Split moves the given articles' sources of incident id to a new
// incident newID (see store.Merger).
func (s *Store) Split(ctx context.Context, id string, articles []string, newID, by string, check func(incident.Incident) error) (incident.Incident, error) {
	var out incident.Incident
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		cur, edited, err := lockForEdit(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := check(cur); err != nil {
			return err
		}
		kept, moved, err := store.SplitSources(cur.Sources, articles)
		if err != nil {
			return err
		}
		now := stamp()
		nw := cur
		nw.ID, nw.Sources, nw.Status, nw.Updated = newID, moved, "", now
		if err := insertRow(ctx, tx, &nw, edited); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE incident_sources SET incident_id = $1 WHERE incident_id = $2 AND article_id = ANY($3::text[])`,
			newID, id, articles); err != nil {
			return err
		}
		after := cur
		after.Sources, after.Updated = kept, now
		if err := writeRow(ctx, tx, &after, edited, ""); err != nil {
			return err
		}
		if err := addChange(ctx, tx, store.Change{IncidentID: id, At: now, By: by, Action: store.ActionSplit, Other: newID,
			Fields: []string{"sources"}, Before: featureOf(&cur), After: featureOf(&after)}); err != nil {
			return err
		}
		out = nw
		return addChange(ctx, tx, store.Change{IncidentID: newID, At: now, By: by, Action: store.ActionSplit, Other: id,
			Fields: []string{"sources"}, After: featureOf(&nw)})
	})
	if err != nil {
		return out, fmt.Errorf("split %s: %w", id, mapErr(err))
	}
	s.compactor.Kick()
	return out, nil
}

// MergedInto returns the incident id was merged into, or "".
func (s *Store) MergedInto(ctx context.Context, id string) (string, error) {
	var into string
	err := s.pool.QueryRow(ctx, `SELECT merged_into FROM incidents WHERE id = $1`, id).Scan(&into)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", fmt.Errorf("merged into %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("merged into %s: %w", id, mapErr(err))
	}
	return into, nil
}

var _ store.Feed = (*Store)(nil)

// Tombstones streams the incidents that left the public layers after since
// (see store.Feed).
func (s *Store) Tombstones(ctx context.Context, since time.Time, fn func(store.Tombstone) error) error {
	rows, err := s.pool.Query(ctx, `SELECT id, updated_at, status, merged_into FROM incidents
		WHERE status IN ('rejected', 'deleted') AND updated_at > $1 ORDER BY updated_at, id`, since.UTC())
	if err != nil {
		return fmt.Errorf("tombstones: %w", mapErr(err))
	}
	defer rows.Close()
	for rows.Next() {
		var t store.Tombstone
		var status string
		if err := rows.Scan(&t.ID, &t.Time, &status, &t.MergedInto); err != nil {
			return fmt.Errorf("tombstones: %w", mapErr(err))
		}
		t.Time, t.Reason = t.Time.UTC(), store.TombstoneReason(status, t.MergedInto)
		if err := fn(t); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("tombstones: %w", mapErr(err))
	}
	return nil
}
