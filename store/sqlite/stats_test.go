package sqlite

import (
	"context"
	"math/rand"
	"testing"
)

// TestRtreeRootBound checks the extent read from an R*Tree's root node is
// what aggregating every entry finds, on a tree several levels deep, after
// inserts and after deleting the entries that held the extremes.
func TestRtreeRootBound(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	if _, err := s.db.ExecContext(ctx, `CREATE VIRTUAL TABLE t USING rtree (id, minx, maxx, miny, maxy)`); err != nil {
		t.Fatal(err)
	}
	check := func(name string) {
		t.Helper()
		var root []byte
		var minx, maxx, miny, maxy float64
		if err := s.db.QueryRowContext(ctx, `SELECT (SELECT data FROM t_node WHERE nodeno = 1),
			min(minx), max(maxx), min(miny), max(maxy) FROM t`).Scan(&root, &minx, &maxx, &miny, &maxy); err != nil {
			t.Fatal(err)
		}
		b, ok, err := rtreeRootBound(root)
		if err != nil || !ok {
			t.Fatalf("%s: %v %v", name, ok, err)
		}
		if want := boundOf(minx, miny, maxx, maxy); b != want {
			t.Errorf("%s: root bound %v, entries %v", name, b, want)
		}
	}
	var root []byte
	if err := s.db.QueryRowContext(ctx, `SELECT data FROM t_node WHERE nodeno = 1`).Scan(&root); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := rtreeRootBound(root); ok || err != nil {
		t.Errorf("empty tree: ok %v, err %v", ok, err)
	}
	r := rand.New(rand.NewSource(1))
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 40000; i++ { // a root, two levels of nodes, leaves
		x, y := r.Float64()*360-180, r.Float64()*180-90
		if _, err := tx.ExecContext(ctx, `INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5)`, i, x, x+r.Float64(), y, y+r.Float64()); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	var depth int
	if err := s.db.QueryRowContext(ctx, `SELECT unicode(substr(data, 2, 1)) FROM t_node WHERE nodeno = 1`).Scan(&depth); err != nil || depth < 2 {
		t.Fatalf("tree depth %d (%v), want a deeper tree", depth, err)
	}
	check("inserted")
	for k := 0; k < 50; k++ {
		// Delete the entries at each extreme, so every side shrinks.
		for _, q := range []string{`ORDER BY minx`, `ORDER BY maxx DESC`, `ORDER BY miny`, `ORDER BY maxy DESC`} {
			if _, err := s.db.ExecContext(ctx, `DELETE FROM t WHERE id = (SELECT id FROM t `+q+` LIMIT 1)`); err != nil {
				t.Fatal(err)
			}
		}
	}
	check("deleted")
}
