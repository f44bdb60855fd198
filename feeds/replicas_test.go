package feeds

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/internal/pgtest"
)

// TestReplicasSharePostGIS runs two pollers, each with its own connection
// pool as two serve replicas would have, on one PostGIS schema: every
// feed is fetched once and every entry ingested once.
func TestReplicasSharePostGIS(t *testing.T) {
	stores := pgtest.Replicas(t, "feeds", 2)
	a := stores[0]
	ctx := context.Background()

	var hits sync.Map
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := hits.LoadOrStore(r.URL.String(), new(atomic.Int32))
		n.(*atomic.Int32).Add(1)
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		// Every feed carries its own story and the shared one.
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>F</title>
<item><guid>own-%[1]s</guid><title>Story %[1]s</title><description>Only feed %[1]s reports this.</description></item>
<item><guid>shared</guid><link>https://shared.example/story</link><title>Shared</title><description>Every feed carries this one.</description></item>
</channel></rss>`, r.URL.Query().Get("f"))
	}))
	defer srv.Close()
	const feeds = 10
	for i := range feeds {
		addSource(t, a, fmt.Sprintf("%s/feed?f=%d", srv.URL, i))
	}
	in := &fakeIngest{}
	c := &clock{t: time.Now().Add(time.Second)}
	var wg sync.WaitGroup
	var polled atomic.Int32
	for i, st := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := newPoller(st, in, c, fmt.Sprintf("replica-%d", i))
			p.Batch = 1
			n, err := p.RunOnce(ctx)
			if err != nil {
				t.Error(err)
			}
			polled.Add(int32(n))
		}()
	}
	wg.Wait()
	if polled.Load() != feeds {
		t.Errorf("polled %d sources, want %d", polled.Load(), feeds)
	}
	hits.Range(func(k, v any) bool {
		if n := v.(*atomic.Int32).Load(); n != 1 && k != "/robots.txt" {
			t.Errorf("%s fetched %d times", k, n)
		}
		return true
	})
	// Each feed's own story and the shared one once: the shared story may
	// race between replicas, but the ingest is idempotent by content id,
	// so it is one article.
	if len(in.articles) != feeds+1 {
		t.Errorf("%d articles, want %d", len(in.articles), feeds+1)
	}
}
