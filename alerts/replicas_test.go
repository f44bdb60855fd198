package alerts

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/internal/pgtest"
	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/storetest"
	"github.com/paulmach/orb"
)

// TestReplicasSharePostGIS runs the alert workers of two serve replicas,
// each with its own pool, on one PostGIS schema while articles are
// ingested through both: every alert reaches the local receiver once,
// with a valid signature.
func TestReplicasSharePostGIS(t *testing.T) {
	stores := pgtest.Replicas(t, "alerts", 2)
	a, b2 := stores[0], stores[1]
	ctx := context.Background()

	const secret = "replicas-share-this-secret"
	var mu sync.Mutex
	seen := map[string]int{} // delivery id -> requests
	bad := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		if err := Verify(secret, r.Header, body, time.Now(), 0); err != nil {
			bad++
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		seen[r.Header.Get(HeaderDelivery)]++
	}))
	defer srv.Close()
	box := orb.Bound{Min: orb.Point{44, 33}, Max: orb.Point{45, 34}}
	if _, err := a.AddSubscription(ctx, store.Subscription{URL: srv.URL, Secret: secret, Bbox: &box}); err != nil {
		t.Fatal(err)
	}
	if _, err := b2.AddSubscription(ctx, store.Subscription{URL: srv.URL, Secret: secret}); err != nil {
		t.Fatal(err)
	}

	runCtx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	workers := []*Worker{}
	for i, st := range stores {
		w := &Worker{Store: st, Client: NewClient(ClientOptions{AllowPrivate: true}), ID: fmt.Sprintf("replica-%d", i),
			Tick: 20 * time.Millisecond}
		workers = append(workers, w)
		wg.Add(1)
		go func() { defer wg.Done(); _ = w.Run(runCtx) }()
	}
	const articles = 20
	for i := range articles {
		st := a
		if i%2 == 1 {
			st = b2
		}
		in := storetest.Incident(fmt.Sprintf("i%d", i), "2024-03-02", orb.Point{44.3 + float64(i)/100, 33.3})
		if _, err := st.Ingest(ctx, storetest.Article(fmt.Sprintf("a%d", i), in)); err != nil {
			t.Fatal(err)
		}
		workers[i%2].Notify()
	}
	want := 2 * articles // both subscriptions match every incident
	deadline := time.Now().Add(20 * time.Second)
	for {
		mu.Lock()
		n := len(seen)
		mu.Unlock()
		if n >= want || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	stop()
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	if bad != 0 {
		t.Errorf("%d webhooks with a bad signature", bad)
	}
	if len(seen) != want {
		t.Errorf("%d alerts delivered, want %d", len(seen), want)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("alert %s delivered %d times", id, n)
		}
	}
	if q, _ := a.QueuedChanges(ctx, 10); len(q) != 0 {
		t.Errorf("%d changes left queued", len(q))
	}
}
