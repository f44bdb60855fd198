package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/internal/alertrow"
)

var _ store.Alerts = (*Store)(nil)

// writeTx runs fn in a transaction holding the process's write slot. It
// leaves the data version alone: subscriptions and alerts are not
// incidents, and no ETag depends on them.
func (s *Store) writeTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if err := s.lockWrite(ctx); err != nil {
		return err
	}
	defer s.unlockWrite()
	tx, err := s.db.BeginTx(ctx, nil) // BEGIN IMMEDIATE: the DSN's _txlock
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// AddSubscription stores a subscription; changes already in the history
// predate it.
func (s *Store) AddSubscription(ctx context.Context, sub store.Subscription) (store.Subscription, error) {
	row, err := alertrow.Encode(sub)
	if err != nil {
		return store.Subscription{}, err
	}
	var out store.Subscription
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = alertrow.ScanSubscription(tx.QueryRowContext(ctx, `INSERT INTO subscriptions
			(name, url, secret, bbox, region, area, types, min_fatalities, after_seq, created)
			VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, (SELECT coalesce(max(seq), 0) FROM incident_history), ?9)
			RETURNING `+alertrow.SubscriptionColumns,
			sub.Name, sub.URL, sub.Secret, row.Bbox, sub.Region, row.Area, row.Types, sub.MinFatalities, ms(time.Now())))
		return err
	})
	if err != nil {
		return store.Subscription{}, fmt.Errorf("add subscription: %w", err)
	}
	return out, nil
}

// Subscription returns one subscription.
func (s *Store) Subscription(ctx context.Context, id int64) (store.Subscription, error) {
	out, err := alertrow.ScanSubscription(s.db.QueryRowContext(ctx, `SELECT `+alertrow.SubscriptionColumns+` FROM subscriptions WHERE id = ?1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return out, fmt.Errorf("subscription %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return out, fmt.Errorf("subscription %d: %w", id, err)
	}
	return out, nil
}

// ListSubscriptions returns every subscription, by id.
func (s *Store) ListSubscriptions(ctx context.Context) ([]store.Subscription, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+alertrow.SubscriptionColumns+` FROM subscriptions ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list subscriptions: %w", err)
	}
	defer rows.Close()
	out, err := alertrow.Collect(rows, alertrow.ScanSubscription)
	if err != nil {
		return nil, fmt.Errorf("list subscriptions: %w", err)
	}
	return out, nil
}

// RemoveSubscription deletes a subscription and its alerts; with the
// last subscription gone, the queue is emptied too (no one is waiting
// for it).
func (s *Store) RemoveSubscription(ctx context.Context, id int64) error {
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM subscriptions WHERE id = ?1`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return store.ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM alerts WHERE subscription_id = ?1`, id); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM alert_queue WHERE NOT EXISTS (SELECT 1 FROM subscriptions)`)
		return err
	})
	if err != nil {
		return fmt.Errorf("remove subscription %d: %w", id, err)
	}
	return nil
}

// QueuedChanges returns up to n queued changes, oldest first.
func (s *Store) QueuedChanges(ctx context.Context, n int) ([]store.Change, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT q.seq, coalesce(h.incident_id, ''), coalesce(h.at, ''),
		coalesce(h.author, ''), coalesce(h.action, ''), coalesce(h.article_id, ''), coalesce(h.fields, '[]'),
		h.before_json, h.after_json, coalesce(h.other, '')
		FROM alert_queue q LEFT JOIN incident_history h ON h.seq = q.seq ORDER BY q.seq LIMIT ?1`, n)
	if err != nil {
		return nil, fmt.Errorf("queued changes: %w", err)
	}
	defer rows.Close()
	out := []store.Change{}
	for rows.Next() {
		var c store.Change
		var at, fields string
		var before, after []byte
		if err := rows.Scan(&c.Seq, &c.IncidentID, &at, &c.By, &c.Action, &c.ArticleID, &fields, &before, &after, &c.Other); err != nil {
			return nil, fmt.Errorf("queued changes: %w", err)
		}
		c.At = parseTime(at)
		if c.Fields, err = parseFields(fields); err != nil {
			return nil, fmt.Errorf("queued changes: %w", err)
		}
		if len(c.Fields) == 0 {
			c.Fields = nil
		}
		c.Before, c.After = nullJSON(before), nullJSON(after)
		out = append(out, c)
	}
	return out, rows.Err()
}

// RecordAlerts stores alerts and dequeues seqs in one transaction.
func (s *Store) RecordAlerts(ctx context.Context, alerts []store.Alert, seqs []int64) error {
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		for _, a := range alerts {
			// An alert of a subscription removed meanwhile is dropped.
			if _, err := tx.ExecContext(ctx, `INSERT INTO alerts (subscription_id, seq, incident_id, event, created,
				payload, state, next_attempt) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8
				WHERE EXISTS (SELECT 1 FROM subscriptions WHERE id = ?1)
				ON CONFLICT (subscription_id, seq) DO NOTHING`,
				a.SubscriptionID, a.Seq, a.IncidentID, a.Event, ms(a.Created), []byte(a.Payload), a.State, ms(a.NextAttempt)); err != nil {
				return err
			}
		}
		for _, seq := range seqs {
			if _, err := tx.ExecContext(ctx, `DELETE FROM alert_queue WHERE seq = ?1`, seq); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record alerts: %w", err)
	}
	return nil
}

// ClaimAlerts leases due pending alerts in one UPDATE ... RETURNING.
func (s *Store) ClaimAlerts(ctx context.Context, by string, now time.Time, lease time.Duration, n int) ([]store.Alert, error) {
	// Workers ask every few seconds and mostly find nothing: a read first
	// spares ingests the write lock an empty UPDATE would take.
	var due bool
	if err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM alerts WHERE state = 'pending' AND next_attempt <= ?1
		AND claimed_until <= ?1)`, ms(now)).Scan(&due); err != nil {
		return nil, fmt.Errorf("claim alerts: %w", err)
	}
	if !due {
		return []store.Alert{}, nil
	}
	if err := s.lockWrite(ctx); err != nil {
		return nil, fmt.Errorf("claim alerts: %w", err)
	}
	defer s.unlockWrite()
	rows, err := s.db.QueryContext(ctx, `UPDATE alerts SET claimed_by = ?1, claimed_until = ?2
		WHERE id IN (SELECT id FROM alerts WHERE state = 'pending' AND next_attempt <= ?3 AND claimed_until <= ?3
			ORDER BY next_attempt, id LIMIT ?4)
		RETURNING `+alertrow.AlertColumns, by, ms(now.Add(lease)), ms(now), n)
	if err != nil {
		return nil, fmt.Errorf("claim alerts: %w", err)
	}
	return collectAlerts(rows, "claim alerts")
}

func collectAlerts(rows *sql.Rows, op string) ([]store.Alert, error) {
	defer rows.Close()
	out, err := alertrow.Collect(rows, alertrow.ScanAlert)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return out, nil
}

// RecordAttempt stores a delivery attempt and ends the lease by holds.
func (s *Store) RecordAttempt(ctx context.Context, id int64, by string, a store.Attempt) error {
	if err := s.lockWrite(ctx); err != nil {
		return fmt.Errorf("record attempt %d: %w", id, err)
	}
	defer s.unlockWrite()
	if _, err := s.db.ExecContext(ctx, `UPDATE alerts SET state = ?2, attempts = attempts + 1, last_error = ?3,
		next_attempt = ?4, delivered_at = ?5, claimed_by = '', claimed_until = 0
		WHERE id = ?1 AND claimed_by = ?6 AND state = 'pending'`,
		id, a.State, a.Err, ms(a.NextAttempt), alertrow.DeliveredAt(a), by); err != nil {
		return fmt.Errorf("record attempt %d: %w", id, err)
	}
	return nil
}

// ListAlerts returns the alerts q selects, newest first.
func (s *Store) ListAlerts(ctx context.Context, q store.AlertQuery) ([]store.Alert, error) {
	sqlText, args := alertrow.ListSQL(q, func(n int) string { return fmt.Sprintf("?%d", n) })
	rows, err := s.db.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return nil, fmt.Errorf("list alerts: %w", err)
	}
	return collectAlerts(rows, "list alerts")
}

// RetryAlert makes a dead alert pending again.
func (s *Store) RetryAlert(ctx context.Context, id int64, now time.Time) (store.Alert, error) {
	var out store.Alert
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		a, err := alertrow.ScanAlert(tx.QueryRowContext(ctx, `SELECT `+alertrow.AlertColumns+` FROM alerts WHERE id = ?1`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return err
		}
		if err := alertrow.CheckRetry(a); err != nil {
			return err
		}
		out, err = alertrow.ScanAlert(tx.QueryRowContext(ctx, `UPDATE alerts SET state = 'pending', attempts = 0,
			next_attempt = ?2, claimed_by = '', claimed_until = 0 WHERE id = ?1 RETURNING `+alertrow.AlertColumns, id, ms(now)))
		return err
	})
	if err != nil {
		return store.Alert{}, fmt.Errorf("retry alert %d: %w", id, err)
	}
	return out, nil
}

// PruneAlerts deletes delivered and feed-only alerts raised before before.
func (s *Store) PruneAlerts(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM alerts WHERE state IN ('delivered', 'feed') AND created < ?1`, ms(before))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("prune alerts: %w", err)
	}
	return n, nil
}
