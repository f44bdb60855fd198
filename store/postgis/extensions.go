package postgis

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// extensions are what the store's tables need, created when missing.
var extensions = []string{"postgis", "btree_gist"}

// ensureExtensions makes sure PostGIS and btree_gist are installed, creating
// a missing one in extSchema (never the store's own schema, which would
// take PostGIS with it when dropped: DROP SCHEMA ... CASCADE removes an
// extension installed in it from the whole database), and returns the
// schemas they live in, for the search_path. It runs on a connection of
// its own, before the pool exists, under an advisory lock so that stores
// opening together create each extension once.
func ensureExtensions(ctx context.Context, cfg *pgx.ConnConfig, storeSchema, extSchema string) ([]string, error) {
	if extSchema == "" {
		extSchema = "public"
	}
	if storeSchema != "" && extSchema == storeSchema {
		return nil, fmt.Errorf("extensions: the extension schema %q must not be the store's own schema", extSchema)
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("extensions: %w", mapErr(err))
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(hashtext('incidentmap extensions'))`); err != nil {
		return nil, fmt.Errorf("extensions: lock: %w", mapErr(err))
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(hashtext('incidentmap extensions'))`)
	var schemas []string
	for _, ext := range extensions {
		var in string
		err := conn.QueryRow(ctx, `SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
			WHERE e.extname = $1`, ext).Scan(&in)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			if err := createExtension(ctx, conn, ext, extSchema); err != nil {
				return nil, err
			}
			in = extSchema
		case err != nil:
			return nil, fmt.Errorf("extensions: %s: %w", ext, mapErr(err))
		}
		schemas = append(schemas, in)
	}
	return schemas, nil
}

func createExtension(ctx context.Context, conn *pgx.Conn, ext, schema string) error {
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)`, schema).Scan(&exists); err != nil {
		return fmt.Errorf("extensions: %w", mapErr(err))
	}
	id := pgx.Identifier{schema}.Sanitize()
	if !exists {
		if _, err := conn.Exec(ctx, `CREATE SCHEMA IF NOT EXISTS `+id); err != nil {
			return fmt.Errorf("extensions: schema %s: %w", schema, mapErr(err))
		}
	}
	if _, err := conn.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS `+pgx.Identifier{ext}.Sanitize()+` WITH SCHEMA `+id); err != nil {
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "42501" { // insufficient_privilege
			return fmt.Errorf("extensions: the database lacks %s and this role may not create it; as a superuser run: CREATE EXTENSION %s WITH SCHEMA %s", ext, ext, id)
		}
		return fmt.Errorf("extensions: create %s in %s: %w", ext, schema, mapErr(err))
	}
	return nil
}

// searchPath is the store's schema (or the default "$user", public), then
// the extensions' schemas, then public, each once.
func searchPath(storeSchema string, extSchemas []string) string {
	path := []string{"$user", "public"}
	if storeSchema != "" {
		path = []string{storeSchema}
	}
	path = append(path, extSchemas...)
	path = append(path, "public")
	var out []string
	seen := map[string]bool{}
	for _, s := range path {
		if !seen[s] {
			seen[s] = true
			out = append(out, pgx.Identifier{s}.Sanitize())
		}
	}
	return strings.Join(out, ", ")
}
