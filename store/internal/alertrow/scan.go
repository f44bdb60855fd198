package alertrow

import (
	"fmt"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/store"
)

// Scanner is one result row: *sql.Row, *sql.Rows, pgx.Row and pgx.Rows.
type Scanner interface{ Scan(dest ...any) error }

// Rows is a result set: *sql.Rows and pgx.Rows. The caller closes it.
type Rows interface {
	Scanner
	Next() bool
	Err() error
}

// Millis is a time as the alert tables keep it: Unix milliseconds, 0 for
// the zero time.
func Millis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// FromMillis is the inverse of Millis, in UTC.
func FromMillis(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

// SubscriptionColumns are the columns ScanSubscription reads, in order.
const SubscriptionColumns = `id, name, url, secret, bbox, region, area, types, min_fatalities, after_seq, created`

// ScanSubscription reads a row of SubscriptionColumns.
func ScanSubscription(r Scanner) (store.Subscription, error) {
	var sub store.Subscription
	var row Row
	var created int64
	if err := r.Scan(&sub.ID, &sub.Name, &sub.URL, &sub.Secret, &row.Bbox, &sub.Region, &row.Area, &row.Types,
		&sub.MinFatalities, &sub.AfterSeq, &created); err != nil {
		return sub, err
	}
	sub.Created = FromMillis(created)
	return sub, Decode(&sub, row)
}

// AlertColumns are the columns ScanAlert reads, in order.
const AlertColumns = `id, subscription_id, seq, incident_id, event, created, payload, state, attempts, last_error,
	next_attempt, delivered_at, claimed_by, claimed_until`

// ScanAlert reads a row of AlertColumns.
func ScanAlert(r Scanner) (store.Alert, error) {
	var a store.Alert
	var created, next, delivered, until int64
	var payload string // text in PostGIS, a BLOB in SQLite
	err := r.Scan(&a.ID, &a.SubscriptionID, &a.Seq, &a.IncidentID, &a.Event, &created, &payload, &a.State, &a.Attempts,
		&a.LastError, &next, &delivered, &a.ClaimedBy, &until)
	a.Payload = []byte(payload)
	a.Created, a.NextAttempt, a.DeliveredAt = FromMillis(created), FromMillis(next), FromMillis(delivered)
	a.ClaimedUntil = FromMillis(until)
	return a, err
}

// Collect scans every row of rows with scan; an empty result is an empty
// slice, not nil.
func Collect[T any](rows Rows, scan func(Scanner) (T, error)) ([]T, error) {
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// DeliveredAt is the delivered_at column an attempt writes: its time when
// it delivered the alert, else 0.
func DeliveredAt(a store.Attempt) int64 {
	if a.State == store.AlertDelivered {
		return Millis(a.At)
	}
	return 0
}

// CheckRetry says whether alert a, as stored, may be retried: only a dead
// alert may.
func CheckRetry(a store.Alert) error {
	if a.State != store.AlertDead {
		return fmt.Errorf("%w: alert %d is %s, not dead", store.ErrInvalid, a.ID, a.State)
	}
	return nil
}

// ListSQL is the query of the alerts q selects, newest first, and its
// arguments; mark writes the n-th placeholder (from 1) in the store's
// dialect. A limit of 0 or less is 100.
func ListSQL(q store.AlertQuery, mark func(n int) string) (string, []any) {
	if q.Limit <= 0 {
		q.Limit = 100
	}
	var where []string
	var args []any
	if q.SubscriptionID != 0 {
		args = append(args, q.SubscriptionID)
		where = append(where, "subscription_id = "+mark(len(args)))
	}
	if q.State != "" {
		args = append(args, q.State)
		where = append(where, "state = "+mark(len(args)))
	}
	sqlText := `SELECT ` + AlertColumns + ` FROM alerts`
	if len(where) > 0 {
		sqlText += ` WHERE ` + strings.Join(where, " AND ")
	}
	args = append(args, q.Limit)
	return sqlText + ` ORDER BY id DESC LIMIT ` + mark(len(args)), args
}
