package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/internal/alertrow"
)

var _ store.Sources = (*Store)(nil)

const sourceColumns = `id, url, name, interval_s, paused, created, last_success, last_error, last_error_at,
	items_seen, items_new, total_new, next_poll, failures, etag, last_modified, claimed_by, claimed_until`

// ms is a time as the feed and alert tables keep it: alertrow.Millis.
func ms(t time.Time) int64 { return alertrow.Millis(t) }

// fromMS is the inverse of ms.
func fromMS(v int64) time.Time { return alertrow.FromMillis(v) }

type rowScanner interface{ Scan(dest ...any) error }

func scanSource(r rowScanner) (store.Source, error) {
	var s store.Source
	var interval, created, lastSuccess, lastErrorAt, nextPoll, claimedUntil int64
	err := r.Scan(&s.ID, &s.URL, &s.Name, &interval, &s.Paused, &created, &lastSuccess, &s.LastError, &lastErrorAt,
		&s.ItemsSeen, &s.ItemsNew, &s.TotalNew, &nextPoll, &s.Failures, &s.ETag, &s.LastModified, &s.ClaimedBy, &claimedUntil)
	if err != nil {
		return s, err
	}
	s.Interval = time.Duration(interval) * time.Second
	s.Created, s.LastSuccess, s.LastErrorAt = fromMS(created), fromMS(lastSuccess), fromMS(lastErrorAt)
	s.NextPoll, s.ClaimedUntil = fromMS(nextPoll), fromMS(claimedUntil)
	return s, nil
}

// AddSource registers a source, due at once.
func (s *Store) AddSource(ctx context.Context, src store.Source) (store.Source, error) {
	if src.Interval <= 0 {
		src.Interval = store.DefaultSourceInterval
	}
	if err := s.lockWrite(ctx); err != nil {
		return store.Source{}, fmt.Errorf("add source: %w", err)
	}
	defer s.unlockWrite()
	now := time.Now().UTC()
	row := s.db.QueryRowContext(ctx, `INSERT INTO sources (url, name, interval_s, paused, created, next_poll)
		VALUES (?1, ?2, ?3, ?4, ?5, ?5) RETURNING `+sourceColumns,
		src.URL, src.Name, int64(src.Interval/time.Second), src.Paused, ms(now))
	out, err := scanSource(row)
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE constraint failed") {
			return store.Source{}, fmt.Errorf("add source %s: %w", src.URL, store.ErrSourceExists)
		}
		return store.Source{}, fmt.Errorf("add source %s: %w", src.URL, err)
	}
	return out, nil
}

// Source returns one source.
func (s *Store) Source(ctx context.Context, id int64) (store.Source, error) {
	out, err := scanSource(s.db.QueryRowContext(ctx, `SELECT `+sourceColumns+` FROM sources WHERE id = ?1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return store.Source{}, fmt.Errorf("source %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return store.Source{}, fmt.Errorf("source %d: %w", id, err)
	}
	return out, nil
}

// ListSources returns every source by id.
func (s *Store) ListSources(ctx context.Context) ([]store.Source, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+sourceColumns+` FROM sources ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	return collectSources(rows, "list sources")
}

func collectSources(rows *sql.Rows, op string) ([]store.Source, error) {
	defer rows.Close()
	var out []store.Source
	for rows.Next() {
		src, err := scanSource(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		out = append(out, src)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return out, nil
}

// SetSourcePaused pauses or resumes a source.
func (s *Store) SetSourcePaused(ctx context.Context, id int64, paused bool) (store.Source, error) {
	if err := s.lockWrite(ctx); err != nil {
		return store.Source{}, fmt.Errorf("pause source %d: %w", id, err)
	}
	defer s.unlockWrite()
	out, err := scanSource(s.db.QueryRowContext(ctx, `UPDATE sources SET paused = ?2 WHERE id = ?1 RETURNING `+sourceColumns, id, paused))
	if errors.Is(err, sql.ErrNoRows) {
		return store.Source{}, fmt.Errorf("pause source %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return store.Source{}, fmt.Errorf("pause source %d: %w", id, err)
	}
	return out, nil
}

// RemoveSource deletes a source; the items it brought stay seen.
func (s *Store) RemoveSource(ctx context.Context, id int64) error {
	if err := s.lockWrite(ctx); err != nil {
		return fmt.Errorf("remove source %d: %w", id, err)
	}
	defer s.unlockWrite()
	res, err := s.db.ExecContext(ctx, `DELETE FROM sources WHERE id = ?1`, id)
	if err != nil {
		return fmt.Errorf("remove source %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("remove source %d: %w", id, store.ErrNotFound)
	}
	return nil
}

// ClaimSources leases due sources in one UPDATE ... RETURNING.
func (s *Store) ClaimSources(ctx context.Context, by string, now time.Time, lease time.Duration, n int) ([]store.Source, error) {
	if err := s.lockWrite(ctx); err != nil {
		return nil, fmt.Errorf("claim sources: %w", err)
	}
	defer s.unlockWrite()
	rows, err := s.db.QueryContext(ctx, `UPDATE sources SET claimed_by = ?1, claimed_until = ?2
		WHERE id IN (SELECT id FROM sources WHERE paused = 0 AND next_poll <= ?3 AND claimed_until <= ?3
			ORDER BY next_poll, id LIMIT ?4)
		RETURNING `+sourceColumns, by, ms(now.Add(lease)), ms(now), n)
	if err != nil {
		return nil, fmt.Errorf("claim sources: %w", err)
	}
	return collectSources(rows, "claim sources")
}

// RecordPoll stores a poll's outcome and ends the lease by holds.
func (s *Store) RecordPoll(ctx context.Context, id int64, by string, p store.PollResult) error {
	if err := s.lockWrite(ctx); err != nil {
		return fmt.Errorf("record poll %d: %w", id, err)
	}
	defer s.unlockWrite()
	var err error
	if p.Err != "" {
		_, err = s.db.ExecContext(ctx, `UPDATE sources SET last_error = ?2, last_error_at = ?3, failures = failures + 1,
			next_poll = ?4, claimed_by = '', claimed_until = 0 WHERE id = ?1 AND claimed_by = ?5`,
			id, p.Err, ms(p.At), ms(p.NextPoll), by)
	} else {
		_, err = s.db.ExecContext(ctx, `UPDATE sources SET last_success = ?2, items_seen = ?3, items_new = ?4,
			total_new = total_new + ?4, failures = 0, next_poll = ?5,
			etag = CASE WHEN ?6 = '' AND ?7 = '' THEN etag ELSE ?6 END,
			last_modified = CASE WHEN ?6 = '' AND ?7 = '' THEN last_modified ELSE ?7 END,
			name = CASE WHEN name = '' THEN ?9 ELSE name END,
			claimed_by = '', claimed_until = 0 WHERE id = ?1 AND claimed_by = ?8`,
			id, ms(p.At), p.ItemsSeen, p.ItemsNew, ms(p.NextPoll), p.ETag, p.LastModified, by, p.Title)
	}
	if err != nil {
		return fmt.Errorf("record poll %d: %w", id, err)
	}
	return nil
}

// SeenItem finds the article stored for any of keys.
func (s *Store) SeenItem(ctx context.Context, keys []string) (string, bool, error) {
	for _, k := range keys {
		var id string
		err := s.db.QueryRowContext(ctx, `SELECT article_id FROM feed_items WHERE key = ?1`, k).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return "", false, fmt.Errorf("seen item: %w", err)
		}
		return id, true, nil
	}
	return "", false, nil
}

// MarkItems records keys as seen; keys seen already keep their article.
func (s *Store) MarkItems(ctx context.Context, sourceID int64, articleID string, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	if err := s.lockWrite(ctx); err != nil {
		return fmt.Errorf("mark items: %w", err)
	}
	defer s.unlockWrite()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("mark items: %w", err)
	}
	defer tx.Rollback()
	now := ms(time.Now())
	for _, k := range keys {
		if _, err := tx.ExecContext(ctx, `INSERT INTO feed_items (key, article_id, source_id, seen_at) VALUES (?1, ?2, ?3, ?4)
			ON CONFLICT (key) DO NOTHING`, k, articleID, sourceID, now); err != nil {
			return fmt.Errorf("mark items: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("mark items: %w", err)
	}
	return nil
}
