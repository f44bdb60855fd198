package alerts

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/feeds"
	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/sqlite"
	"github.com/incidentmap/incidentmap/store/storetest"
	"github.com/paulmach/orb"
)

// receiver is a local webhook receiver that checks every signature, as a
// subscriber's would, and answers with the status its reply gives.
type receiver struct {
	t      *testing.T
	secret string
	srv    *httptest.Server

	mu       sync.Mutex
	got      []Payload
	headers  []http.Header
	bad      int // requests whose signature did not verify
	statuses []int
	reply    func(n int) int  // status of the nth request (0-based)
	clock    func() time.Time // the receiver's time; nil means time.Now
}

func newReceiver(t *testing.T, secret string, reply func(n int) int) *receiver {
	r := &receiver{t: t, secret: secret, reply: reply}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		now := time.Now()
		if r.clock != nil {
			now = r.clock()
		}
		if err := Verify(r.secret, req.Header, body, now, 0); err != nil {
			r.bad++
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		status := http.StatusNoContent
		if r.reply != nil {
			status = r.reply(len(r.statuses))
		}
		r.statuses = append(r.statuses, status)
		if status/100 == 2 {
			var p Payload
			if err := json.Unmarshal(body, &p); err != nil {
				r.t.Errorf("payload is not JSON: %v", err)
			}
			r.got = append(r.got, p)
			r.headers = append(r.headers, req.Header.Clone())
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) payloads() []Payload {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Payload(nil), r.got...)
}

func openStore(t *testing.T, path string) *sqlite.Store {
	t.Helper()
	if path == "" {
		path = filepath.Join(t.TempDir(), "incidents.db")
	}
	s, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// clock is a test's time, moved by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func testWorker(st store.Alerts, c *clock) *Worker {
	w := &Worker{Store: st, Client: NewClient(ClientOptions{AllowPrivate: true}), ID: "test", MaxAttempts: 4,
		Backoff: time.Minute, MaxBackoff: 10 * time.Minute}
	if c != nil {
		w.Now = c.Now
	}
	return w
}

var baghdad = orb.Point{44.366, 33.315}

func TestWebhookArrivesSigned(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, "")
	const secret = "a-secret-of-some-length"
	rc := newReceiver(t, secret, nil)
	box := orb.Bound{Min: orb.Point{44, 33}, Max: orb.Point{45, 34}}
	far := orb.Bound{Min: orb.Point{10, 10}, Max: orb.Point{11, 11}}
	match, err := st.AddSubscription(ctx, store.Subscription{Name: "Baghdad", URL: rc.srv.URL, Secret: secret, Bbox: &box,
		Types: []string{"Air/drone strike"}})
	if err != nil {
		t.Fatal(err)
	}
	others := []store.Subscription{
		{URL: rc.srv.URL, Secret: secret, Bbox: &far},                                 // elsewhere
		{URL: rc.srv.URL, Secret: secret, Types: []string{"Protests"}},                // another type
		{URL: rc.srv.URL, Secret: secret, MinFatalities: 10},                          // too few deaths
		{URL: rc.srv.URL, Secret: secret, Bbox: &box, MinFatalities: 3},               // enough deaths
		{Secret: secret, Area: orb.Polygon{{{44, 33}, {45, 33}, {45, 34}, {44, 33}}}}, // the Atom feed only
	}
	for i, s := range others {
		if others[i], err = st.AddSubscription(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	in := storetest.Incident("i1", "2024-03-02", baghdad)
	in.Fatalities = intp(4)
	if _, err := st.Ingest(ctx, storetest.Article("a1", in)); err != nil {
		t.Fatal(err)
	}
	w := testWorker(st, nil)
	raised, delivered, err := w.RunOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if raised != 3 || delivered != 2 {
		t.Errorf("raised %d, delivered %d; want 3 (two webhooks, one feed entry) and 2", raised, delivered)
	}
	got := rc.payloads()
	if rc.bad != 0 || len(got) != 2 {
		t.Fatalf("receiver got %d valid and %d badly signed webhooks, want 2 and 0", len(got), rc.bad)
	}
	subsGot := map[int64]bool{}
	for i, p := range got {
		subsGot[p.Subscription.ID] = true
		if p.Event != EventCreated || p.Change.Action != store.ActionExtract || p.Change.ArticleID != "a1" {
			t.Errorf("payload %d = %+v", i, p)
		}
		var f struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(p.Incident, &f); err != nil || f.ID != "i1" {
			t.Errorf("payload %d's incident is not i1's Feature: %s", i, p.Incident)
		}
		if rc.headers[i].Get(HeaderEvent) != EventCreated || rc.headers[i].Get(HeaderDelivery) == "" {
			t.Errorf("headers %v", rc.headers[i])
		}
	}
	if !subsGot[match.ID] || !subsGot[others[3].ID] {
		t.Errorf("webhooks went to subscriptions %v, want %d and %d", subsGot, match.ID, others[3].ID)
	}
	feed, _ := st.ListAlerts(ctx, store.AlertQuery{SubscriptionID: others[4].ID})
	if len(feed) != 1 || feed[0].State != store.AlertFeed {
		t.Errorf("the feed-only subscription's alerts = %+v", feed)
	}
	// Running again delivers nothing twice.
	if _, d, _ := w.RunOnce(ctx); d != 0 || len(rc.payloads()) != 2 {
		t.Errorf("a second run delivered %d more", d)
	}

	// The same report from another article raises nothing; one that
	// changes the fatalities is an update, for the subscriptions it
	// matches.
	if _, err := st.Ingest(ctx, storetest.Article("a2", in)); err != nil {
		t.Fatal(err)
	}
	more := in
	more.Fatalities = intp(12)
	more.Confidence = 0.9 // the better report: its toll wins
	if _, err := st.Ingest(ctx, storetest.Article("a3", more)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	got = rc.payloads()[2:]
	updates := map[int64]string{}
	for _, p := range got {
		updates[p.Subscription.ID] = p.Event + " " + p.Change.ArticleID
	}
	want := map[int64]string{match.ID: "incident.updated a3", others[2].ID: "incident.updated a3", others[3].ID: "incident.updated a3"}
	if len(updates) != len(want) || updates[match.ID] != want[match.ID] || updates[others[2].ID] != want[others[2].ID] ||
		updates[others[3].ID] != want[others[3].ID] {
		t.Errorf("updates = %v, want %v", updates, want)
	}

	// The Atom feed of the subscription lists its alerts.
	alerts, _ := st.ListAlerts(ctx, store.AlertQuery{SubscriptionID: match.ID})
	var buf bytes.Buffer
	if err := WriteAtom(&buf, match, alerts, "http://localhost:8080", "http://localhost:8080/subscriptions/1/feed.atom"); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Title   string `xml:"title"`
		Entries []struct {
			Title string `xml:"title"`
			Links []struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("feed is not XML: %v\n%s", err, buf.String())
	}
	if doc.Title != "incidentmap alerts: Baghdad" || len(doc.Entries) != 2 ||
		doc.Entries[0].Title != "Updated: Air/drone strike in Somewhere (2024-03-02): 12 killed" ||
		doc.Entries[1].Links[0].Href != "http://localhost:8080/collections/incidents/items/i1" {
		t.Errorf("feed:\n%s", buf.String())
	}
}

func intp(v int) *int { return &v }

// TestRetriesThenDeadLetter checks the backoff between attempts, the dead
// letter after the last, and a manual retry that delivers it.
func TestRetriesThenDeadLetter(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, "")
	const secret = "another-secret-long-enough"
	var down atomic.Bool
	down.Store(true)
	rc := newReceiver(t, secret, func(int) int {
		if down.Load() {
			return http.StatusServiceUnavailable
		}
		return http.StatusOK
	})
	sub, err := st.AddSubscription(ctx, store.Subscription{URL: rc.srv.URL, Secret: secret})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Ingest(ctx, storetest.Article("a1", storetest.Incident("i1", "2024-03-02", baghdad))); err != nil {
		t.Fatal(err)
	}
	c := &clock{now: time.Now().UTC().Truncate(time.Millisecond)}
	rc.clock = c.Now
	w := testWorker(st, c)
	start := c.Now()
	var waits []time.Duration
	for attempt := 1; attempt <= 4; attempt++ {
		if _, _, err := w.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		rc.mu.Lock()
		n := len(rc.statuses)
		rc.mu.Unlock()
		if n != attempt {
			as, _ := st.ListAlerts(ctx, store.AlertQuery{})
			t.Fatalf("after attempt %d the receiver saw %d requests; %+v now %v", attempt, n, as, c.Now())
		}
		// Nothing is retried before its time.
		if _, _, err := w.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		as, _ := st.ListAlerts(ctx, store.AlertQuery{SubscriptionID: sub.ID})
		if len(as) != 1 || as[0].Attempts != attempt || as[0].LastError != "HTTP 503 Service Unavailable" {
			t.Fatalf("after attempt %d: %+v", attempt, as)
		}
		if attempt == 4 {
			if as[0].State != store.AlertDead {
				t.Fatalf("after %d failed attempts the alert is %s, want dead", attempt, as[0].State)
			}
			break
		}
		wait := as[0].NextAttempt.Sub(c.Now())
		waits = append(waits, wait)
		c.Add(wait)
	}
	if want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute}; len(waits) != 3 ||
		waits[0] != want[0] || waits[1] != want[1] || waits[2] != want[2] {
		t.Errorf("waits between attempts %v, want %v", waits, want)
	}
	t.Logf("dead after 4 attempts over %v", c.Now().Sub(start))
	dead, _ := st.ListAlerts(ctx, store.AlertQuery{State: store.AlertDead})
	if len(dead) != 1 {
		t.Fatalf("dead letters = %+v", dead)
	}
	down.Store(false)
	if _, err := st.RetryAlert(ctx, dead[0].ID, c.Now()); err != nil {
		t.Fatal(err)
	}
	if _, d, err := w.RunOnce(ctx); err != nil || d != 1 || len(rc.payloads()) != 1 {
		t.Errorf("after a retry: delivered %d (%v), receiver has %d", d, err, len(rc.payloads()))
	}
}

func TestBackoffCapped(t *testing.T) {
	w := &Worker{Backoff: time.Second, MaxBackoff: 10 * time.Second}
	var got []time.Duration
	for n := range 6 {
		got = append(got, w.backoff(n))
	}
	want := []time.Duration{1, 2, 4, 8, 10, 10}
	for i := range want {
		if got[i] != want[i]*time.Second {
			t.Errorf("backoff(%d) = %v, want %v", i, got[i], want[i]*time.Second)
		}
	}
}

// TestPrivateReceiverRefused checks the SSRF guard: without AllowPrivate a
// webhook to a loopback receiver is never sent.
func TestPrivateReceiverRefused(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, "")
	rc := newReceiver(t, "a-secret-of-some-length", nil)
	if _, err := st.AddSubscription(ctx, store.Subscription{URL: rc.srv.URL, Secret: "a-secret-of-some-length"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Ingest(ctx, storetest.Article("a1", storetest.Incident("i1", "2024-03-02", baghdad))); err != nil {
		t.Fatal(err)
	}
	w := testWorker(st, nil)
	w.Client = NewClient(ClientOptions{})
	if _, d, err := w.RunOnce(ctx); err != nil || d != 0 {
		t.Fatalf("delivered %d (%v) to a loopback receiver", d, err)
	}
	rc.mu.Lock()
	n := len(rc.statuses) + rc.bad
	rc.mu.Unlock()
	as, _ := st.ListAlerts(ctx, store.AlertQuery{})
	if n != 0 || len(as) != 1 || !strings.Contains(as[0].LastError, feeds.ErrForbiddenAddress.Error()) {
		t.Errorf("receiver saw %d requests; alert %+v", n, as)
	}
}

// TestRestartLosesNoAlert ingests while no worker runs, closes the store
// and opens it again: the worker of the new process delivers the alert.
func TestRestartLosesNoAlert(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "incidents.db")
	const secret = "a-secret-of-some-length"
	rc := newReceiver(t, secret, nil)
	st, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddSubscription(ctx, store.Subscription{URL: rc.srv.URL, Secret: secret}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Ingest(ctx, storetest.Article("a1", storetest.Incident("i1", "2024-03-02", baghdad))); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	again := openStore(t, path)
	if _, d, err := testWorker(again, nil).RunOnce(ctx); err != nil || d != 1 || len(rc.payloads()) != 1 {
		t.Errorf("after a restart, delivered %d (%v)", d, err)
	}
}

// TestRunNotified checks that Run delivers soon after Notify, long before
// its tick.
func TestRunNotified(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st := openStore(t, "")
	const secret = "a-secret-of-some-length"
	rc := newReceiver(t, secret, nil)
	if _, err := st.AddSubscription(ctx, store.Subscription{URL: rc.srv.URL, Secret: secret}); err != nil {
		t.Fatal(err)
	}
	w := testWorker(st, nil)
	w.Tick = time.Hour
	done := make(chan struct{})
	go func() { defer close(done); _ = w.Run(ctx) }()
	time.Sleep(50 * time.Millisecond) // the first turn finds nothing
	if _, err := st.Ingest(ctx, storetest.Article("a1", storetest.Incident("i1", "2024-03-02", baghdad))); err != nil {
		t.Fatal(err)
	}
	w.Notify()
	deadline := time.Now().Add(5 * time.Second)
	for len(rc.payloads()) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
	if len(rc.payloads()) != 1 {
		t.Errorf("receiver got %d webhooks after Notify", len(rc.payloads()))
	}
}

func TestVerify(t *testing.T) {
	body := []byte(`{"event":"incident.created"}`)
	now := time.Unix(1_800_000_000, 0)
	signed := func(secret string, at time.Time, b []byte) http.Header {
		h := http.Header{}
		h.Set(HeaderTimestamp, strconv.FormatInt(at.Unix(), 10))
		h.Set(HeaderSignature, Sign(secret, at.Unix(), b))
		return h
	}
	tests := []struct {
		name string
		h    http.Header
		body []byte
		want error
	}{
		{"valid", signed("s3cret", now, body), body, nil},
		{"valid, a minute old", signed("s3cret", now.Add(-time.Minute), body), body, nil},
		{"wrong secret", signed("other", now, body), body, ErrBadSignature},
		{"body changed", signed("s3cret", now, body), []byte(`{"event":"incident.updated"}`), ErrBadSignature},
		{"replayed an hour later", signed("s3cret", now.Add(-time.Hour), body), body, ErrStale},
		{"from the future", signed("s3cret", now.Add(time.Hour), body), body, ErrStale},
		{"no headers", http.Header{}, body, ErrNoSignature},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := Verify("s3cret", tc.h, tc.body, now, 0); !errors.Is(err, tc.want) {
				t.Errorf("Verify = %v, want %v", err, tc.want)
			}
		})
	}
	// The timestamp is signed too: moving it forward breaks the signature.
	h := signed("s3cret", now.Add(-time.Hour), body)
	h.Set(HeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
	if err := Verify("s3cret", h, body, now, 0); !errors.Is(err, ErrBadSignature) {
		t.Errorf("a refreshed timestamp: %v, want ErrBadSignature", err)
	}
	if !CheckFeedKey("s3cret", FeedKey("s3cret")) || CheckFeedKey("s3cret", FeedKey("other")) || len(FeedKey("x")) != 32 {
		t.Errorf("feed keys do not check")
	}
}

// TestPrune keeps alerts for Retain, and pending ones however old.
func TestPrune(t *testing.T) {
	ctx := context.Background()
	st := openStore(t, "")
	const secret = "a-secret-of-some-length"
	rc := newReceiver(t, secret, nil)
	if _, err := st.AddSubscription(ctx, store.Subscription{URL: rc.srv.URL, Secret: secret}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Ingest(ctx, storetest.Article("a1", storetest.Incident("i1", "2024-03-02", baghdad))); err != nil {
		t.Fatal(err)
	}
	c := &clock{now: time.Now().UTC()}
	rc.clock = c.Now
	w := testWorker(st, c)
	w.Retain = 24 * time.Hour
	if _, d, err := w.RunOnce(ctx); err != nil || d != 1 {
		t.Fatalf("delivered %d, %v", d, err)
	}
	if n, err := w.Prune(ctx); err != nil || n != 0 {
		t.Errorf("pruned %d (%v) alerts of today", n, err)
	}
	c.Add(25 * time.Hour)
	if n, err := w.Prune(ctx); err != nil || n != 1 {
		t.Errorf("pruned %d (%v) alerts of yesterday, want 1", n, err)
	}
}
