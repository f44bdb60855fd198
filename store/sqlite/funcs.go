package sqlite

import (
	"database/sql/driver"
	"fmt"
	"sync"

	"github.com/incidentmap/incidentmap/cql2"
	"github.com/incidentmap/incidentmap/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	msqlite "modernc.org/sqlite"
)

// The spatial SQL functions the SQLite store and the CQL2 translator
// (sqlquery.ToSQL, see its function contract) use,
// each over two WKB blobs: st_intersects(a, b), st_within(a, b) (a inside
// b), st_contains(a, b) (b inside a) and st_disjoint(a, b). They return 1
// or 0, or NULL when an argument is NULL, like PostGIS's ST_ functions.
var spatialFuncs = map[string]func(a, b orb.Geometry) bool{
	"st_intersects": geo.Intersects,
	"st_within":     geo.Within,
	"st_contains":   geo.GeomContains,
	"st_disjoint":   geo.Disjoint,
	"st_equals":     geo.Equals,
}

var (
	registerOnce sync.Once
	registerErr  error
)

// registerFuncs adds the spatial functions to the modernc driver, which
// holds them for every connection it opens; so it runs once per process.
func registerFuncs() error {
	registerOnce.Do(func() {
		cache := &geomCache{}
		for name, pred := range spatialFuncs {
			if err := msqlite.RegisterDeterministicScalarFunction(name, 2, predicate(name, pred, cache)); err != nil {
				registerErr = fmt.Errorf("register %s: %w", name, err)
				return
			}
		}
		// CQL2 LIKE is case-sensitive; SQLite's own LIKE folds ASCII case.
		registerErr = msqlite.RegisterDeterministicScalarFunction("cql2_like", 2, like)
	})
	return registerErr
}

func predicate(name string, pred func(a, b orb.Geometry) bool, cache *geomCache) func(*msqlite.FunctionContext, []driver.Value) (driver.Value, error) {
	return func(_ *msqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		a, ida, err := cache.decode(args[0])
		if err != nil || a == nil {
			return nil, wrapFuncErr(name, err)
		}
		b, idb, err := cache.decode(args[1])
		if err != nil || b == nil {
			return nil, wrapFuncErr(name, err)
		}
		// Two large geometries (a row's country outline against the query's
		// polygon) give the same answer on every row that shares them.
		key := resultKey{name, ida, idb}
		if ida != 0 && idb != 0 {
			if r, ok := cache.result(key); ok {
				return r, nil
			}
		}
		r := int64(0)
		if pred(a, b) {
			r = 1
		}
		if ida != 0 && idb != 0 {
			cache.remember(key, r)
		}
		return r, nil
	}
}

// like implements cql2_like(value, pattern) as package cql2 defines it.
func like(_ *msqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	text := func(v driver.Value) (string, bool) {
		switch v := v.(type) {
		case string:
			return v, true
		case []byte:
			return string(v), true
		}
		return "", false
	}
	s, ok1 := text(args[0])
	p, ok2 := text(args[1])
	if !ok1 || !ok2 {
		return nil, nil
	}
	if cql2.MatchLike(s, p) {
		return int64(1), nil
	}
	return int64(0), nil
}

func wrapFuncErr(name string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", name, err)
}

// geomCache remembers the most recently used large geometries decoded,
// most recent first: a query's polygon argument is the same blob on every
// row, so it stays at the front while rows' own polygons pass through, and
// decoding a country's outline per row would dominate the query. Small
// blobs (points) decode faster than a lookup.
type geomCache struct {
	mu      sync.Mutex
	entries [8]cacheEntry
	nextID  uint64
	results map[resultKey]int64
}

// cacheEntry is a decoded geometry; id is unique for the process's life,
// so a result remembered for an evicted entry is never found again.
type cacheEntry struct {
	key string
	id  uint64
	g   orb.Geometry
}

// resultKey names one predicate over two cached geometries.
type resultKey struct {
	name string
	a, b uint64
}

const (
	cacheMinBytes = 256
	maxResults    = 4096
)

// decode returns the geometry of a WKB value and its cache id, 0 when it
// is too small to cache.
func (c *geomCache) decode(v driver.Value) (orb.Geometry, uint64, error) {
	var blob []byte
	switch v := v.(type) {
	case nil:
		return nil, 0, nil
	case []byte:
		blob = v
	case string:
		blob = []byte(v)
	default:
		return nil, 0, fmt.Errorf("want a WKB blob, got %T", v)
	}
	if len(blob) < cacheMinBytes {
		g, err := unmarshal(blob)
		return g, 0, err
	}
	c.mu.Lock()
	for i := range c.entries {
		if e := c.entries[i]; e.g != nil && e.key == string(blob) {
			copy(c.entries[1:i+1], c.entries[:i])
			c.entries[0] = e
			c.mu.Unlock()
			return e.g, e.id, nil
		}
	}
	c.mu.Unlock()
	g, err := unmarshal(blob)
	if err != nil {
		return nil, 0, err
	}
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	copy(c.entries[1:], c.entries[:len(c.entries)-1])
	c.entries[0] = cacheEntry{key: string(blob), id: id, g: g}
	c.mu.Unlock()
	return g, id, nil
}

func (c *geomCache) result(k resultKey) (int64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.results[k]
	return r, ok
}

func (c *geomCache) remember(k resultKey, r int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.results == nil || len(c.results) >= maxResults {
		c.results = make(map[resultKey]int64)
	}
	c.results[k] = r
}

func unmarshal(blob []byte) (orb.Geometry, error) {
	g, err := wkb.Unmarshal(blob)
	if err != nil {
		return nil, fmt.Errorf("decode WKB: %w", err)
	}
	return g, nil
}
