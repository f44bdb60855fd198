package sqlite

import (
	"context"
	"database/sql"
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
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

var _ store.Editor = (*Store)(nil)

// Create stores a new incident an analyst wrote (see store.Editor).
func (s *Store) Create(ctx context.Context, in incident.Incident, by string) error {
	if err := store.PrepareCreate(&in); err != nil {
		return err
	}
	if err := s.lockWrite(ctx); err != nil {
		return fmt.Errorf("create %s: %w", in.ID, err)
	}
	defer s.unlockWrite()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM incidents WHERE id = ?1`, in.ID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return store.ErrExists
		}
		now := stamp()
		if err := insertIncident(ctx, tx, &in, nil, now); err != nil {
			return err
		}
		in.Updated = now
		edited, err := marshalJSON(store.CreatedFields)
		if err != nil {
			return err
		}
		f := feature.Append(nil, &in)
		if _, err := tx.ExecContext(ctx, `UPDATE incidents SET status = ?2, edited = ?3, feature = ?4 WHERE id = ?1`,
			in.ID, in.Status, edited, f); err != nil {
			return err
		}
		return addChange(ctx, tx, store.Change{IncidentID: in.ID, At: now, By: by, Action: store.ActionCreate,
			Fields: store.CreatedFields, After: f})
	})
	if err != nil {
		return fmt.Errorf("create %s: %w", in.ID, err)
	}
	s.compactor.Kick()
	return nil
}

// Update applies an analyst's edit to incident id (see store.Editor).
func (s *Store) Update(ctx context.Context, id, by string, fn store.EditFunc) (incident.Incident, error) {
	if err := s.lockWrite(ctx); err != nil {
		return incident.Incident{}, fmt.Errorf("update %s: %w", id, err)
	}
	defer s.unlockWrite()
	var out incident.Incident
	wrote := false
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var rid int64
		var editedJSON string
		rows, err := tx.QueryContext(ctx, `SELECT i.rid, i.edited, `+columns+` FROM incidents i WHERE i.id = ?1`, id)
		if err != nil {
			return err
		}
		if !rows.Next() {
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			return store.ErrNotFound
		}
		cur, err := scanOne(rows, &rid, &editedJSON)
		rows.Close()
		if err != nil {
			return err
		}
		edited, err := parseFields(editedJSON)
		if err != nil {
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
		lockedJSON, err := marshalJSON(locked)
		if err != nil {
			return err
		}
		now := stamp()
		next.Updated = now
		out = next
		before := featureOf(&cur)
		after := featureOf(&next)
		if err := updateRow(ctx, tx, rid, &next, lockedJSON, after, formatTime(now)); err != nil {
			return err
		}
		if !orb.Equal(cur.Geometry, next.Geometry) || !cur.EventDate.Equal(next.EventDate) {
			if err := putBound(ctx, tx, rid, next.Geometry, next.EventDate, true); err != nil {
				return err
			}
		}
		wrote = true
		return addChange(ctx, tx, store.Change{IncidentID: id, At: now, By: by,
			Action: store.EditAction(cur, next), Fields: edit.Fields, Before: before, After: after})
	})
	if err != nil {
		return out, fmt.Errorf("update %s: %w", id, err)
	}
	if wrote {
		s.compactor.Kick()
	}
	return out, nil
}

// History returns the changes of incident id, oldest first.
func (s *Store) History(ctx context.Context, id string) ([]store.Change, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM incidents WHERE id = ?1`, id).Scan(&n); err != nil {
		return nil, fmt.Errorf("history %s: %w", id, err)
	}
	if n == 0 {
		return nil, fmt.Errorf("history %s: %w", id, store.ErrNotFound)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT seq, incident_id, at, author, action, article_id, fields,
		before_json, after_json, other FROM incident_history WHERE incident_id = ?1 ORDER BY seq`, id)
	if err != nil {
		return nil, fmt.Errorf("history %s: %w", id, err)
	}
	defer rows.Close()
	out := []store.Change{}
	for rows.Next() {
		var c store.Change
		var at, fields string
		var before, after []byte
		if err := rows.Scan(&c.Seq, &c.IncidentID, &at, &c.By, &c.Action, &c.ArticleID, &fields, &before, &after, &c.Other); err != nil {
			return nil, fmt.Errorf("history %s: %w", id, err)
		}
		c.At = parseTime(at)
		if c.Fields, err = parseFields(fields); err != nil {
			return nil, fmt.Errorf("history %s: %w", id, err)
		}
		if len(c.Fields) == 0 {
			c.Fields = nil
		}
		c.Before, c.After = nullJSON(before), nullJSON(after)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("history %s: %w", id, err)
	}
	return out, nil
}

// errUnchanged ends an edit that would write nothing.
var errUnchanged = errors.New("unchanged")

// inTx runs fn in a write transaction and bumps the store's version when
// fn succeeds.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE: the DSN's _txlock
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); errors.Is(err, errUnchanged) {
		return nil
	} else if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE meta SET value = value + 1 WHERE key = 'version'`); err != nil {
		return err
	}
	return tx.Commit()
}

// updateRow writes every column of incident rid from m.
func updateRow(ctx context.Context, tx *sql.Tx, rid int64, m *incident.Incident, editedJSON string, f []byte, ts string) error {
	geom, err := wkb.Marshal(m.Geometry)
	if err != nil {
		return err
	}
	assoc, err := marshalJSON(m.AssocActors)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE incidents SET event_date = ?2, time_precision = ?3, event_type = ?4,
		sub_event_type = ?5, actor1 = ?6, actor2 = ?7, assoc_actors = ?8, location = ?9, place_id = ?10,
		country_code = ?11, admin1 = ?12, geo_precision = ?13, fatalities = ?14, injuries = ?15, notes = ?16,
		confidence = ?17, lat = ?18, lon = ?19, geom = ?20, updated_at = ?21, feature = ?22, status = ?23,
		edited = ?24 WHERE rid = ?1`,
		rid, m.EventDate.UTC().Format(time.DateOnly), m.TimePrecision, m.EventType, m.SubEventType,
		m.Actor1, m.Actor2, assoc, m.Location, m.PlaceID, m.CountryCode, m.Admin1, m.GeoPrecision,
		nullInt(m.Fatalities), nullInt(m.Injuries), m.Notes, m.Confidence, m.Point.Lat(), m.Point.Lon(),
		geom, ts, f, statusOrUnreviewed(m.Status), editedJSON)
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

// addChange records one change in the incident's history.
func addChange(ctx context.Context, tx *sql.Tx, c store.Change) error {
	fields, err := marshalJSON(c.Fields)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO incident_history (incident_id, at, author, action, article_id, fields,
		before_json, after_json, other) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)`,
		c.IncidentID, formatTime(c.At), c.By, c.Action, c.ArticleID, fields, blobOrNull(c.Before), blobOrNull(c.After), c.Other)
	return err
}

func blobOrNull(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

func nullJSON(b []byte) json.RawMessage {
	if len(b) == 0 {
		return json.RawMessage("null")
	}
	return json.RawMessage(b)
}

// parseFields reads a JSON array of field names.
func parseFields(s string) ([]string, error) {
	if s == "" || s == "[]" {
		return nil, nil
	}
	var out []string
	if err := json.Unmarshal([]byte(s), &out); err != nil {
		return nil, fmt.Errorf("fields: %w", err)
	}
	return out, nil
}

// featureOf is in's Feature, as the feature column holds it.
func featureOf(in *incident.Incident) []byte { return feature.Append(nil, in) }

var _ store.Merger = (*Store)(nil)

// maxMergeHops bounds how far an ingest follows tombstones (a merged into
// b, b merged into c...).
const maxMergeHops = 16

// readRow reads incident id with its rid and edited fields in tx.
func readRow(ctx context.Context, tx *sql.Tx, id string) (in incident.Incident, rid int64, edited []string, err error) {
	var editedJSON string
	rows, err := tx.QueryContext(ctx, `SELECT i.rid, i.edited, `+columns+` FROM incidents i WHERE i.id = ?1`, id)
	if err != nil {
		return in, 0, nil, err
	}
	if !rows.Next() {
		rows.Close()
		if err := rows.Err(); err != nil {
			return in, 0, nil, err
		}
		return in, 0, nil, fmt.Errorf("incident %s: %w", id, store.ErrNotFound)
	}
	in, err = scanOne(rows, &rid, &editedJSON)
	rows.Close()
	if err != nil {
		return in, 0, nil, err
	}
	edited, err = parseFields(editedJSON)
	return in, rid, edited, err
}

// writeMerged writes incident rid from m with its sources and tombstone
// pointer.
func writeMerged(ctx context.Context, tx *sql.Tx, rid int64, m *incident.Incident, edited []string, mergedInto string, now time.Time) error {
	editedJSON, err := marshalJSON(edited)
	if err != nil {
		return err
	}
	m.Updated = now
	if err := updateRow(ctx, tx, rid, m, editedJSON, featureOf(m), formatTime(now)); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE incidents SET sources = ?2, merged_into = ?3 WHERE rid = ?1`,
		rid, string(sourcelist.AppendJSON(nil, m.Sources)), mergedInto)
	return err
}

// MergeInto merges others into survivor (see store.Merger).
func (s *Store) MergeInto(ctx context.Context, survivor string, others []string, by string, check func(incident.Incident) error) (incident.Incident, error) {
	if err := s.lockWrite(ctx); err != nil {
		return incident.Incident{}, fmt.Errorf("merge into %s: %w", survivor, err)
	}
	defer s.unlockWrite()
	var out incident.Incident
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = mergeTx(ctx, tx, survivor, others, by, check)
		return err
	})
	if err != nil {
		return out, fmt.Errorf("merge into %s: %w", survivor, err)
	}
	s.compactor.Kick()
	return out, nil
}

// mergeTx merges others into survivor in tx (see MergeInto).
func mergeTx(ctx context.Context, tx *sql.Tx, survivor string, others []string, by string, check func(incident.Incident) error) (incident.Incident, error) {
	var out incident.Incident
	err := func() error {
		sv, rid, edited, err := readRow(ctx, tx, survivor)
		if err != nil {
			return err
		}
		if sv.Status == store.StatusDeleted {
			return fmt.Errorf("incident %s: %w", survivor, store.ErrNotFound)
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
			ov, orid, oedited, err := readRow(ctx, tx, o)
			if err != nil {
				return err
			}
			if ov.Status == store.StatusDeleted {
				return fmt.Errorf("incident %s: %w", o, store.ErrNotFound)
			}
			m = store.Absorb(m, ov)
			// The other's articles now report the survivor; a link the
			// survivor has already is dropped.
			if _, err := tx.ExecContext(ctx, `UPDATE OR IGNORE incident_sources SET incident_id = ?1 WHERE incident_id = ?2`, survivor, o); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM incident_sources WHERE incident_id = ?1`, o); err != nil {
				return err
			}
			tomb := ov
			tomb.Status, tomb.Sources = store.StatusDeleted, nil
			if err := writeMerged(ctx, tx, orid, &tomb, oedited, survivor, now); err != nil {
				return err
			}
			if err := addChange(ctx, tx, store.Change{IncidentID: o, At: now, By: by, Action: store.ActionMerged,
				Other: survivor, Before: featureOf(&ov), After: featureOf(&tomb)}); err != nil {
				return err
			}
			merged = append(merged, o)
		}
		if err := writeMerged(ctx, tx, rid, &m, edited, "", now); err != nil {
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
	if err := s.lockWrite(ctx); err != nil {
		return incident.Incident{}, fmt.Errorf("split %s: %w", id, err)
	}
	defer s.unlockWrite()
	var out incident.Incident
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		cur, rid, edited, err := readRow(ctx, tx, id)
		if err != nil {
			return err
		}
		if cur.Status == store.StatusDeleted {
			return fmt.Errorf("incident %s: %w", id, store.ErrNotFound)
		}
		if err := check(cur); err != nil {
			return err
		}
		kept, moved, err := store.SplitSources(cur.Sources, articles)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM incidents WHERE id = ?1`, newID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("incident %s: %w", newID, store.ErrExists)
		}
		now := stamp()
		nw := cur
		nw.ID, nw.Sources, nw.Status, nw.Updated = newID, moved, "", now
		if err := insertIncident(ctx, tx, &nw, moved, now); err != nil {
			return err
		}
		editedJSON, err := marshalJSON(edited)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE incidents SET edited = ?2 WHERE id = ?1`, newID, editedJSON); err != nil {
			return err
		}
		for _, a := range articles {
			if _, err := tx.ExecContext(ctx, `UPDATE incident_sources SET incident_id = ?1 WHERE incident_id = ?2 AND article_id = ?3`,
				newID, id, a); err != nil {
				return err
			}
		}
		after := cur
		after.Sources = kept
		if err := writeMerged(ctx, tx, rid, &after, edited, "", now); err != nil {
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
		return out, fmt.Errorf("split %s: %w", id, err)
	}
	s.compactor.Kick()
	return out, nil
}

// MergedInto returns the incident id was merged into, or "".
func (s *Store) MergedInto(ctx context.Context, id string) (string, error) {
	var into string
	err := s.db.QueryRowContext(ctx, `SELECT merged_into FROM incidents WHERE id = ?1`, id).Scan(&into)
	if notFound(err) {
		return "", fmt.Errorf("merged into %s: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("merged into %s: %w", id, err)
	}
	return into, nil
}

var _ store.Feed = (*Store)(nil)

// Tombstones streams the incidents that left the public layers after since
// (see store.Feed).
func (s *Store) Tombstones(ctx context.Context, since time.Time, fn func(store.Tombstone) error) error {
	rows, err := s.db.QueryContext(ctx, `SELECT id, updated_at, status, merged_into FROM incidents
		WHERE status IN ('rejected', 'deleted') AND updated_at > ?1 ORDER BY updated_at, id`, formatTime(since))
	if err != nil {
		return fmt.Errorf("tombstones: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t store.Tombstone
		var at, status string
		if err := rows.Scan(&t.ID, &at, &status, &t.MergedInto); err != nil {
			return fmt.Errorf("tombstones: %w", err)
		}
		t.Time, t.Reason = parseTime(at), store.TombstoneReason(status, t.MergedInto)
		if err := fn(t); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("tombstones: %w", err)
	}
	return nil
}
