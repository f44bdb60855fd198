package api

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/basemap"
	"github.com/incidentmap/incidentmap/basemap/pmtilestest"
	"github.com/paulmach/orb"
)

// TestBasemapArchive: with serve --basemap FILE.pmtiles the archive is
// served through the whole middleware stack by byte ranges, never
// gzipped (a compressed range is no range), and /basemap/source.json
// points the page at it.
func TestBasemapArchive(t *testing.T) {
	testServer(t) // loads the gazetteer
	data, err := pmtilestest.Streets(orb.Point{44.36, 33.31}, 14)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "streets.pmtiles")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	bm, err := basemap.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer bm.Close()
	srv := httptest.NewServer(New(Config{Gazetteer: gz, Store: newFakeStore(), Basemap: bm}).Handler())
	defer srv.Close()
	// The transport would undo gzip silently: ask for it by hand.
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	get := func(path string, hdr ...string) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	resp, body := get("/basemap.pmtiles", "Range", "bytes=0-16383")
	if resp.StatusCode != http.StatusPartialContent || !bytes.Equal(body, data[:min(len(data), 16384)]) || resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("first 16 KiB: %d %q, %d bytes, encoding %q", resp.StatusCode, resp.Header.Get("Content-Range"), len(body), resp.Header.Get("Content-Encoding"))
	}
	resp, body = get("/basemap.pmtiles", "Range", "bytes=200-299")
	if resp.StatusCode != http.StatusPartialContent || !bytes.Equal(body, data[200:300]) {
		t.Errorf("bytes 200-299: %d, %d bytes", resp.StatusCode, len(body))
	}
	resp, body = get("/basemap.pmtiles")
	if resp.StatusCode != http.StatusOK || !bytes.Equal(body, data) || resp.Header.Get("Accept-Ranges") != "bytes" || resp.Header.Get("No-Gzip-Compression") != "" {
		t.Errorf("whole archive: %d, %d of %d bytes, Accept-Ranges %q, headers %v", resp.StatusCode, len(body), len(data), resp.Header.Get("Accept-Ranges"), resp.Header)
	}
	resp, body = get("/basemap/source.json")
	var src struct {
		Kind, URL, Format string
		MaxZoom           int
	}
	if err := json.Unmarshal(body, &src); err != nil || resp.StatusCode != http.StatusOK || src.Kind != "pmtiles" || src.URL != "/basemap.pmtiles" || src.Format != "pbf" || src.MaxZoom != 14 {
		t.Errorf("source.json: %d %s (%v)", resp.StatusCode, body, err)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "connect-src 'self';") {
		t.Errorf("an archive on this server widened the CSP: %s", csp)
	}
}

// TestBasemapStyleAndEmbedded: a style URL opens the CSP to its scheme
// (the style names its own tile, sprite and glyph servers); the embedded
// basemap has no archive.
func TestBasemapStyleAndEmbedded(t *testing.T) {
	testServer(t)
	bm, err := basemap.Open("https://tiles.example.org/styles/streets.json")
	if err != nil {
		t.Fatal(err)
	}
	h := New(Config{Gazetteer: gz, Store: newFakeStore(), Basemap: bm}).Handler()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/basemap/source.json", nil))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"url":"https://tiles.example.org/styles/streets.json"`) {
		t.Errorf("source.json: %d %s", rec.Code, rec.Body)
	}
	csp := rec.Header().Get("Content-Security-Policy")
	if !strings.Contains(csp, "connect-src 'self' https:;") || !strings.Contains(csp, "img-src 'self' data: blob: https:;") {
		t.Errorf("CSP for a style URL: %s", csp)
	}

	h = New(Config{Gazetteer: gz, Store: newFakeStore()}).Handler()
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/basemap/source.json", nil))
	if rec.Code != http.StatusOK || strings.TrimSpace(rec.Body.String()) != `{"kind":"embedded"}` {
		t.Errorf("source.json without --basemap: %d %s", rec.Code, rec.Body)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/basemap.pmtiles", nil))
	if rec.Code != http.StatusNotFound || !strings.Contains(rec.Header().Get("Content-Type"), "problem+json") {
		t.Errorf("/basemap.pmtiles without an archive: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
}
