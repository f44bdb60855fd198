package api

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
)

// countingStore counts full scans (the tile index builds).
type countingStore struct {
	*fakeStore
	scans atomic.Int32
}

func (c *countingStore) Incidents(ctx context.Context, q store.Query, fn func(*incident.Incident) error) error {
	if q.Bbox == nil && q.Intersects == nil && q.Limit == 0 {
		c.scans.Add(1)
	}
	return c.fakeStore.Incidents(ctx, q, fn)
}

func TestTilesBuildTheIndexOnce(t *testing.T) {
	_, fs := seeded(t)
	cs := &countingStore{fakeStore: fs}
	h := New(Config{Gazetteer: gz, Store: cs}).Handler()
	var wg sync.WaitGroup
	codes := make([]int, 20)
	for i := range codes {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			codes[i] = do(h, "GET", "/tiles/2/2/1.mvt", "", "", "").Code
		}(i)
	}
	wg.Wait()
	for i, c := range codes {
		if c != http.StatusOK {
			t.Fatalf("request %d: %d", i, c)
		}
	}
	if n := cs.scans.Load(); n != 1 {
		t.Fatalf("20 concurrent first tiles built the index %d times, want once", n)
	}
	rec := do(h, "GET", "/tiles/2/2/1.mvt", "", "", "")
	if rec.Header().Get("Content-Type") != "application/vnd.mapbox-vector-tile" || rec.Header().Get("ETag") == "" {
		t.Errorf("tile headers: %v", rec.Header())
	}
	for path, code := range map[string]int{"/tiles/17/0/0.mvt": 404, "/tiles/2/9/0.mvt": 404, "/tiles/x/0/0.mvt": 400, "/tiles/-1/0/0.mvt": 400} {
		if rec := do(h, "GET", path, "", "", ""); rec.Code != code {
			t.Errorf("%s: %d, want %d", path, rec.Code, code)
		}
	}
}

// leakyStore fails with an error that names SQL and a file path, as a
// driver error would.
type leakyStore struct{ *fakeStore }

func (l leakyStore) Incidents(ctx context.Context, q store.Query, fn func(*incident.Incident) error) error {
	return errLeak
}

func (l leakyStore) Count(ctx context.Context, q store.Query) (int64, error) { return 0, errLeak }

var errLeak = errorString("SQL logic error: near \"SELECT i.id FROM incidents\": /var/lib/incidentmap/x.db")

type errorString string

func (e errorString) Error() string { return string(e) }

// TestErrorsRevealNothing: an internal failure is a 500 problem that names
// no SQL, path or stack; a panic likewise.
func TestErrorsRevealNothing(t *testing.T) {
	testServer(t)
	s := New(Config{Gazetteer: gz, Store: leakyStore{newFakeStore()}})
	s.router.HandleFunc("/boom", func(w http.ResponseWriter, r *http.Request) { panic("secret internals") })
	h := s.Handler()
	for _, path := range []string{"/incidents", "/collections/incidents/items", "/boom"} {
		rec := do(h, "GET", path, "", "", "")
		body := rec.Body.String()
		if rec.Code != 500 || rec.Header().Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: %d %s", path, rec.Code, rec.Header().Get("Content-Type"))
		}
		for _, leak := range []string{"SELECT", "incidents.db", "x.db", "secret", "goroutine", ".go:"} {
			if strings.Contains(body, leak) {
				t.Errorf("%s: the error body reveals %q: %s", path, leak, body)
			}
		}
	}
}
