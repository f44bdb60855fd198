package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func TestHandler(t *testing.T) {
	built := newHandler(fstest.MapFS{
		"index.html":           {Data: []byte(`<!doctype html><div id="map"></div>`)},
		"README.md":            {Data: []byte("not served")},
		"assets/app-ABC.js":    {Data: []byte("console.log(1)")},
		"assets/app-ABC.css":   {Data: []byte("body{}")},
		"assets/worker-1a.mjs": {Data: []byte("self.x=1")},
	})
	unbuilt := newHandler(fstest.MapFS{"README.md": {Data: []byte("placeholder")}})

	tests := []struct {
		name, method, path string
		h                  http.Handler
		status             int
		ctype, cache, body string
	}{
		{"page", "GET", "/", built, 200, "text/html; charset=utf-8", "no-cache", `id="map"`},
		{"page by name", "GET", "/index.html", built, 200, "text/html; charset=utf-8", "no-cache", `id="map"`},
		{"head", "HEAD", "/", built, 200, "text/html; charset=utf-8", "no-cache", ""},
		{"script", "GET", "/assets/app-ABC.js", built, 200, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable", "console.log"},
		{"styles", "GET", "/assets/app-ABC.css", built, 200, "text/css; charset=utf-8", "public, max-age=31536000, immutable", "body"},
		{"module worker", "GET", "/assets/worker-1a.mjs", built, 200, "text/javascript; charset=utf-8", "", "self.x"},
		{"missing asset", "GET", "/assets/app-OLD.js", built, 404, "", "", ""},
		{"assets folder", "GET", "/assets/", built, 404, "", "", ""},
		{"climbing out", "GET", "/assets/../README.md", built, 404, "", "", ""},
		{"placeholder not served", "GET", "/README.md", built, 404, "", "", ""},
		{"other path", "GET", "/collections", built, 404, "", "", ""},
		{"write", "POST", "/", built, 405, "", "", ""},
		{"not built", "GET", "/", unbuilt, 503, "", "no-store", "run `make web`"},
		{"not built asset", "GET", "/assets/app-ABC.js", unbuilt, 404, "", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			tc.h.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, nil))
			if rec.Code != tc.status {
				t.Fatalf("%s %s: status %d, want %d (%s)", tc.method, tc.path, rec.Code, tc.status, rec.Body)
			}
			if tc.ctype != "" && rec.Header().Get("Content-Type") != tc.ctype {
				t.Errorf("Content-Type %q, want %q", rec.Header().Get("Content-Type"), tc.ctype)
			}
			if tc.cache != "" && rec.Header().Get("Cache-Control") != tc.cache {
				t.Errorf("Cache-Control %q, want %q", rec.Header().Get("Cache-Control"), tc.cache)
			}
			if !strings.Contains(rec.Body.String(), tc.body) {
				t.Errorf("body %q lacks %q", rec.Body, tc.body)
			}
		})
	}
}

// TestHandlerRevalidates checks that a browser revisiting the page with
// the ETag it holds gets a 304 without the body.
func TestHandlerRevalidates(t *testing.T) {
	h := newHandler(fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	tag := rec.Header().Get("ETag")
	if tag == "" {
		t.Fatal("no ETag on the page")
	}
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("If-None-Match", tag)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
		t.Fatalf("revalidation: %d with %d bytes, want 304 and none", rec.Code, rec.Body.Len())
	}
}

// TestEmbeddedBuild checks the real embedded build when there is one: the
// page links only assets that exist.
func TestEmbeddedBuild(t *testing.T) {
	if !Available() {
		t.Skip("the page is not built (make web)")
	}
	h := Handler()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	page := rec.Body.String()
	if rec.Code != 200 {
		t.Fatalf("GET /: %d", rec.Code)
	}
	links := 0
	for _, part := range strings.Split(page, `"`)[1:] {
		if !strings.HasPrefix(part, AssetPrefix) {
			continue
		}
		links++
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", part, nil))
		if rec.Code != 200 {
			t.Errorf("the page links %s, which answers %d", part, rec.Code)
		}
	}
	if links < 2 {
		t.Errorf("the page links %d assets, want its script and styles:\n%s", links, page)
	}
}
