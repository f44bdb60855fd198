package feeds

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/ingest"
	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/sqlite"
)

// fakeIngest keeps articles by id, as the store would.
type fakeIngest struct {
	mu       sync.Mutex
	articles map[string]incident.Article
	metas    map[string]store.ArticleMeta
	calls    int
}

func (f *fakeIngest) ArticleMeta(ctx context.Context, a incident.Article, _ time.Time, m store.ArticleMeta) (store.IngestResult, incident.Extraction, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.articles == nil {
		f.articles = map[string]incident.Article{}
		f.metas = map[string]store.ArticleMeta{}
	}
	f.calls++
	_, had := f.articles[a.ID]
	f.articles[a.ID] = a
	if !had {
		f.metas[a.ID] = m
	}
	return store.IngestResult{ArticleID: a.ID, Created: !had}, incident.Extraction{}, nil
}

func openStore(t testing.TB) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "feeds.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// feedServer serves fixtures by path, counting full (200) responses and
// answering 304 to a matching If-None-Match.
type feedServer struct {
	*httptest.Server
	mu    sync.Mutex
	docs  map[string][]byte
	codes map[string]int
	full  atomic.Int32
}

func newFeedServer(t testing.TB) *feedServer {
	fs := &feedServer{docs: map[string][]byte{}, codes: map[string]int{}}
	fs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fs.mu.Lock()
		doc, ok := fs.docs[r.URL.Path]
		code := fs.codes[r.URL.Path]
		fs.mu.Unlock()
		if code != 0 {
			w.WriteHeader(code)
			return
		}
		if !ok {
			http.NotFound(w, r)
			return
		}
		etag := `"` + incident.ContentID(r.URL.Path, string(doc)) + `"`
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		fs.full.Add(1)
		w.Header().Set("ETag", etag)
		w.Write(doc)
	}))
	t.Cleanup(fs.Close)
	return fs
}

func (fs *feedServer) set(path string, doc []byte, code int) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.docs[path], fs.codes[path] = doc, code
}

// clock is a settable time for pollers.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newPoller(st store.Sources, in Ingester, c *clock, worker string) *Poller {
	return &Poller{Sources: st, Ingest: in, Fetcher: testFetcher(Options{}), Worker: worker, Now: c.now,
		Rand:      func() float64 { return 0.5 }, // no jitter
		PageBelow: -1}                            // page_test.go tests article pages
}

func addSource(t testing.TB, st store.Sources, u string) store.Source {
	t.Helper()
	src, err := st.AddSource(context.Background(), store.Source{URL: u, Interval: 10 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func getSource(t *testing.T, st store.Sources, id int64) store.Source {
	t.Helper()
	src, err := st.Source(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func TestPollDedupeAcrossFeeds(t *testing.T) {
	st, fs, in := openStore(t), newFeedServer(t), &fakeIngest{}
	fs.set("/wire.xml", readFixture(t, "rss.xml"), 0)
	fs.set("/digest.xml", readFixture(t, "mirror.xml"), 0)
	fs.set("/atom.xml", readFixture(t, "atom.xml"), 0)
	fs.set("/feed.json", readFixture(t, "feed.json"), 0)
	a := addSource(t, st, fs.URL+"/wire.xml")
	b := addSource(t, st, fs.URL+"/digest.xml")
	addSource(t, st, fs.URL+"/atom.xml")
	addSource(t, st, fs.URL+"/feed.json")
	c := &clock{t: time.Now().Add(time.Second)}
	n, err := newPoller(st, in, c, "w").RunOnce(context.Background())
	if err != nil || n != 4 {
		t.Fatalf("polled %d, %v", n, err)
	}
	if len(in.articles) != 3+2+2 {
		t.Errorf("%d articles, want 7 (the digest's two stories are the wire's)", len(in.articles))
	}
	if got := getSource(t, st, a.ID); got.ItemsSeen != 3 || got.ItemsNew != 3 || got.Failures != 0 || got.LastSuccess.IsZero() {
		t.Errorf("wire: %+v", got)
	}
	if got := getSource(t, st, b.ID); got.ItemsSeen != 2 || got.ItemsNew != 0 {
		t.Errorf("digest: seen %d, new %d; want 2, 0", got.ItemsSeen, got.ItemsNew)
	}
	for _, art := range in.articles {
		if art.Title == "Market blast in Mogadishu" && (art.Source != "Coastal Wire & Partners" || art.URL == "") {
			t.Errorf("article %+v: want the wire's name and link", art)
		}
	}
}

func TestPollConditionalAndRestart(t *testing.T) {
	st, fs, in := openStore(t), newFeedServer(t), &fakeIngest{}
	fs.set("/wire.xml", readFixture(t, "rss.xml"), 0)
	src := addSource(t, st, fs.URL+"/wire.xml")
	c := &clock{t: time.Now().Add(time.Second)}
	ctx := context.Background()
	if _, err := newPoller(st, in, c, "w1").RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	// Not due yet: nothing polled.
	if n, _ := newPoller(st, in, c, "w1").RunOnce(ctx); n != 0 {
		t.Errorf("polled %d sources before they were due", n)
	}
	// A new poller (a restart) sends the stored ETag and gets a 304.
	c.add(11 * time.Minute)
	if n, err := newPoller(st, in, c, "w2").RunOnce(ctx); n != 1 || err != nil {
		t.Fatalf("second poll: %d, %v", n, err)
	}
	got := getSource(t, st, src.ID)
	if fs.full.Load() != 1 || got.ItemsSeen != 0 || got.ETag == "" || in.calls != 3 {
		t.Errorf("after a 304: %d full responses, %+v, %d ingests", fs.full.Load(), got, in.calls)
	}
	if want := c.now().Add(10 * time.Minute); !got.NextPoll.Equal(want.Truncate(time.Millisecond)) {
		t.Errorf("next poll %v, want %v", got.NextPoll, want)
	}
	// The feed grows by one entry: one new article, the old ones seen.
	grown := strings.Replace(string(readFixture(t, "rss.xml")), "</channel>",
		"<item><title>Roadside bomb</title><link>https://wire.example/news/roadside</link><description>A roadside bomb hit a convoy near Baghdad on Monday.</description></item></channel>", 1)
	fs.set("/wire.xml", []byte(grown), 0)
	c.add(11 * time.Minute)
	if _, err := newPoller(st, in, c, "w3").RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	got = getSource(t, st, src.ID)
	if got.ItemsSeen != 4 || got.ItemsNew != 1 || got.TotalNew != 4 || in.calls != 4 {
		t.Errorf("after the feed grew: %+v, %d ingests", got, in.calls)
	}
}

func TestPollFailuresBackOff(t *testing.T) {
	st, fs, in := openStore(t), newFeedServer(t), &fakeIngest{}
	fs.set("/broken.xml", readFixture(t, "broken.xml"), 0)
	src := addSource(t, st, fs.URL+"/broken.xml")
	c := &clock{t: time.Now().Add(time.Second)}
	ctx := context.Background()
	p := newPoller(st, in, c, "w")
	var waits []time.Duration
	for i, fail := range []string{"parse feed", "HTTP 503", "HTTP 503"} {
		if i == 1 {
			fs.set("/broken.xml", nil, http.StatusServiceUnavailable)
		}
		if _, err := p.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		got := getSource(t, st, src.ID)
		if got.Failures != i+1 || !strings.Contains(got.LastError, fail) || got.LastErrorAt.IsZero() {
			t.Fatalf("failure %d: %+v", i+1, got)
		}
		waits = append(waits, got.NextPoll.Sub(c.now()))
		c.t = got.NextPoll
	}
	if waits[0] < 20*time.Minute-time.Second || waits[1] < 2*waits[0]-time.Second || waits[2] < 2*waits[1]-time.Second {
		t.Errorf("waits %v: want each twice the last, from twice the interval", waits)
	}
	if Stale(getSource(t, st, src.ID), c.now()) != (c.now().Sub(src.Created) >= StaleAfter) {
		t.Error("Stale disagrees with the time since the source was added")
	}
	if !Stale(store.Source{Failures: 3, LastSuccess: c.now().Add(-25 * time.Hour)}, c.now()) ||
		Stale(store.Source{Failures: 0, LastSuccess: c.now().Add(-25 * time.Hour)}, c.now()) ||
		Stale(store.Source{Failures: 3, LastSuccess: c.now().Add(-time.Hour)}, c.now()) {
		t.Error("Stale: a day of failures is stale, a success or an hour is not")
	}
	// Repaired: one success resets the failures.
	fs.set("/broken.xml", readFixture(t, "feed.json"), 0)
	if _, err := p.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if got := getSource(t, st, src.ID); got.Failures != 0 || got.ItemsNew != 2 || got.LastError == "" {
		t.Errorf("after a repair: %+v", got)
	}
	if d := p.Backoff(time.Hour, 20); d > MaxBackoff+MaxBackoff/10 {
		t.Errorf("backoff after 20 failures %v, want at most %v", d, MaxBackoff)
	}
}

func TestPollPrivateRefused(t *testing.T) {
	st, fs, in := openStore(t), newFeedServer(t), &fakeIngest{}
	fs.set("/wire.xml", readFixture(t, "rss.xml"), 0)
	src := addSource(t, st, fs.URL+"/wire.xml")
	c := &clock{t: time.Now().Add(time.Second)}
	p := newPoller(st, in, c, "w")
	p.Fetcher = NewFetcher(Options{}) // no AllowPrivate
	if _, err := p.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := getSource(t, st, src.ID); !strings.Contains(got.LastError, "address not allowed") || fs.full.Load() != 0 {
		t.Errorf("private source: %+v, %d responses", got, fs.full.Load())
	}
}

func TestPollersShareWork(t *testing.T) {
	st, fs, in := openStore(t), newFeedServer(t), &fakeIngest{}
	var requests sync.Map
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		n, _ := requests.LoadOrStore(r.URL.Path, new(atomic.Int32))
		n.(*atomic.Int32).Add(1)
		fs.Config.Handler.ServeHTTP(w, r)
	})
	front := httptest.NewServer(mux)
	defer front.Close()
	const sources = 12
	for i := range sources {
		path := "/f" + string(rune('a'+i)) + ".xml"
		fs.set(path, readFixture(t, "rss.xml"), 0)
		addSource(t, st, front.URL+path)
	}
	c := &clock{t: time.Now().Add(time.Second)}
	var wg sync.WaitGroup
	var polled atomic.Int32
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := newPoller(st, in, c, "w"+string(rune('0'+w)))
			p.Batch = 2
			n, err := p.RunOnce(context.Background())
			if err != nil {
				t.Error(err)
			}
			polled.Add(int32(n))
		}()
	}
	wg.Wait()
	if polled.Load() != sources {
		t.Errorf("polled %d, want %d", polled.Load(), sources)
	}
	requests.Range(func(k, v any) bool {
		if n := v.(*atomic.Int32).Load(); n != 1 && k != "/robots.txt" {
			t.Errorf("%s fetched %d times", k, n)
		}
		return true
	})
}

// TestPollEndToEnd runs a feed through the real pipeline: its incidents
// land in the store.
func TestPollEndToEnd(t *testing.T) {
	g, err := gazetteer.LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	st, fs := openStore(t), newFeedServer(t)
	fs.set("/wire.xml", readFixture(t, "rss.xml"), 0)
	addSource(t, st, fs.URL+"/wire.xml")
	c := &clock{t: time.Now().Add(time.Second)}
	p := newPoller(st, &ingest.Pipeline{Gazetteer: g, Store: st}, c, "w")
	ctx := context.Background()
	if _, err := p.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	var found bool
	err = st.Incidents(ctx, store.Query{}, func(in *incident.Incident) error {
		if strings.Contains(in.Location, "Mogadishu") && in.Fatalities != nil && *in.Fatalities == 9 {
			found = in.Sources[0].URL == fs.URL+"/news/market-blast?utm_source=rss" // resolved against the feed
		}
		return nil
	})
	if err != nil || !found {
		t.Errorf("no Mogadishu incident with 9 fatalities from the feed's link (%v)", err)
	}
}

// TestPollEndsWithinLease stops a poll of a feed slower than the lease,
// so no second worker can claim the source while it is still fetched.
func TestPollEndsWithinLease(t *testing.T) {
	st, in := openStore(t), &fakeIngest{}
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	src := addSource(t, st, slow.URL+"/feed.xml")
	c := &clock{t: time.Now().Add(time.Second)}
	p := newPoller(st, in, c, "w")
	p.Lease = time.Second
	start := time.Now()
	if _, err := p.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("the poll took %v, past its 1s lease", d)
	}
	if got := getSource(t, st, src.ID); got.Failures != 1 || !strings.Contains(got.LastError, "deadline") || got.ClaimedBy != "" {
		t.Errorf("after a poll cut at the lease: %+v", got)
	}
}

// TestPollRetryAfter waits as long as a 429's Retry-After asks when that
// is longer than the backoff.
func TestPollRetryAfter(t *testing.T) {
	st, in := openStore(t), &fakeIngest{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Retry-After", "7200")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	src := addSource(t, st, srv.URL+"/feed.xml")
	c := &clock{t: time.Now().Add(time.Second)}
	if _, err := newPoller(st, in, c, "w").RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := getSource(t, st, src.ID)
	if wait := got.NextPoll.Sub(c.now()); !strings.Contains(got.LastError, "429") || wait < 2*time.Hour-time.Second || wait > 2*time.Hour+time.Second {
		t.Errorf("after a 429 with Retry-After 7200: next poll in %v, %+v", wait, got)
	}
}
