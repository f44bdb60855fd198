package api

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/incidentmap/incidentmap/export"
	"github.com/incidentmap/incidentmap/store"
	"github.com/klauspost/compress/gzhttp"
)

// Clients that read a file by byte ranges need its length first: GDAL's
// /vsicurl/ sends HEAD, then GETs with Range, and GeoPackage and FlatGeobuf
// readers work that way. An export is written as it streams, so its length
// is known only once written: such requests get the export spooled to a
// file, kept (the last few) for the next range of the same export and data
// version until Server.Close. A whole GeoPackage or FlatGeobuf is spooled
// too, for its Content-Length, and the file removed once sent.

// exportFiles keeps the last few spooled exports.
type exportFiles struct {
	mu    sync.Mutex
	dir   string
	files []*exportFile // oldest first
}

// exportFile is one spooled export; ready closes when path and err are set.
type exportFile struct {
	key   string
	ready chan struct{}
	path  string
	size  int64
	err   error
}

// keptExports is how many spooled exports stay on disk.
const keptExports = 4

// get returns the spooled file for key, writing it with write when it is
// not there; concurrent requests for one key share one writing.
func (c *exportFiles) get(ctx context.Context, key string, write func(io.Writer) error) (*exportFile, error) {
	c.mu.Lock()
	for _, f := range c.files {
		if f.key == key {
			c.mu.Unlock()
			select {
			case <-f.ready:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			if f.err != nil {
				return nil, f.err
			}
			return f, nil
		}
	}
	f := &exportFile{key: key, ready: make(chan struct{})}
	c.files = append(c.files, f)
	var evicted []*exportFile
	if len(c.files) > keptExports {
		evicted = append(evicted, c.files[:len(c.files)-keptExports]...)
		c.files = append([]*exportFile(nil), c.files[len(c.files)-keptExports:]...)
	}
	c.mu.Unlock()
	for _, e := range evicted {
		go func() {
			<-e.ready
			if e.path != "" {
				os.Remove(e.path) // open readers keep reading: the name goes, the file stays
			}
		}()
	}
	f.err = c.spool(f, write)
	close(f.ready)
	if f.err != nil {
		c.mu.Lock()
		for i, g := range c.files {
			if g == f {
				c.files = append(c.files[:i], c.files[i+1:]...)
				break
			}
		}
		c.mu.Unlock()
		return nil, f.err
	}
	return f, nil
}

// close removes the kept files.
func (c *exportFiles) close() {
	c.mu.Lock()
	files := c.files
	c.files = nil
	c.mu.Unlock()
	for _, f := range files {
		<-f.ready
		if f.path != "" {
			os.Remove(f.path)
		}
	}
}

func (c *exportFiles) spool(f *exportFile, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(c.dir, "incidentmap-export-*")
	if err != nil {
		return fmt.Errorf("spool export: %w", err)
	}
	err = write(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		var st os.FileInfo
		if st, err = os.Stat(tmp.Name()); err == nil {
			f.path, f.size = tmp.Name(), st.Size()
			return nil
		}
	}
	os.Remove(tmp.Name())
	return err
}

// rangeClient reports whether the request reads by byte ranges or asks
// only for the headers, which must then give the length uncompressed.
func rangeClient(r *http.Request) bool {
	return r.Method == http.MethodHead || r.Header.Get("Range") != ""
}

// serveBytes answers with data as a file: Content-Length, byte ranges, HEAD.
func serveBytes(w http.ResponseWriter, r *http.Request, data []byte) {
	w.Header().Set("Accept-Ranges", "bytes")
	if rangeClient(r) {
		w.Header().Set(gzhttp.HeaderNoCompression, "1")
	}
	http.ServeContent(&rangeProblems{ResponseWriter: w, r: r}, r, "", time.Time{}, bytes.NewReader(data))
}

// rangeProblems turns http.ServeContent's plain-text 416 (a Range that is
// malformed or past the end) into a problem+json, as every client error is.
type rangeProblems struct {
	http.ResponseWriter
	r       *http.Request
	swallow bool
}

func (w *rangeProblems) WriteHeader(code int) {
	if code != http.StatusRequestedRangeNotSatisfiable {
		w.ResponseWriter.WriteHeader(code)
		return
	}
	w.swallow = true
	w.Header().Del("Content-Length")
	w.Header().Del("X-Content-Type-Options")
	writeProblem(w.ResponseWriter, w.r, &Problem{Type: "about:blank", Title: "Range Not Satisfiable", Status: code,
		Detail: "the Range header is malformed or starts past the end (" + w.Header().Get("Content-Range") + ")", Param: "Range"})
}

func (w *rangeProblems) Write(b []byte) (int, error) {
	if w.swallow {
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

// serveExportFile answers an export from its spooled file, with a strong
// ETag of the data version and the query, so If-Range works.
func (s *Server) serveExportFile(w http.ResponseWriter, r *http.Request, f export.Format, q store.Query, opt export.Options) error {
	st, err := s.cfg.Store.Stats(r.Context())
	if err != nil {
		return s.storeError(err)
	}
	key := st.Version + "|" + f.Extension() + "|" + r.URL.Query().Encode()
	write := func(out io.Writer) error { return s.writeExport(r.Context(), out, f, q, opt) }
	var file *exportFile
	if rangeClient(r) {
		file, err = s.exports.get(r.Context(), key, write)
	} else {
		// A whole file: spooled for its length, removed once sent.
		file = &exportFile{}
		err = s.exports.spool(file, write)
		if err == nil {
			defer os.Remove(file.path)
		}
	}
	if err != nil {
		return s.storeError(err)
	}
	rd, err := os.Open(file.path)
	if err != nil {
		return err
	}
	defer rd.Close()
	w.Header().Set("ETag", `"`+st.Version+"-"+strconv.FormatUint(hashString(key), 36)+`"`)
	w.Header().Set("Accept-Ranges", "bytes")
	if rangeClient(r) {
		w.Header().Set(gzhttp.HeaderNoCompression, "1")
	}
	http.ServeContent(&rangeProblems{ResponseWriter: w, r: r}, r, "", time.Time{}, rd)
	return nil
}

// Close removes the exports kept on disk for range requests. The server
// still answers afterwards; it keeps new ones until the next Close.
func (s *Server) Close() error {
	s.exports.close()
	return nil
}
