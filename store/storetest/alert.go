package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/store"
	"github.com/paulmach/orb"
)

var alertTests = []struct {
	name string
	fn   func(t *testing.T, s store.Store, a store.Alerts)
}{
	{"SubscriptionLifecycle", testSubscriptionLifecycle},
	{"AlertQueue", testAlertQueue},
	{"AlertDelivery", testAlertDelivery},
	{"AlertClaimConcurrent", testAlertClaimConcurrent},
}

func runAlerts(t *testing.T, open func(t *testing.T) store.Store) {
	for _, tt := range alertTests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			a, ok := s.(store.Alerts)
			if !ok {
				t.Skip("the store keeps no alerts")
			}
			tt.fn(t, s, a)
		})
	}
}

func testSubscriptionLifecycle(t *testing.T, _ store.Store, s store.Alerts) {
	ctx := context.Background()
	box := orb.Bound{Min: orb.Point{38, 32}, Max: orb.Point{43, 38}}
	area := orb.Polygon{{{44, 33}, {45, 33}, {45, 34}, {44, 34}, {44, 33}}}
	a, err := s.AddSubscription(ctx, store.Subscription{Name: "box", URL: "https://hooks.example/a", Secret: "k1",
		Bbox: &box, Types: []string{"Battles", "Air/drone strike"}, MinFatalities: 5})
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == 0 || a.Created.IsZero() || a.Bbox == nil || *a.Bbox != box || len(a.Types) != 2 || a.MinFatalities != 5 ||
		a.Secret != "k1" || a.URL != "https://hooks.example/a" || a.Name != "box" {
		t.Errorf("added %+v", a)
	}
	b, err := s.AddSubscription(ctx, store.Subscription{Secret: "k2", Area: area})
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.AddSubscription(ctx, store.Subscription{Secret: "k3", Region: "Anbar"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Subscription(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := got.Area.(orb.Polygon); !ok || len(p) != 1 || len(p[0]) != 5 || p[0][2] != (orb.Point{45, 34}) ||
		got.Bbox != nil || got.Types != nil || got.URL != "" {
		t.Errorf("area subscription read back as %+v", got)
	}
	list, err := s.ListSubscriptions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 || list[0].ID != a.ID || list[1].ID != b.ID || list[2].ID != c.ID || list[2].Region != "Anbar" {
		t.Errorf("list = %+v", list)
	}
	if err := s.RemoveSubscription(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveSubscription(ctx, b.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("removing twice: %v, want ErrNotFound", err)
	}
	if _, err := s.Subscription(ctx, b.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("removed subscription: %v, want ErrNotFound", err)
	}
	if list, _ := s.ListSubscriptions(ctx); len(list) != 2 {
		t.Errorf("after a removal, %d subscriptions", len(list))
	}
}

// testAlertQueue checks that ingests queue their changes (only while some
// subscription exists), in the ingest's transaction, and that recording
// alerts dequeues them, once.
func testAlertQueue(t *testing.T, st store.Store, s store.Alerts) {
	ctx := context.Background()
	if _, err := st.Ingest(ctx, Article("before", Incident("early", "2024-03-01", baghdad))); err != nil {
		t.Fatal(err)
	}
	if q, err := s.QueuedChanges(ctx, 10); err != nil || len(q) != 0 {
		t.Fatalf("with no subscription, queued %d changes (%v), want none", len(q), err)
	}
	sub, err := s.AddSubscription(ctx, store.Subscription{Secret: "k", URL: "https://hooks.example/q"})
	if err != nil {
		t.Fatal(err)
	}
	if sub.AfterSeq == 0 {
		t.Errorf("subscription after an ingest has AfterSeq 0")
	}
	if _, err := st.Ingest(ctx, Article("a1", Incident("i1", "2024-03-02", baghdad))); err != nil {
		t.Fatal(err)
	}
	// The same incident from a second article updates it.
	if _, err := st.Ingest(ctx, Article("a2", Incident("i1", "2024-03-02", baghdad))); err != nil {
		t.Fatal(err)
	}
	q, err := s.QueuedChanges(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(q) != 2 || q[0].Action != store.ActionExtract || q[1].Action != store.ActionIngest ||
		q[0].IncidentID != "i1" || q[0].Seq <= sub.AfterSeq || q[1].Seq <= q[0].Seq {
		t.Fatalf("queued %+v, want the extract and the ingest of i1 after seq %d", q, sub.AfterSeq)
	}
	var f struct {
		ID         string         `json:"id"`
		Properties map[string]any `json:"properties"`
	}
	if err := json.Unmarshal(q[0].After, &f); err != nil || f.ID != "i1" {
		t.Errorf("the queued change's After is not i1's Feature: %v %s", err, q[0].After)
	}
	if limited, _ := s.QueuedChanges(ctx, 1); len(limited) != 1 || limited[0].Seq != q[0].Seq {
		t.Errorf("QueuedChanges(1) = %+v", limited)
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	alert := store.Alert{SubscriptionID: sub.ID, Seq: q[0].Seq, IncidentID: "i1", Event: "incident.created",
		Created: now, Payload: json.RawMessage(`{"event":"incident.created"}`), State: store.AlertPending, NextAttempt: now}
	if err := s.RecordAlerts(ctx, []store.Alert{alert}, []int64{q[0].Seq, q[1].Seq}); err != nil {
		t.Fatal(err)
	}
	// A second worker matching the same change raises no second alert.
	if err := s.RecordAlerts(ctx, []store.Alert{alert}, []int64{q[0].Seq}); err != nil {
		t.Fatal(err)
	}
	if q, _ := s.QueuedChanges(ctx, 10); len(q) != 0 {
		t.Errorf("after recording, %d changes still queued", len(q))
	}
	got, err := s.ListAlerts(ctx, store.AlertQuery{SubscriptionID: sub.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID == 0 || got[0].Seq != q[0].Seq || got[0].Event != "incident.created" ||
		string(got[0].Payload) != `{"event":"incident.created"}` || got[0].State != store.AlertPending ||
		!got[0].Created.Equal(now) || got[0].IncidentID != "i1" {
		t.Errorf("alerts = %+v", got)
	}
	// An alert for a removed subscription is dropped; removing the last
	// subscription empties the queue.
	if err := s.RemoveSubscription(ctx, sub.ID); err != nil {
		t.Fatal(err)
	}
	if all, _ := s.ListAlerts(ctx, store.AlertQuery{}); len(all) != 0 {
		t.Errorf("a removed subscription left %d alerts", len(all))
	}
	if _, err := st.Ingest(ctx, Article("a3", Incident("i3", "2024-03-03", baghdad))); err != nil {
		t.Fatal(err)
	}
	if q, _ := s.QueuedChanges(ctx, 10); len(q) != 0 {
		t.Errorf("with no subscription left, %d changes queued", len(q))
	}
}

// addPending stores n pending alerts of a new subscription, due at now.
func addPending(t *testing.T, s store.Alerts, n int, now time.Time) store.Subscription {
	t.Helper()
	ctx := context.Background()
	sub, err := s.AddSubscription(ctx, store.Subscription{Secret: "k", URL: "https://hooks.example/d"})
	if err != nil {
		t.Fatal(err)
	}
	var alerts []store.Alert
	for i := range n {
		alerts = append(alerts, store.Alert{SubscriptionID: sub.ID, Seq: int64(1000 + i), IncidentID: "x",
			Event: "incident.created", Created: now, Payload: json.RawMessage(`{}`), State: store.AlertPending, NextAttempt: now})
	}
	if err := s.RecordAlerts(ctx, alerts, nil); err != nil {
		t.Fatal(err)
	}
	return sub
}

func testAlertDelivery(t *testing.T, _ store.Store, s store.Alerts) {
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Millisecond)
	sub := addPending(t, s, 2, now)
	got, err := s.ClaimAlerts(ctx, "w1", now, time.Minute, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ClaimedBy != "w1" || !got[0].ClaimedUntil.Equal(now.Add(time.Minute)) {
		t.Fatalf("claimed %+v", got)
	}
	if again, _ := s.ClaimAlerts(ctx, "w2", now, time.Minute, 10); len(again) != 0 {
		t.Errorf("leased alerts claimed again: %+v", again)
	}
	first, second := got[0], got[1]
	// A worker that does not hold the lease records nothing.
	if err := s.RecordAttempt(ctx, first.ID, "w2", store.Attempt{At: now, State: store.AlertDelivered}); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordAttempt(ctx, first.ID, "w1", store.Attempt{At: now, State: store.AlertDelivered}); err != nil {
		t.Fatal(err)
	}
	retryAt := now.Add(30 * time.Second)
	if err := s.RecordAttempt(ctx, second.ID, "w1", store.Attempt{At: now, Err: "HTTP 500", State: store.AlertPending, NextAttempt: retryAt}); err != nil {
		t.Fatal(err)
	}
	delivered, _ := s.ListAlerts(ctx, store.AlertQuery{SubscriptionID: sub.ID, State: store.AlertDelivered})
	if len(delivered) != 1 || delivered[0].ID != first.ID || delivered[0].Attempts != 1 || !delivered[0].DeliveredAt.Equal(now) {
		t.Errorf("delivered = %+v", delivered)
	}
	if early, _ := s.ClaimAlerts(ctx, "w1", now.Add(10*time.Second), time.Minute, 10); len(early) != 0 {
		t.Errorf("an alert to retry at %v claimed 10 s after now: %+v", retryAt, early)
	}
	due, _ := s.ClaimAlerts(ctx, "w3", retryAt, time.Minute, 10)
	if len(due) != 1 || due[0].ID != second.ID || due[0].Attempts != 1 || due[0].LastError != "HTTP 500" {
		t.Fatalf("at its retry time, claimed %+v", due)
	}
	if err := s.RecordAttempt(ctx, second.ID, "w3", store.Attempt{At: retryAt, Err: "HTTP 410", State: store.AlertDead}); err != nil {
		t.Fatal(err)
	}
	dead, _ := s.ListAlerts(ctx, store.AlertQuery{State: store.AlertDead})
	if len(dead) != 1 || dead[0].ID != second.ID || dead[0].Attempts != 2 || dead[0].LastError != "HTTP 410" {
		t.Fatalf("dead letters = %+v", dead)
	}
	if _, err := s.RetryAlert(ctx, first.ID, now); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("retrying a delivered alert: %v, want ErrInvalid", err)
	}
	if _, err := s.RetryAlert(ctx, 1<<40, now); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("retrying no alert: %v, want ErrNotFound", err)
	}
	later := retryAt.Add(time.Hour)
	r, err := s.RetryAlert(ctx, second.ID, later)
	if err != nil {
		t.Fatal(err)
	}
	if r.State != store.AlertPending || r.Attempts != 0 || !r.NextAttempt.Equal(later) {
		t.Errorf("retried = %+v", r)
	}
	if again, _ := s.ClaimAlerts(ctx, "w4", later, time.Minute, 10); len(again) != 1 || again[0].ID != second.ID {
		t.Errorf("a retried dead letter is not claimable: %+v", again)
	}
	if all, _ := s.ListAlerts(ctx, store.AlertQuery{Limit: 1}); len(all) != 1 || all[0].ID != second.ID {
		t.Errorf("ListAlerts limit 1, newest first = %+v", all)
	}
	// Pruning keeps what is not delivered yet, and recent alerts.
	if n, err := s.PruneAlerts(ctx, now); err != nil || n != 0 {
		t.Errorf("pruning alerts raised before they were: %d, %v", n, err)
	}
	if n, err := s.PruneAlerts(ctx, now.Add(time.Millisecond)); err != nil || n != 1 {
		t.Errorf("pruning the delivered alert: %d, %v; want 1", n, err)
	}
	left, _ := s.ListAlerts(ctx, store.AlertQuery{})
	if len(left) != 1 || left[0].ID != second.ID {
		t.Errorf("after pruning: %+v, want the pending alert alone", left)
	}
}

// testAlertClaimConcurrent checks that workers claiming at once never
// share an alert.
func testAlertClaimConcurrent(t *testing.T, _ store.Store, s store.Alerts) {
	ctx := context.Background()
	now := time.Now().UTC()
	addPending(t, s, 20, now)
	var mu sync.Mutex
	seen := map[int64]string{}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			by := string(rune('a' + w))
			for range 5 {
				got, err := s.ClaimAlerts(ctx, by, now, time.Minute, 3)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				for _, a := range got {
					if prev, ok := seen[a.ID]; ok {
						t.Errorf("alert %d claimed by %s and %s", a.ID, prev, by)
					}
					seen[a.ID] = by
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(seen) != 20 {
		t.Errorf("%d of 20 alerts claimed", len(seen))
	}
}
