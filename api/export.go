package api

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"

	"github.com/gorilla/mux"
	"github.com/incidentmap/incidentmap/export"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/query"
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
	layer, v, err := exportLayer(f, r.URL.Query())
	if err != nil {
		return err
	}
	q, err := s.queries.Values(v, query.Export)
	if err != nil {
		return paramProblem(err)
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
	// Range readers (GDAL's /vsicurl/) and the formats read by range get
	// a file with a length; the others stream as the store reads.
	opt := export.Options{Layer: layer}
	if rangeClient(r) || f == export.GPKG || f == export.FGB {
		return s.serveExportFile(w, r, f, q, opt)
	}
	wrote, err := s.writeExportTo(r.Context(), w, f, q, opt)
	if err != nil {
		if !wrote {
			return s.storeError(err)
		}
		s.log.Error("export failed mid-stream", "format", f, "err", err)
		panic(http.ErrAbortHandler)
	}
	return nil
}

// exportLayer takes the geometry parameter out of an export's query: it
// picks the layer of a FlatGeobuf, which holds one geometry type
// (geometry=points, the default, lines or areas), and no other format takes
// it. It returns the other parameters, the incident filters.
func exportLayer(f export.Format, v url.Values) (export.Layer, url.Values, error) {
	if !v.Has("geometry") {
		return export.Points, v, nil
	}
	if f != export.FGB {
		return export.Points, v, badRequest("geometry", "geometry= picks the layer of a FlatGeobuf export (points, lines or areas); a %s export holds every geometry", f)
	}
	vals := v["geometry"]
	for _, x := range vals[1:] {
		if x != vals[0] {
			return export.Points, v, badRequest("geometry", "give geometry once")
		}
	}
	layer, err := export.ParseLayer(vals[0])
	if err != nil {
		return export.Points, v, badRequest("geometry", "%v", err)
	}
	rest := url.Values{}
	for k, x := range v {
		if k != "geometry" {
			rest[k] = x
		}
	}
	return layer, rest, nil
}

// writeExport writes the export of q in format f to w.
func (s *Server) writeExport(ctx context.Context, w io.Writer, f export.Format, q store.Query, opt export.Options) error {
	_, err := s.writeExportTo(ctx, w, f, q, opt)
	return err
}

// writeExportTo writes the export of q in format f to w; wrote says
// whether anything reached w before an error.
func (s *Server) writeExportTo(ctx context.Context, w io.Writer, f export.Format, q store.Query, opt export.Options) (wrote bool, err error) {
	if fs, ok := s.cfg.Store.(store.FeatureStreamer); ok && (f == export.GeoJSON || f == export.GeoJSONSeq) {
		return writeStoredGeoJSON(ctx, w, fs, q, f == export.GeoJSONSeq)
	}
	ew, err := export.NewWriter(f, w, opt)
	if err != nil {
		return false, err
	}
	// The store decodes rows while the writer encodes: two cores, not one.
	err = store.Pipe(ctx, s.cfg.Store, q, func(inc *incident.Incident) error {
		wrote = true
		return ew.Write(inc)
	})
	cerr := ew.Close()
	if err == nil {
		err = cerr
	}
	if errors.Is(err, export.ErrClosed) {
		wrote = true
	}
	return wrote, err
}

// writeStoredGeoJSON writes a GeoJSON export, or with seq an RFC 8142
// GeoJSON text sequence, from the features the store keeps ready-made: no
// decoding, no encoding, constant memory.
func writeStoredGeoJSON(ctx context.Context, w io.Writer, fs store.FeatureStreamer, q store.Query, seq bool) (wrote bool, err error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	if !seq {
		bw.WriteString(`{"type":"FeatureCollection","name":"incidents","features":[`)
	}
	first := true
	err = fs.StreamGeoJSON(ctx, q, func(_ store.Cursor, feature []byte) error {
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
		return !first, err
	}
	if !seq {
		bw.WriteString("]}\n")
	}
	return true, bw.Flush()
}
