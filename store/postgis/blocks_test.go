package postgis

import (
	"context"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/storetest"
)

func dirtyDays(t *testing.T, s *Store) []string {
	t.Helper()
	rows, err := s.pool.Query(context.Background(), `SELECT day::text FROM feature_blocks_dirty ORDER BY day`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var d string
		rows.Scan(&d)
		out = append(out, d)
	}
	return out
}

// TestCompactRace holds a day's dirty row as a compaction does while
// another process ingests an incident on that day: the ingest waits, and
// when the compaction has rebuilt the day and cleared the row, the day is
// dirty again, so the new incident is never missing from an export.
func TestCompactRace(t *testing.T) {
	url := testURL(t)
	schema := freshSchema(t, url)
	ctx := context.Background()
	s, err := Open(ctx, url, Options{Schema: schema, MaxConns: 4, CompactEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Ingest(ctx, storetest.Article("a", storetest.Incident("i1", "2024-03-01", storetest.Baghdad))); err != nil {
		t.Fatal(err)
	}
	if got := dirtyDays(t, s); len(got) != 1 || got[0] != "2024-03-01" {
		t.Fatalf("dirty days after ingest: %v", got)
	}

	tx, err := s.pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM (SELECT day FROM feature_blocks_dirty FOR UPDATE) d`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("lock dirty row: %d, %v", n, err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := s.Ingest(ctx, storetest.Article("b", storetest.Incident("i2", "2024-03-01", storetest.Baghdad)))
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("ingest did not wait for the compaction's lock: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	// The compaction rebuilds the day from what it sees (i1 only) and
	// clears it.
	if err := rebuildDay(ctx, tx, time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := dirtyDays(t, s); len(got) != 1 || got[0] != "2024-03-01" {
		t.Fatalf("dirty days after the racing ingest: %v, want the day dirty again", got)
	}
	var ids []string
	if err := s.StreamGeoJSON(ctx, store.Query{}, func(c store.Cursor, _ []byte) error {
		ids = append(ids, c.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(ids) != 2 {
		t.Errorf("export lists %v, want i1 and i2", ids)
	}
	if err := s.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	if got := dirtyDays(t, s); len(got) != 0 {
		t.Errorf("dirty days after Compact: %v", got)
	}
}
