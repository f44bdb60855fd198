package postgis

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/internal/alertrow"
	"github.com/jackc/pgx/v5"
)

var _ store.Alerts = (*Store)(nil)

// AddSubscription stores a subscription; changes already in the history
// predate it.
func (s *Store) AddSubscription(ctx context.Context, sub store.Subscription) (store.Subscription, error) {
	row, err := alertrow.Encode(sub)
	if err != nil {
		return store.Subscription{}, err
	}
	out, err := alertrow.ScanSubscription(s.pool.QueryRow(ctx, `INSERT INTO subscriptions
		(name, url, secret, bbox, region, area, types, min_fatalities, after_seq, created)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, (SELECT coalesce(max(seq), 0) FROM incident_history), $9)
		RETURNING `+alertrow.SubscriptionColumns,
		sub.Name, sub.URL, sub.Secret, row.Bbox, sub.Region, row.Area, row.Types, sub.MinFatalities, alertrow.Millis(time.Now())))
	if err != nil {
		return store.Subscription{}, fmt.Errorf("add subscription: %w", mapErr(err))
	}
	return out, nil
}

// Subscription returns one subscription.
func (s *Store) Subscription(ctx context.Context, id int64) (store.Subscription, error) {
	out, err := alertrow.ScanSubscription(s.pool.QueryRow(ctx, `SELECT `+alertrow.SubscriptionColumns+` FROM subscriptions WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return out, fmt.Errorf("subscription %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return out, fmt.Errorf("subscription %d: %w", id, mapErr(err))
	}
	return out, nil
}

// ListSubscriptions returns every subscription, by id.
func (s *Store) ListSubscriptions(ctx context.Context) ([]store.Subscription, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+alertrow.SubscriptionColumns+` FROM subscriptions ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list subscriptions: %w", mapErr(err))
	}
	defer rows.Close()
	out, err := alertrow.Collect(rows, alertrow.ScanSubscription)
	if err != nil {
		return nil, fmt.Errorf("list subscriptions: %w", mapErr(err))
	}
	return out, nil
}

// RemoveSubscription deletes a subscription and its alerts; with the
// last subscription gone, the queue is emptied too.
func (s *Store) RemoveSubscription(ctx context.Context, id int64) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM subscriptions WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return store.ErrNotFound
		}
		if _, err := tx.Exec(ctx, `DELETE FROM alerts WHERE subscription_id = $1`, id); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM alert_queue WHERE NOT EXISTS (SELECT 1 FROM subscriptions)`)
		return err
	})
	if err != nil {
		return fmt.Errorf("remove subscription %d: %w", id, mapErr(err))
	}
	return nil
}

// QueuedChanges returns up to n queued changes, oldest first.
func (s *Store) QueuedChanges(ctx context.Context, n int) ([]store.Change, error) {
	rows, err := s.pool.Query(ctx, `SELECT q.seq, coalesce(h.incident_id, ''), coalesce(h.at, 'epoch'),
		coalesce(h.author, ''), coalesce(h.action, ''), coalesce(h.article_id, ''), coalesce(h.fields, '{}'),
		h.before_json, h.after_json, coalesce(h.other, '')
		FROM alert_queue q LEFT JOIN incident_history h ON h.seq = q.seq ORDER BY q.seq LIMIT $1`, n)
	if err != nil {
		return nil, fmt.Errorf("queued changes: %w", mapErr(err))
	}
	defer rows.Close()
	out := []store.Change{}
	for rows.Next() {
		var c store.Change
		var before, after *string
		if err := rows.Scan(&c.Seq, &c.IncidentID, &c.At, &c.By, &c.Action, &c.ArticleID, &c.Fields, &before, &after, &c.Other); err != nil {
			return nil, fmt.Errorf("queued changes: %w", err)
		}
		c.At = c.At.UTC()
		if len(c.Fields) == 0 {
			c.Fields = nil
		}
		c.Before, c.After = nullJSON(before), nullJSON(after)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("queued changes: %w", mapErr(err))
	}
	return out, nil
}

// RecordAlerts stores alerts and dequeues seqs in one transaction.
func (s *Store) RecordAlerts(ctx context.Context, alerts []store.Alert, seqs []int64) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		for _, a := range alerts {
			// An alert of a subscription removed meanwhile is dropped.
			if _, err := tx.Exec(ctx, `INSERT INTO alerts (subscription_id, seq, incident_id, event, created,
				payload, state, next_attempt) SELECT $1, $2, $3, $4, $5, $6, $7, $8
				WHERE EXISTS (SELECT 1 FROM subscriptions WHERE id = $1)
				ON CONFLICT (subscription_id, seq) DO NOTHING`,
				a.SubscriptionID, a.Seq, a.IncidentID, a.Event, alertrow.Millis(a.Created), string(a.Payload), a.State, alertrow.Millis(a.NextAttempt)); err != nil {
				return err
			}
		}
		if len(seqs) > 0 {
			if _, err := tx.Exec(ctx, `DELETE FROM alert_queue WHERE seq = ANY($1)`, seqs); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record alerts: %w", mapErr(err))
	}
	return nil
}

// ClaimAlerts leases due pending alerts in one UPDATE; SKIP LOCKED lets
// replicas claiming at once take different alerts instead of waiting.
func (s *Store) ClaimAlerts(ctx context.Context, by string, now time.Time, lease time.Duration, n int) ([]store.Alert, error) {
	return s.queryAlerts(ctx, "claim alerts", `UPDATE alerts SET claimed_by = $1, claimed_until = $2
		WHERE id IN (SELECT id FROM alerts WHERE state = 'pending' AND next_attempt <= $3 AND claimed_until <= $3
			ORDER BY next_attempt, id LIMIT $4 FOR UPDATE SKIP LOCKED)
		RETURNING `+alertrow.AlertColumns, by, alertrow.Millis(now.Add(lease)), alertrow.Millis(now), n)
}

func (s *Store) queryAlerts(ctx context.Context, op, sqlText string, args ...any) ([]store.Alert, error) {
	rows, err := s.pool.Query(ctx, sqlText, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, mapErr(err))
	}
	defer rows.Close()
	out, err := alertrow.Collect(rows, alertrow.ScanAlert)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, mapErr(err))
	}
	return out, nil
}

// RecordAttempt stores a delivery attempt and ends the lease by holds.
func (s *Store) RecordAttempt(ctx context.Context, id int64, by string, a store.Attempt) error {
	if _, err := s.pool.Exec(ctx, `UPDATE alerts SET state = $2, attempts = attempts + 1, last_error = $3,
		next_attempt = $4, delivered_at = $5, claimed_by = '', claimed_until = 0
		WHERE id = $1 AND claimed_by = $6 AND state = 'pending'`,
		id, a.State, a.Err, alertrow.Millis(a.NextAttempt), alertrow.DeliveredAt(a), by); err != nil {
		return fmt.Errorf("record attempt %d: %w", id, mapErr(err))
	}
	return nil
}

// ListAlerts returns the alerts q selects, newest first.
func (s *Store) ListAlerts(ctx context.Context, q store.AlertQuery) ([]store.Alert, error) {
	sqlText, args := alertrow.ListSQL(q, func(n int) string { return fmt.Sprintf("$%d", n) })
	return s.queryAlerts(ctx, "list alerts", sqlText, args...)
}

// RetryAlert makes a dead alert pending again.
func (s *Store) RetryAlert(ctx context.Context, id int64, now time.Time) (store.Alert, error) {
	var out store.Alert
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		a, err := alertrow.ScanAlert(tx.QueryRow(ctx, `SELECT `+alertrow.AlertColumns+` FROM alerts WHERE id = $1 FOR UPDATE`, id))
		if errors.Is(err, pgx.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return err
		}
		if err := alertrow.CheckRetry(a); err != nil {
			return err
		}
		out, err = alertrow.ScanAlert(tx.QueryRow(ctx, `UPDATE alerts SET state = 'pending', attempts = 0,
			next_attempt = $2, claimed_by = '', claimed_until = 0 WHERE id = $1 RETURNING `+alertrow.AlertColumns, id, alertrow.Millis(now)))
		return err
	})
	if err != nil {
		return store.Alert{}, fmt.Errorf("retry alert %d: %w", id, mapErr(err))
	}
	return out, nil
}

// PruneAlerts deletes delivered and feed-only alerts raised before before.
func (s *Store) PruneAlerts(ctx context.Context, before time.Time) (int64, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM alerts WHERE state IN ('delivered', 'feed') AND created < $1`, alertrow.Millis(before))
	if err != nil {
		return 0, fmt.Errorf("prune alerts: %w", mapErr(err))
	}
	return tag.RowsAffected(), nil
}
