package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/internal/featureblock"
	"github.com/incidentmap/incidentmap/store/internal/stream"
)

// Feature blocks (schema version 4) hold each event day's Features ready
// to copy, so a full export reads about one row per day, not per incident.

// compactDays is how many days one compaction transaction rebuilds.
const compactDays = 16

// streamBlocks is StreamGeoJSON for a featureblock.WholeDays q. One read transaction
// is one snapshot: the clean days' blocks and the dirty days' rows agree.
func (s *Store) streamBlocks(ctx context.Context, q store.Query, fn func(store.Cursor, []byte) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Days >= lo and <= hi, both inclusive: an exclusive bound would be the
	// day after hi, which for 9999-12-31 (what clients send for "no end")
	// is "10000-01-01" and sorts as text before every stored day.
	lo, hi := "", "9999-12-31"
	if q.From != nil {
		lo = q.From.UTC().Format(time.DateOnly)
	}
	if q.To != nil {
		hi = min(hi, q.To.UTC().Format(time.DateOnly))
	}
	var dirty []string
	rows, err := tx.QueryContext(ctx, `SELECT day FROM feature_blocks_dirty WHERE day >= ?1 AND day <= ?2 ORDER BY day DESC`, lo, hi)
	if err != nil {
		return err
	}
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			rows.Close()
			return err
		}
		dirty = append(dirty, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	call := func(c store.Cursor, f []byte) error { return stream.FromCaller(fn(c, f)) }
	for _, d := range dirty {
		if err := s.blocks(ctx, tx, d, hi, call); err != nil {
			return err
		}
		if err := s.dayRows(ctx, tx, d, call); err != nil {
			return err
		}
		hi = dayBefore(d)
	}
	// Blocks from lo on: ">= lo" is "> the day before lo".
	if err := s.blocks(ctx, tx, dayBefore(lo), hi, call); err != nil {
		return err
	}
	return tx.Commit()
}

func dayBefore(d string) string {
	if d == "" {
		return ""
	}
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return ""
	}
	return t.AddDate(0, 0, -1).Format(time.DateOnly)
}

// blocks hands on the Features of the blocks of days after lo and up to
// hi (inclusive), newest day first, each day's in id order.
func (s *Store) blocks(ctx context.Context, tx *sql.Tx, lo, hi string, fn func(store.Cursor, []byte) error) error {
	if lo >= hi {
		return nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT day, body FROM feature_blocks WHERE day > ?1 AND day <= ?2
		ORDER BY day DESC, seq`, lo, hi)
	if err != nil {
		return err
	}
	defer rows.Close()
	var (
		day, lastDay sql.RawBytes
		block        sql.RawBytes
		d            time.Time
		br           featureblock.Reader
	)
	for rows.Next() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := rows.Scan(&day, &block); err != nil {
			return err
		}
		if !bytes.Equal(day, lastDay) {
			if d, err = time.Parse(time.DateOnly, string(day)); err != nil {
				return fmt.Errorf("feature block %s: %w", day, err)
			}
			lastDay = append(lastDay[:0], day...)
		}
		if err := br.Each(d, block, fn); err != nil {
			return err
		}
	}
	return rows.Err()
}

// dayRows hands on the Features of one day's incidents, in id order.
func (s *Store) dayRows(ctx context.Context, tx *sql.Tx, day string, fn func(store.Cursor, []byte) error) error {
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return fmt.Errorf("dirty day %q: %w", day, err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT i.id, i.feature FROM incidents i INDEXED BY incidents_date_feature
		WHERE i.event_date = ?1 AND i.id NOT IN (`+hiddenIDs+`) ORDER BY i.event_date DESC, i.id`, day)
	if err != nil {
		return err
	}
	defer rows.Close()
	var (
		id      string
		feature sql.RawBytes
	)
	for rows.Next() {
		if err := rows.Scan(&id, &feature); err != nil {
			return err
		}
		if err := fn(store.Cursor{EventDate: d, ID: id}, feature); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Compact rebuilds the feature blocks of every day changed since the last
// compaction. The store runs it in the background after writes; tools
// that load many incidents at once call it when they finish.
func (s *Store) Compact(ctx context.Context) error {
	for {
		n, err := s.compactSome(ctx)
		if err != nil {
			return fmt.Errorf("compact feature blocks: %w", err)
		}
		if n < compactDays {
			return nil
		}
	}
}

// compactSome rebuilds up to compactDays dirty days in one transaction.
// A day with a feature not yet backfilled stays dirty.
func (s *Store) compactSome(ctx context.Context) (int, error) {
	if err := s.lockWrite(ctx); err != nil {
		return 0, err
	}
	defer s.unlockWrite()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT d.day FROM feature_blocks_dirty d
		WHERE NOT EXISTS (SELECT 1 FROM incidents i WHERE i.event_date = d.day AND i.feature IS NULL)
		ORDER BY d.day DESC LIMIT ?1`, compactDays)
	if err != nil {
		return 0, err
	}
	var days []string
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			rows.Close()
			return 0, err
		}
		days = append(days, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, d := range days {
		if err := rebuildDay(ctx, tx, d); err != nil {
			return 0, fmt.Errorf("day %s: %w", d, err)
		}
	}
	return len(days), tx.Commit()
}

// rebuildDay replaces day's blocks with its incidents' Features and marks
// it clean, reading a block's worth of incidents at a time.
func rebuildDay(ctx context.Context, tx *sql.Tx, day string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM feature_blocks WHERE day = ?1`, day); err != nil {
		return err
	}
	var b featureblock.Builder
	after := ""
	for seq := 0; ; seq++ {
		rows, err := tx.QueryContext(ctx, `SELECT i.id, i.feature FROM incidents i INDEXED BY incidents_date_feature
			WHERE i.event_date = ?1 AND i.id > ?2 AND i.id NOT IN (`+hiddenIDs+`)
			ORDER BY i.event_date DESC, i.id LIMIT ?3`, day, after, featureblock.MaxFeatures)
		if err != nil {
			return err
		}
		full := false
		for !full && rows.Next() {
			var f sql.RawBytes
			if err := rows.Scan(&after, &f); err != nil {
				rows.Close()
				return err
			}
			if full, err = b.Add(f); err != nil {
				rows.Close()
				return fmt.Errorf("incident %s: %w", after, err)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		n := b.Len()
		if n == 0 {
			break
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO feature_blocks (day, seq, n, body) VALUES (?1, ?2, ?3, ?4)`,
			day, seq, n, b.Flush()); err != nil {
			return err
		}
		if !full {
			break
		}
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM feature_blocks_dirty WHERE day = ?1`, day)
	return err
}
