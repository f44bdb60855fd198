package postgis

import (
	"context"
	"encoding/binary"
	"fmt"
	"time"

	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/internal/featureblock"
	"github.com/incidentmap/incidentmap/store/internal/stream"
	"github.com/jackc/pgx/v5"
)

// Feature blocks (schema version 4) hold each event day's Features ready
// to copy, so a full export reads about one row per day, not per incident.

// compactDays is how many days one compaction transaction rebuilds.
const compactDays = 16

var _ store.Compacter = (*Store)(nil)

// streamBlocks is StreamGeoJSON for a featureblock.WholeDays q, in one repeatable-read
// transaction, so the clean days' blocks and the dirty days' rows are one
// snapshot.
func (s *Store) streamBlocks(ctx context.Context, q store.Query, fn func(store.Cursor, []byte) error) error {
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	// Days >= lo and <= hi, both inclusive: no bound is ever the day after
	// a client's date, which for 9999-12-31 (what clients send for "no
	// end") would leave the years a date can hold.
	lo, hi := time.Time{}, time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
	hasLo := q.From != nil
	if hasLo {
		lo = dayOf(*q.From)
	}
	if q.To != nil && dayOf(*q.To).Before(hi) {
		hi = dayOf(*q.To)
	}
	var dirty []time.Time
	rows, err := tx.Query(ctx, `SELECT day FROM feature_blocks_dirty WHERE ($1::date IS NULL OR day >= $1::date) AND day <= $2::date
		ORDER BY day DESC`, nullDay(lo, hasLo), hi)
	if err != nil {
		return err
	}
	for rows.Next() {
		var d time.Time
		if err := rows.Scan(&d); err != nil {
			rows.Close()
			return err
		}
		dirty = append(dirty, d.UTC())
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	call := func(c store.Cursor, f []byte) error { return stream.FromCaller(fn(c, f)) }
	for _, d := range dirty {
		if err := blocks(ctx, tx, d, hi, call); err != nil {
			return err
		}
		if err := dayRows(ctx, tx, d, call); err != nil {
			return err
		}
		hi = d.AddDate(0, 0, -1)
	}
	var from any // blocks from lo on: "> the day before lo", or all
	if hasLo {
		from = lo.AddDate(0, 0, -1)
	}
	if err := blocks(ctx, tx, from, hi, call); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

func dayOf(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func nullDay(d time.Time, ok bool) any {
	if !ok {
		return nil
	}
	return d
}

// blocks hands on the Features of the blocks of days after lo (a day, or
// nil for no bound) and up to hi (inclusive), newest day first, each in id order.
func blocks(ctx context.Context, tx pgx.Tx, lo any, hi time.Time, fn func(store.Cursor, []byte) error) error {
	rows, err := tx.Query(ctx, `SELECT day, body FROM feature_blocks
		WHERE ($1::date IS NULL OR day > $1::date) AND day <= $2::date ORDER BY day DESC, seq`, lo, hi)
	if err != nil {
		return err
	}
	defer rows.Close()
	var br featureblock.Reader
	for rows.Next() {
		if err := ctx.Err(); err != nil {
			return err
		}
		v := rows.RawValues()
		if len(v) != 2 || len(v[0]) != 4 {
			return fmt.Errorf("feature block: unexpected row shape")
		}
		d := pgEpoch.AddDate(0, 0, int(int32(binary.BigEndian.Uint32(v[0]))))
		if err := br.Each(d, v[1], fn); err != nil {
			return err
		}
	}
	return rows.Err()
}

// dayRows hands on the Features of one day's incidents, in id order.
func dayRows(ctx context.Context, tx pgx.Tx, day time.Time, fn func(store.Cursor, []byte) error) error {
	rows, err := tx.Query(ctx, `SELECT i.id, i.feature FROM incidents i WHERE i.event_date = $1::date AND NOT (`+hidden+`) ORDER BY i.id`, day)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		v := rows.RawValues()
		if len(v) != 2 {
			return fmt.Errorf("day rows: unexpected row shape")
		}
		if err := fn(store.Cursor{EventDate: day, ID: string(v[0])}, v[1]); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Compact rebuilds the feature blocks of every day changed since the last
// compaction. The store runs it in the background after its own writes;
// tools that load many incidents call it when they finish. Processes
// sharing the database compact different days side by side.
func (s *Store) Compact(ctx context.Context) error {
	for {
		n, err := s.compactSome(ctx)
		if err != nil {
			return fmt.Errorf("compact feature blocks: %w", mapErr(err))
		}
		if n < compactDays {
			return nil
		}
	}
}

// compactSome rebuilds up to compactDays dirty days in one transaction,
// holding their dirty rows (others skip them) until it deletes them.
func (s *Store) compactSome(ctx context.Context) (int, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	rows, err := tx.Query(ctx, `SELECT d.day FROM feature_blocks_dirty d
		WHERE NOT EXISTS (SELECT 1 FROM incidents i WHERE i.event_date = d.day AND i.feature IS NULL)
		ORDER BY d.day DESC LIMIT $1 FOR UPDATE OF d SKIP LOCKED`, compactDays)
	if err != nil {
		return 0, err
	}
	var days []time.Time
	for rows.Next() {
		var d time.Time
		if err := rows.Scan(&d); err != nil {
			rows.Close()
			return 0, err
		}
		days = append(days, d.UTC())
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, d := range days {
		if err := rebuildDay(ctx, tx, d); err != nil {
			return 0, fmt.Errorf("day %s: %w", d.Format(time.DateOnly), err)
		}
	}
	return len(days), tx.Commit(ctx)
}

// rebuildDay replaces day's blocks with its incidents' Features and marks
// it clean, reading a block's worth of incidents at a time.
func rebuildDay(ctx context.Context, tx pgx.Tx, day time.Time) error {
	if _, err := tx.Exec(ctx, `DELETE FROM feature_blocks WHERE day = $1::date`, day); err != nil {
		return err
	}
	var b featureblock.Builder
	after := ""
	for seq := 0; ; seq++ {
		rows, err := tx.Query(ctx, `SELECT i.id, i.feature FROM incidents i WHERE i.event_date = $1::date AND i.id > $2
			AND NOT (`+hidden+`) ORDER BY i.id LIMIT $3`, day, after, featureblock.MaxFeatures)
		if err != nil {
			return err
		}
		full := false
		for !full && rows.Next() {
			v := rows.RawValues()
			if len(v) != 2 {
				rows.Close()
				return fmt.Errorf("unexpected row shape")
			}
			after = string(v[0])
			if full, err = b.Add(v[1]); err != nil {
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
		if _, err := tx.Exec(ctx, `INSERT INTO feature_blocks (day, seq, n, body) VALUES ($1::date, $2, $3, $4)`,
			day, seq, n, b.Flush()); err != nil {
			return err
		}
		if !full {
			break
		}
	}
	_, err := tx.Exec(ctx, `DELETE FROM feature_blocks_dirty WHERE day = $1::date`, day)
	return err
}
