package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/storetest"
)

// TestStatsWhileQueriesHoldEveryConnection checks Stats (what every ETag
// and every tile's index check asks) and Ping answer while pages hold
// every query connection: under make load on the million, tiles waited
// behind /incidents pages for a connection to read the version.
func TestStatsWhileQueriesHoldEveryConnection(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "incidents.db"), Options{MaxConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	storetest.Load(t, s, storetest.Synthetic(10, 10, 1))
	held, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		first := true
		done <- s.Incidents(ctx, store.Query{}, func(*incident.Incident) error {
			if first {
				first = false
				close(held)
				<-release
			}
			return nil
		})
	}()
	<-held
	tctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	st, err := s.Stats(tctx)
	if err != nil || st.Incidents != 10 {
		t.Errorf("Stats with the one query connection held: %+v, %v", st, err)
	}
	if err := s.Ping(tctx); err != nil {
		t.Errorf("Ping with the one query connection held: %v", err)
	}
	close(release)
	if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
}
