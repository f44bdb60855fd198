package api

import (
	"context"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/ingest"
	"github.com/incidentmap/incidentmap/store"
)

// stalledScanStore says it is large, so the tile index rebuilds in the
// background, and once armed stops its next full scan after the first
// incident until released: a rebuild that runs as long as a test likes.
type stalledScanStore struct {
	*fakeStore
	armed   atomic.Bool
	reached chan struct{}
	release chan struct{}
}

func (s *stalledScanStore) Stats(ctx context.Context) (store.Stats, error) {
	st, err := s.fakeStore.Stats(ctx)
	st.Incidents += syncIndexBelow
	return st, err
}

func (s *stalledScanStore) Incidents(ctx context.Context, q store.Query, fn func(*incident.Incident) error) error {
	if !reflect.DeepEqual(q, store.Query{}) || !s.armed.CompareAndSwap(true, false) {
		return s.fakeStore.Incidents(ctx, q, fn)
	}
	first := true
	return s.fakeStore.Incidents(ctx, q, func(inc *incident.Incident) error {
		if first {
			first = false
			close(s.reached)
			<-s.release
		}
		return fn(inc)
	})
}

// TestReadsDuringTileRebuild checks a background tile index rebuild holds
// up no request: while one is stopped in the middle of reading the store,
// tiles (from the previous index), pages and OGC items all answer.
func TestReadsDuringTileRebuild(t *testing.T) {
	testServer(t) // loads the gazetteer
	ss := &stalledScanStore{fakeStore: newFakeStore(), reached: make(chan struct{}), release: make(chan struct{})}
	srv := New(Config{Gazetteer: gz, Store: ss, Pipeline: &ingest.Pipeline{Gazetteer: gz, Store: ss}, WriteToken: testToken})
	h := srv.Handler()
	post := func(body string) {
		t.Helper()
		if rec := do(h, "POST", "/articles?published=2024-05-02", "text/plain", body, testToken); rec.Code != 201 {
			t.Fatalf("POST /articles: %d %s", rec.Code, rec.Body)
		}
	}
	get := func(path string) {
		t.Helper()
		if rec := do(h, "GET", path, "", "", ""); rec.Code != 200 {
			t.Errorf("GET %s during the rebuild: %d %s", path, rec.Code, rec.Body)
		}
	}
	post("Strike in Mosul\nA drone strike hit a checkpoint in Mosul on Wednesday, killing two fighters.")
	get("/tiles/0/0/0.mvt") // the first index
	post("Clashes in Kirkuk\nGunmen attacked a police post in Kirkuk on Tuesday, killing three officers.")
	srv.tiles.live.Invalidate() // a rebuild is due at once
	ss.armed.Store(true)
	get("/tiles/0/0/0.mvt") // answers from the old index and starts the rebuild
	select {
	case <-ss.reached:
	case <-time.After(10 * time.Second):
		t.Fatal("no rebuild started")
	}
	for _, path := range []string{"/tiles/0/0/0.mvt", "/tiles/6/40/25.mvt", "/incidents?limit=5",
		"/collections/incidents/items?limit=5", "/collections/incidents"} {
		get(path)
	}
	running := srv.tiles.live.Building()
	if !running {
		t.Error("the rebuild ended while its store read was stopped")
	}
	close(ss.release)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		running = srv.tiles.live.Building()
		if !running {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the rebuild did not end after its store read went on")
		}
	}
}
