package feeds

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/store/postgis"
	"github.com/jackc/pgx/v5"
)

// TestReplicasSharePostGIS runs two pollers, each with its own connection
// pool as two serve replicas would have, on one PostGIS schema: every
// feed is fetched once and every entry ingested once.
func TestReplicasSharePostGIS(t *testing.T) {
	dsn := os.Getenv("INCIDENTMAP_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but INCIDENTMAP_TEST_POSTGRES is not set")
		}
		t.Skip("INCIDENTMAP_TEST_POSTGRES not set")
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "feeds_" + hex.EncodeToString(b)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if c, err := pgx.Connect(ctx, dsn); err == nil {
			c.Exec(ctx, "DROP SCHEMA IF EXISTS "+schema+" CASCADE")
			c.Close(ctx)
		}
	})
	ctx := context.Background()
	open := func() *postgis.Store {
		st, err := postgis.Open(ctx, dsn, postgis.Options{Schema: schema, MaxConns: 4})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	a, b2 := open(), open()

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
	for i, st := range []*postgis.Store{a, b2} {
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
