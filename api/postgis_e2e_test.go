package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/ingest"
	"github.com/incidentmap/incidentmap/query"
	"github.com/incidentmap/incidentmap/store/postgis"
	"github.com/jackc/pgx/v5"
)

// postgresURL returns the test database, skipping outside CI without one.
func postgresURL(t *testing.T) string {
	t.Helper()
	u := os.Getenv("INCIDENTMAP_TEST_POSTGRES")
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but INCIDENTMAP_TEST_POSTGRES is not set (.ci/run starts PostGIS)")
		}
		t.Skip("INCIDENTMAP_TEST_POSTGRES not set")
	}
	return u
}

// freshSchema names a schema for one test and drops it afterwards.
func freshSchema(t *testing.T, dsn string) string {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	name := "api_" + hex.EncodeToString(b)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if c, err := pgx.Connect(ctx, dsn); err == nil {
			c.Exec(ctx, "DROP SCHEMA IF EXISTS "+name+" CASCADE")
			c.Close(ctx)
		}
	})
	return name
}

func serveOn(t *testing.T, dsn, schema string) *httptest.Server {
	t.Helper()
	st, err := postgis.Open(context.Background(), dsn, postgis.Options{Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv := httptest.NewServer(New(Config{Gazetteer: gz, Store: st, Pipeline: &ingest.Pipeline{Gazetteer: gz, Store: st},
		Filters: query.CQL2Filters{}, WriteToken: testToken}).Handler())
	t.Cleanup(srv.Close)
	return srv
}

func post(t *testing.T, srv *httptest.Server, body string) {
	t.Helper()
	req, _ := http.NewRequest("POST", srv.URL+"/articles", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST /articles: %d %s", resp.StatusCode, b)
	}
}

// TestTwoServersShareOnePostGIS runs two servers with their own pools on
// one database, as two serve processes would, and checks each sees the
// other's writes at once.
func TestTwoServersShareOnePostGIS(t *testing.T) {
	dsn := postgresURL(t)
	testServer(t)
	schema := freshSchema(t, dsn)
	a, b := serveOn(t, dsn, schema), serveOn(t, dsn, schema)
	post(t, a, `{"id":"p1","title":"Strike","body":"A missile struck the railway station in Kramatorsk on Friday, killing 50 people.","published":"2022-04-08"}`)
	if n := matched(t, b, ""); n != 1 {
		t.Fatalf("server B sees %d incidents after A's write", n)
	}
	post(t, b, `{"id":"p2","title":"Blast","body":"A truck bomb exploded in Mogadishu on Saturday, killing more than 300 people.","published":"2017-10-15"}`)
	if n := matched(t, a, ""); n != 2 {
		t.Fatalf("server A sees %d incidents after B's write", n)
	}
	if n := matched(t, a, "filter="+url.QueryEscape("fatalities > 100 AND S_INTERSECTS(geometry, BBOX(40,-5,50,10))")); n != 1 {
		t.Fatalf("CQL2 on PostGIS matched %d", n)
	}
}

// cutProxy forwards TCP to the database and can cut every connection, as a
// database restart or a network partition would.
type cutProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	down   bool
	conns  []net.Conn
}

func newCutProxy(t *testing.T, target string) *cutProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{ln: ln, target: target}
	t.Cleanup(func() { ln.Close(); p.setDown(true) })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.mu.Lock()
			if p.down {
				p.mu.Unlock()
				c.Close()
				continue
			}
			up, err := net.Dial("tcp", target)
			if err != nil {
				p.mu.Unlock()
				c.Close()
				continue
			}
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { io.Copy(up, c); up.Close() }()
			go func() { io.Copy(c, up); c.Close() }()
		}
	}()
	return p
}

func (p *cutProxy) setDown(down bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = down
	if down {
		for _, c := range p.conns {
			c.Close()
		}
		p.conns = nil
	}
}

// TestPostGISOutage: while the database is unreachable the API answers 503
// (never 500), and it recovers by itself when the database is back.
func TestPostGISOutage(t *testing.T) {
	dsn := postgresURL(t)
	testServer(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	proxy := newCutProxy(t, u.Host)
	viaProxy := *u
	viaProxy.Host = proxy.ln.Addr().String()
	q := viaProxy.Query()
	q.Set("connect_timeout", "2")
	viaProxy.RawQuery = q.Encode()
	srv := serveOn(t, viaProxy.String(), freshSchema(t, dsn))
	get := func(path string) int {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	if c := get("/incidents"); c != 200 {
		t.Fatalf("before the outage: %d", c)
	}
	proxy.setDown(true)
	for _, path := range []string{"/incidents", "/collections/incidents/items", "/healthz", "/export.csv"} {
		if c := get(path); c != http.StatusServiceUnavailable {
			t.Errorf("during the outage %s answered %d, want 503", path, c)
		}
	}
	proxy.setDown(false)
	ok := false
	for i := 0; i < 50 && !ok; i++ {
		ok = get("/incidents") == 200 && get("/healthz") == 200
		if !ok {
			time.Sleep(100 * time.Millisecond)
		}
	}
	if !ok {
		t.Fatal("the service did not recover after the database came back")
	}
}

// TestHostileCQL2OnBothStores sends injection attempts through the filter
// parameter to the SQLite and the PostGIS store: each is refused (400) or
// matches nothing, and the data is intact afterwards.
func TestHostileCQL2OnBothStores(t *testing.T) {
	dsn := postgresURL(t)
	pg := serveOn(t, dsn, freshSchema(t, dsn))
	post(t, pg, `{"id":"h1","title":"Strike","body":"A missile struck the railway station in Kramatorsk on Friday, killing 50 people.","published":"2022-04-08"}`)
	for name, srv := range map[string]*httptest.Server{"sqlite": liveServer(t), "postgis": pg} {
		before := matched(t, srv, "")
		for _, tc := range []struct {
			filter string
			code   int
		}{
			{`"location; DROP TABLE incidents; --" = 'x'`, 400},
			{`location = 'x''); DELETE FROM incidents; --'`, 200},
			{`location = 'x'' OR ''1''=''1'`, 200},
			{`actor1 LIKE '%'' OR 1=1 --'`, 200},
			{`pg_sleep(10) = 1`, 400},
			{`location IN ('a', (SELECT id FROM incidents))`, 400},
			{`S_INTERSECTS(geometry, POINT(1 1)); DROP TABLE incidents`, 400},
			{`fatalities > 1e400`, 400},
		} {
			resp, err := http.Get(srv.URL + "/collections/incidents/items?filter=" + url.QueryEscape(tc.filter))
			if err != nil {
				t.Fatal(err)
			}
			var body struct {
				NumberMatched int `json:"numberMatched"`
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.code {
				t.Errorf("%s: %s answered %d, want %d: %s", name, tc.filter, resp.StatusCode, tc.code, b)
				continue
			}
			if tc.code == 200 {
				if err := json.Unmarshal(b, &body); err != nil || body.NumberMatched != 0 {
					t.Errorf("%s: %s matched %d", name, tc.filter, body.NumberMatched)
				}
			}
		}
		if after := matched(t, srv, ""); after != before {
			t.Errorf("%s: %d incidents before the hostile filters, %d after", name, before, after)
		}
	}
}
