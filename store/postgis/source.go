package postgis

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/incidentmap/incidentmap/store"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

var _ store.Sources = (*Store)(nil)

const sourceColumns = `id, url, name, interval_s, paused, created, coalesce(last_success, '-infinity'), last_error,
	coalesce(last_error_at, '-infinity'), items_seen, items_new, total_new, next_poll, failures, etag, last_modified,
	claimed_by, claimed_until`

// pgTime maps PostgreSQL's -infinity (never) to the zero time.
type pgTime struct{ t *time.Time }

func (p pgTime) ScanTimestamptz(v pgtype.Timestamptz) error {
	if v.Valid && v.InfinityModifier == pgtype.Finite {
		*p.t = v.Time.UTC()
	} else {
		*p.t = time.Time{}
	}
	return nil
}

func scanSource(r pgx.Row) (store.Source, error) {
	var s store.Source
	var interval int64
	err := r.Scan(&s.ID, &s.URL, &s.Name, &interval, &s.Paused, pgTime{&s.Created}, pgTime{&s.LastSuccess}, &s.LastError,
		pgTime{&s.LastErrorAt}, &s.ItemsSeen, &s.ItemsNew, &s.TotalNew, pgTime{&s.NextPoll}, &s.Failures, &s.ETag,
		&s.LastModified, &s.ClaimedBy, pgTime{&s.ClaimedUntil})
	s.Interval = time.Duration(interval) * time.Second
	return s, err
}

// AddSource registers a source, due at once.
func (s *Store) AddSource(ctx context.Context, src store.Source) (store.Source, error) {
	if src.Interval <= 0 {
		src.Interval = store.DefaultSourceInterval
	}
	now := time.Now().UTC()
	out, err := scanSource(s.pool.QueryRow(ctx, `INSERT INTO sources (url, name, interval_s, paused, created, next_poll)
		VALUES ($1, $2, $3, $4, $5, $5) RETURNING `+sourceColumns,
		src.URL, src.Name, int64(src.Interval/time.Second), src.Paused, now))
	if err != nil {
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "23505" {
			return store.Source{}, fmt.Errorf("add source %s: %w", src.URL, store.ErrSourceExists)
		}
		return store.Source{}, fmt.Errorf("add source %s: %w", src.URL, mapErr(err))
	}
	return out, nil
}

// Source returns one source.
func (s *Store) Source(ctx context.Context, id int64) (store.Source, error) {
	out, err := scanSource(s.pool.QueryRow(ctx, `SELECT `+sourceColumns+` FROM sources WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Source{}, fmt.Errorf("source %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return store.Source{}, fmt.Errorf("source %d: %w", id, mapErr(err))
	}
	return out, nil
}

// ListSources returns every source by id.
func (s *Store) ListSources(ctx context.Context) ([]store.Source, error) {
	return s.querySources(ctx, "list sources", `SELECT `+sourceColumns+` FROM sources ORDER BY id`)
}

func (s *Store) querySources(ctx context.Context, op, sql string, args ...any) ([]store.Source, error) {
	rows, err := s.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, mapErr(err))
	}
	defer rows.Close()
	var out []store.Source
	for rows.Next() {
		src, err := scanSource(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, mapErr(err))
		}
		out = append(out, src)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", op, mapErr(err))
	}
	return out, nil
}

// SetSourcePaused pauses or resumes a source.
func (s *Store) SetSourcePaused(ctx context.Context, id int64, paused bool) (store.Source, error) {
	out, err := scanSource(s.pool.QueryRow(ctx, `UPDATE sources SET paused = $2 WHERE id = $1 RETURNING `+sourceColumns, id, paused))
	if errors.Is(err, pgx.ErrNoRows) {
		return store.Source{}, fmt.Errorf("pause source %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return store.Source{}, fmt.Errorf("pause source %d: %w", id, mapErr(err))
	}
	return out, nil
}

// RemoveSource deletes a source; the items it brought stay seen.
func (s *Store) RemoveSource(ctx context.Context, id int64) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM sources WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("remove source %d: %w", id, mapErr(err))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("remove source %d: %w", id, store.ErrNotFound)
	}
	return nil
}

// ClaimSources leases due sources in one UPDATE; SKIP LOCKED lets
// replicas claiming at once take different sources instead of waiting.
func (s *Store) ClaimSources(ctx context.Context, by string, now time.Time, lease time.Duration, n int) ([]store.Source, error) {
	return s.querySources(ctx, "claim sources", `UPDATE sources SET claimed_by = $1, claimed_until = $2
		WHERE id IN (SELECT id FROM sources WHERE NOT paused AND next_poll <= $3 AND claimed_until <= $3
			ORDER BY next_poll, id LIMIT $4 FOR UPDATE SKIP LOCKED)
		RETURNING `+sourceColumns, by, now.Add(lease), now, n)
}

// RecordPoll stores a poll's outcome and ends the lease by holds.
func (s *Store) RecordPoll(ctx context.Context, id int64, by string, p store.PollResult) error {
	var err error
	if p.Err != "" {
		_, err = s.pool.Exec(ctx, `UPDATE sources SET last_error = $2, last_error_at = $3, failures = failures + 1,
			next_poll = $4, claimed_by = '', claimed_until = '-infinity' WHERE id = $1 AND claimed_by = $5`,
			id, p.Err, p.At, p.NextPoll, by)
	} else {
		_, err = s.pool.Exec(ctx, `UPDATE sources SET last_success = $2, items_seen = $3, items_new = $4::integer,
			total_new = total_new + $4::integer, failures = 0, next_poll = $5,
			etag = CASE WHEN $6::text = '' AND $7::text = '' THEN etag ELSE $6 END,
			last_modified = CASE WHEN $6 = '' AND $7 = '' THEN last_modified ELSE $7 END,
			name = CASE WHEN name = '' THEN $9::text ELSE name END,
			claimed_by = '', claimed_until = '-infinity' WHERE id = $1 AND claimed_by = $8`,
			id, p.At, p.ItemsSeen, p.ItemsNew, p.NextPoll, p.ETag, p.LastModified, by, p.Title)
	}
	if err != nil {
		return fmt.Errorf("record poll %d: %w", id, mapErr(err))
	}
	return nil
}

// SeenItem finds the article stored for the first of keys seen.
func (s *Store) SeenItem(ctx context.Context, keys []string) (string, bool, error) {
	var id string
	err := s.pool.QueryRow(ctx, `SELECT f.article_id FROM unnest($1::text[]) WITH ORDINALITY AS k(key, n)
		JOIN feed_items f ON f.key = k.key ORDER BY k.n LIMIT 1`, keys).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("seen item: %w", mapErr(err))
	}
	return id, true, nil
}

// MarkItems records keys as seen; keys seen already keep their article.
func (s *Store) MarkItems(ctx context.Context, sourceID int64, articleID string, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO feed_items (key, article_id, source_id)
		SELECT k, $2, $3 FROM unnest($1::text[]) AS k ON CONFLICT (key) DO NOTHING`, keys, articleID, sourceID)
	if err != nil {
		return fmt.Errorf("mark items: %w", mapErr(err))
	}
	return nil
}
