package api

import (
	"bufio"
	"errors"
	"net/http"

	"github.com/gorilla/mux"
	"github.com/incidentmap/incidentmap/export"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
)

// exportIncidents answers GET /export.{format} with every incident that
// matches the /incidents filters, as a file GIS tools open. It streams: the
// incidents go from the store to the writer one at a time.
func (s *Server) exportIncidents(w http.ResponseWriter, r *http.Request) error {
	f, err := export.ParseFormat(mux.Vars(r)["format"])
	if err != nil {
		return notFound("%v", err)
	}
	q, err := s.incidentQuery(r, modeExport)
	if err != nil {
		return err
	}
	if done, err := s.notModified(w, r); done || err != nil {
		return err
	}
	// Count first, so a too-large export is a clear 400 rather than a
	// truncated file.
	n, err := s.cfg.Store.Count(r.Context(), q)
	if err != nil {
		return s.storeError(err)
	}
	if n > int64(s.cfg.MaxExport) {
		return badRequest("", "the export would hold %d incidents, more than the %d allowed; narrow it with bbox, region, datetime or filter", n, s.cfg.MaxExport)
	}
	w.Header().Set("Content-Type", f.ContentType())
	w.Header().Set("Content-Disposition", `attachment; filename="incidents.`+f.Extension()+`"`)
	if fs, ok := s.cfg.Store.(store.FeatureStreamer); ok && (f == export.GeoJSON || f == export.GeoJSONSeq) {
		return s.exportStoredGeoJSON(w, r, fs, q, f == export.GeoJSONSeq)
	}
	ew, err := export.NewWriter(f, w, export.Options{})
	if err != nil {
		return err
	}
	wrote := false
	// The store decodes rows while the writer encodes: two cores, not one.
	err = store.Pipe(r.Context(), s.cfg.Store, q, func(inc *incident.Incident) error {
		wrote = true
		return ew.Write(inc)
	})
	cerr := ew.Close()
	if err == nil {
		err = cerr
	}
	if err != nil {
		if !wrote && !errors.Is(err, export.ErrClosed) {
			return s.storeError(err)
		}
		s.log.Error("export failed mid-stream", "format", f, "err", err)
		panic(http.ErrAbortHandler)
	}
	return nil
}

// exportStoredGeoJSON writes a GeoJSON export, or with seq an RFC 8142
// GeoJSON text sequence, from the features the store keeps ready-made: no
// decoding, no encoding, constant memory.
func (s *Server) exportStoredGeoJSON(w http.ResponseWriter, r *http.Request, fs store.FeatureStreamer, q store.Query, seq bool) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if !seq {
		bw.WriteString(`{"type":"FeatureCollection","name":"incidents","features":[`)
	}
	first := true
	err := fs.StreamGeoJSON(r.Context(), q, func(_ store.Cursor, feature []byte) error {
		switch {
		case seq:
			bw.WriteByte(0x1e) // RS
		case !first:
			bw.WriteByte(',')
		}
		first = false
		bw.Write(feature)
		if seq {
			bw.WriteByte('\n')
		}
		// bufio keeps its first write error; report it once per feature.
		_, err := bw.Write(nil)
		return err
	})
	if err != nil {
		if first {
			return s.storeError(err)
		}
		s.log.Error("export failed mid-stream", "format", "geojson", "err", err)
		panic(http.ErrAbortHandler)
	}
	if seq {
		return bw.Flush()
	}
	bw.WriteString("]}\n")
	return bw.Flush()
}
