package api

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/alerts"
	"github.com/incidentmap/incidentmap/ingest"
	"github.com/incidentmap/incidentmap/seeds"
	"github.com/incidentmap/incidentmap/store/sqlite"
)

// TestAlertsEndToEnd subscribes over HTTP, ingests an article over HTTP,
// and checks that a local receiver gets the webhook with a valid
// signature, that the Atom feed lists the alert, and that a receiver that
// keeps failing leaves a dead letter the API shows and retries.
func TestAlertsEndToEnd(t *testing.T) {
	testServer(t) // loads the gazetteer
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "incidents.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	worker := &alerts.Worker{Store: st, Gazetteer: gz, Client: alerts.NewClient(alerts.ClientOptions{AllowPrivate: true}),
		ID: "test", MaxAttempts: 2, Backoff: time.Millisecond}
	srv := New(Config{Gazetteer: gz, Store: st, Pipeline: &ingest.Pipeline{Gazetteer: gz, Store: st, Stored: worker.Notify},
		WriteToken: testToken, AlertsChanged: worker.Notify})
	worker.Observe = srv.ObserveAlert
	h := srv.Handler()
	for name, want := range map[string]float64{"incidentmap_alerts_delivered_total": 0, "incidentmap_alerts_pending": 0} {
		if got := metricValue(t, h, name); got != want {
			t.Errorf("before any alert, %s = %v, want %v", name, got, want)
		}
	}

	// The receiver checks signatures with the secret the server made up.
	var mu sync.Mutex
	var secret string
	var got []alerts.Payload
	var bad, failing atomic.Int32
	good := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		if err := alerts.Verify(secret, r.Header, body, time.Now(), 0); err != nil {
			bad.Add(1)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		var p alerts.Payload
		_ = json.Unmarshal(body, &p)
		got = append(got, p)
	}))
	defer good.Close()
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		failing.Add(1)
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer broken.Close()

	// Writes and reads of subscriptions need the write token.
	if rec := do(h, "GET", "/subscriptions", "", "", ""); rec.Code != http.StatusUnauthorized {
		t.Errorf("GET /subscriptions without a token: %d", rec.Code)
	}
	for _, bad := range []struct{ body, param string }{
		{`{"url":"ftp://x.example/"}`, "url"},
		{`{"bbox":"1,2,3"}`, "bbox"},
		{`{"region":"Atlantis"}`, "region"},
		{`{"types":["Picnics"]}`, "types"},
		{`{"bbox":"1,2,3,4","region":"Iraq"}`, "bbox"},
		{`[1,2]`, ""},
	} {
		rec := do(h, "POST", "/subscriptions", "application/json", bad.body, testToken)
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `"param":"`+bad.param+`"`) && bad.param != "" {
			t.Errorf("POST %s: %d %s", bad.body, rec.Code, rec.Body)
		}
	}
	rec := do(h, "POST", "/subscriptions", "application/json",
		`{"name":"Baghdad","url":"`+good.URL+`","bbox":[43.9,33.0,44.6,33.6],"types":["Explosions/Remote violence"]}`, testToken)
	if rec.Code != http.StatusCreated {
		t.Fatalf("POST /subscriptions: %d %s", rec.Code, rec.Body)
	}
	var sub subscriptionView
	if err := json.Unmarshal(rec.Body.Bytes(), &sub); err != nil || sub.Secret == "" || sub.FeedURL == "" {
		t.Fatalf("created %s", rec.Body)
	}
	mu.Lock()
	secret = sub.Secret
	mu.Unlock()
	rec = do(h, "POST", "/subscriptions", "application/json", `{"url":"`+broken.URL+`","region":"Iraq"}`, testToken)
	if rec.Code != http.StatusCreated {
		t.Fatalf("POST /subscriptions: %d %s", rec.Code, rec.Body)
	}
	var brokenSub subscriptionView
	_ = json.Unmarshal(rec.Body.Bytes(), &brokenSub)
	rec = do(h, "GET", "/subscriptions", "", "", testToken)
	if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), sub.Secret) || !strings.Contains(rec.Body.String(), `"name":"Baghdad"`) {
		t.Errorf("GET /subscriptions: %d %s (secrets are shown once, at creation)", rec.Code, rec.Body)
	}

	arts, err := seeds.Articles()
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(arts[1]) // the Baghdad airport drone strike
	if rec := do(h, "POST", "/articles", "application/json", string(body), testToken); rec.Code != http.StatusCreated {
		t.Fatalf("POST /articles: %d %s", rec.Code, rec.Body)
	}
	// Retries come after a 1 ms backoff: run until the failing receiver
	// has had both its attempts.
	for deadline := time.Now().Add(5 * time.Second); ; {
		if _, _, err := worker.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		if failing.Load() >= 2 || time.Now().After(deadline) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	mu.Lock()
	n := len(got)
	mu.Unlock()
	if n != 1 || bad.Load() != 0 {
		t.Fatalf("receiver got %d valid and %d badly signed webhooks, want 1 and 0", n, bad.Load())
	}
	if got[0].Event != alerts.EventCreated || got[0].Subscription.ID != sub.ID || got[0].Change.ArticleID != arts[1].ID {
		t.Errorf("payload %+v", got[0])
	}
	if failing.Load() != 2 {
		t.Errorf("the failing receiver was tried %d times, want 2 (MaxAttempts)", failing.Load())
	}

	// The Atom feed, with its key and only with it.
	u, _ := url.Parse(sub.FeedURL)
	rec = do(h, "GET", u.RequestURI(), "", "", "")
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/atom+xml; charset=utf-8" {
		t.Fatalf("GET %s: %d %s", u.RequestURI(), rec.Code, rec.Body)
	}
	var feed struct {
		Entries []struct {
			Title string `xml:"title"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(rec.Body.Bytes(), &feed); err != nil || len(feed.Entries) != 1 || !strings.Contains(feed.Entries[0].Title, "Baghdad") {
		t.Errorf("feed (%v): %s", err, rec.Body)
	}
	if rec := do(h, "GET", u.Path+"?key=0123", "", "", ""); rec.Code != http.StatusNotFound {
		t.Errorf("feed with a wrong key: %d", rec.Code)
	}

	// The dead letter, and its retry.
	rec = do(h, "GET", "/alerts?state=dead", "", "", testToken)
	var list struct {
		Alerts []alertView `json:"alerts"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil || len(list.Alerts) != 1 ||
		list.Alerts[0].SubscriptionID != brokenSub.ID || list.Alerts[0].Attempts != 2 || list.Alerts[0].LastError != "HTTP 500 Internal Server Error" {
		t.Fatalf("dead letters: %d %s", rec.Code, rec.Body)
	}
	dead := list.Alerts[0].ID
	// The metrics after one delivery and a dead letter's two failures.
	for name, want := range map[string]float64{
		"incidentmap_alerts_delivered_total":       1,
		"incidentmap_alerts_failed_attempts_total": 2,
		"incidentmap_alerts_dead_letters_total":    1,
		"incidentmap_alerts_pending":               0,
	} {
		if got := metricValue(t, h, name); got != want {
			t.Errorf("/metrics: %s = %v, want %v", name, got, want)
		}
	}
	if rec := do(h, "GET", "/alerts?state=lost", "", "", testToken); rec.Code != http.StatusBadRequest {
		t.Errorf("GET /alerts?state=lost: %d", rec.Code)
	}
	rec = do(h, "GET", "/subscriptions/"+itoa64(sub.ID)+"/alerts?state=delivered", "", "", testToken)
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil || len(list.Alerts) != 1 || list.Alerts[0].DeliveredAt == nil {
		t.Errorf("delivered alerts: %d %s", rec.Code, rec.Body)
	}
	if rec := do(h, "POST", "/alerts/"+itoa64(dead)+"/retry", "", "", testToken); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"state":"pending"`) {
		t.Errorf("retry: %d %s", rec.Code, rec.Body)
	}
	if got := metricValue(t, h, "incidentmap_alerts_pending"); got != 1 {
		t.Errorf("/metrics after a retry: incidentmap_alerts_pending = %v, want 1", got)
	}
	if rec := do(h, "POST", "/alerts/"+itoa64(dead)+"/retry", "", "", testToken); rec.Code != http.StatusConflict {
		t.Errorf("retrying a pending alert: %d %s", rec.Code, rec.Body)
	}
	if rec := do(h, "POST", "/alerts/999999/retry", "", "", testToken); rec.Code != http.StatusNotFound {
		t.Errorf("retrying no alert: %d", rec.Code)
	}

	if rec := do(h, "DELETE", "/subscriptions/"+itoa64(brokenSub.ID), "", "", testToken); rec.Code != http.StatusNoContent {
		t.Errorf("DELETE: %d %s", rec.Code, rec.Body)
	}
	if rec := do(h, "GET", "/subscriptions/"+itoa64(brokenSub.ID), "", "", testToken); rec.Code != http.StatusNotFound {
		t.Errorf("GET a removed subscription: %d", rec.Code)
	}
	if rec := do(h, "GET", "/subscriptions/x", "", "", testToken); rec.Code != http.StatusNotFound {
		t.Errorf("GET /subscriptions/x: %d", rec.Code)
	}
}

func itoa64(v int64) string { b, _ := json.Marshal(v); return string(b) }

// metricValue scrapes /metrics and returns the value of the unlabelled
// series name; the test fails when there is none.
func metricValue(t *testing.T, h http.Handler, name string) float64 {
	t.Helper()
	rec := do(h, "GET", "/metrics", "", "", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /metrics: %d %s", rec.Code, rec.Body)
	}
	for _, line := range strings.Split(rec.Body.String(), "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				t.Fatalf("/metrics: %q: %v", line, err)
			}
			return f
		}
	}
	t.Fatalf("/metrics has no %s", name)
	return 0
}
