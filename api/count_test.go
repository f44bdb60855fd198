package api

import (
	"context"
	"errors"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
)

// TestNumberMatchedCountedOncePerQuery pages through OGC items as GDAL's
// OAPIF driver does: the count runs for the first page only, runs again
// for another filter, and again after a write changes what matches.
func TestNumberMatchedCountedOncePerQuery(t *testing.T) {
	h, fs := seeded(t)
	counts := func() int {
		fs.mu.Lock()
		defer fs.mu.Unlock()
		return fs.counts
	}
	page := func(path string) fc {
		t.Helper()
		got := decodeFC(t, do(h, "GET", path, "", "", ""))
		if got.NumberMatched == nil {
			t.Fatalf("%s: no numberMatched", path)
		}
		return got
	}
	p1 := page("/collections/incidents/items?limit=1")
	matched := *p1.NumberMatched
	if matched < 2 || counts() != 1 {
		t.Fatalf("first page: numberMatched %d after %d counts", matched, counts())
	}
	for next := p1.Links; ; {
		href := ""
		for _, l := range next {
			if l.Rel == "next" {
				href = l.Href
			}
		}
		if href == "" {
			break
		}
		u, _ := url.Parse(href)
		p := page(u.RequestURI())
		if *p.NumberMatched != matched {
			t.Errorf("%s: numberMatched %d, first page said %d", href, *p.NumberMatched, matched)
		}
		next = p.Links
	}
	if counts() != 1 {
		t.Errorf("%d counts while paging one query, want 1", counts())
	}
	page("/collections/incidents/items?limit=1&bbox=40,29,49,38")
	if counts() != 2 {
		t.Errorf("%d counts after a second query, want 2", counts())
	}
	rec := do(h, "POST", "/articles?published=2024-05-02", "text/plain",
		"Strike in Mosul\nA drone strike hit a checkpoint in Mosul on Wednesday, killing two fighters.", testToken)
	if rec.Code != 201 {
		t.Fatalf("POST /articles: %d %s", rec.Code, rec.Body)
	}
	if got := *page("/collections/incidents/items?limit=1").NumberMatched; got != matched+1 || counts() != 3 {
		t.Errorf("after a write: numberMatched %d (was %d) after %d counts, want a fresh count", got, matched, counts())
	}
}

func TestCountKey(t *testing.T) {
	q := func(s string) url.Values { v, _ := url.ParseQuery(s); return v }
	same := countKey("v1", "/collections/incidents/items", q("bbox=1,2,3,4&limit=10"))
	if countKey("v1", "/collections/incidents/items", q("limit=50&cursor=abc&bbox=1,2,3,4&f=json")) != same {
		t.Error("paging parameters changed the key")
	}
	for _, other := range []string{
		countKey("v2", "/collections/incidents/items", q("bbox=1,2,3,4")),
		countKey("v1", "/collections/incidents/items", q("bbox=1,2,3,5")),
		countKey("v1", "/collections/incidents/items", q("bbox=1,2,3,4&filter=fatalities>0")),
	} {
		if other == same {
			t.Errorf("key %q also names another query", other)
		}
	}
}

// TestCountsTakeAtMostTheirSlots checks a count beyond countSlots at once
// is not run (the page goes without numberMatched) instead of queueing
// for a database connection, and that a freed slot counts again.
func TestCountsTakeAtMostTheirSlots(t *testing.T) {
	fs := newFakeStore()
	var c countCache
	ctx := context.Background()
	if _, err := c.count(ctx, fs, "a", store.Query{}); err != nil {
		t.Fatal(err)
	}
	for range countSlots { // counts in progress elsewhere
		c.running <- struct{}{}
	}
	if _, err := c.count(ctx, fs, "b", store.Query{}); !errors.Is(err, errCountBusy) {
		t.Fatalf("with every slot taken: %v, want errCountBusy", err)
	}
	if _, err := c.count(ctx, fs, "a", store.Query{}); err != nil {
		t.Errorf("a cached count needs no slot: %v", err)
	}
	<-c.running
	if _, err := c.count(ctx, fs, "b", store.Query{}); err != nil {
		t.Errorf("with a slot free: %v", err)
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fs.counts != 2 {
		t.Errorf("%d counts ran, want 2", fs.counts)
	}
}

// streamFirstStore is a store whose Count finishes only once a page has
// started streaming: a server that counts before it streams never gets
// its count (the budget runs out), one that counts beside the page does.
type streamFirstStore struct {
	*fakeStore
	once      sync.Once
	streaming chan struct{}
}

func (s *streamFirstStore) Incidents(ctx context.Context, q store.Query, fn func(*incident.Incident) error) error {
	s.once.Do(func() { close(s.streaming) })
	return s.fakeStore.Incidents(ctx, q, fn)
}

func (s *streamFirstStore) Count(ctx context.Context, q store.Query) (int64, error) {
	select {
	case <-s.streaming:
		return s.fakeStore.Count(ctx, q)
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// TestNumberMatchedCountedBesideThePage checks an OGC page counts its
// numberMatched while it streams its features, so a page takes the
// longer of the two, not their sum (under make load on the million, a
// count of up to its 2 s budget came before every page that got a slot).
func TestNumberMatchedCountedBesideThePage(t *testing.T) {
	_, fs := seeded(t)
	ss := &streamFirstStore{fakeStore: fs, streaming: make(chan struct{})}
	h := New(Config{Gazetteer: gz, Store: ss}).Handler()
	start := time.Now()
	got := decodeFC(t, do(h, "GET", "/collections/incidents/items?limit=1", "", "", ""))
	if got.NumberMatched == nil || *got.NumberMatched < 2 {
		t.Fatalf("numberMatched %v after %v: the count did not run beside the page", got.NumberMatched, time.Since(start))
	}
	if d := time.Since(start); d >= countBudget {
		t.Errorf("the page took %v, past the count budget %v", d, countBudget)
	}
}

// slowCountStore counts after a delay, as a large match does.
type slowCountStore struct {
	*fakeStore
	delay time.Duration
}

func (s slowCountStore) Count(ctx context.Context, q store.Query) (int64, error) {
	select {
	case <-time.After(s.delay):
		return s.fakeStore.Count(ctx, q)
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// TestSlowCountGoesOnForTheNextPage checks a page does not wait past
// countWait for a slow numberMatched, and that the count goes on in the
// background so the next request of the query has it from the cache.
func TestSlowCountGoesOnForTheNextPage(t *testing.T) {
	_, fs := seeded(t)
	h := New(Config{Gazetteer: gz, Store: slowCountStore{fakeStore: fs, delay: countWait + 300*time.Millisecond}}).Handler()
	const path = "/collections/incidents/items?limit=1"
	start := time.Now()
	first := decodeFC(t, do(h, "GET", path, "", "", ""))
	if d := time.Since(start); first.NumberMatched != nil || d >= countWait+250*time.Millisecond {
		t.Fatalf("first page: numberMatched %v after %v, want none within about %v", first.NumberMatched, d, countWait)
	}
	time.Sleep(600 * time.Millisecond) // the count finishes in the background
	second := decodeFC(t, do(h, "GET", path, "", "", ""))
	if second.NumberMatched == nil || *second.NumberMatched < 2 {
		t.Fatalf("second page: numberMatched %v, want the background count", second.NumberMatched)
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fs.counts != 1 {
		t.Errorf("%d counts, want the one", fs.counts)
	}
}
