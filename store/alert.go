package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/paulmach/orb"
)

// Subscription asks to be told of the incidents an ingest stores or
// updates in an area, of some event types, past a number of fatalities:
// by a signed webhook to URL and in an Atom feed.
type Subscription struct {
	ID   int64
	Name string
	// URL receives the webhooks; "" keeps the Atom feed only.
	URL string
	// Secret signs the webhooks (HMAC-SHA256) and keys the Atom feed.
	Secret string
	// The area: at most one of Bbox, Region (a country or first-level
	// division by name or code, resolved by the gazetteer when matched)
	// and Area (a polygon); none is the whole world.
	Bbox   *orb.Bound
	Region string
	Area   orb.Geometry
	// Types keeps incidents whose event_type or sub_event_type is one of
	// them; nil keeps every type.
	Types []string
	// MinFatalities keeps incidents reporting at least this many deaths;
	// 0 keeps incidents whatever they report.
	MinFatalities int
	// Created and AfterSeq are set by the store: changes up to AfterSeq
	// (the history's last at creation) came before the subscription.
	Created  time.Time
	AfterSeq int64
}

// The states of an Alert.
const (
	// AlertPending waits for (another) delivery attempt.
	AlertPending = "pending"
	// AlertDelivered was accepted by the receiver (a 2xx).
	AlertDelivered = "delivered"
	// AlertDead failed every attempt: a dead letter, kept for inspection
	// and a manual retry.
	AlertDead = "dead"
	// AlertFeed belongs to a subscription without a webhook: the Atom feed
	// is its only delivery.
	AlertFeed = "feed"
)

// Alert is one change to an incident that matched a subscription: an
// entry of the subscription's Atom feed and, with a webhook, a row of the
// delivery outbox.
type Alert struct {
	ID             int64
	SubscriptionID int64
	// Seq is the Change that raised it; a subscription gets one alert a
	// change.
	Seq        int64
	IncidentID string
	// Event is "incident.created" or "incident.updated".
	Event   string
	Created time.Time
	// Payload is the JSON body the webhook sends, as signed.
	Payload json.RawMessage
	State   string
	// Attempts counts delivery attempts; LastError says why the last one
	// failed.
	Attempts    int
	LastError   string
	NextAttempt time.Time
	DeliveredAt time.Time
	// ClaimedBy holds the lease on a pending alert until ClaimedUntil: the
	// worker delivering it now.
	ClaimedBy    string
	ClaimedUntil time.Time
}

// Attempt is the outcome of one delivery attempt.
type Attempt struct {
	At time.Time
	// Err is why it failed, "" for a delivery.
	Err string
	// State is AlertDelivered, AlertPending (try again at NextAttempt) or
	// AlertDead.
	State       string
	NextAttempt time.Time
}

// AlertQuery selects alerts, newest first.
type AlertQuery struct {
	// SubscriptionID keeps one subscription's alerts; 0 keeps all.
	SubscriptionID int64
	// State keeps alerts in this state; "" keeps all.
	State string
	// Limit caps the alerts returned; 0 means 100.
	Limit int
}

// Alerts is implemented by stores that keep subscriptions and their
// alerts. Every ingest that stores or updates an incident while some
// subscription exists queues its Change (in the ingest's own transaction,
// so no alert is lost to a crash); a worker turns queued changes into
// alerts and delivers them. Several workers may share one store.
type Alerts interface {
	// AddSubscription stores sub and returns it with its ID, Created and
	// AfterSeq.
	AddSubscription(ctx context.Context, sub Subscription) (Subscription, error)
	// Subscription returns one subscription; ErrNotFound when there is none.
	Subscription(ctx context.Context, id int64) (Subscription, error)
	// ListSubscriptions returns every subscription, by id.
	ListSubscriptions(ctx context.Context) ([]Subscription, error)
	// RemoveSubscription deletes a subscription and its alerts;
	// ErrNotFound when there is none.
	RemoveSubscription(ctx context.Context, id int64) error
	// QueuedChanges returns up to n queued changes, oldest first.
	QueuedChanges(ctx context.Context, n int) ([]Change, error)
	// RecordAlerts stores alerts and takes the changes seqs off the queue,
	// in one transaction. An alert for a subscription and change already
	// stored is left out, so two workers matching the same change raise
	// one alert.
	RecordAlerts(ctx context.Context, alerts []Alert, seqs []int64) error
	// ClaimAlerts leases up to n pending alerts due at now to worker by
	// until now+lease, so two workers never deliver the same alert at once.
	ClaimAlerts(ctx context.Context, by string, now time.Time, lease time.Duration, n int) ([]Alert, error)
	// RecordAttempt stores a delivery attempt by worker by and ends its
	// lease; an alert removed meanwhile is ignored.
	RecordAttempt(ctx context.Context, id int64, by string, a Attempt) error
	// ListAlerts returns the alerts q selects, newest first.
	ListAlerts(ctx context.Context, q AlertQuery) ([]Alert, error)
	// RetryAlert makes a dead alert pending again, due at now, and returns
	// it; ErrNotFound when there is no such alert, ErrInvalid when it is
	// not dead.
	RetryAlert(ctx context.Context, id int64, now time.Time) (Alert, error)
	// PruneAlerts deletes delivered and feed-only alerts raised before
	// before, and says how many; pending and dead ones stay.
	PruneAlerts(ctx context.Context, before time.Time) (int64, error)
}
