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
}

func (sf *storeFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&sf.db, "db", envOr("INCIDENTMAP_DB", "incidents.db"), "SQLite database file (env INCIDENTMAP_DB)")
	fs.StringVar(&sf.postgres, "postgres", envOr("INCIDENTMAP_POSTGRES", ""), "PostgreSQL/PostGIS URL instead of SQLite (env INCIDENTMAP_POSTGRES)")
	fs.StringVar(&sf.extSchema, "postgres-extension-schema", "public", "schema PostGIS and btree_gist are created in when the database lacks them")
}

func (sf *storeFlags) open(ctx context.Context) (store.Store, error) {
	if sf.postgres != "" {
		return postgis.Open(ctx, sf.postgres, postgis.Options{ExtensionSchema: sf.extSchema})
	}
	return sqlite.Open(ctx, sf.db, sqlite.Options{})
}
