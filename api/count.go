package api

import (
	"context"
	"crypto/sha256"
	"errors"
	"net/url"
	"sync"

	"github.com/incidentmap/incidentmap/store"
)

// countCache remembers numberMatched per query and store version, so a
// client paging through a large match (QGIS, GDAL's OAPIF driver) has it
// counted once, not once per page. A write changes the version and so
// every key; the oldest entries go when it is full. Keys are hashes, so
// its size in bytes is bounded too (countCacheSize x a few dozen bytes).
type countCache struct {
	mu    sync.Mutex
	n     map[string]int64
	order []string

	// running holds a token per count in progress. numberMatched is
	// optional: counting a large match holds a database connection for up
	// to countBudget, and while writes go on every version is new, so
	// every page would count; past countSlots at once, a page goes without
	// its count rather than queue behind counts for a connection.
	running chan struct{}
}

const countCacheSize = 512

// countSlots is how many counts may run at once: one, so counting takes
// at most a core and a connection (of the SQLite store's 8) from the pages
// and ingests, which need them more. With two, counts that mostly ran out
// their budget took 66% of the server's CPU under make load at 40 req/s.
const countSlots = 1

// errCountBusy says every count slot was taken: the page goes without
// numberMatched.
var errCountBusy = errors.New("numberMatched: every count slot is busy")

// pagingParams do not change what a query matches.
var pagingParams = map[string]bool{"cursor": true, "limit": true, "f": true}

// countKey identifies what r's query matches at store version v: a
// SHA-256 of it, so the cache holds 32 bytes a key however long the query
// (a 450 KB intersects geometry is a 32-byte key, not a 450 KB one).
func countKey(v, path string, query url.Values) string {
	q := url.Values{}
	for k, vs := range query {
		if !pagingParams[k] {
			q[k] = vs
		}
	}
	sum := sha256.Sum256([]byte(v + "|" + path + "?" + q.Encode())) // Encode sorts the keys
	return string(sum[:])
}

// count returns how many incidents q matches, from the cache when this
// query was counted at this version.
func (c *countCache) count(ctx context.Context, s store.Store, key string, q store.Query) (int64, error) {
	c.mu.Lock()
	n, ok := c.n[key]
	c.mu.Unlock()
	if ok {
		return n, nil
	}
	c.mu.Lock()
	if c.running == nil {
		c.running = make(chan struct{}, countSlots)
	}
	running := c.running
	c.mu.Unlock()
	select {
	case running <- struct{}{}:
		defer func() { <-running }()
	default:
		return 0, errCountBusy
	}
	n, err := s.Count(ctx, q)
	if err != nil {
		return 0, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int64{}
	}
	if _, ok := c.n[key]; !ok {
		if len(c.order) >= countCacheSize {
			delete(c.n, c.order[0])
			c.order = c.order[1:]
		}
		c.order = append(c.order, key)
	}
	c.n[key] = n
	return n, nil
}
