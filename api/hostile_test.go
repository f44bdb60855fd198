package api

// The attack suite of issue 12: each test plays a hostile or careless
// client against a real server on loopback, bounded in clients and time.

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/ingest"
	"github.com/incidentmap/incidentmap/query"
	"github.com/incidentmap/incidentmap/store"
)

// hostileServer runs s on a loopback port, as serve would.
func hostileServer(t *testing.T, s *Server) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(s.Handler())
	srv.Config.ReadHeaderTimeout = 10 * time.Second
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// clientFrom is an HTTP client whose connections come from the loopback
// address ip, so tests can stand for several hosts.
func clientFrom(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 2 * time.Second}
	return &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 4}}
}

// slowPost opens a connection from 127.0.0.1 and starts a POST whose body
// trickles one byte every gap until ctx ends; it returns the status line
// the server answered with, if it answered.
func slowPost(ctx context.Context, addr, path string, gap time.Duration) string {
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		return "dial: " + err.Error()
	}
	defer c.Close()
	fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n", path)
	answered := make(chan string, 1)
	go func() {
		b := make([]byte, 64)
		n, _ := c.Read(b)
		line, _, _ := strings.Cut(string(b[:n]), "\r\n")
		answered <- line
	}()
	t := time.NewTicker(gap)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ""
		case line := <-answered:
			return line
		case <-t.C:
			if _, err := c.Write([]byte("B")); err != nil {
				return "write: " + err.Error()
			}
		}
	}
}

// TestSlowBodiesDoNotStarve: more slow anonymous uploaders than there are
// request slots, all from one address, trickle POST /geocode bodies; probes
// of /healthz and /incidents from that address and from another keep
// answering 200 quickly.
func TestSlowBodiesDoNotStarve(t *testing.T) {
	testServer(t)
	st := newFakeStore()
	s := New(Config{Gazetteer: gz, Store: st, MaxConcurrent: 16})
	srv := hostileServer(t, s)
	addr := strings.TrimPrefix(srv.URL, "http://")

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for i := 0; i < 24; i++ { // 1.5x the slots
		wg.Add(1)
		go func() { defer wg.Done(); slowPost(ctx, addr, "/geocode", 200*time.Millisecond) }()
	}
	time.Sleep(300 * time.Millisecond) // let them take what they can

	var lat []time.Duration
	var failures []string
	probe := func(c *http.Client, path string) {
		start := time.Now()
		resp, err := c.Get(srv.URL + path)
		if err != nil {
			failures = append(failures, path+": "+err.Error())
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		lat = append(lat, time.Since(start))
		if resp.StatusCode != http.StatusOK {
			failures = append(failures, fmt.Sprintf("%s: %d", path, resp.StatusCode))
		}
	}
	same, other := clientFrom("127.0.0.1"), clientFrom("127.0.0.2")
	for i := 0; i < 10; i++ {
		probe(same, "/healthz")
		probe(other, "/healthz")
		probe(other, "/incidents?limit=5")
		time.Sleep(100 * time.Millisecond)
	}
	cancel()
	wg.Wait()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	p99 := lat[len(lat)*99/100]
	t.Logf("%d probes under a slow-body attack: p50 %v, p99 %v", len(lat), lat[len(lat)/2], p99)
	if len(failures) > 0 {
		t.Fatalf("%d of 30 probes failed under the slow-body attack: %v", len(failures), failures)
	}
	if p99 > time.Second {
		t.Errorf("probe p99 %v", p99)
	}
}

// TestSlowBodyIsCutOff: a body slower than the minimum rate ends in a 408
// soon after the grace period, instead of holding its slot for the read
// timeout.
func TestSlowBodyIsCutOff(t *testing.T) {
	testServer(t)
	s := New(Config{Gazetteer: gz, BodyGrace: 300 * time.Millisecond, BodyMinRate: 1024})
	srv := hostileServer(t, s)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Second)
	defer cancel()
	start := time.Now()
	line := slowPost(ctx, strings.TrimPrefix(srv.URL, "http://"), "/geocode", 100*time.Millisecond)
	took := time.Since(start)
	if !strings.Contains(line, " 408 ") {
		t.Fatalf("a 10 bytes/s body got %q after %v, want 408", line, took)
	}
	if took > 2*time.Second {
		t.Errorf("the slow body was cut off after %v", took)
	}

	// A body that arrived in time lifts the deadline: a handler that works
	// on past it keeps its context.
	s = New(Config{Gazetteer: gz, BodyGrace: 100 * time.Millisecond, BodyMinRate: 1024})
	s.router.HandleFunc("/work", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		time.Sleep(400 * time.Millisecond)
		if r.Context().Err() != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}).Methods(http.MethodPost)
	srv = hostileServer(t, s)
	resp, err := http.Post(srv.URL+"/work", "text/plain", strings.NewReader("quick"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("a handler working past the body deadline lost its context: %d", resp.StatusCode)
	}
}

// TestGeocodeIsBounded: POST /geocode needs no token, so what it reads,
// what it returns and how long it works are bounded: a 10 MB body is
// refused at once, a text's answer is proportional to it (points, not the
// outline of the United States for every "U.S."), a text naming more
// places than the server returns is refused.
func TestGeocodeIsBounded(t *testing.T) {
	testServer(t)
	srv := hostileServer(t, New(Config{Gazetteer: gz}))
	c := &http.Client{Timeout: 20 * time.Second}
	post := func(query, body string) (int, []byte, time.Duration) {
		start := time.Now()
		resp, err := c.Post(srv.URL+"/geocode"+query, "text/plain", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b, time.Since(start)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	huge := strings.Repeat("Officials in the U.S. and Iraq said Baghdad and Erbil were hit. ", 10<<20/64)
	code, _, took := post("", huge)
	runtime.ReadMemStats(&after)
	t.Logf("10 MB body: %d in %v, heap in use %d -> %d MB", code, took, before.HeapInuse>>20, after.HeapInuse>>20)
	if code != http.StatusRequestEntityTooLarge || took > 5*time.Second {
		t.Errorf("a 10 MB body: %d after %v, want 413 within 5 s", code, took)
	}
	if after.HeapInuse > before.HeapInuse+100<<20 {
		t.Errorf("a 10 MB body took the heap from %d to %d MB", before.HeapInuse>>20, after.HeapInuse>>20)
	}

	text := strings.Repeat("Officials in the U.S. and Iraq said strikes hit near Baghdad and along the Iraq-Syria border. ", 40)
	code, b, _ := post("", text)
	t.Logf("%d-byte text: %d bytes out", len(text), len(b))
	if code != http.StatusOK || len(b) > 20*len(text) {
		t.Errorf("a %d-byte text: %d with %d bytes", len(text), code, len(b))
	}
	code, b, _ = post("?geometry=places", text)
	if code != http.StatusOK || strings.Count(string(b), `"Polygon"`)+strings.Count(string(b), `"MultiPolygon"`) > 3 {
		t.Errorf("geometry=places: %d, %d polygons", code, strings.Count(string(b), "Polygon"))
	}
	if code, b, _ = post("?geometry=polygon", text); code != http.StatusBadRequest {
		t.Errorf("geometry=polygon: %d %s", code, b)
	}
	many := strings.Repeat("Iraq, Syria, Erbil. ", 400) // 1,200 mentions
	s := New(Config{Gazetteer: gz, MaxMentions: 1000})
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("POST", "/geocode", strings.NewReader(many)))
	if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "more than 1000 places") {
		t.Errorf("1,200 mentions with a limit of 1,000: %d %.200s", rec.Code, rec.Body)
	}
}

// TestGeocodeDeadline: the query deadline applies to geocoding too.
func TestGeocodeDeadline(t *testing.T) {
	testServer(t)
	h := New(Config{Gazetteer: gz, QueryTimeout: time.Millisecond}).Handler()
	text := strings.Repeat("Officials in the U.S. and Iraq said strikes hit near Baghdad and along the Iraq-Syria border. ", 2000)
	start := time.Now()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/geocode", strings.NewReader(text)))
	took := time.Since(start)
	if rec.Code != http.StatusServiceUnavailable || took > time.Second {
		t.Errorf("a %d-byte text with a 1 ms deadline: %d after %v", len(text), rec.Code, took)
	}
}

// TestBatchAllOrNothingAtLimits: a batch past the count or size limit is
// refused with nothing stored; a batch within them says what became of
// each line.
func TestBatchAllOrNothingAtLimits(t *testing.T) {
	testServer(t)
	line := func(i int) string {
		return fmt.Sprintf(`{"id":"b%d","title":"Clash","body":"Fighters clashed with the army in Idlib on Monday, killing %d.","published":"2023-05-02"}`+"\n", i, i)
	}
	batch := func(n int) string {
		var sb strings.Builder
		for i := 0; i < n; i++ {
			sb.WriteString(line(i))
		}
		return sb.String()
	}
	for _, tc := range []struct {
		name   string
		cfg    Config
		body   string
		status int
		want   string
	}{
		{"one line too many", Config{MaxBatch: 5}, batch(6), http.StatusBadRequest, "at most 5 articles"},
		{"too large", Config{MaxBodyBytes: 1000}, batch(20), http.StatusRequestEntityTooLarge, "larger than 1000 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := newFakeStore()
			cfg := tc.cfg
			cfg.Gazetteer, cfg.Store, cfg.Pipeline, cfg.WriteToken = gz, fs, &ingest.Pipeline{Gazetteer: gz, Store: fs}, testToken
			rec := do(New(cfg).Handler(), "POST", "/articles", "application/x-ndjson", tc.body, testToken)
			if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.want) {
				t.Errorf("%d %s, want %d with %q", rec.Code, rec.Body, tc.status, tc.want)
			}
			if n := len(fs.articles); n != 0 {
				t.Errorf("a refused batch stored %d articles", n)
			}
		})
	}

	fs := newFakeStore()
	h := New(Config{Gazetteer: gz, Store: fs, Pipeline: &ingest.Pipeline{Gazetteer: gz, Store: fs}, WriteToken: testToken}).Handler()
	body := line(1) + "not json\n" + line(1) + `{"id":"b9","title":"t","body":"  "}` + "\n" + line(2)
	rec := do(h, "POST", "/articles", "application/x-ndjson", body, testToken)
	var out struct {
		Articles []articleResult `json:"articles"`
		Failed   int             `json:"failed"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil || rec.Code != http.StatusMultiStatus {
		t.Fatalf("mixed batch: %d %s (%v)", rec.Code, rec.Body, err)
	}
	want := []string{"created", "error", "existing", "error", "created"}
	if len(out.Articles) != len(want) || out.Failed != 2 {
		t.Fatalf("mixed batch: %+v", out)
	}
	for i, res := range out.Articles {
		if res.Line != i+1 || res.Status != want[i] || (want[i] == "error") != (res.Error != "") {
			t.Errorf("line %d: %+v, want %s", i+1, res, want[i])
		}
	}
}

// TestTokenReadsStayPrivate: with a read token, /metrics needs it too, and
// what a token holder reads is never public to a shared cache.
func TestTokenReadsStayPrivate(t *testing.T) {
	testServer(t)
	fs := newFakeStore()
	h := New(Config{Gazetteer: gz, Store: fs, ReadToken: "r3ad-token", WriteToken: testToken}).Handler()
	if rec := do(h, "GET", "/metrics", "", "", ""); rec.Code != http.StatusUnauthorized {
		t.Errorf("/metrics without the read token: %d", rec.Code)
	}
	if rec := do(h, "GET", "/metrics", "", "", "r3ad-token"); rec.Code != http.StatusOK {
		t.Errorf("/metrics with the read token: %d", rec.Code)
	}
	if rec := do(h, "GET", "/healthz", "", "", ""); rec.Code != http.StatusOK {
		t.Errorf("/healthz without a token: %d", rec.Code)
	}
	for _, path := range []string{"/places?q=Erbil", "/places/country:IQ", "/taxonomy", "/incidents", "/collections/incidents/items",
		"/tiles/0/0/0.mvt", "/basemap/0/0/0.mvt", "/tiles.json", "/basemap.json", "/export.geojson"} {
		rec := do(h, "GET", path, "", "", "r3ad-token")
		if rec.Code != http.StatusOK {
			t.Errorf("%s: %d %s", path, rec.Code, rec.Body)
			continue
		}
		cc, vary := rec.Header().Get("Cache-Control"), strings.Join(rec.Header().Values("Vary"), ",")
		if strings.Contains(cc, "public") || !(strings.Contains(cc, "private") || strings.Contains(vary, "Authorization")) {
			t.Errorf("%s with the read token: Cache-Control %q, Vary %q", path, cc, vary)
		}
	}
}

// TestForwardedHeadersNeedTrustProxy: X-Forwarded-Host and -Proto shape
// the links only behind a trusted proxy, and ETags change with the origin
// the links point to.
func TestForwardedHeadersNeedTrustProxy(t *testing.T) {
	testServer(t)
	get := func(h http.Handler, path, host, fwdHost string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", path, nil)
		req.Host = host
		if fwdHost != "" {
			req.Header.Set("X-Forwarded-Host", fwdHost)
			req.Header.Set("X-Forwarded-Proto", "https")
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	open := New(Config{Gazetteer: gz, Store: newFakeStore()}).Handler()
	for _, path := range []string{"/tiles.json", "/collections/incidents/items", "/"} {
		if rec := get(open, path, "maps.example", "evil.example"); strings.Contains(rec.Body.String(), "evil.example") || rec.Code != 200 {
			t.Errorf("%s without --trust-proxy follows X-Forwarded-Host: %d %.300s", path, rec.Code, rec.Body)
		}
	}
	a, b := get(open, "/incidents", "a.example", ""), get(open, "/incidents", "b.example", "")
	if a.Header().Get("ETag") == b.Header().Get("ETag") {
		t.Errorf("the same ETag %s for pages whose links name different hosts", a.Header().Get("ETag"))
	}

	proxied := New(Config{Gazetteer: gz, Store: newFakeStore(), TrustProxy: true}).Handler()
	rec := get(proxied, "/tiles.json", "10.0.0.5:8080", "maps.example")
	if !strings.Contains(rec.Body.String(), "https://maps.example/tiles/") {
		t.Errorf("behind a trusted proxy: %.300s", rec.Body)
	}
	if vary := strings.Join(rec.Header().Values("Vary"), ","); !strings.Contains(vary, "X-Forwarded-Host") {
		t.Errorf("behind a trusted proxy, Vary %q", vary)
	}
	a, b = get(proxied, "/incidents", "10.0.0.5:8080", "a.example"), get(proxied, "/incidents", "10.0.0.5:8080", "b.example")
	if a.Header().Get("ETag") == b.Header().Get("ETag") {
		t.Errorf("the same ETag for pages forwarded for two hosts")
	}
}

// TestLowItems: the low findings of issue 12, each a 4xx problem (or the
// header the RFCs ask for), never a 200 that should not be or a 500.
func TestLowItems(t *testing.T) {
	testServer(t)
	fs := newFakeStore()
	h := New(Config{Gazetteer: gz, Store: fs, Pipeline: &ingest.Pipeline{Gazetteer: gz, Store: fs}, Filters: query.CQL2Filters{},
		WriteToken: testToken}).Handler()
	article := func(id string) string {
		b, _ := json.Marshal(map[string]string{"id": id, "title": "Blast", "body": "A car bomb exploded in Mogadishu on Sunday, killing 12 people."})
		return string(b)
	}
	gzipped := func(s string) string {
		var b strings.Builder
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(s))
		zw.Close()
		return b.String()
	}
	for _, tc := range []struct {
		name, method, path, ctype, encoding, auth, body string
		status                                          int
		header, want                                    string // a header that must hold want
	}{
		{"id with NUL", "POST", "/articles", "application/json", "", "Bearer " + testToken, article("a\x00b"), 400, "", ""},
		{"id of 2 MB", "POST", "/articles", "application/json", "", "Bearer " + testToken, article(strings.Repeat("x", 2<<20)), 400, "", ""},
		{"id with a path", "POST", "/articles", "application/json", "", "Bearer " + testToken, article("../../etc/passwd"), 400, "", ""},
		{"id with a space", "POST", "/articles", "application/json", "", "Bearer " + testToken, article("a b"), 400, "", ""},
		{"a good id", "POST", "/articles", "application/json", "", "Bearer " + testToken, article("wire:2023-05_08.1"), 201, "Location", "/articles/wire:2023-05_08.1"},
		{"gzip body is decoded", "POST", "/articles", "application/json", "gzip", "Bearer " + testToken, gzipped(article("gz-1")), 201, "Location", "/articles/gz-1"},
		{"broken gzip", "POST", "/articles", "application/json", "gzip", "Bearer " + testToken, "not gzip at all", 400, "", ""},
		{"brotli is refused", "POST", "/articles", "application/json", "br", "Bearer " + testToken, article("br-1"), 415, "Accept-Encoding", "gzip"},
		{"gzip geocode", "POST", "/geocode", "text/plain", "gzip", "", gzipped("Rockets hit Erbil."), 200, "", ""},
		{"lower-case bearer", "POST", "/articles", "application/json", "", "bearer " + testToken, article("lc-1"), 201, "", ""},
		{"405 says what is allowed", "DELETE", "/places/country:IQ", "", "", "", "", 405, "Allow", "GET, HEAD"},
		{"405 on a read-only layer", "POST", "/incidents", "", "", "", "", 405, "Allow", "GET, HEAD, OPTIONS"},
		{"/ varies by Accept", "GET", "/", "", "", "", "", 200, "Vary", "Accept"},
		{"tiles.json with a bad datetime", "GET", "/tiles.json?datetime=yesterday", "", "", "", "", 400, "", ""},
		{"tiles.json with a bad filter", "GET", "/tiles.json?filter=fatalities%20%3E%3E%201", "", "", "", "", 400, "", ""},
		{"tiles.json with good filters", "GET", "/tiles.json?datetime=2021-06-01/2021-06-30&filter=fatalities%3E1", "", "", "", "", 200, "", ""},
		{"fatalities=abc", "GET", "/collections/incidents/items?fatalities=abc", "", "", "", "", 400, "", ""},
		{"confidence=high", "GET", "/collections/incidents/items?confidence=high", "", "", "", "", 400, "", ""},
		{"event_date=soon", "GET", "/collections/incidents/items?event_date=soon", "", "", "", "", 400, "", ""},
		{"fatalities=3", "GET", "/collections/incidents/items?fatalities=3", "", "", "", "", 200, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.body))
			if tc.ctype != "" {
				req.Header.Set("Content-Type", tc.ctype)
			}
			if tc.encoding != "" {
				req.Header.Set("Content-Encoding", tc.encoding)
			}
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tc.status {
				t.Fatalf("%d, want %d: %.300q", rec.Code, tc.status, rec.Body)
			}
			if rec.Code >= 400 && rec.Header().Get("Content-Type") != "application/problem+json" {
				t.Errorf("a %d as %s", rec.Code, rec.Header().Get("Content-Type"))
			}
			if rec.Body.Len() > 64<<10 {
				t.Errorf("a %d-byte answer", rec.Body.Len())
			}
			if tc.header != "" {
				got := strings.Join(rec.Header().Values(tc.header), ", ")
				if tc.header == "Vary" {
					got = "," + strings.ReplaceAll(got, " ", "") + ","
					tc.want = "," + tc.want + ","
				}
				if !strings.Contains(got, tc.want) {
					t.Errorf("%s %q, want %q", tc.header, got, tc.want)
				}
			}
		})
	}
	if a, ok := fs.articles["gz-1"]; !ok || !strings.Contains(a.Article.Body, "Mogadishu") {
		t.Errorf("the gzip article was stored as %q", a.Article.Body)
	}
}

// TestCountCacheIsBoundedInBytes: numberMatched is cached per query, and
// many distinct huge queries (450 KB intersects geometries) must not pile
// up in memory.
func TestCountCacheIsBoundedInBytes(t *testing.T) {
	testServer(t)
	fs := newFakeStore()
	s := New(Config{Gazetteer: gz, Store: fs})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := 0; i < 100; i++ {
		big := fmt.Sprintf("%d ", i) + strings.Repeat("POLYGON((38 32,43 32,43 38,38 38,38 32)) ", 200<<10/42)
		key := countKey("v1", "/collections/incidents/items", map[string][]string{"intersects": {big}})
		if _, err := s.counts.count(context.Background(), fs, key, store.Query{}); err != nil {
			t.Fatal(err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(s) // the cache lives as long as its server
	grew := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("100 counts of 200 KB queries: heap %+d KB", grew>>10)
	if grew > 8<<20 { // keys as they came held 27 MB here
		t.Errorf("the count cache kept %d MB for 100 queries", grew>>20)
	}
}
