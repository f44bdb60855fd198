package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/internal/feature"
	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/internal/sourcelist"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// Ingest stores an article, its mentions and its incidents in one
// transaction (see store.Store). An incident whose id is already stored
// gains the article as a source and is combined with it by incident.Merge.
func (s *Store) Ingest(ctx context.Context, rec store.ArticleRecord) (store.IngestResult, error) {
	res := store.IngestResult{ArticleID: rec.Article.ID}
	if err := store.ValidateRecord(rec); err != nil {
		return res, fmt.Errorf("ingest %s: %w", rec.Article.ID, err)
	}
	if err := s.lockWrite(ctx); err != nil {
		return res, fmt.Errorf("ingest %s: %w", rec.Article.ID, err)
	}
	defer s.unlockWrite()
	res, err := s.ingest(ctx, rec)
	if err != nil {
		return store.IngestResult{ArticleID: rec.Article.ID}, fmt.Errorf("ingest %s: %w", rec.Article.ID, err)
	}
	if res.Created {
		s.compactor.Kick()
	}
	return res, nil
}

func (s *Store) ingest(ctx context.Context, rec store.ArticleRecord) (store.IngestResult, error) {
	res := store.IngestResult{ArticleID: rec.Article.ID}
	tx, err := s.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE: the DSN's _txlock
	if err != nil {
		return res, err
	}
	defer tx.Rollback()

	now := stamp()
	mentions, err := marshalJSON(rec.Mentions)
	if err != nil {
		return res, err
	}
	a := rec.Article
	r, err := tx.ExecContext(ctx, `INSERT INTO articles (id, title, body, url, published, source, ingested_at, mentions,
		canonical_url, byline)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (id) DO NOTHING`,
		a.ID, a.Title, a.Body, a.URL, formatTime(a.Published), a.Source, formatTime(now), mentions,
		rec.CanonicalURL, rec.Byline)
	if err != nil {
		return res, err
	}
	if n, err := r.RowsAffected(); err != nil {
		return res, err
	} else if n == 0 {
		return res, nil // already stored: change nothing
	}
	res.Created = true
	a = store.SourceArticle(rec)
	for ord := range rec.Incidents {
		if err := s.putIncident(ctx, tx, &rec.Incidents[ord], &a, ord, now, &res); err != nil {
			return res, fmt.Errorf("incident %s: %w", rec.Incidents[ord].ID, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE meta SET value = value + 1 WHERE key = 'version'`); err != nil {
		return res, err
	}
	return res, tx.Commit()
}

// putIncident inserts in, or merges it into the stored incident of the same
// id, and links it to the article; the row's sources and feature follow.
func (s *Store) putIncident(ctx context.Context, tx *sql.Tx, in *incident.Incident, a *incident.Article, ord int, now time.Time, res *store.IngestResult) error {
	src := sourcelist.Of(a)
	var rid int64
	var mergedInto string
	err := tx.QueryRowContext(ctx, `SELECT rid, merged_into FROM incidents WHERE id = ?1`, in.ID).Scan(&rid, &mergedInto)
	for hops := 0; err == nil && mergedInto != "" && hops < maxMergeHops; hops++ {
		// An analyst merged this incident into another: the article
		// reports that one.
		survivor := *in
		survivor.ID = mergedInto
		in = &survivor
		err = tx.QueryRowContext(ctx, `SELECT rid, merged_into FROM incidents WHERE id = ?1`, in.ID).Scan(&rid, &mergedInto)
	}
	var suggest []candidate
	if notFound(err) && s.matcher != nil {
		// No incident of this id: one near it in space and time may be
		// the same event as another article reported it.
		same, uncertain, cerr := s.candidates(ctx, tx, in, a.ID)
		if cerr != nil {
			return cerr
		}
		if same != nil {
			grouped := *in
			grouped.ID = same.In.ID
			in = &grouped
			rid, err = same.Key, nil
			res.Grouped++
		}
		suggest = uncertain
	}
	switch {
	case notFound(err):
		if err := insertIncident(ctx, tx, in, []incident.Source{src}, now); err != nil {
			return err
		}
		row := *in
		row.Sources, row.Updated = []incident.Source{src}, now
		if err := addChange(ctx, tx, store.Change{IncidentID: in.ID, At: now, By: store.ActorOf(ctx),
			Action: store.ActionExtract, ArticleID: a.ID, After: feature.Append(nil, &row)}); err != nil {
			return err
		}
		res.NewIncidents++
		for _, c := range suggest {
			r, err := tx.ExecContext(ctx, `INSERT INTO merge_suggestions (incident_id, other_id, score, reason, created_at)
				VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING`, in.ID, c.In.ID, c.M.Score, c.M.Reason, formatTime(now))
			if err != nil {
				return err
			}
			if n, _ := r.RowsAffected(); n > 0 {
				res.Suggested++
			}
		}
	case err != nil:
		return err
	}
	r, err := tx.ExecContext(ctx, `INSERT INTO incident_sources (incident_id, article_id, ord, url, title, published, source)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING`,
		in.ID, a.ID, ord, a.URL, a.Title, formatTime(a.Published), a.Source)
	if err != nil {
		return err
	}
	if rid == 0 {
		return nil
	}
	n, err := r.RowsAffected()
	if err != nil {
		return err
	}
	if n > 0 {
		res.MergedIncidents++
	}
	return mergeIncident(ctx, tx, rid, in, src, n > 0, now, a.ID)
}

// insertIncident writes a new incident with its sources, changed at now.
func insertIncident(ctx context.Context, tx *sql.Tx, in *incident.Incident, srcs []incident.Source, now time.Time) error {
	ts := formatTime(now)
	geom, err := wkb.Marshal(in.Geometry)
	if err != nil {
		return err
	}
	assoc, err := marshalJSON(in.AssocActors)
	if err != nil {
		return err
	}
	row := *in
	row.Sources, row.Updated = srcs, now
	feature := feature.Append(nil, &row)
	sources := sourcelist.AppendJSON(nil, row.Sources)
	var rid int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO incidents (id, event_date, time_precision, event_type, sub_event_type,
		actor1, actor2, assoc_actors, location, place_id, country_code, admin1, geo_precision, fatalities, injuries,
		notes, confidence, lat, lon, geom, created_at, updated_at, sources, feature)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?21, ?22, ?23)
		RETURNING rid`,
		in.ID, in.EventDate.UTC().Format(time.DateOnly), in.TimePrecision, in.EventType, in.SubEventType,
		in.Actor1, in.Actor2, assoc, in.Location, in.PlaceID, in.CountryCode, in.Admin1, in.GeoPrecision,
		nullInt(in.Fatalities), nullInt(in.Injuries), in.Notes, in.Confidence, in.Point.Lat(), in.Point.Lon(),
		geom, ts, string(sources), feature).Scan(&rid); err != nil {
		return err
	}
	return putBound(ctx, tx, rid, in.Geometry, in.EventDate, false)
}

// mergeIncident combines in with the stored incident rid by incident.Merge,
// keeping the fields analysts set (store.KeepEdited), adding src to its
// sources when the article is new to it, and records the change.
func mergeIncident(ctx context.Context, tx *sql.Tx, rid int64, in *incident.Incident, src incident.Source, newSource bool, now time.Time, articleID string) error {
	ts := formatTime(now)
	var editedJSON string
	rows, err := tx.QueryContext(ctx, `SELECT i.edited, `+columns+` FROM incidents i WHERE i.rid = ?1`, rid)
	if err != nil {
		return err
	}
	if !rows.Next() {
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		return errNoRows
	}
	old, err := scanOne(rows, &editedJSON)
	rows.Close()
	if err != nil {
		return err
	}
	edited, err := parseFields(editedJSON)
	if err != nil {
		return err
	}
	m := store.KeepEdited(incident.Merge(old, *in), old, edited)
	m.Sources = old.Sources
	if newSource {
		m.Sources = sourcelist.Add(m.Sources, src)
	}
	before := featureOf(&old)
	if bytes.Equal(before, featureOf(&m)) {
		return nil // nothing new: the row and its updated time stay
	}
	m.Updated = now
	geom, err := wkb.Marshal(m.Geometry)
	if err != nil {
		return err
	}
	assoc, err := marshalJSON(m.AssocActors)
	if err != nil {
		return err
	}
	feature := feature.Append(nil, &m)
	sources := sourcelist.AppendJSON(nil, m.Sources)
	if _, err := tx.ExecContext(ctx, `UPDATE incidents SET event_date = ?2, time_precision = ?3, event_type = ?4,
		sub_event_type = ?5, actor1 = ?6, actor2 = ?7, assoc_actors = ?8, location = ?9, place_id = ?10,
		country_code = ?11, admin1 = ?12, geo_precision = ?13, fatalities = ?14, injuries = ?15, notes = ?16,
		confidence = ?17, lat = ?18, lon = ?19, geom = ?20, updated_at = ?21, sources = ?22, feature = ?23 WHERE rid = ?1`,
		rid, m.EventDate.UTC().Format(time.DateOnly), m.TimePrecision, m.EventType, m.SubEventType,
		m.Actor1, m.Actor2, assoc, m.Location, m.PlaceID, m.CountryCode, m.Admin1, m.GeoPrecision,
		nullInt(m.Fatalities), nullInt(m.Injuries), m.Notes, m.Confidence, m.Point.Lat(), m.Point.Lon(),
		geom, ts, string(sources), feature); err != nil {
		return err
	}
	fields := store.ChangedFields(old, m)
	if newSource {
		fields = append(fields, "sources")
	}
	if err := addChange(ctx, tx, store.Change{IncidentID: m.ID, At: now, By: store.ActorOf(ctx),
		Action: store.ActionIngest, ArticleID: articleID, Fields: fields, Before: before, After: feature}); err != nil {
		return err
	}
	if !orb.Equal(old.Geometry, m.Geometry) || !old.EventDate.Equal(m.EventDate) {
		return putBound(ctx, tx, rid, m.Geometry, m.EventDate, true)
	}
	return nil
}

// putBound writes the R*Tree entries of incident rid: its box, and its box
// and event day.
func putBound(ctx context.Context, tx *sql.Tx, rid int64, g orb.Geometry, date time.Time, replace bool) error {
	b := g.Bound()
	verb := "INSERT"
	if replace {
		verb = "INSERT OR REPLACE"
	}
	if _, err := tx.ExecContext(ctx, verb+` INTO incidents_rtree (id, minx, maxx, miny, maxy) VALUES (?1, ?2, ?3, ?4, ?5)`,
		rid, b.Min[0], b.Max[0], b.Min[1], b.Max[1]); err != nil {
		return err
	}
	d := dayNumber(date)
	_, err := tx.ExecContext(ctx, verb+` INTO incidents_st (id, minx, maxx, miny, maxy, mint, maxt) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)`,
		rid, b.Min[0], b.Max[0], b.Min[1], b.Max[1], d)
	return err
}

// dayNumber is t's day counted from 1970-01-01, the R*Tree's time axis.
func dayNumber(t time.Time) int64 {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400
}

func nullInt(p *int) any {
	if p == nil {
		return nil
	}
	return int64(*p)
}

// timeLayout is RFC 3339 in UTC with a fixed-width fraction, so stored
// times sort as text in time order.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// stamp is the time a write records: now, to the microsecond both stores
// keep, so an incident's updated time reads the same from either.
func stamp() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// marshalJSON encodes v without HTML escaping, "[]" for an empty slice, so
// LIKE searches see names as written.
func marshalJSON(v any) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	out := bytes.TrimSpace(b.Bytes())
	if string(out) == "null" {
		return "[]", nil
	}
	return string(out), nil
}
