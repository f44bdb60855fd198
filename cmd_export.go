package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"github.com/incidentmap/incidentmap/api"
	"github.com/incidentmap/incidentmap/export"
	"github.com/incidentmap/incidentmap/incident"
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
	for _, name := range []string{"bbox", "region", "intersects", "datetime", "type", "actor", "q", "filter", "filter-lang"} {
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
	q, err := api.ExportQuery(api.Config{Gazetteer: g, Filters: api.CQL2Filters{}}, v)
	if err != nil {
		if p, ok := err.(*api.Problem); ok {
			return usageError{fmt.Sprintf("--%s: %s", p.Param, p.Detail)}
		}
		return err
	}
	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()

	// Write next to the target and rename at the end, so a failed export
	// never leaves a half-written file under the requested name.
	var dst *os.File
	tmp := ""
	if *out == "-" {
		dst = os.Stdout
	} else {
		dst, err = os.CreateTemp(filepath.Dir(*out), ".export-*")
		if err != nil {
			return err
		}
		tmp = dst.Name()
		defer os.Remove(tmp)
	}
	w, err := export.NewWriter(f, dst, export.Options{TempDir: filepath.Dir(*out), Layer: layer})
	if err != nil {
		return err
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
		return fmt.Errorf("export: %w", err)
	}
	if tmp != "" {
		if err := dst.Close(); err != nil {
			return err
		}
		if err := os.Rename(tmp, *out); err != nil {
			return err
		}
	}
	fmt.Fprintf(env.stderr, "exported %d incidents to %s (%s)\n", n, *out, f)
	return nil
}
