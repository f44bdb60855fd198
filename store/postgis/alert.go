package postgis

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/internal/alertrow"
	"github.com/jackc/pgx/v5"
)

var _ store.Alerts = (*Store)(nil)

// ms is a time as Unix milliseconds, 0 for the zero time (alert tables
// keep times as the SQLite store does).
func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// fromMS is the inverse of ms.
func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

const subscriptionColumns = `id, name, url, secret, bbox, region, area, types, min_fatalities, after_seq, created`

func scanSubscription(r pgx.Row) (store.Subscription, error) {
	var sub store.Subscription
	var row alertrow.Row
	var created int64
	if err := r.Scan(&sub.ID, &sub.Name, &sub.URL, &sub.Secret, &row.Bbox, &sub.Region, &row.Area, &row.Types,
		&sub.MinFatalities, &sub.AfterSeq, &created); err != nil {
		return sub, err
	}
	sub.Created = fromMS(created)
	return sub, alertrow.Decode(&sub, row)
}

const alertColumns = `id, subscription_id, seq, incident_id, event, created, payload, state, attempts, last_error,
	next_attempt, delivered_at, claimed_by, claimed_until`

func scanAlert(r pgx.Row) (store.Alert, error) {
	var a store.Alert
	var created, next, delivered, until int64
	var payload string
	err := r.Scan(&a.ID, &a.SubscriptionID, &a.Seq, &a.IncidentID, &a.Event, &created, &payload, &a.State, &a.Attempts,
		&a.LastError, &next, &delivered, &a.ClaimedBy, &until)
	a.Payload = []byte(payload)
	a.Created, a.NextAttempt, a.DeliveredAt, a.ClaimedUntil = fromMS(created), fromMS(next), fromMS(delivered), fromMS(until)
	return a, err
}

// AddSubscription stores a subscription; changes already in the history
// predate it.
func (s *Store) AddSubscription(ctx context.Context, sub store.Subscription) (store.Subscription, error) {
	row, err := alertrow.Encode(sub)
	if err != nil {
		return store.Subscription{}, err
	}
	out, err := scanSubscription(s.pool.QueryRow(ctx, `INSERT INTO subscriptions
		(name, url, secret, bbox, region, area, types, min_fatalities, after_seq, created)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, (SELECT coalesce(max(seq), 0) FROM incident_history), $9)
		RETURNING `+subscriptionColumns,
		sub.Name, sub.URL, sub.Secret, row.Bbox, sub.Region, row.Area, row.Types, sub.MinFatalities, ms(time.Now())))
	if err != nil {
		return store.Subscription{}, fmt.Errorf("add subscription: %w", mapErr(err))
	}
	return out, nil
}

// Subscription returns one subscription.
func (s *Store) Subscription(ctx context.Context, id int64) (store.Subscription, error) {
	out, err := scanSubscription(s.pool.QueryRow(ctx, `SELECT `+subscriptionColumns+` FROM subscriptions WHERE id = $1`, id))
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
	rows, err := s.pool.Query(ctx, `SELECT `+subscriptionColumns+` FROM subscriptions ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list subscriptions: %w", mapErr(err))
	}
	defer rows.Close()
	out := []store.Subscription{}
	for rows.Next() {
		sub, err := scanSubscription(rows)
		if err != nil {
			return nil, fmt.Errorf("list subscriptions: %w", err)
		}
		out = append(out, sub)
	}
	if err := rows.Err(); err != nil {
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
				a.SubscriptionID, a.Seq, a.IncidentID, a.Event, ms(a.Created), string(a.Payload), a.State, ms(a.NextAttempt)); err != nil {
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
		RETURNING `+alertColumns, by, ms(now.Add(lease)), ms(now), n)
}

func (s *Store) queryAlerts(ctx context.Context, op, sqlText string, args ...any) ([]store.Alert, error) {
	rows, err := s.pool.Query(ctx, sqlText, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, mapErr(err))
	}
	defer rows.Close()
	out := []store.Alert{}
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", op, mapErr(err))
	}
	return out, nil
}

// RecordAttempt stores a delivery attempt and ends the lease by holds.
func (s *Store) RecordAttempt(ctx context.Context, id int64, by string, a store.Attempt) error {
	delivered := int64(0)
	if a.State == store.AlertDelivered {
		delivered = ms(a.At)
	}
	if _, err := s.pool.Exec(ctx, `UPDATE alerts SET state = $2, attempts = attempts + 1, last_error = $3,
		next_attempt = $4, delivered_at = $5, claimed_by = '', claimed_until = 0
		WHERE id = $1 AND claimed_by = $6 AND state = 'pending'`,
		id, a.State, a.Err, ms(a.NextAttempt), delivered, by); err != nil {
		return fmt.Errorf("record attempt %d: %w", id, mapErr(err))
	}
	return nil
}

// ListAlerts returns the alerts q selects, newest first.
func (s *Store) ListAlerts(ctx context.Context, q store.AlertQuery) ([]store.Alert, error) {
	if q.Limit <= 0 {
		q.Limit = 100
	}
	var where []string
	var args []any
	if q.SubscriptionID != 0 {
		args = append(args, q.SubscriptionID)
		where = append(where, fmt.Sprintf("subscription_id = $%d", len(args)))
	}
	if q.State != "" {
		args = append(args, q.State)
		where = append(where, fmt.Sprintf("state = $%d", len(args)))
	}
	sqlText := `SELECT ` + alertColumns + ` FROM alerts`
	if len(where) > 0 {
		sqlText += ` WHERE ` + strings.Join(where, " AND ")
	}
	args = append(args, q.Limit)
	sqlText += fmt.Sprintf(` ORDER BY id DESC LIMIT $%d`, len(args))
	return s.queryAlerts(ctx, "list alerts", sqlText, args...)
}

// RetryAlert makes a dead alert pending again.
func (s *Store) RetryAlert(ctx context.Context, id int64, now time.Time) (store.Alert, error) {
	var out store.Alert
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		a, err := scanAlert(tx.QueryRow(ctx, `SELECT `+alertColumns+` FROM alerts WHERE id = $1 FOR UPDATE`, id))
		if errors.Is(err, pgx.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return err
		}
		if a.State != store.AlertDead {
			return fmt.Errorf("%w: alert %d is %s, not dead", store.ErrInvalid, id, a.State)
		}
		out, err = scanAlert(tx.QueryRow(ctx, `UPDATE alerts SET state = 'pending', attempts = 0,
			next_attempt = $2, claimed_by = '', claimed_until = 0 WHERE id = $1 RETURNING `+alertColumns, id, ms(now)))
		return err
	})
	if err != nil {
		return store.Alert{}, fmt.Errorf("retry alert %d: %w", id, mapErr(err))
	}
	return out, nil
}

// PruneAlerts deletes delivered and feed-only alerts raised before before.
func (s *Store) PruneAlerts(ctx context.Context, before time.Time) (int64, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM alerts WHERE state IN ('delivered', 'feed') AND created < $1`, ms(before))
	if err != nil {
		return 0, fmt.Errorf("prune alerts: %w", mapErr(err))
	}
	return tag.RowsAffected(), nil
}
