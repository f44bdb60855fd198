// Package ingesttest gives end-to-end tests a real store holding the demo
// articles: an embedded SQLite file in the test's temporary folder, filled
// through the same ingest pipeline serve uses.
package ingesttest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/incidentmap/incidentmap/ingest"
	"github.com/incidentmap/incidentmap/seeds"
	"github.com/incidentmap/incidentmap/store/sqlite"
)

// SeededSQLite opens a SQLite store under t.TempDir, ingests the embedded
// demo articles into it, and closes it when the test ends.
func SeededSQLite(t testing.TB, g *gazetteer.Gazetteer) (*sqlite.Store, *ingest.Pipeline) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "seeded.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	p := &ingest.Pipeline{Gazetteer: g, Store: st}
	arts, err := seeds.Articles()
	if err != nil {
		t.Fatal(err)
	}
	if n, err := p.SeedIfEmpty(ctx, arts); err != nil || n == 0 {
		t.Fatalf("seeding: %d articles, %v", n, err)
	}
	return st, p
}
