package feeds

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
)

// Ingester stores an article, with its canonical URL and byline, and
// what it reports (ingest.Pipeline).
type Ingester interface {
	ArticleMeta(ctx context.Context, a incident.Article, published time.Time, m store.ArticleMeta) (store.IngestResult, incident.Extraction, error)
}

// MaxSitemapDepth is how deep sitemap indexes are followed: a source's
// index and an index it lists; a third level is refused.
const MaxSitemapDepth = 2

// StaleAfter is how long a source may fail before it is marked stale.
const StaleAfter = 24 * time.Hour

// MaxBackoff caps the wait after repeated failures.
const MaxBackoff = 24 * time.Hour

// Stale reports whether src has been failing for StaleAfter at now: it
// failed its last poll and has not succeeded since StaleAfter ago (or
// ever, when added that long ago).
func Stale(src store.Source, now time.Time) bool {
	if src.Failures == 0 {
		return false
	}
	since := src.LastSuccess
	if since.IsZero() {
		since = src.Created
	}
	if src.LastErrorAt.After(now) {
		now = src.LastErrorAt // the clock of the worker that recorded it
	}
	return now.Sub(since) >= StaleAfter
}

// Poller polls the due sources of a store and ingests their new entries.
type Poller struct {
	Sources store.Sources
	Ingest  Ingester
	Fetcher *Fetcher
	// Worker names this poller in leases; "" means a random name.
	Worker string
	// Lease is how long a claimed source stays this poller's; 0 means
	// 5 min, longer than a fetch and its ingests take.
	Lease time.Duration
	// Batch is how many sources one claim takes; 0 means 4. Each is
	// polled within its lease, so a large batch of slow feeds leaves the
	// last ones for a later claim.
	Batch int
	// Tick is how often Run looks for due sources; 0 means 10 s.
	Tick   time.Duration
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Rand draws jitter in [0, 1); nil means math/rand/v2.
	Rand func() float64
	// PageBelow is the length of an entry's text, in bytes, under which
	// the article page is fetched and its main text read (ReadPage); 0
	// means 600, a negative value never.
	PageBelow int
	// MaxPages caps the article pages one poll fetches; entries past it
	// wait for the next poll. 0 means 50.
	MaxPages int
	// Sitemaps caps the sitemaps of a sitemap index (and the indexes it
	// lists) one poll reads, the most recently modified first; 0 means 10.
	Sitemaps int
	// OnPoll, when set, is told each poll's outcome (metrics, tests).
	OnPoll func(src store.Source, p store.PollResult)
}

func (p *Poller) defaults() {
	if p.Worker == "" {
		p.Worker = "worker-" + strconv.FormatUint(rand.Uint64(), 36)
	}
	if p.Lease <= 0 {
		p.Lease = 5 * time.Minute
	}
	if p.Batch <= 0 {
		p.Batch = 4
	}
	if p.Tick <= 0 {
		p.Tick = 10 * time.Second
	}
	if p.Logger == nil {
		p.Logger = slog.New(slog.DiscardHandler)
	}
	if p.Now == nil {
		p.Now = time.Now
	}
	if p.Rand == nil {
		p.Rand = rand.Float64
	}
	if p.Fetcher == nil {
		p.Fetcher = NewFetcher(Options{})
	}
	if p.PageBelow == 0 {
		p.PageBelow = 600
	}
	if p.MaxPages <= 0 {
		p.MaxPages = 50
	}
	if p.Sitemaps <= 0 {
		p.Sitemaps = 10
	}
}

// Run polls due sources every Tick until ctx is done; it returns nil then.
func (p *Poller) Run(ctx context.Context) error {
	p.defaults()
	t := time.NewTicker(p.Tick)
	defer t.Stop()
	for {
		if _, err := p.RunOnce(ctx); err != nil && ctx.Err() == nil {
			p.Logger.Warn("poll sources", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// RunOnce claims the sources due now, batch by batch, and polls each. It
// returns how many it polled.
func (p *Poller) RunOnce(ctx context.Context) (int, error) {
	p.defaults()
	n := 0
	for {
		claimed, err := p.Sources.ClaimSources(ctx, p.Worker, p.Now(), p.Lease, p.Batch)
		if err != nil {
			return n, err
		}
		for _, src := range claimed {
			if err := p.Poll(ctx, src); err != nil {
				return n, err
			}
			n++
		}
		if len(claimed) < p.Batch {
			return n, nil
		}
	}
}

// Poll fetches one source claimed by this poller, within its lease, ingests its new entries and records
// the outcome. Only a failure to record (the store) is returned; the
// feed's own failures are the source's health.
func (p *Poller) Poll(ctx context.Context, src store.Source) error {
	p.defaults()
	// The poll ends before the lease does, so no other worker claims the
	// source while this one still fetches it; what is left of a feed
	// waits for the next poll.
	remaining := src.ClaimedUntil.Sub(p.Now()) - p.Lease/10
	if remaining <= 0 {
		p.Logger.Warn("lease ran out before the poll began", "source", src.ID, "url", src.URL)
		return nil
	}
	pctx, cancel := context.WithTimeout(ctx, remaining)
	defer cancel()
	res := p.poll(pctx, src)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if res.Err != "" {
		p.Logger.Warn("source failed", "source", src.ID, "url", src.URL, "err", res.Err, "failures", src.Failures+1)
	} else {
		p.Logger.Info("source polled", "source", src.ID, "url", src.URL, "seen", res.ItemsSeen, "new", res.ItemsNew)
	}
	// The record must land even as the process shuts down.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := p.Sources.RecordPoll(rctx, src.ID, p.Worker, res); err != nil {
		return fmt.Errorf("poll source %d: %w", src.ID, err)
	}
	if p.OnPoll != nil {
		p.OnPoll(src, res)
	}
	return nil
}

func (p *Poller) poll(ctx context.Context, src store.Source) store.PollResult {
	fail := func(err error) store.PollResult {
		now := p.Now()
		wait := p.Backoff(src.Interval, src.Failures+1)
		// A server that says when to come back is taken at its word,
		// within MaxBackoff.
		var se *StatusError
		if errors.As(err, &se) && se.RetryAfter > wait {
			wait = min(se.RetryAfter, MaxBackoff)
		}
		return store.PollResult{At: now, Err: err.Error(), NextPoll: now.Add(wait)}
	}
	u, err := CheckURL(src.URL)
	if err != nil {
		return fail(err)
	}
	resp, err := p.Fetcher.Fetch(ctx, u, src.ETag, src.LastModified)
	if err != nil {
		return fail(err)
	}
	done := func(seen, added int) store.PollResult {
		now := p.Now()
		return store.PollResult{At: now, ItemsSeen: seen, ItemsNew: added, ETag: resp.ETag, LastModified: resp.LastModified,
			NextPoll: now.Add(p.jitter(src.Interval))}
	}
	if resp.NotModified {
		r := done(0, 0)
		r.ETag, r.LastModified = "", ""
		return r
	}
	feed, err := Parse(resp.Body, resp.URL)
	if err != nil {
		return fail(err)
	}
	if feed.Format == "sitemapindex" {
		budget := p.Sitemaps
		seen := map[string]bool{CanonicalURL(src.URL): true, CanonicalURL(resp.URL.String()): true}
		if feed.Entries, err = p.sitemaps(ctx, src, feed, 1, &budget, seen); err != nil {
			return fail(err)
		}
	}
	name := src.Name
	if name == "" {
		name = StripHTML(feed.Title)
	}
	added := 0
	pages := p.MaxPages
	for _, e := range feed.Entries {
		ok, err := p.entry(ctx, src, name, e, &pages)
		if err != nil {
			return fail(err)
		}
		if ok {
			added++
		}
	}
	r := done(len(feed.Entries), added)
	r.Title = truncate(StripHTML(feed.Title), 200)
	return r
}

// sitemaps reads the sitemaps index lists, the most recently modified
// first, at most *budget of them in all, following an index it lists down
// to MaxSitemapDepth; seen holds the documents read in this poll, so an
// index that lists itself or a sitemap twice reads it once. Each goes
// through the same fetcher as the feed (robots.txt, the address check,
// the size and redirect bounds). A sitemap that cannot be read is
// skipped; only when none could be is the poll a failure. The entries
// come back newest first.
func (p *Poller) sitemaps(ctx context.Context, src store.Source, index Feed, depth int, budget *int, seen map[string]bool) ([]Entry, error) {
	var entries []Entry
	var firstErr error
	read := 0
	for _, sm := range index.Sitemaps {
		if *budget <= 0 {
			break
		}
		key := CanonicalURL(sm.URL)
		if key != "" && seen[key] {
			continue
		}
		seen[key] = true
		*budget--
		child, err := p.sitemap(ctx, sm.URL)
		if err == nil && child.Format == "sitemapindex" {
			if depth >= MaxSitemapDepth {
				err = fmt.Errorf("sitemap %s: a sitemap index nested more than %d deep", sm.URL, MaxSitemapDepth)
			} else {
				child.Entries, err = p.sitemaps(ctx, src, child, depth+1, budget, seen)
			}
		}
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			p.Logger.Info("sitemap not read", "source", src.ID, "url", sm.URL, "err", err)
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		read++
		entries = append(entries, child.Entries...)
	}
	if read == 0 && firstErr != nil {
		return nil, fmt.Errorf("sitemap index: none of its sitemaps could be read: %w", firstErr)
	}
	slices.SortStableFunc(entries, func(a, b Entry) int { return b.Published.Compare(a.Published) })
	return entries, nil
}

// sitemap fetches and parses one sitemap an index lists.
func (p *Poller) sitemap(ctx context.Context, raw string) (Feed, error) {
	u, err := CheckURL(raw)
	if err != nil {
		return Feed{}, err
	}
	resp, err := p.Fetcher.Fetch(ctx, u, "", "")
	if err != nil {
		return Feed{}, err
	}
	f, err := Parse(resp.Body, resp.URL)
	if err != nil {
		return Feed{}, fmt.Errorf("sitemap %s: %w", u, err)
	}
	return f, nil
}

// entry ingests one entry unless a key of it was seen; it reports whether
// the entry was new. An entry with only a teaser is completed from its
// page first; a page that cannot be read leaves the teaser. A page read
// gives the article its canonical URL, one more key it is known by (two
// entries whose pages name one canonical article are one article), and
// its byline when the feed names no author.
func (p *Poller) entry(ctx context.Context, src store.Source, name string, e Entry, pages *int) (bool, error) {
	a, ok := EntryArticle(name, e)
	if !ok && e.URL == "" {
		return false, nil
	}
	meta := store.ArticleMeta{Byline: Byline(e.Author)}
	sid := strconv.FormatInt(src.ID, 10)
	keys := Keys(sid, e, a)
	if _, seen, err := p.Sources.SeenItem(ctx, keys); err != nil || seen {
		return false, err
	}
	if p.PageBelow > 0 && len(a.Body) < p.PageBelow && e.URL != "" {
		if *pages <= 0 {
			return false, nil // not marked seen: the next poll reads it
		}
		*pages--
		page, err := p.page(ctx, e.URL)
		if err != nil {
			p.Logger.Info("article page not read: keeping the feed's text", "source", src.ID, "url", e.URL, "err", err)
		} else {
			var more []string
			if c := CanonicalURL(page.Canonical); c != "" && len(page.Canonical) <= store.MaxCanonicalURL {
				meta.CanonicalURL = page.Canonical
				more = append(more, "url:"+c)
			}
			if meta.Byline == "" {
				meta.Byline = Byline(page.Byline)
			}
			var body bool
			if a, body = pageArticle(a, page); body {
				ok = true
				more = append(more, "hash:"+contentHash(a.Title, a.Body))
			}
			more = slices.DeleteFunc(more, func(k string) bool { return slices.Contains(keys, k) })
			if len(more) > 0 {
				if id, seen, err := p.Sources.SeenItem(ctx, more); err != nil || seen {
					if err == nil {
						// Known by its page: remember the entry's keys
						// too, so the next poll does not fetch the page
						// again.
						err = p.Sources.MarkItems(ctx, src.ID, id, keys)
					}
					return false, err
				}
				keys = append(keys, more...)
			}
		}
	}
	if !ok {
		return false, nil
	}
	res, _, err := p.Ingest.ArticleMeta(ctx, a, time.Time{}, meta)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return false, err
		}
		return false, fmt.Errorf("ingest entry %q: %w", e.URL, err)
	}
	if err := p.Sources.MarkItems(ctx, src.ID, res.ArticleID, keys); err != nil {
		return false, err
	}
	return res.Created, nil
}

// page fetches and reads an article page.
func (p *Poller) page(ctx context.Context, raw string) (Page, error) {
	u, err := CheckURL(raw)
	if err != nil {
		return Page{}, err
	}
	resp, err := p.Fetcher.Fetch(ctx, u, "", "")
	if err != nil {
		return Page{}, err
	}
	return ReadPage(resp.Body, resp.URL)
}

// pageArticle completes a from its page: its title and date where the
// feed gave none, and the page's main text when it is longer than the
// feed's (body reports that).
func pageArticle(a incident.Article, page Page) (_ incident.Article, body bool) {
	if len(page.Text) > len(a.Body) {
		a.Body = truncate(page.Text, MaxArticleBytes)
		body = true
	}
	if a.Title == "" && a.Body != "" {
		a.Title = truncate(page.Title, 1000)
	}
	if a.Published.IsZero() {
		a.Published = page.Published
	}
	a.ID = incident.ContentID(a.Title, a.Body)
	return a, body
}

// Backoff is how long to wait after the failures-th failure in a row: the
// interval doubled per failure, capped at MaxBackoff, with jitter.
func (p *Poller) Backoff(interval time.Duration, failures int) time.Duration {
	p.defaults()
	if interval <= 0 {
		interval = store.DefaultSourceInterval
	}
	d := interval
	for i := 0; i < failures && d < MaxBackoff; i++ {
		d *= 2
	}
	return p.jitter(min(d, MaxBackoff))
}

// jitter spreads d by up to a tenth either way, so sources added together
// do not stay in step.
func (p *Poller) jitter(d time.Duration) time.Duration {
	return d + time.Duration((p.Rand()*0.2-0.1)*float64(d))
}
