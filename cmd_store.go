package main

import (
	"context"
	"flag"

	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/postgis"
	"github.com/incidentmap/incidentmap/store/sqlite"
)

// storeFlags choose the store: an embedded SQLite file, or PostgreSQL.
type storeFlags struct {
	db, postgres, extSchema string
	// exactMerge turns the tolerant matcher off: reports merge by id only.
	exactMerge bool
}

func (sf *storeFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&sf.db, "db", envOr("INCIDENTMAP_DB", "incidents.db"), "SQLite database file (env INCIDENTMAP_DB)")
	fs.StringVar(&sf.postgres, "postgres", envOr("INCIDENTMAP_POSTGRES", ""), "PostgreSQL/PostGIS URL instead of SQLite (env INCIDENTMAP_POSTGRES)")
	fs.StringVar(&sf.extSchema, "postgres-extension-schema", "public", "schema PostGIS and btree_gist are created in when the database lacks them")
	fs.BoolVar(&sf.exactMerge, "exact-merge", false, "merge an ingested report only with an incident of its exact id (same day, sub-event type and place), not with one a few km or a day away")
}

// matcher is the store's grouping of reports at ingest.
func (sf *storeFlags) matcher() store.Matcher {
	if sf.exactMerge {
		return nil
	}
	return store.MatchReports
}

func (sf *storeFlags) open(ctx context.Context) (store.Store, error) {
	if sf.postgres != "" {
		return postgis.Open(ctx, sf.postgres, postgis.Options{ExtensionSchema: sf.extSchema, Matcher: sf.matcher()})
	}
	return sqlite.Open(ctx, sf.db, sqlite.Options{Matcher: sf.matcher()})
}
