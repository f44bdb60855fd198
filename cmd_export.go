package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"github.com/incidentmap/incidentmap/export"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/query"
	"github.com/incidentmap/incidentmap/store"
)

func cmdExport(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet("export", env, "export --format geojson|geojsonseq|csv|kml|gpkg|fgb [filters] --out FILE")
	var gf gazetteerFlags
	gf.register(fs)
	var sf storeFlags
	sf.register(fs)
	format := fs.String("format", "", "geojson, geojsonseq, csv, kml, gpkg or fgb (default: from --out's extension)")
	out := fs.String("out", "", "the file to write (- for standard output)")
	layerName := fs.String("geometry", "", "fgb only: the layer to write, points (every incident at its representative point, the default), lines or areas")
	filters := map[string]*string{}
	for _, name := range []string{"bbox", "region", "intersects", "datetime", "type", "actor", "q", "filter", "filter-lang", "status", "updated_since", "updated"} {
		filters[name] = fs.String(name, "", "filter: as the "+name+" parameter of GET /incidents")
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageError{fmt.Sprintf("export takes no arguments, got %q", pos)}
	}
	if *out == "" {
		return usageError{"export needs --out FILE"}
	}
	name := *format
	if name == "" {
		name = filepath.Ext(*out)
	}
	f, err := export.ParseFormat(name)
	if err != nil {
		return usageError{err.Error()}
	}
	layer, err := export.ParseLayer(*layerName)
	if err != nil {
		return usageError{"--geometry: " + err.Error()}
	}
	if *layerName != "" && f != export.FGB {
		return usageError{fmt.Sprintf("--geometry picks the layer of a FlatGeobuf export; a %s export holds every geometry", f)}
	}
	g, err := gf.load(ctx)
	if err != nil {
		return err
	}
	v := url.Values{}
	for k, p := range filters {
		if *p != "" {
			v.Set(k, *p)
		}
	}
	q, err := query.Parser{Gazetteer: g, Filters: query.CQL2Filters{}}.Values(v, query.Export)
	if err != nil {
		var qe *query.Error
		if errors.As(err, &qe) {
			return usageError{fmt.Sprintf("--%s: %s", qe.Param, qe.Detail)}
		}
		return err
	}
	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()

	n, err := writeExport(ctx, st, q, f, layer, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stderr, "exported %d incidents to %s (%s)\n", n, *out, f)
	return nil
}

// writeExport writes the incidents q selects from st to out (- for
// standard output) in format f (a FlatGeobuf holds layer), and returns how
// many it wrote.
func writeExport(ctx context.Context, st store.Store, q store.Query, f export.Format, layer export.Layer, out string) (int, error) {
	// Write next to the target and rename at the end, so a failed export
	// never leaves a half-written file under the requested name.
	var (
		dst *os.File
		tmp string
		err error
	)
	if out == "-" {
		dst = os.Stdout
	} else {
		dst, err = os.CreateTemp(filepath.Dir(out), ".export-*")
		if err != nil {
			return 0, err
		}
		tmp = dst.Name()
		defer os.Remove(tmp)
	}
	w, err := export.NewWriter(f, dst, export.Options{TempDir: filepath.Dir(out), Layer: layer})
	if err != nil {
		return 0, err
	}
	n := 0
	err = store.Pipe(ctx, st, q, func(inc *incident.Incident) error {
		n++
		return w.Write(inc)
	})
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	if tmp != "" {
		if err := dst.Close(); err != nil {
			return 0, err
		}
		if err := os.Rename(tmp, out); err != nil {
			return 0, err
		}
	}
	return n, nil
}
