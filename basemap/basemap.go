// Package basemap is the street basemap `serve --basemap` draws under the
// incidents instead of the embedded one: a MapLibre style at a URL, or a
// local PMTiles v3 archive that the server hands out whole with HTTP Range
// requests, for the map page to read with the pmtiles npm package (no tile
// server, no outside request). Without it the page keeps the gazetteer
// basemap of package tiles, which works offline.
package basemap

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Kind says where the basemap comes from.
type Kind string

// The kinds of basemap.
const (
	// Embedded is the gazetteer basemap built into the binary.
	Embedded Kind = "embedded"
	// Style is a MapLibre style at a URL, which the browser loads.
	Style Kind = "style"
	// PMTiles is a local PMTiles archive the server serves.
	PMTiles Kind = "pmtiles"
)

// ArchivePath is where the server serves a PMTiles archive.
const ArchivePath = "/basemap.pmtiles"

// Basemap is the basemap serve was asked for. The zero value, and a nil
// *Basemap, is the embedded one.
type Basemap struct {
	kind     Kind
	styleURL string
	file     *os.File // PMTiles: the archive, read with ReadAt
	size     int64
	etag     string
	header   Header
	name     string // the archive's file name, for the page's attribution
	modTime  time.Time
}

// Open reads serve's --basemap value: an http(s) URL is a MapLibre style,
// anything else the path of a PMTiles v3 archive, which is opened and
// checked (its header, and that its tiles are a kind the page draws).
// An empty value is the embedded basemap.
func Open(spec string) (*Basemap, error) {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		return &Basemap{kind: Embedded}, nil
	}
	if strings.HasPrefix(spec, "http://") || strings.HasPrefix(spec, "https://") {
		u, err := url.Parse(spec)
		if err != nil || u.Host == "" {
			return nil, fmt.Errorf("basemap style URL %q: not an absolute http(s) URL", spec)
		}
		return &Basemap{kind: Style, styleURL: u.String()}, nil
	}
	f, err := os.Open(spec)
	if err != nil {
		return nil, fmt.Errorf("basemap: %w (give a MapLibre style URL or a PMTiles file)", err)
	}
	b, err := openArchive(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("basemap %s: %w", spec, err)
	}
	return b, nil
}

// openArchive checks that f is a PMTiles v3 archive of tiles the page can
// draw and keeps it open for serving.
func openArchive(f *os.File) (*Basemap, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: not a regular file", ErrNotPMTiles)
	}
	buf := make([]byte, HeaderLen)
	if _, err := f.ReadAt(buf, 0); err != nil && err != io.EOF {
		return nil, err
	}
	h, err := ParseHeader(buf, st.Size())
	if err != nil {
		return nil, err
	}
	if TileFormat(h.TileType) == "" {
		return nil, fmt.Errorf("tile type %d: the map page draws vector (MVT) or image tiles", h.TileType)
	}
	switch h.InternalCompression {
	case CompressionNone, CompressionGzip:
	default:
		// The page decompresses directories with the browser's gzip only.
		return nil, fmt.Errorf("directories compressed with method %d: the map page reads none or gzip", h.InternalCompression)
	}
	switch h.TileCompression {
	case CompressionNone, CompressionGzip, CompressionUnknown:
	default:
		return nil, fmt.Errorf("tiles compressed with method %d: the map page reads none or gzip", h.TileCompression)
	}
	return &Basemap{kind: PMTiles, file: f, size: st.Size(), header: h, name: st.Name(), modTime: st.ModTime(),
		etag: `"pmtiles-` + strconv.FormatInt(st.Size(), 36) + "-" + strconv.FormatInt(st.ModTime().UnixNano(), 36) + `"`}, nil
}

// Kind tells where the basemap comes from.
func (b *Basemap) Kind() Kind {
	if b == nil || b.kind == "" {
		return Embedded
	}
	return b.kind
}

// Header is a PMTiles archive's header (zero for other kinds).
func (b *Basemap) Header() Header {
	if b == nil {
		return Header{}
	}
	return b.header
}

// Close closes a PMTiles archive.
func (b *Basemap) Close() error {
	if b == nil || b.file == nil {
		return nil
	}
	return b.file.Close()
}

// CSPSources lists what a Content-Security-Policy must allow the page to
// fetch (connect-src) and show (img-src) beyond its own origin: for a
// style URL, the URL's scheme, since the style names its tile, sprite and
// glyph servers itself; nothing for the other kinds.
func (b *Basemap) CSPSources() []string {
	if b.Kind() != Style {
		return nil
	}
	u, _ := url.Parse(b.styleURL)
	return []string{u.Scheme + ":"}
}

// Source is what GET /basemap/source.json tells the page.
type Source struct {
	Kind Kind `json:"kind"`
	// URL is the style (Style) or the archive (PMTiles, on this server).
	URL string `json:"url,omitempty"`
	// For PMTiles: what the header says.
	Format  string    `json:"format,omitempty"`
	MinZoom *uint8    `json:"minzoom,omitempty"`
	MaxZoom *uint8    `json:"maxzoom,omitempty"`
	Bounds  []float64 `json:"bounds,omitempty"`
	Center  []float64 `json:"center,omitempty"`
	Name    string    `json:"name,omitempty"`
	Size    int64     `json:"size,omitempty"`
}

// Source describes the basemap for the page.
func (b *Basemap) Source() Source {
	switch b.Kind() {
	case Style:
		return Source{Kind: Style, URL: b.styleURL}
	case PMTiles:
		h := b.header
		return Source{Kind: PMTiles, URL: ArchivePath, Format: TileFormat(h.TileType),
			MinZoom: &h.MinZoom, MaxZoom: &h.MaxZoom, Bounds: h.Bounds[:], Center: h.Center[:],
			Name: b.name, Size: b.size}
	}
	return Source{Kind: Embedded}
}

// ServeSource answers GET /basemap/source.json.
func (b *Basemap) ServeSource(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-cache")
	_ = json.NewEncoder(w).Encode(b.Source())
}

// ServeArchive answers GET ArchivePath: the PMTiles archive, whole or the
// byte ranges asked for (206), with an ETag so the page's reader sees a
// replaced archive. It answers 404 for the other kinds.
func (b *Basemap) ServeArchive(w http.ResponseWriter, r *http.Request) {
	if b.Kind() != PMTiles {
		http.NotFound(w, r)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", "application/vnd.pmtiles")
	hdr.Set("ETag", b.etag)
	hdr.Set("Cache-Control", "public, max-age=3600")
	// Compressing a range breaks it, and the tiles are compressed already:
	// the server's gzip middleware leaves responses with this header alone
	// (and keeps their Accept-Ranges).
	hdr.Set("No-Gzip-Compression", "1")
	// A section reader per request: ReadAt is safe for concurrent use,
	// a shared file offset would not be.
	http.ServeContent(w, r, "", b.modTime, io.NewSectionReader(b.file, 0, b.size))
}
