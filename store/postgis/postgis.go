// Package postgis is the scale-out incident store: PostgreSQL with PostGIS
// through pgx, geometries in a geometry(Geometry, 4326) column with a GiST
// index, so any number of stateless serve processes can share one
// database. Migrations are versioned, run at start under an advisory lock.
package postgis

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/internal/background"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/paulmach/orb"
)

// Options tunes a Store; the zero value is a sensible default.
type Options struct {
	// MaxConns caps the pool; 0 keeps pgx's default (max(4, CPUs)) or the
	// URL's pool_max_conns.
	MaxConns int32
	// Schema, when set, holds the tables (created if missing) instead of
	// the connection's default search_path; the extensions stay reachable
	// through their own schemas. Tests use a fresh schema each.
	Schema string
	// ExtensionSchema is where PostGIS and btree_gist are created when the
	// database lacks them; "" means public. It must not be Schema: dropping
	// a store's schema must never drop PostGIS for every other store.
	// Extensions already installed stay where they are, and their schemas
	// join the search_path.
	ExtensionSchema string
	// CompactEvery bounds how stale the feature blocks that speed up full
	// exports may get while this process writes (see Store.Compact); 0
	// means 10 s, negative turns background compaction off.
	CompactEvery time.Duration
	// Matcher, when set, groups an ingested report with a stored incident
	// of another id near it in space and time (store.MatchReports is the
	// default the CLI uses): Same joins it, Uncertain makes a merge
	// suggestion. Nil merges by exact id only. Two processes ingesting
	// reports of one event at the same instant may each store their own.
	Matcher store.Matcher
}

// Store is the PostGIS implementation of store.Store, safe for concurrent
// use by this and other processes.
type Store struct {
	pool *pgxpool.Pool
	// matcher groups reports at ingest (Options.Matcher).
	matcher store.Matcher

	mu    sync.Mutex
	stats *store.Stats // cached for stats.Version

	compactor *background.Loop // rebuilds dirty feature blocks; nil when off
}

var _ store.Store = (*Store)(nil)

// Open connects to the database at url (postgres://...), creates
// opt.Schema if set and brings the schema up to date. A database that
// cannot be reached gives an error wrapping store.ErrUnavailable.
func Open(ctx context.Context, url string, opt Options) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("open postgis: %w", err)
	}
	if opt.MaxConns > 0 {
		cfg.MaxConns = opt.MaxConns
	}
	extSchemas, err := ensureExtensions(ctx, cfg.ConnConfig.Copy(), opt.Schema, opt.ExtensionSchema)
	if err != nil {
		return nil, fmt.Errorf("open postgis: %w", err)
	}
	if opt.Schema != "" || !(len(extSchemas) == 2 && extSchemas[0] == "public" && extSchemas[1] == "public") {
		cfg.ConnConfig.RuntimeParams["search_path"] = searchPath(opt.Schema, extSchemas)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open postgis: %w", mapErr(err))
	}
	if err := migrate(ctx, pool, opt.Schema); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgis: %w", err)
	}
	if err := backfillFeatures(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgis: %w", err)
	}
	s := &Store{pool: pool, matcher: opt.Matcher}
	s.compactor = background.Start(opt.CompactEvery, s.Compact)
	return s, nil
}

// Close stops background compaction and closes the pool.
func (s *Store) Close() error {
	s.compactor.Stop()
	s.pool.Close()
	return nil
}

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.pool.Ping(ctx); err != nil {
		return fmt.Errorf("ping postgis: %w: %w", store.ErrUnavailable, err)
	}
	return nil
}

// mapErr marks errors that mean the database cannot be reached as
// store.ErrUnavailable, leaving others (and the caller's own cancellation)
// as they are.
func mapErr(err error) error {
	if err == nil || errors.Is(err, store.ErrUnavailable) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch {
		case len(pgErr.Code) == 5 && pgErr.Code[:2] == "08", // connection exception
			pgErr.Code == "57P01", pgErr.Code == "57P02", pgErr.Code == "57P03", // shutdown, cannot connect now
			pgErr.Code == "53300": // too many connections
			return fmt.Errorf("%w: %w", store.ErrUnavailable, err)
		}
		return err
	}
	var connErr *pgconn.ConnectError
	var netErr net.Error
	if errors.As(err, &connErr) || errors.As(err, &netErr) || errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) || pgconn.SafeToRetry(err) {
		return fmt.Errorf("%w: %w", store.ErrUnavailable, err)
	}
	return err
}

// Stats summarises the store. It is cached until the write counter moves,
// so serving ETags costs one indexed read.
func (s *Store) Stats(ctx context.Context) (store.Stats, error) {
	var epoch, version string
	if err := s.pool.QueryRow(ctx, `SELECT
		(SELECT value FROM meta WHERE key = 'epoch'),
		(SELECT value FROM meta WHERE key = 'version')`).Scan(&epoch, &version); err != nil {
		return store.Stats{}, fmt.Errorf("stats: %w", mapErr(err))
	}
	v := epoch + "-" + version
	s.mu.Lock()
	if s.stats != nil && s.stats.Version == v {
		st := copyStats(*s.stats)
		s.mu.Unlock()
		return st, nil
	}
	s.mu.Unlock()

	// One statement is one snapshot, so the figures agree with the version.
	var st store.Stats
	var minx, miny, maxx, maxy *float64
	var first, last *time.Time
	err := s.pool.QueryRow(ctx, `SELECT
		(SELECT value FROM meta WHERE key = 'epoch') || '-' || (SELECT value FROM meta WHERE key = 'version'),
		(SELECT count(*) FROM incidents), (SELECT count(*) FROM articles),
		(SELECT min(event_date) FROM incidents), (SELECT max(event_date) FROM incidents),
		ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)
		FROM (SELECT ST_Extent(geom) AS e FROM incidents) x`).
		Scan(&st.Version, &st.Incidents, &st.Articles, &first, &last, &minx, &miny, &maxx, &maxy)
	if err != nil {
		return store.Stats{}, fmt.Errorf("stats: %w", mapErr(err))
	}
	if minx != nil {
		st.Extent = &orb.Bound{Min: orb.Point{*minx, *miny}, Max: orb.Point{*maxx, *maxy}}
	}
	if first != nil {
		st.FirstDate, st.LastDate = first.UTC(), last.UTC()
	}
	s.mu.Lock()
	cp := copyStats(st)
	s.stats = &cp
	s.mu.Unlock()
	return st, nil
}

func copyStats(st store.Stats) store.Stats {
	if st.Extent != nil {
		e := *st.Extent
		st.Extent = &e
	}
	return st
}
