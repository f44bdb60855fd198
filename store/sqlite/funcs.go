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

// The spatial SQL functions the SQLite store and the CQL2 translator use,
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
		a, err := cache.decode(args[0])
		if err != nil || a == nil {
			return nil, wrapFuncErr(name, err)
		}
		b, err := cache.decode(args[1])
		if err != nil || b == nil {
			return nil, wrapFuncErr(name, err)
		}
		if pred(a, b) {
			return int64(1), nil
		}
		return int64(0), nil
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
}

type cacheEntry struct {
	key string
	g   orb.Geometry
}

const cacheMinBytes = 256

func (c *geomCache) decode(v driver.Value) (orb.Geometry, error) {
	var blob []byte
	switch v := v.(type) {
	case nil:
		return nil, nil
	case []byte:
		blob = v
	case string:
		blob = []byte(v)
	default:
		return nil, fmt.Errorf("want a WKB blob, got %T", v)
	}
	if len(blob) < cacheMinBytes {
		return unmarshal(blob)
	}
	c.mu.Lock()
	for i := range c.entries {
		if e := c.entries[i]; e.g != nil && e.key == string(blob) {
			copy(c.entries[1:i+1], c.entries[:i])
			c.entries[0] = e
			c.mu.Unlock()
			return e.g, nil
		}
	}
	c.mu.Unlock()
	g, err := unmarshal(blob)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	copy(c.entries[1:], c.entries[:len(c.entries)-1])
	c.entries[0] = cacheEntry{key: string(blob), g: g}
	c.mu.Unlock()
	return g, nil
}

func unmarshal(blob []byte) (orb.Geometry, error) {
	g, err := wkb.Unmarshal(blob)
	if err != nil {
		return nil, fmt.Errorf("decode WKB: %w", err)
	}
	return g, nil
}
