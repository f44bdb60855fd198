package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/gazetteer"
)

var (
	gzOnce sync.Once
	gz     *gazetteer.Gazetteer
	gzErr  error
)

func testServer(t *testing.T) http.Handler {
	t.Helper()
	gzOnce.Do(func() { gz, gzErr = gazetteer.LoadDefault() })
	if gzErr != nil {
		t.Fatal(gzErr)
	}
	return New(Config{Gazetteer: gz, MaxBodyBytes: 1 << 16}).Handler()
}

func TestPlacesAndGeocode(t *testing.T) {
	h := testServer(t)
	tests := []struct {
		name, method, path, ctype, body string
		status                          int
		wantType                        string
		wantIn                          string
	}{
		{"search", "GET", "/places?q=Erbil&limit=3", "", "", 200, "application/geo+json", `"id":"gn:95446"`},
		{"search by code", "GET", "/places?q=BGW", "", "", 200, "application/geo+json", `"airport:ORBI"`},
		{"search needs q", "GET", "/places", "", "", 400, "application/problem+json", `"param":"q"`},
		{"bad limit", "GET", "/places?q=Rome&limit=-3", "", "", 400, "application/problem+json", `"param":"limit"`},
		{"limit too big", "GET", "/places?q=Rome&limit=100000", "", "", 400, "application/problem+json", `at most`},
		{"place", "GET", "/places/country:IQ", "", "", 200, "application/geo+json", `"name":"Iraq"`},
		{"unknown place", "GET", "/places/gn:0", "", "", 404, "application/problem+json", `no place`},
		{"geocode text", "POST", "/geocode", "text/plain", "Rockets hit near Baghdad airport.", 200, "application/geo+json", `"place_id":"airport:ORBI"`},
		{"geocode json", "POST", "/geocode", "application/json", `{"text":"Clashes along the Iraq-Syria border"}`, 200, "application/geo+json", `"place_id":"border:IQ-SY"`},
		{"geocode roles as geoparse gives them", "POST", "/geocode", "text/plain", "The minister said in Rome that rockets hit Erbil.", 200, "application/geo+json", `"role":"incident","start":43,"text":"Erbil"`},
		{"geocode speech place is a mention", "POST", "/geocode", "text/plain", "The minister said in Rome that rockets hit Erbil.", 200, "application/geo+json", `"role":"mention","start":21,"text":"Rome"`},
		{"geocode broken json", "POST", "/geocode", "application/json", `{"text":`, 400, "application/problem+json", `not valid JSON`},
		{"geocode json without text", "POST", "/geocode", "application/json", `{"body":"x"}`, 400, "application/problem+json", `"param":"text"`},
		{"geocode empty", "POST", "/geocode", "text/plain", "   ", 400, "application/problem+json", `no text`},
		{"geocode too large", "POST", "/geocode", "text/plain", strings.Repeat("Baghdad ", 20000), 413, "application/problem+json", `larger than`},
		{"wrong method", "DELETE", "/places/country:IQ", "", "", 405, "application/problem+json", `not allowed`},
		{"no route", "GET", "/nothing-here", "", "", 404, "application/problem+json", `no resource`},
		{"health", "GET", "/healthz", "", "", 200, "application/json", `"status":"ok"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.body))
			if tc.ctype != "" {
				req.Header.Set("Content-Type", tc.ctype)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d; body %s", rec.Code, tc.status, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); ct != tc.wantType {
				t.Errorf("Content-Type %q, want %q", ct, tc.wantType)
			}
			if !strings.Contains(rec.Body.String(), tc.wantIn) {
				t.Errorf("body lacks %s: %.400s", tc.wantIn, rec.Body)
			}
			if !json.Valid(rec.Body.Bytes()) {
				t.Errorf("body is not JSON: %.200s", rec.Body)
			}
		})
	}
}

func TestCORSPreflight(t *testing.T) {
	h := testServer(t)
	req := httptest.NewRequest("OPTIONS", "/places?q=x", nil)
	req.Header.Set("Origin", "https://example.org")
	req.Header.Set("Access-Control-Request-Method", "GET")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNoContent || rec.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Fatalf("preflight: %d %v", rec.Code, rec.Header())
	}
}

func TestMetricsAndGzip(t *testing.T) {
	h := testServer(t)
	do := func(path string, gzip bool) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", path, nil)
		if gzip {
			req.Header.Set("Accept-Encoding", "gzip")
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	do("/places?q=Mosul", false)
	rec := do("/metrics", false)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `incidentmap_http_requests_total{code="200",method="GET",route="/places"}`) {
		t.Fatalf("metrics: %d %.600s", rec.Code, rec.Body)
	}
	big := do("/places/country:US", true)
	if big.Header().Get("Content-Encoding") != "gzip" {
		t.Errorf("a large response was not gzipped: %v", big.Header())
	}
}

func TestSecurityHeadersAndConcurrencyLimit(t *testing.T) {
	h := testServer(t)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	for k, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"} {
		if got := rec.Header().Get(k); got != want {
			t.Errorf("%s = %q", k, got)
		}
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("CSP %q", csp)
	}
	// One slot, held by a request that blocks: the next is refused with 503.
	block, entered := make(chan struct{}), make(chan struct{})
	s := New(Config{Gazetteer: gz, MaxConcurrent: 1, MaxPerClient: 2})
	s.router.HandleFunc("/block", func(w http.ResponseWriter, r *http.Request) { close(entered); <-block })
	hh := s.Handler()
	done := make(chan struct{})
	go func() { hh.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/block", nil)); close(done) }()
	<-entered // the only slot is taken
	var code int
	for i := 0; i < 1; i++ {
		rec := httptest.NewRecorder()
		hh.ServeHTTP(rec, httptest.NewRequest("GET", "/taxonomy", nil))
		if code = rec.Code; code == http.StatusServiceUnavailable {
			if rec.Header().Get("Retry-After") == "" {
				t.Error("no Retry-After")
			}
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	close(block)
	<-done
	if code != http.StatusServiceUnavailable {
		t.Fatalf("over the limit: %d", code)
	}
}
