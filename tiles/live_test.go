package tiles

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/incidentmap/incidentmap/incident"
)

// TestLiveRebuildsOnANewVersion checks a small source's index is built
// once per data version, however many callers ask at once, and that a new
// version is answered with a new index before Index returns.
func TestLiveRebuildsOnANewVersion(t *testing.T) {
	var scans atomic.Int32
	version, incs := "v1", fixture()[:1]
	var mu sync.Mutex
	l := &Live{
		Version: func(context.Context) (string, int64, error) {
			mu.Lock()
			defer mu.Unlock()
			return version, int64(len(incs)), nil
		},
		Scan: func(_ context.Context, fn func(*incident.Incident) error) error {
			scans.Add(1)
			mu.Lock()
			list := append([]incident.Incident(nil), incs...)
			mu.Unlock()
			for i := range list {
				if err := fn(&list[i]); err != nil {
					return err
				}
			}
			return nil
		},
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ix, v, err := l.Index(context.Background())
			if err != nil {
				t.Error(err)
			} else if v != "v1" || ix.Len() != 1 {
				t.Errorf("Index: %d incidents at %q, want 1 at v1", ix.Len(), v)
			}
		}()
	}
	wg.Wait()
	if n := scans.Load(); n != 1 {
		t.Errorf("%d scans for one version, want 1", n)
	}
	mu.Lock()
	version, incs = "v2", fixture()
	mu.Unlock()
	ix, v, err := l.Index(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if v != "v2" || ix.Len() != len(fixture()) {
		t.Errorf("after a write: %d incidents at %q, want %d at v2", ix.Len(), v, len(fixture()))
	}
	if l.Building() {
		t.Error("a build still runs after Index returned")
	}
}
