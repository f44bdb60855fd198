// Package sqlite is the embedded incident store: one SQLite file through the
// pure-Go modernc.org/sqlite driver, in WAL mode, with an R*Tree index over
// incident bounding boxes and Go implementations of st_intersects,
// st_within, st_contains and st_disjoint over WKB for exact spatial tests.
// Every ingest is one BEGIN IMMEDIATE transaction.
package sqlite

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"net/url"
	"sync"
	"time"

	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/internal/background"
	"github.com/paulmach/orb"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// Options tunes a Store; the zero value is a sensible default.
type Options struct {
	// BusyTimeout is how long a statement waits for another process's lock
	// before failing; 0 means 5 s.
	BusyTimeout time.Duration
	// MaxConns caps open connections (concurrent readers); 0 means 8.
	MaxConns int
	// Durable makes every commit wait for fsync (synchronous=FULL), so a
	// power cut loses no acknowledged ingest. The default (NORMAL) loses
	// nothing when the process crashes, only possibly the last commits on a
	// power cut, and never corrupts the file.
	Durable bool
	// CompactEvery bounds how stale the feature blocks that speed up full
	// exports may get while writes go on (see Store.Compact); 0 means 10 s,
	// negative turns background compaction off.
	CompactEvery time.Duration
	// Matcher, when set, groups an ingested report with a stored incident
	// of another id near it in space and time (store.MatchReports is the
	// default the CLI uses): Same joins it, Uncertain makes a merge
	// suggestion. Nil merges by exact id only.
	Matcher store.Matcher
}

// Store is the SQLite implementation of store.Store. It is safe for
// concurrent use; writes from this process are serialised in Go so they
// queue without spinning on SQLite's busy handler.
type Store struct {
	db    *sql.DB
	meta  *sql.DB       // Stats' own connections (see Open)
	write chan struct{} // a one-slot semaphore around write transactions
	// matcher groups reports at ingest (Options.Matcher).
	matcher store.Matcher

	mu    sync.Mutex
	stats *store.Stats // cached for stats.Version

	compactor *background.Loop // rebuilds dirty feature blocks; nil when off
}

var _ store.Compacter = (*Store)(nil)

var _ store.Store = (*Store)(nil)

// Open opens (creating if needed) the database at path and brings its
// schema up to date.
func Open(ctx context.Context, path string, opt Options) (*Store, error) {
	if err := registerFuncs(); err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	busy := opt.BusyTimeout
	if busy <= 0 {
		busy = 5 * time.Second
	}
	sync := "NORMAL"
	if opt.Durable {
		sync = "FULL"
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busy.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous("+sync+")")
	// Reads go through a page cache of 64 MiB a connection, not a memory
	// map. SQLite caches no page it reads through the map: it parses each
	// page (btreeInitPage) every time a statement touches it, the R*Tree's
	// and the table's inner pages included. Under make load on the
	// million-incident store (4.8 GB, of which the map reached 2 GiB) that
	// parsing was a third of the server's CPU and the rest of the file
	// went through a 16 MB cache that held not even the table's inner
	// pages; with the cache, p50 went from 62 to 27 ms and the resident
	// memory from 2.8 to 1.0 GB (README, Performance).
	q.Add("_pragma", "mmap_size(0)")
	q.Add("_pragma", "cache_size(-65536)")
	q.Set("_txlock", "immediate")
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	n := opt.MaxConns
	if n <= 0 {
		n = 8
	}
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	if err := backfillFeatures(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	// Stats (every ETag, every tile's index check) reads a few meta rows
	// and index pages: it has connections of its own, so it never waits
	// behind pages and counts holding the others.
	meta, err := sql.Open("sqlite", dsn)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	meta.SetMaxOpenConns(metaConns)
	meta.SetMaxIdleConns(metaConns)
	meta.SetConnMaxIdleTime(5 * time.Minute)
	s := &Store{db: db, meta: meta, write: make(chan struct{}, 1), matcher: opt.Matcher}
	s.compactor = background.Start(opt.CompactEvery, s.Compact)
	return s, nil
}

// Close stops background compaction and closes the database.
func (s *Store) Close() error {
	s.compactor.Stop()
	return errors.Join(s.meta.Close(), s.db.Close())
}

// metaConns is how many connections Stats has beside the pool that
// queries use.
const metaConns = 2

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.meta.PingContext(ctx); err != nil {
		return fmt.Errorf("ping sqlite: %w: %w", store.ErrUnavailable, err)
	}
	return nil
}

// lockWrite takes the process's write slot, or gives up with ctx.
func (s *Store) lockWrite(ctx context.Context) error {
	select {
	case s.write <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *Store) unlockWrite() { <-s.write }

// Stats summarises the store. It is cached until the write counter moves,
// so serving ETags costs one indexed read.
func (s *Store) Stats(ctx context.Context) (store.Stats, error) {
	var epoch string
	var version int64
	if err := s.meta.QueryRowContext(ctx, `SELECT
		(SELECT value FROM meta WHERE key = 'epoch'),
		(SELECT value FROM meta WHERE key = 'version')`).Scan(&epoch, &version); err != nil {
		return store.Stats{}, fmt.Errorf("stats: %w", err)
	}
	v := fmt.Sprintf("%s-%d", epoch, version)
	s.mu.Lock()
	if s.stats != nil && s.stats.Version == v {
		st := *s.stats
		s.mu.Unlock()
		if st.Extent != nil {
			e := *st.Extent
			st.Extent = &e
		}
		return st, nil
	}
	s.mu.Unlock()

	// One statement is one snapshot, so the figures agree with the version.
	// Each part costs a few index reads however large the store: the
	// counts are kept by triggers and the extent is the R*Tree root's.
	var st store.Stats
	var first, last sql.NullString
	var root []byte
	err := s.meta.QueryRowContext(ctx, `SELECT
		(SELECT value FROM meta WHERE key = 'epoch'),
		(SELECT value FROM meta WHERE key = 'version'),
		(SELECT value FROM meta WHERE key = 'incidents'),
		(SELECT value FROM meta WHERE key = 'articles'),
		(SELECT min(event_date) FROM incidents),
		(SELECT max(event_date) FROM incidents),
		(SELECT data FROM incidents_rtree_node WHERE nodeno = 1)`).
		Scan(&epoch, &version, &st.Incidents, &st.Articles, &first, &last, &root)
	if err != nil {
		return store.Stats{}, fmt.Errorf("stats: %w", err)
	}
	st.Version = fmt.Sprintf("%s-%d", epoch, version)
	if b, ok, err := rtreeRootBound(root); err != nil {
		return store.Stats{}, fmt.Errorf("stats: %w", err)
	} else if ok {
		st.Extent = &b
	}
	if first.Valid {
		st.FirstDate, _ = time.Parse(time.DateOnly, first.String)
		st.LastDate, _ = time.Parse(time.DateOnly, last.String)
	}
	s.mu.Lock()
	cp := st
	if st.Extent != nil {
		e := *st.Extent
		cp.Extent = &e
	}
	s.stats = &cp
	s.mu.Unlock()
	return st, nil
}

// errNoRows is database/sql's, named here for readability.
var errNoRows = sql.ErrNoRows

func notFound(err error) bool { return errors.Is(err, errNoRows) }

// rtreeRootBound is the box around every entry of a two-dimensional
// R*Tree, read from its root node: SQLite keeps each parent cell the
// union of its children (tightened on delete too), so the root's cells
// cover exactly the boxes min(minx), max(maxx)... over the whole table
// would find, as the same float32 values, without reading a million
// entries. The node format (sqlite/ext/rtree/rtree.c): a 2-byte depth, a
// 2-byte cell count, then per cell an 8-byte id and minx, maxx, miny,
// maxy as 4-byte floats, all big-endian. ok is false for an empty tree.
func rtreeRootBound(node []byte) (b orb.Bound, ok bool, err error) {
	const cell = 8 + 4*4
	if len(node) < 4 {
		return b, false, fmt.Errorf("r*tree root node of %d bytes", len(node))
	}
	n := int(binary.BigEndian.Uint16(node[2:4]))
	if len(node) < 4+n*cell {
		return b, false, fmt.Errorf("r*tree root node of %d bytes holds no %d cells", len(node), n)
	}
	for i := range n {
		c := node[4+i*cell+8:]
		f := func(k int) float64 { return float64(math.Float32frombits(binary.BigEndian.Uint32(c[4*k:]))) }
		cb := boundOf(f(0), f(2), f(1), f(3))
		if !ok {
			b, ok = cb, true
		} else {
			b = b.Union(cb)
		}
	}
	return b, ok, nil
}
