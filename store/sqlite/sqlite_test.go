package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/storetest"
)

func openTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "incidents.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openTemp(t) })
}

func TestConformanceGrouping(t *testing.T) {
	storetest.RunGrouping(t, func(t *testing.T) store.Store {
		s, err := Open(context.Background(), filepath.Join(t.TempDir(), "incidents.db"), Options{Matcher: store.MatchReports})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

// TestTwoStores opens one file twice, as two serve processes would, and
// checks each sees the other's writes and the schema is migrated once.
func TestTwoStores(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	ctx := context.Background()
	a, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	storetest.TwoStores(t, a, b)
}

// TestReopen checks a store keeps its data and its version across a close.
func TestReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "reopen.db")
	ctx := context.Background()
	s, err := Open(ctx, path, Options{Durable: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Ingest(ctx, storetest.Article("a", storetest.Incident("i", "2024-03-01", storetest.Baghdad))); err != nil {
		t.Fatal(err)
	}
	st1, _ := s.Stats(ctx)
	s.Close()
	s, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st2, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st2.Incidents != 1 || st2.Version != st1.Version {
		t.Errorf("after reopen: %+v, before %+v", st2, st1)
	}
}
