// Package pgtest opens PostGIS stores for tests that need a real
// PostgreSQL. $INCIDENTMAP_TEST_POSTGRES names the database; without it a
// test skips, or fails when CI=true.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/store/postgis"
	"github.com/jackc/pgx/v5"
)

// DSN returns $INCIDENTMAP_TEST_POSTGRES. Where it is unset it skips t,
// or fails it when CI=true.
func DSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("INCIDENTMAP_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but INCIDENTMAP_TEST_POSTGRES is not set")
		}
		t.Skip("INCIDENTMAP_TEST_POSTGRES not set")
	}
	return dsn
}

// Replicas opens n stores on one new schema, named prefix and a random
// suffix, each with its own pool of 4 connections as n serve replicas
// would have. t's cleanup closes them, then drops the schema.
func Replicas(t testing.TB, prefix string, n int) []*postgis.Store {
	t.Helper()
	dsn := DSN(t)
	b := make([]byte, 6)
	rand.Read(b)
	schema := prefix + "_" + hex.EncodeToString(b)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if c, err := pgx.Connect(ctx, dsn); err == nil {
			c.Exec(ctx, "DROP SCHEMA IF EXISTS "+schema+" CASCADE")
			c.Close(ctx)
		}
	})
	stores := make([]*postgis.Store, n)
	for i := range stores {
		st, err := postgis.Open(context.Background(), dsn, postgis.Options{Schema: schema, MaxConns: 4})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		stores[i] = st
	}
	return stores
}
