package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/internal/featureblock"
	"github.com/incidentmap/incidentmap/store/storetest"
	"github.com/paulmach/orb"
)

// TestFeatureBlocks fills one day with more incidents than a block holds
// and checks the blocks Compact writes: bounded, complete, in order, and
// what the export reads back, also while some days are dirty.
func TestFeatureBlocks(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "blocks.db"), Options{CompactEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const busy = featureblock.MaxFeatures*2 + 37
	rec := storetest.Article("busy")
	for i := range busy {
		rec.Incidents = append(rec.Incidents, storetest.Incident(fmt.Sprintf("b%05d", (i*7919)%busy), "2024-05-05",
			orb.Point{40 + float64(i%100)/100, 30 + float64(i/100)/100}))
	}
	if _, err := s.Ingest(ctx, rec); err != nil {
		t.Fatal(err)
	}
	quiet := storetest.Article("quiet", storetest.Incident("q1", "2024-05-06", storetest.Baghdad),
		storetest.Incident("q0", "2024-05-04", storetest.Baghdad))
	if _, err := s.Ingest(ctx, quiet); err != nil {
		t.Fatal(err)
	}
	want := features(t, s, false)
	if len(want) != busy+2 {
		t.Fatalf("%d features from rows, want %d", len(want), busy+2)
	}
	if got := dirtyDays(t, s); got != 3 {
		t.Errorf("%d dirty days before compaction, want 3", got)
	}
	if err := s.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	if got := dirtyDays(t, s); got != 0 {
		t.Errorf("%d dirty days after compaction", got)
	}
	var blocks, total int
	rows, err := s.db.QueryContext(ctx, `SELECT n FROM feature_blocks WHERE day = '2024-05-05' ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n int
		rows.Scan(&n)
		if n > featureblock.MaxFeatures {
			t.Errorf("block of %d features", n)
		}
		blocks++
		total += n
	}
	rows.Close()
	if blocks != 3 || total != busy {
		t.Errorf("busy day: %d blocks of %d features, want 3 of %d", blocks, total, busy)
	}
	compareFeatures(t, "compacted", features(t, s, true), want)

	// A new incident on the busy day makes it dirty again: the export
	// reads it from the rows, the other days from their blocks.
	late := storetest.Article("late", storetest.Incident("b00000x", "2024-05-05", storetest.Baghdad))
	if _, err := s.Ingest(ctx, late); err != nil {
		t.Fatal(err)
	}
	if got := dirtyDays(t, s); got != 1 {
		t.Errorf("%d dirty days after a late ingest, want 1", got)
	}
	want = features(t, s, false)
	compareFeatures(t, "one day dirty", features(t, s, true), want)
	if err := s.Compact(ctx); err != nil {
		t.Fatal(err)
	}
	compareFeatures(t, "compacted again", features(t, s, true), want)
}

// features lists "date id feature" for every incident, from the blocks
// path (a plain export) or from the rows (a world bbox page of everything).
func features(t *testing.T, s *Store, blocks bool) []string {
	t.Helper()
	q := store.Query{}
	if !blocks {
		q.Types = []string{"Explosions/Remote violence", "Battles"}
	}
	if featureblock.WholeDays(q) != blocks {
		t.Fatalf("WholeDays(%+v) = %v", q, !blocks)
	}
	var out []string
	err := s.StreamGeoJSON(context.Background(), q, func(c store.Cursor, f []byte) error {
		out = append(out, c.EventDate.Format(time.DateOnly)+" "+c.ID+" "+string(f))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func compareFeatures(t *testing.T, stage string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d features, want %d", stage, len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s: feature %d:\n got %.120s\nwant %.120s", stage, i, got[i], want[i])
		}
	}
}

func dirtyDays(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM feature_blocks_dirty`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestCompactInBackground checks that ingests get compacted without a
// Compact call.
func TestCompactInBackground(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "bg.db"), Options{CompactEvery: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Ingest(ctx, storetest.Article("a", storetest.Incident("i", "2024-03-01", storetest.Baghdad))); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); dirtyDays(t, s) > 0; {
		if time.Now().After(deadline) {
			t.Fatal("the ingested day is still dirty after 30 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
