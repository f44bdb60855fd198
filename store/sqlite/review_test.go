package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"testing"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/storetest"
)

// TestMigrateReview opens a database written before the review migration
// (schema 6, with an incident) and one that has the review migration but
// lacks a lower version (numbered apart by work that landed later): both
// end up with every migration, and the old incident is public.
func TestMigrateReview(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(ctx, path, Options{CompactEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Ingest(ctx, storetest.Article("a", storetest.Incident("i", "2024-03-01", storetest.Baghdad))); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// Undo migrations 20 and 21 by hand: what a database of the binary
	// before them holds.
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`DROP INDEX incidents_hidden`, `DROP TABLE incident_history`,
		`ALTER TABLE incidents DROP COLUMN status`, `ALTER TABLE incidents DROP COLUMN edited`,
		`ALTER TABLE incidents DROP COLUMN merged_into`,
		`DELETE FROM schema_migrations WHERE version IN (20, 21)`,
		// And a gap below the newest: version 3 missing, as if it landed later.
		`DROP INDEX incidents_date_feature`, `DELETE FROM schema_migrations WHERE version = 3`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	s, err = Open(ctx, path, Options{CompactEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var versions []int
	rows, err := s.db.Query(`SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var v int
		rows.Scan(&v)
		versions = append(versions, v)
	}
	rows.Close()
	want := []int{}
	for v := range migrations {
		if v > 0 && migrations[v] != "" {
			want = append(want, v)
		}
	}
	if !slices.Equal(versions, want) {
		t.Errorf("versions = %v, want %v", versions, want)
	}
	in, err := s.Incident(ctx, "i")
	if err != nil || in.Status != "" {
		t.Fatalf("old incident: status %q, %v", in.Status, err)
	}
	if n, err := s.Count(ctx, store.Query{}); err != nil || n != 1 {
		t.Errorf("count = %d, %v", n, err)
	}
	if _, err := s.Update(ctx, "i", "alice", func(cur incident.Incident) (incident.Incident, []string, error) {
		cur.Status = store.StatusRejected
		return cur, []string{store.FieldStatus}, nil
	}); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Count(ctx, store.Query{}); err != nil || n != 0 {
		t.Errorf("count after rejecting = %d, %v", n, err)
	}
}
