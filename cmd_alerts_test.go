package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/alerts"
)

// TestAlertsThenIngest subscribes with the CLI, ingests an article with
// the CLI, and has watch --once deliver the webhook to a local receiver,
// which checks its signature with the secret alerts add printed.
func TestAlertsThenIngest(t *testing.T) {
	var mu sync.Mutex
	var secret string
	var got []alerts.Payload
	bad := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		if err := alerts.Verify(secret, r.Header, body, time.Now(), 0); err != nil {
			bad++
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		var p alerts.Payload
		_ = json.Unmarshal(body, &p)
		got = append(got, p)
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "a.db")
	for _, args := range [][]string{
		{"alerts"},
		{"alerts", "frobnicate", "--db", db},
		{"alerts", "add", "--url", "ftp://example.org/hook", "--db", db},
		{"alerts", "add", "--bbox", "1,2,3", "--db", db},
		{"alerts", "add", "--type", "Picnics", "--db", db},
		{"alerts", "add", "--min-fatalities", "-3", "--db", db},
		{"alerts", "add", "--region", "Atlantis", "--db", db},
		{"alerts", "add", "extra", "--db", db},
		{"alerts", "remove", "abc", "--db", db},
		{"alerts", "list", "extra", "--db", db},
	} {
		if _, _, err := runCLI(t, "", args...); exitCode(err) != 2 {
			t.Errorf("%v: %v, want a usage error", args, err)
		}
	}
	out, _, err := runCLI(t, "", "alerts", "add", "--url", srv.URL, "--bbox", "43.9,33.0,44.6,33.6",
		"--type", "Explosions/Remote violence", "--name", "Baghdad", "--db", db)
	m := regexp.MustCompile(`subscription 1: secret ([0-9a-f]+)\nAtom feed: /subscriptions/1/feed\.atom\?key=[0-9a-f]{32}\n`).FindStringSubmatch(out)
	if err != nil || m == nil {
		t.Fatalf("alerts add: %q, %v", out, err)
	}
	mu.Lock()
	secret = m[1]
	mu.Unlock()
	if out, _, err := runCLI(t, "", "alerts", "add", "--region", "Syria", "--db", db); err != nil || !strings.Contains(out, "subscription 2:") {
		t.Fatalf("alerts add --region: %q, %v", out, err)
	}
	out, _, err = runCLI(t, "", "alerts", "list", "--db", db)
	if err != nil || !strings.Contains(out, "bbox 43.9,33,44.6,33.6") || !strings.Contains(out, "region Syria") || strings.Contains(out, secret) {
		t.Errorf("alerts list: %q, %v", out, err)
	}
	if _, _, err := runCLI(t, "", "ingest", "--db", db, "seeds/articles/002_baghdad_airport_drone_strike.json"); err != nil {
		t.Fatal(err)
	}
	// Without --allow-private-webhooks the local receiver is refused.
	out, _, err = runCLI(t, "", "watch", "--once", "--db", db)
	if err != nil || !strings.Contains(out, "raised 1 alert(s), delivered 0") {
		t.Fatalf("watch --once: %q, %v", out, err)
	}
	mu.Lock()
	n := len(got) + bad
	mu.Unlock()
	if n != 0 {
		t.Errorf("the receiver got %d requests from a worker refusing private addresses", n)
	}
	// The refused attempt backs off 30 s; a dead letter would wait for
	// retry, so remove and add the subscription again for a fresh alert.
	if _, _, err := runCLI(t, "", "alerts", "remove", "1", "--db", db); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCLI(t, "", "alerts", "remove", "1", "--db", db); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("removing a missing subscription: %v", err)
	}
	out, _, err = runCLI(t, "", "alerts", "add", "--url", srv.URL, "--bbox", "43.9,33.0,44.6,33.6", "--db", db)
	m = regexp.MustCompile(`subscription 3: secret ([0-9a-f]+)`).FindStringSubmatch(out)
	if err != nil || m == nil {
		t.Fatalf("alerts add: %q, %v", out, err)
	}
	mu.Lock()
	secret = m[1]
	mu.Unlock()
	// A new article about the area raises the alert.
	article := "Drone strike near Baghdad airport\nA drone struck a convoy near Baghdad airport on Tuesday, killing three people, officials said.\n"
	if _, _, err := runCLI(t, article, "ingest", "--published", "2024-05-07", "--db", db, "-"); err != nil {
		t.Fatal(err)
	}
	out, _, err = runCLI(t, "", "watch", "--once", "--allow-private-webhooks", "--db", db)
	if err != nil {
		t.Fatalf("watch --once: %q, %v", out, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if bad != 0 {
		t.Errorf("%d webhooks with a bad signature", bad)
	}
	if len(got) == 0 || !strings.Contains(out, "delivered "+strconv.Itoa(len(got))) {
		t.Errorf("watch: %q; the receiver got %d webhooks", out, len(got))
	}
	for _, p := range got {
		if p.Subscription.ID != 3 || p.Event != alerts.EventCreated {
			t.Errorf("payload %+v", p)
		}
	}
	if out, _, err := runCLI(t, "", "alerts", "dead", "--db", db); err != nil || !strings.HasPrefix(out, "ID") {
		t.Errorf("alerts dead: %q, %v", out, err)
	}
	if _, _, err := runCLI(t, "", "alerts", "retry", "999", "--db", db); err == nil {
		t.Errorf("retrying no alert succeeded")
	}
}
