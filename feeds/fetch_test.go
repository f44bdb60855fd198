package feeds

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func testFetcher(opt Options) *Fetcher {
	opt.AllowPrivate = true
	if opt.HostDelay == 0 {
		opt.HostDelay = time.Millisecond
	}
	return NewFetcher(opt)
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := CheckURL(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestFetchConditional(t *testing.T) {
	var gets, conditional atomic.Int32
	var ua atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		gets.Add(1)
		ua.Store(r.UserAgent())
		if r.Header.Get("If-None-Match") == `"v1"` || r.Header.Get("If-Modified-Since") == "Mon, 08 May 2023 10:00:00 GMT" {
			conditional.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Mon, 08 May 2023 10:00:00 GMT")
		w.Write(readFixture(t, "rss.xml"))
	}))
	defer srv.Close()
	f := testFetcher(Options{})
	ctx := context.Background()
	u := mustURL(t, srv.URL+"/feed.xml")
	r, err := f.Fetch(ctx, u, "", "")
	if err != nil || r.NotModified || r.ETag != `"v1"` || len(r.Body) == 0 {
		t.Fatalf("first fetch: %+v, %v", r, err)
	}
	if got := ua.Load().(string); got != DefaultUserAgent {
		t.Errorf("User-Agent %q", got)
	}
	for _, v := range [][2]string{{`"v1"`, ""}, {"", "Mon, 08 May 2023 10:00:00 GMT"}} {
		r, err = f.Fetch(ctx, u, v[0], v[1])
		if err != nil || !r.NotModified || len(r.Body) != 0 {
			t.Errorf("conditional fetch with %q: %+v, %v", v, r, err)
		}
	}
	if conditional.Load() != 2 {
		t.Errorf("%d conditional requests answered 304, want 2", conditional.Load())
	}
}

func TestFetchBounds(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop", http.StatusFound) })
	mux.HandleFunc("/hop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/ok", http.StatusMovedPermanently) })
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "<rss/>") })
	mux.HandleFunc("/file", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	})
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(strings.Repeat("x", 4096)))
	})
	mux.HandleFunc("/huge-chunked", func(w http.ResponseWriter, r *http.Request) {
		for range 8 {
			w.Write([]byte(strings.Repeat("x", 1024)))
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/fail", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", http.StatusBadGateway) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	f := testFetcher(Options{MaxBytes: 2048, Timeout: 300 * time.Millisecond, MaxRedirects: 3})
	ctx := context.Background()
	tests := []struct {
		path  string
		check func(error) bool
	}{
		{"/loop", func(err error) bool { return err != nil && strings.Contains(err.Error(), "redirects") }},
		{"/file", func(err error) bool { return err != nil && strings.Contains(err.Error(), "only http and https") }},
		{"/huge", func(err error) bool { return errors.Is(err, ErrTooLarge) }},
		{"/huge-chunked", func(err error) bool { return errors.Is(err, ErrTooLarge) }},
		{"/slow", func(err error) bool { return err != nil && strings.Contains(err.Error(), "Timeout") }},
		{"/fail", func(err error) bool { var se *StatusError; return errors.As(err, &se) && se.Code == 502 }},
		{"/hop", func(err error) bool { return err == nil }},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			_, err := f.Fetch(ctx, mustURL(t, srv.URL+tt.path), "", "")
			if !tt.check(err) {
				t.Errorf("fetch %s: %v", tt.path, err)
			}
		})
	}
}

func TestFetchRefusesPrivate(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	f := NewFetcher(Options{HostDelay: time.Millisecond})
	ctx := context.Background()
	// "localhost" is refused on its resolved address, whatever the name.
	for _, u := range []string{srv.URL + "/feed", "http://localhost:" + port + "/feed", "http://[::1]:" + port + "/"} {
		if _, err := f.Fetch(ctx, mustURL(t, u), "", ""); !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("fetch %s: %v, want ErrForbiddenAddress", u, err)
		}
	}
	if hits.Load() != 0 {
		t.Errorf("the private server got %d requests", hits.Load())
	}
	for _, bad := range []string{"ftp://example.org/feed", "file:///etc/passwd", "gopher://x", "https://user:pw@example.org/", "http:///nohost", "not a url"} {
		if _, err := CheckURL(bad); err == nil {
			t.Errorf("CheckURL(%q) accepted it", bad)
		}
	}
	for addr, public := range map[string]bool{
		"8.8.8.8": true, "2001:4860:4860::8888": true, "10.1.2.3": false, "172.16.0.1": false, "192.168.1.1": false,
		"127.0.0.1": false, "169.254.169.254": false, "::1": false, "fc00::1": false, "fe80::1": false,
		"::ffff:127.0.0.1": false, "0.0.0.0": false, "100.64.0.1": false,
	} {
		if got := PublicAddr(netip.MustParseAddr(addr)); got != public {
			t.Errorf("PublicAddr(%s) = %v", addr, got)
		}
	}
}

func TestFetchRobots(t *testing.T) {
	var feedHits atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n\nUser-agent: incidentmap\nDisallow: /nofeeds/\n")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { feedHits.Add(1); fmt.Fprint(w, "<rss/>") })
	mux.HandleFunc("/moved.xml", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/nofeeds/b.xml", http.StatusFound) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	f := testFetcher(Options{})
	ctx := context.Background()
	if _, err := f.Fetch(ctx, mustURL(t, srv.URL+"/nofeeds/a.xml"), "", ""); !errors.Is(err, ErrRobots) {
		t.Errorf("disallowed path: %v", err)
	}
	if _, err := f.Fetch(ctx, mustURL(t, srv.URL+"/moved.xml"), "", ""); !errors.Is(err, ErrRobots) {
		t.Errorf("redirect to a disallowed path: %v", err)
	}
	// Our own group applies, not the * group.
	if _, err := f.Fetch(ctx, mustURL(t, srv.URL+"/private/a.xml"), "", ""); err != nil {
		t.Errorf("path allowed to incidentmap: %v", err)
	}
	if feedHits.Load() != 1 {
		t.Errorf("%d feed requests, want 1", feedHits.Load())
	}
}

func TestHostDelay(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	f := testFetcher(Options{HostDelay: 100 * time.Millisecond})
	start := time.Now()
	for range 3 {
		if _, err := f.Fetch(context.Background(), mustURL(t, srv.URL+"/"), "", ""); err != nil {
			t.Fatal(err)
		}
	}
	// robots.txt and three fetches: three waits at least.
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Errorf("4 requests to one host in %v, want at least 300ms apart in all", d)
	}
}
