package alerts

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/incidentmap/incidentmap/feeds"
	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/incidentmap/incidentmap/store"
	"github.com/paulmach/orb/geojson"
)

// The events of a payload.
const (
	EventCreated = "incident.created"
	EventUpdated = "incident.updated"
)

// ClientOptions configure the HTTP client that delivers webhooks.
type ClientOptions struct {
	// AllowPrivate lets webhooks go to loopback and private addresses
	// (tests, a receiver on the same host or intranet). Off, every address
	// dialled is checked as the feed fetcher checks it (feeds.RefusePrivate).
	AllowPrivate bool
	// Timeout bounds one delivery; 0 means 10 s.
	Timeout time.Duration
}

// NewClient returns the client webhooks are delivered with: no proxy from
// the environment (the address check must see the address dialled), no
// redirects followed (a receiver answers where it was registered).
func NewClient(opt ClientOptions) *http.Client {
	if opt.Timeout <= 0 {
		opt.Timeout = 10 * time.Second
	}
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	if !opt.AllowPrivate {
		dialer.Control = feeds.RefusePrivate
	}
	return &http.Client{
		Timeout: opt.Timeout,
		Transport: &http.Transport{Proxy: nil, DialContext: dialer.DialContext, TLSHandshakeTimeout: 10 * time.Second,
			ResponseHeaderTimeout: opt.Timeout, MaxIdleConnsPerHost: 2, IdleConnTimeout: 90 * time.Second, ForceAttemptHTTP2: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Worker turns the changes ingests queue into alerts and delivers them.
// Several workers (serve replicas, watch processes) may share one store:
// alerts are leased to one worker at a time.
type Worker struct {
	Store store.Alerts
	// Gazetteer resolves subscriptions' regions.
	Gazetteer *gazetteer.Gazetteer
	// Client delivers webhooks; nil means NewClient(ClientOptions{}).
	Client *http.Client
	// ID names the worker in leases.
	ID     string
	Logger *slog.Logger
	// Tick is how often the worker looks for work without a Notify; 0
	// means 5 s.
	Tick time.Duration
	// MaxAttempts is how many deliveries an alert gets before it is a dead
	// letter; 0 means 8.
	MaxAttempts int
	// Backoff is the wait before the first retry, doubled after each
	// failure up to MaxBackoff; 0 means 30 s (then 1, 2, 4 min ...).
	Backoff time.Duration
	// MaxBackoff caps the wait between attempts; 0 means 6 h.
	MaxBackoff time.Duration
	// Retain is how long delivered and feed-only alerts are kept (the
	// Atom feed shows them); 0 means 30 days. Pending and dead alerts stay
	// until delivered or removed with their subscription.
	Retain time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Observe, when set, hears of every delivery attempt recorded, by the
	// state it left the alert in: delivered, pending (failed, to be
	// retried) or dead (failed for the last time: a dead letter). serve
	// counts them in its Prometheus metrics. It is called from several
	// goroutines at once.
	Observe func(state string)

	pruned time.Time // when Run last pruned

	wakeOnce sync.Once
	wake     chan struct{}
}

func (w *Worker) init() {
	w.wakeOnce.Do(func() { w.wake = make(chan struct{}, 1) })
}

// Notify wakes the worker at once (after an ingest); it never blocks.
func (w *Worker) Notify() {
	w.init()
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

func (w *Worker) now() time.Time {
	if w.Now != nil {
		return w.Now().UTC()
	}
	return time.Now().UTC()
}

func (w *Worker) log() *slog.Logger {
	if w.Logger != nil {
		return w.Logger
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// Run matches and delivers until ctx ends, every Tick and whenever
// notified; errors are logged and retried at the next turn.
func (w *Worker) Run(ctx context.Context) error {
	w.init()
	tick := w.Tick
	if tick <= 0 {
		tick = 5 * time.Second
	}
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		if _, _, err := w.RunOnce(ctx); err != nil && ctx.Err() == nil {
			w.log().Warn("alerts", "err", err)
		}
		if now := w.now(); now.Sub(w.pruned) >= time.Hour {
			w.pruned = now
			if n, err := w.Prune(ctx); err != nil && ctx.Err() == nil {
				w.log().Warn("alerts: prune", "err", err)
			} else if n > 0 {
				w.log().Info("alerts: pruned", "alerts", n)
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case <-w.wake:
		}
	}
}

// Prune deletes the delivered and feed-only alerts older than Retain;
// Run calls it every hour.
func (w *Worker) Prune(ctx context.Context) (int64, error) {
	retain := w.Retain
	if retain <= 0 {
		retain = 30 * 24 * time.Hour
	}
	return w.Store.PruneAlerts(ctx, w.now().Add(-retain))
}

// RunOnce matches every queued change, then delivers the alerts due now,
// and says how many alerts it raised and delivered.
func (w *Worker) RunOnce(ctx context.Context) (raised, delivered int, err error) {
	raised, err = w.Match(ctx)
	if err != nil {
		return raised, 0, err
	}
	delivered, err = w.Deliver(ctx)
	return raised, delivered, err
}

// Match turns the queued changes into alerts of the subscriptions they
// match and takes them off the queue.
func (w *Worker) Match(ctx context.Context) (int, error) {
	raised := 0
	var matchers []matcher
	for round := 0; ; round++ {
		changes, err := w.Store.QueuedChanges(ctx, 200)
		if err != nil || len(changes) == 0 {
			return raised, err
		}
		if matchers == nil {
			subs, err := w.Store.ListSubscriptions(ctx)
			if err != nil {
				return raised, err
			}
			matchers = make([]matcher, 0, len(subs))
			for _, s := range subs {
				m := compile(s, w.Gazetteer)
				if m.bad != nil {
					w.log().Warn("alerts: subscription matches nothing", "err", m.bad)
				}
				matchers = append(matchers, m)
			}
		}
		now := w.now()
		var alerts []store.Alert
		seqs := make([]int64, 0, len(changes))
		for _, c := range changes {
			seqs = append(seqs, c.Seq)
			as, err := raise(c, matchers, now)
			if err != nil {
				w.log().Warn("alerts: change not matched", "seq", c.Seq, "err", err)
			}
			alerts = append(alerts, as...)
		}
		if err := w.Store.RecordAlerts(ctx, alerts, seqs); err != nil {
			return raised, err
		}
		raised += len(alerts)
		if len(alerts) > 0 {
			// Raised alerts are due now.
			w.init()
			select {
			case w.wake <- struct{}{}:
			default:
			}
		}
	}
}

// raise returns the alerts change c raises: an incident stored that a
// subscription matches is created; one updated is, when it matches now
// and either did not before or the ingest changed its fields.
func raise(c store.Change, ms []matcher, now time.Time) ([]store.Alert, error) {
	if c.Action != store.ActionExtract && c.Action != store.ActionIngest {
		return nil, nil
	}
	after, err := readSubject(c.After)
	if err != nil || after == nil {
		return nil, err
	}
	before, _ := readSubject(c.Before)
	var out []store.Alert
	for _, m := range ms {
		if c.Seq <= m.sub.AfterSeq || !m.match(after) {
			continue
		}
		event := EventCreated
		if c.Action == store.ActionIngest {
			if !notable(c.Fields) && m.match(before) {
				continue // another source for an incident already alerted on
			}
			event = EventUpdated
		}
		payload, err := payloadOf(m.sub, c, event)
		if err != nil {
			return out, err
		}
		state := store.AlertPending
		if m.sub.URL == "" {
			state = store.AlertFeed
		}
		out = append(out, store.Alert{SubscriptionID: m.sub.ID, Seq: c.Seq, IncidentID: c.IncidentID, Event: event,
			Created: now, Payload: payload, State: state, NextAttempt: now})
	}
	return out, nil
}

// notableFields are the fields whose change by an ingest is news to a
// subscriber: what happened, where, when, and its toll. Another source,
// more notes or actors are not.
var notableFields = []string{store.FieldEventType, store.FieldSubEventType, store.FieldFatalities, store.FieldInjuries,
	store.FieldGeometry, store.FieldLocation, store.FieldEventDate}

func notable(fields []string) bool {
	for _, f := range fields {
		if slices.Contains(notableFields, f) {
			return true
		}
	}
	return false
}

// Payload is the body of a webhook.
type Payload struct {
	Event        string          `json:"event"`
	Subscription PayloadSub      `json:"subscription"`
	Change       PayloadChange   `json:"change"`
	Incident     json.RawMessage `json:"incident"` // the incident's GeoJSON Feature after the change
}

// PayloadSub names the subscription a webhook is for.
type PayloadSub struct {
	ID   int64  `json:"id"`
	Name string `json:"name,omitempty"`
}

// PayloadChange says which change raised a webhook.
type PayloadChange struct {
	Seq       int64     `json:"seq"`
	At        time.Time `json:"at"`
	Action    string    `json:"action"`
	ArticleID string    `json:"article_id,omitempty"`
	Fields    []string  `json:"fields,omitempty"`
}

func payloadOf(sub store.Subscription, c store.Change, event string) ([]byte, error) {
	return json.Marshal(Payload{Event: event, Subscription: PayloadSub{ID: sub.ID, Name: sub.Name},
		Change:   PayloadChange{Seq: c.Seq, At: c.At, Action: c.Action, ArticleID: c.ArticleID, Fields: c.Fields},
		Incident: c.After})
}

// readSubject reads what matching needs from an incident's Feature; nil
// for a null one.
func readSubject(raw json.RawMessage) (*subject, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	f, err := geojson.UnmarshalFeature(raw)
	if err != nil {
		return nil, fmt.Errorf("read feature: %w", err)
	}
	s := &subject{geometry: f.Geometry, eventType: f.Properties.MustString("event_type", ""),
		subEventType: f.Properties.MustString("sub_event_type", ""), country: f.Properties.MustString("country_code", ""),
		admin1: f.Properties.MustString("admin1", ""), status: f.Properties.MustString("status", "")}
	if v, ok := f.Properties["fatalities"].(float64); ok {
		n := int(v)
		s.fatalities = &n
	}
	return s, nil
}

// Deliver sends the alerts due now, a few at once, and records each
// attempt: delivered on a 2xx, else retried after a backoff, else dead.
func (w *Worker) Deliver(ctx context.Context) (int, error) {
	client := w.Client
	if client == nil {
		client = NewClient(ClientOptions{})
	}
	delivered := 0
	subs := map[int64]store.Subscription{}
	for {
		now := w.now()
		batch, err := w.Store.ClaimAlerts(ctx, w.ID, now, 2*time.Minute, 8)
		if err != nil || len(batch) == 0 {
			return delivered, err
		}
		var mu sync.Mutex
		var wg sync.WaitGroup
		for _, a := range batch {
			sub, ok := subs[a.SubscriptionID]
			if !ok {
				if sub, err = w.Store.Subscription(ctx, a.SubscriptionID); err != nil {
					if !errors.Is(err, store.ErrNotFound) {
						return delivered, err
					}
					continue // removed meanwhile, and its alerts with it
				}
				subs[a.SubscriptionID] = sub
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				at := w.attempt(ctx, client, sub, a)
				if err := w.Store.RecordAttempt(ctx, a.ID, w.ID, at); err != nil {
					w.log().Warn("alerts: record attempt", "alert", a.ID, "err", err)
					return
				}
				if w.Observe != nil {
					w.Observe(at.State)
				}
				if at.State == store.AlertDelivered {
					mu.Lock()
					delivered++
					mu.Unlock()
				} else {
					w.log().Info("alerts: delivery failed", "alert", a.ID, "subscription", sub.ID,
						"attempt", a.Attempts+1, "err", at.Err, "state", at.State, "next", at.NextAttempt)
				}
			}()
		}
		wg.Wait()
		if ctx.Err() != nil {
			return delivered, ctx.Err()
		}
	}
}

// attempt delivers a once and says what became of it.
func (w *Worker) attempt(ctx context.Context, client *http.Client, sub store.Subscription, a store.Alert) store.Attempt {
	now := w.now()
	err := send(ctx, client, sub, a, now)
	if err == nil {
		return store.Attempt{At: now, State: store.AlertDelivered}
	}
	at := store.Attempt{At: now, Err: err.Error(), State: store.AlertPending}
	maxAttempts := w.MaxAttempts
	if maxAttempts <= 0 {
		maxAttempts = 8
	}
	if a.Attempts+1 >= maxAttempts {
		at.State = store.AlertDead
		return at
	}
	wait := w.backoff(a.Attempts)
	var se *statusError
	if errors.As(err, &se) && se.retryAfter > wait {
		wait = min(se.retryAfter, w.maxBackoff())
	}
	at.NextAttempt = now.Add(wait)
	return at
}

// backoff is the wait after the n+1th failed attempt: Backoff * 2^n,
// capped.
func (w *Worker) backoff(n int) time.Duration {
	d := w.Backoff
	if d <= 0 {
		d = 30 * time.Second
	}
	for i := 0; i < n && d < w.maxBackoff(); i++ {
		d *= 2
	}
	return min(d, w.maxBackoff())
}

func (w *Worker) maxBackoff() time.Duration {
	if w.MaxBackoff > 0 {
		return w.MaxBackoff
	}
	return 6 * time.Hour
}

type statusError struct {
	code       int
	retryAfter time.Duration
}

func (e *statusError) Error() string {
	return "HTTP " + strconv.Itoa(e.code) + " " + http.StatusText(e.code)
}

// send POSTs a's payload to sub's URL, signed at now.
func send(ctx context.Context, client *http.Client, sub store.Subscription, a store.Alert, now time.Time) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, sub.URL, bytes.NewReader(a.Payload))
	if err != nil {
		return err
	}
	ts := now.Unix()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "incidentmap-alerts/1.0")
	req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
	req.Header.Set(HeaderSignature, Sign(sub.Secret, ts, a.Payload))
	req.Header.Set(HeaderDelivery, strconv.FormatInt(a.ID, 10))
	req.Header.Set(HeaderEvent, a.Event)
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 == 2 {
		return nil
	}
	se := &statusError{code: resp.StatusCode}
	if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 {
		se.retryAfter = time.Duration(s) * time.Second
	}
	return se
}
