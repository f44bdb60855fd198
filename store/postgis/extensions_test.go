package postgis

import (
	"context"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/storetest"
	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"
)

// adminURL returns INCIDENTMAP_TEST_POSTGRES_ADMIN, a superuser's URL that
// may create databases and PostGIS (.ci/postgres.sh sets it); without it
// the tests that need a database without PostGIS skip, except in CI.
func adminURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("INCIDENTMAP_TEST_POSTGRES_ADMIN")
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("INCIDENTMAP_TEST_POSTGRES_ADMIN is not set in CI; run .ci/postgres.sh")
		}
		t.Skip("INCIDENTMAP_TEST_POSTGRES_ADMIN not set")
	}
	return u
}

// bareDatabase creates a database without PostGIS, dropped when t ends,
// and returns its URL.
func bareDatabase(t *testing.T, admin string) string {
	t.Helper()
	ctx := context.Background()
	name := "incidentmap_bare_" + randomHex()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+pgx.Identifier{name}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Logf("drop database %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`); err != nil {
			t.Logf("drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// extensionSchema says which schema an extension is installed in, "" when
// it is not.
func extensionSchema(t *testing.T, dbURL, ext string) string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var in string
	err = conn.QueryRow(ctx, `SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = $1`, ext).Scan(&in)
	if err != nil && err != pgx.ErrNoRows {
		t.Fatal(err)
	}
	return in
}

// TestExtensionsStayOutOfStoreSchemas: on a database without PostGIS, two
// stores in two schemas open; PostGIS goes into public (or the configured
// extension schema), never a store's own, so dropping one store's schema
// leaves the other working.
func TestExtensionsStayOutOfStoreSchemas(t *testing.T) {
	admin := adminURL(t)
	ctx := context.Background()
	for _, tc := range []struct{ name, extSchema, want string }{
		{"public", "", "public"},
		{"configured", "gis", "gis"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := bareDatabase(t, admin)
			if in := extensionSchema(t, db, "postgis"); in != "" {
				t.Fatalf("a fresh database has PostGIS in %s", in)
			}
			open := func(schema string) *Store {
				s, err := Open(ctx, db, Options{Schema: schema, ExtensionSchema: tc.extSchema, MaxConns: 2, CompactEvery: -1})
				if err != nil {
					t.Fatalf("open a store in schema %s: %v", schema, err)
				}
				return s
			}
			s1 := open("s1")
			s2 := open("s2")
			defer s2.Close()
			for _, ext := range []string{"postgis", "btree_gist"} {
				if in := extensionSchema(t, db, ext); in != tc.want {
					t.Errorf("%s is in schema %q, want %q", ext, in, tc.want)
				}
			}
			s1.Close()
			conn, err := pgx.Connect(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			_, err = conn.Exec(ctx, `DROP SCHEMA s1 CASCADE`)
			conn.Close(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if in := extensionSchema(t, db, "postgis"); in != tc.want {
				t.Fatalf("after DROP SCHEMA s1 CASCADE PostGIS is in %q", in)
			}
			rec := storetest.Article("a1", storetest.Incident("i1", "2021-06-28", orb.Point{44.36, 33.31}))
			if _, err := s2.Ingest(ctx, rec); err != nil {
				t.Fatalf("the other store after the drop: %v", err)
			}
			box := orb.Bound{Min: orb.Point{44, 33}, Max: orb.Point{45, 34}}
			if n, err := s2.Count(ctx, store.Query{Bbox: &box}); err != nil || n != 1 {
				t.Fatalf("the other store's spatial count: %d, %v", n, err)
			}
			s3 := open("s3") // and a new store still opens
			s3.Close()
		})
	}
	t.Run("not the store's own schema", func(t *testing.T) {
		db := bareDatabase(t, admin)
		_, err := Open(ctx, db, Options{Schema: "s1", ExtensionSchema: "s1"})
		if err == nil || !strings.Contains(err.Error(), "must not be the store's own schema") {
			t.Fatalf("extension schema = store schema: %v", err)
		}
	})
}
