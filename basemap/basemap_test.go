package basemap_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/incidentmap/incidentmap/basemap"
	"github.com/incidentmap/incidentmap/basemap/pmtilestest"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// streets writes the test street archive to a file and returns its path
// and bytes.
func streets(t *testing.T) (string, []byte) {
	t.Helper()
	b, err := pmtilestest.Streets(orb.Point{44.36, 33.31}, 14)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "streets.pmtiles")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p, b
}

func TestOpen(t *testing.T) {
	archive, data := streets(t)
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	v2 := bytes.Clone(data)
	v2[7] = 2
	short := bytes.Clone(data)
	binaryPutRootLength(short, uint64(len(data))) // root directory past the end
	raster := bytes.Clone(data)
	raster[99] = 9
	for _, tc := range []struct {
		name, spec string
		kind       basemap.Kind
		wantErr    bool
	}{
		{"empty: embedded", "", basemap.Embedded, false},
		{"style URL", "https://tiles.example.org/styles/liberty.json", basemap.Style, false},
		{"http style URL", "http://localhost:9000/style.json", basemap.Style, false},
		{"URL without host", "https:///style.json", "", true},
		{"archive", archive, basemap.PMTiles, false},
		{"missing file", filepath.Join(dir, "nope.pmtiles"), "", true},
		{"a directory", dir, "", true},
		{"not PMTiles", write("x.pmtiles", []byte(`{"version":8}`)), "", true},
		{"spec version 2", write("v2.pmtiles", v2), "", true},
		{"sections past the end", write("short.pmtiles", short), "", true},
		{"unknown tile type", write("raster.pmtiles", raster), "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := basemap.Open(tc.spec)
			if tc.wantErr {
				if err == nil {
					t.Fatalf("Open(%q) = %v, want an error", tc.spec, b.Source())
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			if b.Kind() != tc.kind {
				t.Errorf("kind %q, want %q", b.Kind(), tc.kind)
			}
		})
	}
}

func binaryPutRootLength(b []byte, v uint64) {
	for i := range 8 {
		b[16+i] = byte(v >> (8 * i))
	}
}

func TestSourceAndCSP(t *testing.T) {
	archive, _ := streets(t)
	b, err := basemap.Open(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	src := b.Source()
	if src.URL != basemap.ArchivePath || src.Format != "pbf" || *src.MaxZoom != 14 || *src.MinZoom != 0 {
		t.Errorf("source %+v", src)
	}
	if src.Bounds[0] > 44.36 || src.Bounds[2] < 44.36 || src.Bounds[1] > 33.31 || src.Bounds[3] < 33.31 {
		t.Errorf("bounds %v do not hold the streets' centre", src.Bounds)
	}
	if got := b.CSPSources(); len(got) != 0 {
		t.Errorf("an archive on this server needs no CSP sources, got %v", got)
	}
	st, _ := basemap.Open("https://tiles.example.org/style.json")
	if got := st.CSPSources(); len(got) != 1 || got[0] != "https:" {
		t.Errorf("style CSP sources %v", got)
	}
	var nilMap *basemap.Basemap
	if nilMap.Kind() != basemap.Embedded || nilMap.Source().Kind != basemap.Embedded {
		t.Error("a nil basemap is not the embedded one")
	}
	rec := httptest.NewRecorder()
	b.ServeSource(rec, httptest.NewRequest("GET", "/basemap/source.json", nil))
	var doc map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil || doc["kind"] != "pmtiles" || doc["url"] != basemap.ArchivePath {
		t.Errorf("source.json %s (%v)", rec.Body, err)
	}
}

// TestServeArchive: the archive answers byte ranges (206), whole GETs,
// revalidation, and 416 for a range past its end.
func TestServeArchive(t *testing.T) {
	archive, data := streets(t)
	b, err := basemap.Open(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	srv := httptest.NewServer(http.HandlerFunc(b.ServeArchive))
	defer srv.Close()
	get := func(hdr map[string]string) (*http.Response, []byte) {
		req, _ := http.NewRequest("GET", srv.URL+basemap.ArchivePath, nil)
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, body
	}
	resp, body := get(map[string]string{"Range": "bytes=0-126"})
	if resp.StatusCode != http.StatusPartialContent || !bytes.Equal(body, data[:127]) {
		t.Fatalf("header range: %d, %d bytes", resp.StatusCode, len(body))
	}
	h, err := basemap.ParseHeader(body, int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	tail := int(h.DataOffset)
	resp, body = get(map[string]string{"Range": "bytes=" + itoa(tail) + "-" + itoa(tail+99)})
	if resp.StatusCode != http.StatusPartialContent || !bytes.Equal(body, data[tail:tail+100]) || resp.Header.Get("Content-Range") == "" {
		t.Errorf("tile data range: %d %q, %d bytes", resp.StatusCode, resp.Header.Get("Content-Range"), len(body))
	}
	resp, body = get(nil)
	if resp.StatusCode != http.StatusOK || !bytes.Equal(body, data) || resp.Header.Get("Accept-Ranges") != "bytes" {
		t.Errorf("whole archive: %d, %d of %d bytes, Accept-Ranges %q", resp.StatusCode, len(body), len(data), resp.Header.Get("Accept-Ranges"))
	}
	etag := resp.Header.Get("ETag")
	if resp, _ = get(map[string]string{"If-None-Match": etag}); resp.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation with %s: %d", etag, resp.StatusCode)
	}
	if resp, _ = get(map[string]string{"Range": "bytes=" + itoa(len(data)+10) + "-"}); resp.StatusCode != http.StatusRequestedRangeNotSatisfiable {
		t.Errorf("range past the end: %d", resp.StatusCode)
	}

	// Another kind has no archive to serve.
	emb, _ := basemap.Open("")
	rec := httptest.NewRecorder()
	emb.ServeArchive(rec, httptest.NewRequest("GET", basemap.ArchivePath, nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("the embedded basemap serves an archive: %d", rec.Code)
	}
}

func itoa(n int) string { return string(appendInt(nil, n)) }

func appendInt(b []byte, n int) []byte {
	if n >= 10 {
		b = appendInt(b, n/10)
	}
	return append(b, byte('0'+n%10))
}

func TestTileID(t *testing.T) {
	// The ids the PMTiles v3 specification gives: zoom 0, then zoom 1 in
	// Hilbert order, then the first tiles of zoom 2 and a far one.
	for _, tc := range []struct {
		z    maptile.Zoom
		x, y uint32
		want uint64
	}{
		{0, 0, 0, 0}, {1, 0, 0, 1}, {1, 0, 1, 2}, {1, 1, 1, 3}, {1, 1, 0, 4},
		{2, 0, 0, 5}, {3, 7, 0, 84}, {12, 3423, 1763, 19078479},
	} {
		if got := pmtilestest.TileID(maptile.New(tc.x, tc.y, tc.z)); got != tc.want {
			t.Errorf("TileID(%d/%d/%d) = %d, want %d", tc.z, tc.x, tc.y, got, tc.want)
		}
	}
}

func FuzzParseHeader(f *testing.F) {
	b, err := pmtilestest.Streets(orb.Point{10, 10}, 3)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b[:basemap.HeaderLen], int64(len(b)))
	f.Add([]byte("PMTiles\x03"), int64(8))
	f.Fuzz(func(t *testing.T, b []byte, size int64) {
		h, err := basemap.ParseHeader(b, size)
		if err != nil {
			if !errors.Is(err, basemap.ErrNotPMTiles) {
				t.Fatalf("error %v is no ErrNotPMTiles", err)
			}
			return
		}
		if h.RootOffset+h.RootLength > uint64(size) || h.DataOffset+h.DataLength > uint64(size) || h.MinZoom > h.MaxZoom {
			t.Fatalf("accepted a header whose sections lie past %d: %+v", size, h)
		}
	})
}
