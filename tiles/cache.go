package tiles

import (
	"container/list"
	"sync"

	"github.com/paulmach/orb/maptile"
)

// CacheKey identifies an encoded tile: the data version it was made from
// (store.Stats.Version), the tile, and the request's filter (Filter.Key plus
// anything else that changes the tile, such as the layer set).
type CacheKey struct {
	Version string
	Tile    maptile.Tile
	Filter  string
}

// Cache is a least-recently-used cache of encoded tiles within a byte
// budget. It is safe for concurrent use; the zero value caches nothing.
type Cache struct {
	mu     sync.Mutex
	budget int
	used   int
	order  *list.List // front is most recent
	items  map[CacheKey]*list.Element
}

type cacheEntry struct {
	key  CacheKey
	data []byte
}

// NewCache returns a cache holding up to maxBytes of tiles.
func NewCache(maxBytes int) *Cache {
	return &Cache{budget: maxBytes, order: list.New(), items: map[CacheKey]*list.Element{}}
}

// Get returns a cached tile. Callers must not modify it.
func (c *Cache) Get(k CacheKey) ([]byte, bool) {
	if c == nil || c.items == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[k]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*cacheEntry).data, true
}

// Add caches a tile, evicting the least recently used ones to stay within
// the budget; a tile larger than the whole budget is not cached.
func (c *Cache) Add(k CacheKey, data []byte) {
	if c == nil || c.items == nil || len(data) > c.budget {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[k]; ok {
		e := el.Value.(*cacheEntry)
		c.used += len(data) - len(e.data)
		e.data = data
		c.order.MoveToFront(el)
	} else {
		c.items[k] = c.order.PushFront(&cacheEntry{key: k, data: data})
		c.used += len(data)
	}
	for c.used > c.budget {
		el := c.order.Back()
		e := el.Value.(*cacheEntry)
		c.order.Remove(el)
		delete(c.items, e.key)
		c.used -= len(e.data)
	}
}

// Bytes is the size of the cached tiles.
func (c *Cache) Bytes() int {
	if c == nil || c.items == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.used
}

// Len is the number of cached tiles.
func (c *Cache) Len() int {
	if c == nil || c.items == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items)
}
