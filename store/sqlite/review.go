package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/internal/feature"
	"github.com/incidentmap/incidentmap/store"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

var _ store.Editor = (*Store)(nil)

// allFields are the fields an analyst sets by creating an incident.
var allFields = []string{store.FieldEventDate, store.FieldTimePrecision, store.FieldEventType, store.FieldSubEventType,
	store.FieldActor1, store.FieldActor2, store.FieldAssocActors, store.FieldLocation, store.FieldPlaceID,
	store.FieldCountryCode, store.FieldAdmin1, store.FieldGeometry, store.FieldGeoPrecision, store.FieldFatalities,
	store.FieldInjuries, store.FieldNotes}

// Create stores a new incident an analyst wrote (see store.Editor).
func (s *Store) Create(ctx context.Context, in incident.Incident, by string) error {
	in.Sources = nil
	if in.Status == "" {
		in.Status = store.StatusUnreviewed
	}
	if err := store.ValidateIncident(&in); err != nil {
		return fmt.Errorf("create %s: %w", in.ID, err)
	}
	if !store.ValidStatus(in.Status) {
		return fmt.Errorf("create %s: %w: status %q", in.ID, store.ErrInvalid, in.Status)
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
		now := time.Now().UTC()
		if err := insertIncident(ctx, tx, &in, nil, formatTime(now)); err != nil {
			return err
		}
		edited, err := marshalJSON(allFields)
		if err != nil {
			return err
		}
		f := feature.Append(nil, &in)
		if _, err := tx.ExecContext(ctx, `UPDATE incidents SET status = ?2, edited = ?3, feature = ?4 WHERE id = ?1`,
			in.ID, in.Status, edited, f); err != nil {
			return err
		}
		return addChange(ctx, tx, store.Change{IncidentID: in.ID, At: now, By: by, Action: store.ActionCreate,
			Fields: allFields, After: f})
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
		next, fields, err := fn(cur)
		if err != nil {
			return err
		}
		next.ID, next.Sources = cur.ID, cur.Sources
		if next.Status == "" {
			next.Status = store.StatusUnreviewed
		}
		if err := store.ValidateIncident(&next); err != nil {
			return err
		}
		if !store.ValidStatus(next.Status) && next.Status != store.StatusDeleted {
			return fmt.Errorf("%w: status %q", store.ErrInvalid, next.Status)
		}
		changed := store.ChangedFields(cur, next)
		locked := store.UnionFields(edited, slices.DeleteFunc(slices.Clone(fields), func(f string) bool { return f == store.FieldStatus }))
		out = next
		if len(changed) == 0 && len(locked) == len(edited) {
			return errUnchanged // nothing to write: the ETag stays
		}
		lockedJSON, err := marshalJSON(locked)
		if err != nil {
			return err
		}
		before := featureOf(&cur)
		after := featureOf(&next)
		if err := updateRow(ctx, tx, rid, &next, lockedJSON, after, formatTime(time.Now().UTC())); err != nil {
			return err
		}
		if !orb.Equal(cur.Geometry, next.Geometry) || !cur.EventDate.Equal(next.EventDate) {
			if err := putBound(ctx, tx, rid, next.Geometry, next.EventDate, true); err != nil {
				return err
			}
		}
		if fields == nil {
			fields = changed
		}
		wrote = true
		return addChange(ctx, tx, store.Change{IncidentID: id, At: time.Now().UTC(), By: by,
			Action: store.EditAction(cur, next), Fields: fields, Before: before, After: after})
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
		before_json, after_json FROM incident_history WHERE incident_id = ?1 ORDER BY seq`, id)
	if err != nil {
		return nil, fmt.Errorf("history %s: %w", id, err)
	}
	defer rows.Close()
	out := []store.Change{}
	for rows.Next() {
		var c store.Change
		var at, fields string
		var before, after []byte
		if err := rows.Scan(&c.Seq, &c.IncidentID, &at, &c.By, &c.Action, &c.ArticleID, &fields, &before, &after); err != nil {
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
		geom, ts, f, m.Status, editedJSON)
	return err
}

// addChange records one change in the incident's history.
func addChange(ctx context.Context, tx *sql.Tx, c store.Change) error {
	fields, err := marshalJSON(c.Fields)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO incident_history (incident_id, at, author, action, article_id, fields,
		before_json, after_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`,
		c.IncidentID, formatTime(c.At), c.By, c.Action, c.ArticleID, fields, blobOrNull(c.Before), blobOrNull(c.After))
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
