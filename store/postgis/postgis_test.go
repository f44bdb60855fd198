package postgis

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"testing"

	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/storetest"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// testURL returns INCIDENTMAP_TEST_POSTGRES; without it the tests skip,
// except in CI (CI=true) where they must run.
func testURL(t testing.TB) string {
	t.Helper()
	url := os.Getenv("INCIDENTMAP_TEST_POSTGRES")
	if url == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("INCIDENTMAP_TEST_POSTGRES is not set in CI; run .ci/postgres.sh")
		}
		t.Skip("INCIDENTMAP_TEST_POSTGRES not set")
	}
	return url
}

// freshSchema returns a new schema name, dropped when t ends.
func freshSchema(t testing.TB, url string) string {
	t.Helper()
	schema := "test_" + randomHex()
	t.Cleanup(func() {
		ctx := context.Background()
		pool, err := pgxpool.New(ctx, url)
		if err != nil {
			t.Logf("drop schema %s: %v", schema, err)
			return
		}
		defer pool.Close()
		if _, err := pool.Exec(ctx, `DROP SCHEMA IF EXISTS `+pgx.Identifier{schema}.Sanitize()+` CASCADE`); err != nil {
			t.Logf("drop schema %s: %v", schema, err)
		}
	})
	return schema
}

func openTest(t testing.TB, url, schema string) *Store {
	t.Helper()
	s, err := Open(context.Background(), url, Options{Schema: schema, MaxConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	url := testURL(t)
	storetest.Run(t, func(t *testing.T) store.Store { return openTest(t, url, freshSchema(t, url)) })
}

func TestConformanceGrouping(t *testing.T) {
	url := testURL(t)
	storetest.RunGrouping(t, func(t *testing.T) store.Store {
		s, err := Open(context.Background(), url, Options{Schema: freshSchema(t, url), MaxConns: 4, Matcher: store.MatchReports})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

// TestTwoStores runs two pools on one database, as two serve processes
// would, opened at the same time so they race to migrate.
func TestTwoStores(t *testing.T) {
	url := testURL(t)
	schema := freshSchema(t, url)
	stores := make(chan *Store, 2)
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			s, err := Open(context.Background(), url, Options{Schema: schema, MaxConns: 2})
			if err != nil {
				errs <- err
				return
			}
			stores <- s
		}()
	}
	var got []*Store
	for range 2 {
		select {
		case err := <-errs:
			t.Fatal(err)
		case s := <-stores:
			t.Cleanup(func() { s.Close() })
			got = append(got, s)
		}
	}
	storetest.TwoStores(t, got[0], got[1])
}

func TestUnavailable(t *testing.T) {
	_, err := Open(context.Background(), "postgres://nobody:x@127.0.0.1:1/none?sslmode=disable&connect_timeout=2", Options{})
	if err == nil {
		t.Fatal("Open of a closed port succeeded")
	}
	if !errorsIs(err, store.ErrUnavailable) {
		t.Errorf("err = %v, want store.ErrUnavailable", err)
	}
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }

func randomHex() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
