// Package web serves the incidentmap map page: MapLibre GL JS and the
// page's own script and styles, bundled from npm packages by `make web`
// into web/dist and embedded in the binary, so the map works offline with
// nothing fetched from outside the server's origin.
//
// The page expects the server to answer, on the same origin: /tiles.json
// and /tiles/{z}/{x}/{y}.mvt (incidents), /basemap.json and
// /basemap/{z}/{x}/{y}.mvt (the gazetteer basemap), /basemap/source.json
// (which basemap to draw, and /basemap.pmtiles when it is an archive),
// /taxonomy (the event types and their colours), /stats (the regional
// totals), /collections/incidents and its items, /places, /articles/{id}
// and the exports.
package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

// dist holds the built page. The pattern always matches: web/dist/README.md
// is committed, so the package compiles before `make web` ran; Handler then
// explains what is missing instead of serving a broken page.
//
//go:embed all:dist
var dist embed.FS

// indexFile is the page itself; AssetPrefix holds the hashed assets.
const indexFile = "index.html"

// AssetPrefix is the URL path under which the page's hashed assets (script,
// styles, MapLibre's worker) are served; a router mounts Handler there and
// at "/".
const AssetPrefix = "/assets/"

// Available reports whether the page was built into the binary (make web
// ran before go build).
func Available() bool {
	_, err := fs.Stat(dist, "dist/"+indexFile)
	return err == nil
}

// Handler serves the page: index.html at "/" (and "/index.html"),
// revalidated on every visit, and the files under AssetPrefix, whose names
// carry a content hash, cached for a year. Other paths are 404; methods
// other than GET and HEAD are 405. When the page was not built it answers
// 503 with a note to run make web.
func Handler() http.Handler {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // "dist" is a valid path: cannot happen
	}
	return newHandler(sub)
}

// newHandler serves the built page from files (index.html and assets/).
func newHandler(files fs.FS) *handler {
	h := &handler{files: files, etags: map[string]string{}}
	// Strong ETags from the content, computed once: a revisit of "/" then
	// ends in a 304 (ServeContent compares them with If-None-Match).
	_ = fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(files, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		h.etags[name] = `"` + hex.EncodeToString(sum[:12]) + `"`
		return nil
	})
	return h
}

type handler struct {
	files fs.FS
	etags map[string]string // file name -> ETag
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, r.Method+" is not allowed on "+r.URL.Path, http.StatusMethodNotAllowed)
		return
	}
	name, cache := "", ""
	switch p := r.URL.Path; {
	case p == "/" || p == "/"+indexFile:
		name, cache = indexFile, "no-cache"
	case strings.HasPrefix(p, AssetPrefix) && len(p) > len(AssetPrefix):
		clean := path.Clean(p)
		if !strings.HasPrefix(clean, AssetPrefix) {
			http.NotFound(w, r)
			return
		}
		name, cache = strings.TrimPrefix(clean, "/"), "public, max-age=31536000, immutable"
	default:
		http.NotFound(w, r)
		return
	}
	f, err := h.files.Open(name)
	if err != nil {
		if name == indexFile {
			w.Header().Set("Cache-Control", "no-store")
			http.Error(w, "The map page is not built into this binary: run `make web` (or `make build`), then rebuild.",
				http.StatusServiceUnavailable)
			return
		}
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	content, ok := f.(io.ReadSeeker) // embed.FS files seek
	if st, err := f.Stat(); !ok || err != nil || st.IsDir() {
		http.NotFound(w, r)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", contentType(name))
	hdr.Set("Cache-Control", cache)
	if tag := h.etags[name]; tag != "" {
		hdr.Set("ETag", tag)
	}
	http.ServeContent(w, r, name, time.Time{}, content)
}

// contentType names the media type of the few kinds of file the build
// writes; the server sends nosniff, so the type has to be right.
func contentType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".json", ".map":
		return "application/json"
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	case ".txt":
		return "text/plain; charset=utf-8"
	}
	return "application/octet-stream"
}
