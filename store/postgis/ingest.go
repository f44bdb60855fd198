package postgis

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/internal/feature"
	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/internal/sourcelist"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/paulmach/orb/encoding/wkb"
)

// Ingest stores an article, its mentions and its incidents in one
// transaction (see store.Store). An incident whose id is already stored
// gains the article as a source and is combined with it by incident.Merge.
// Incidents are written in id order so concurrent ingests sharing
// incidents lock rows in one order; a deadlock or serialization failure
// is retried.
func (s *Store) Ingest(ctx context.Context, rec store.ArticleRecord) (store.IngestResult, error) {
	if err := store.ValidateRecord(rec); err != nil {
		return store.IngestResult{ArticleID: rec.Article.ID}, fmt.Errorf("ingest %s: %w", rec.Article.ID, err)
	}
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		var res store.IngestResult
		res, err = s.ingest(ctx, rec)
		if err == nil {
			if res.Created {
				s.compactor.Kick()
			}
			return res, nil
		}
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || (pgErr.Code != "40P01" && pgErr.Code != "40001") {
			break
		}
	}
	return store.IngestResult{ArticleID: rec.Article.ID}, fmt.Errorf("ingest %s: %w", rec.Article.ID, mapErr(err))
}

func (s *Store) ingest(ctx context.Context, rec store.ArticleRecord) (store.IngestResult, error) {
	res := store.IngestResult{ArticleID: rec.Article.ID}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return res, err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))

	mentions, err := json.Marshal(rec.Mentions)
	if err != nil {
		return res, err
	}
	if rec.Mentions == nil {
		mentions = []byte("[]")
	}
	a := rec.Article
	tag, err := tx.Exec(ctx, `INSERT INTO articles (id, title, body, url, published, source, ingested_at, mentions,
		canonical_url, byline)
		VALUES ($1, $2, $3, $4, $5, $6, now(), $7::jsonb, $8, $9) ON CONFLICT (id) DO NOTHING`,
		a.ID, a.Title, a.Body, a.URL, nullTime(a.Published), a.Source, string(mentions), rec.CanonicalURL, rec.Byline)
	if err != nil {
		return res, err
	}
	if tag.RowsAffected() == 0 {
		return res, nil // already stored: change nothing
	}
	res.Created = true
	a = store.SourceArticle(rec)
	order := make([]int, len(rec.Incidents))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int {
		return cmpString(rec.Incidents[x].ID, rec.Incidents[y].ID)
	})
	now := stamp()
	for _, ord := range order {
		if err := s.putIncident(ctx, tx, &rec.Incidents[ord], &a, ord, now, &res); err != nil {
			return res, fmt.Errorf("incident %s: %w", rec.Incidents[ord].ID, err)
		}
	}
	if _, err := tx.Exec(ctx, `UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'version'`); err != nil {
		return res, err
	}
	return res, tx.Commit(ctx)
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// putIncident inserts in, or merges it into the stored incident of the same
// id, and links it to the article; the row's sources and feature follow.
func (s *Store) putIncident(ctx context.Context, tx pgx.Tx, in *incident.Incident, a *incident.Article, ord int, now time.Time, res *store.IngestResult) error {
	in, suggest, err := s.target(ctx, tx, in, a.ID, res)
	if err != nil {
		return err
	}
	geom, err := wkb.Marshal(in.Geometry)
	if err != nil {
		return err
	}
	src := sourcelist.Of(a)
	row := *in
	row.Sources, row.Updated = []incident.Source{src}, now
	feature := feature.Append(nil, &row)
	sources := sourcelist.AppendJSON(nil, row.Sources)
	var inserted bool
	err = tx.QueryRow(ctx, `INSERT INTO incidents (id, event_date, time_precision, event_type, sub_event_type,
		actor1, actor2, assoc_actors, location, place_id, country_code, admin1, geo_precision, fatalities, injuries,
		notes, confidence, lat, lon, geom, created_at, updated_at, sources, feature)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
			ST_GeomFromWKB($20, 4326), $23, $23, $21, $22)
		ON CONFLICT (id) DO NOTHING RETURNING true`,
		in.ID, dateOf(in.EventDate), in.TimePrecision, in.EventType, in.SubEventType,
		in.Actor1, in.Actor2, actors(in.AssocActors), in.Location, in.PlaceID, in.CountryCode, in.Admin1, in.GeoPrecision,
		in.Fatalities, in.Injuries, in.Notes, in.Confidence, in.Point.Lat(), in.Point.Lon(), geom,
		string(sources), string(feature), now).Scan(&inserted)
	if err == nil {
		if _, err := tx.Exec(ctx, `INSERT INTO incident_sources (incident_id, article_id, ord) VALUES ($1, $2, $3)`,
			in.ID, a.ID, ord); err != nil {
			return err
		}
		res.NewIncidents++
		for _, c := range suggest {
			tag, err := tx.Exec(ctx, `INSERT INTO merge_suggestions (incident_id, other_id, score, reason, created_at)
				VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`, in.ID, c.In.ID, c.M.Score, c.M.Reason, now)
			if err != nil {
				return err
			}
			res.Suggested += int(tag.RowsAffected())
		}
		return addChange(ctx, tx, store.Change{IncidentID: in.ID, At: now, By: store.ActorOf(ctx),
			Action: store.ActionExtract, ArticleID: a.ID, After: feature})
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	// Stored already: lock the row before linking the article, whose
	// foreign key check would otherwise take a weaker lock first and let
	// two merging ingests deadlock on the upgrade.
	old, err := lockIncident(ctx, tx, in.ID)
	if err != nil {
		return err
	}
	var edited []string
	if err := tx.QueryRow(ctx, `SELECT edited FROM incidents WHERE id = $1`, in.ID).Scan(&edited); err != nil {
		return err
	}
	tag, err := tx.Exec(ctx, `INSERT INTO incident_sources (incident_id, article_id, ord) VALUES ($1, $2, $3)
		ON CONFLICT DO NOTHING`, in.ID, a.ID, ord)
	if err != nil {
		return err
	}
	if tag.RowsAffected() > 0 {
		res.MergedIncidents++
	}
	return mergeIncident(ctx, tx, old, edited, in, src, tag.RowsAffected() > 0, a.ID, now)
}

// target is the incident an article's report in goes to: in itself,
// the survivor an analyst merged its id into, or, for a new id, a stored
// incident the matcher found to be the same event (counted in res.Grouped).
// suggest are the stored incidents the matcher was unsure of.
func (s *Store) target(ctx context.Context, tx pgx.Tx, in *incident.Incident, articleID string, res *store.IngestResult) (*incident.Incident, []candidate, error) {
	var suggest []candidate
	for hops := 0; hops < maxMergeHops; hops++ {
		// An analyst may have merged this incident into another: the
		// article then reports that one. The lock waits out a merge in
		// progress, so the pointer read is the committed one.
		var into string
		err := tx.QueryRow(ctx, `SELECT merged_into FROM incidents WHERE id = $1 FOR UPDATE`, in.ID).Scan(&into)
		if errors.Is(err, pgx.ErrNoRows) && s.matcher != nil {
			// No incident of this id: one near it in space and time may
			// be the same event as another article reported it.
			same, uncertain, err := s.candidates(ctx, tx, in, articleID)
			if err != nil {
				return nil, nil, err
			}
			if same != nil {
				grouped := *in
				grouped.ID = same.In.ID
				in = &grouped
				res.Grouped++
			}
			suggest = uncertain
			break
		}
		if errors.Is(err, pgx.ErrNoRows) || (err == nil && into == "") {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		survivor := *in
		survivor.ID = into
		in = &survivor
	}
	return in, suggest, nil
}

// lockIncident reads the stored incident id, locked for the rest of the
// transaction.
func lockIncident(ctx context.Context, tx pgx.Tx, id string) (incident.Incident, error) {
	rows, err := tx.Query(ctx, `SELECT `+columns+`, i.sources FROM incidents i WHERE i.id = $1 FOR UPDATE`, id)
	if err != nil {
		return incident.Incident{}, err
	}
	var old incident.Incident
	found := false
	for rows.Next() {
		if old, err = scanRow(rows); err != nil {
			rows.Close()
			return old, err
		}
		found = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return old, err
	}
	if !found {
		return old, fmt.Errorf("merge: %w", store.ErrNotFound)
	}
	return old, nil
}

// mergeIncident combines in with the stored incident old by incident.Merge,
// keeping the fields analysts set (edited, see store.KeepEdited), adding
// src to its sources when the article is new to it, and records the change.
func mergeIncident(ctx context.Context, tx pgx.Tx, old incident.Incident, edited []string, in *incident.Incident,
	src incident.Source, newSource bool, articleID string, now time.Time) error {
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
	feature := feature.Append(nil, &m)
	sources := sourcelist.AppendJSON(nil, m.Sources)
	_, err = tx.Exec(ctx, `UPDATE incidents SET event_date = $2, time_precision = $3, event_type = $4,
		sub_event_type = $5, actor1 = $6, actor2 = $7, assoc_actors = $8, location = $9, place_id = $10,
		country_code = $11, admin1 = $12, geo_precision = $13, fatalities = $14, injuries = $15, notes = $16,
		confidence = $17, lat = $18, lon = $19, geom = ST_GeomFromWKB($20, 4326), updated_at = $23,
		sources = $21, feature = $22 WHERE id = $1`,
		m.ID, dateOf(m.EventDate), m.TimePrecision, m.EventType, m.SubEventType,
		m.Actor1, m.Actor2, actors(m.AssocActors), m.Location, m.PlaceID, m.CountryCode, m.Admin1, m.GeoPrecision,
		m.Fatalities, m.Injuries, m.Notes, m.Confidence, m.Point.Lat(), m.Point.Lon(), geom,
		string(sources), string(feature), now)
	if err != nil {
		return err
	}
	fields := store.ChangedFields(old, m)
	if newSource {
		fields = append(fields, "sources")
	}
	return addChange(ctx, tx, store.Change{IncidentID: m.ID, At: now, By: store.ActorOf(ctx),
		Action: store.ActionIngest, ArticleID: articleID, Fields: fields, Before: before, After: feature})
}

// stamp is the time a write records: now, to the microsecond PostgreSQL
// keeps, so an incident's updated time in its Feature is the column's.
func stamp() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// dateOf is t's calendar day in UTC, as the date column holds it.
func dateOf(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func actors(a []string) []string {
	if a == nil {
		return []string{}
	}
	return a
}
