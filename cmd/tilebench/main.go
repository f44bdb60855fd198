// Command tilebench measures the incidents tile layer over a store's data
// and, given PostgreSQL, compares it side by side, in the same run, with
// PostGIS's ST_AsMVT over the same table (what pg_tileserv and Martin serve,
// without clustering).
//
// It loads every incident from the store once into tiles.BuildIndex
// (reporting the load+build time and the index's bytes), then for each zoom
// samples -n tiles that hold data (the tiles of randomly chosen incidents'
// points, seeded, so every run measures the same tiles) and times
//
//   - ours: Index.Tile(t, tiles.Filter{}, tiles.Options{}) in process, and
//   - ST_AsMVT: the query below over one connection (prepared statement,
//     bytes received by the client).
//
// Both are warmed up first with one untimed pass over exactly the tiles they
// are then timed on, so both are measured with hot caches. A low-zoom
// ST_AsMVT tile over a million points takes seconds, so at zooms up to
// -pg-cap-zoom only the first -pg-cap tiles are sent to PostGIS; the p50
// ratio is always taken over the tiles both sides were timed on.
//
//	go run ./cmd/tilebench -postgres "$INCIDENTMAP_TEST_POSTGRES" -schema incidentmap_bench
//	go run ./cmd/tilebench -db bench.db -zooms 2,6,10,14 -n 200 -json
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/postgis"
	"github.com/incidentmap/incidentmap/store/sqlite"
	"github.com/incidentmap/incidentmap/tiles"
	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/maptile"
)

// stAsMVT is the tile pg_tileserv and Martin serve for a table: every row in
// the tile's envelope, transformed and clipped, no clustering.
const stAsMVT = `SELECT ST_AsMVT(q, 'incidents', 4096, 'geom', 'fid') FROM (
  SELECT ST_AsMVTGeom(ST_Transform(geom, 3857), ST_TileEnvelope($1, $2, $3), 4096, 64, true) AS geom,
         row_number() over () AS fid, event_type, sub_event_type, event_date::text, fatalities, geo_precision
  FROM incidents
  WHERE geom && ST_Transform(ST_TileEnvelope($1, $2, $3), 4326)) q`

type config struct {
	postgres, schema, db string
	n                    int
	zooms                []maptile.Zoom
	seed                 uint64
	pgCap, pgCapZoom     int
	json                 bool
}

// report is the -json output.
type report struct {
	Source     string       `json:"source"`
	Incidents  int          `json:"incidents"`
	BuildMs    float64      `json:"build_ms"`
	IndexBytes int          `json:"index_bytes"`
	HeapBytes  uint64       `json:"heap_bytes"`
	Seed       uint64       `json:"seed"`
	CPUs       int          `json:"cpus"`
	PostGIS    string       `json:"postgis,omitempty"`
	Zooms      []zoomResult `json:"zooms"`
}

type zoomResult struct {
	Zoom int     `json:"zoom"`
	Ours summary `json:"ours"`
	// OursPaired is ours over only the tiles ST_AsMVT was timed on.
	OursPaired *summary `json:"ours_paired,omitempty"`
	STAsMVT    *summary `json:"st_asmvt,omitempty"`
	// Capped is true when ST_AsMVT was timed on fewer tiles than ours.
	Capped bool `json:"st_asmvt_capped,omitempty"`
	// RatioP50 is ST_AsMVT's p50 over ours on the same tiles: how many
	// times faster ours is.
	RatioP50 float64 `json:"ratio_p50,omitempty"`
}

func main() {
	var cfg config
	var zooms string
	flag.StringVar(&cfg.postgres, "postgres", "", "PostgreSQL/PostGIS URL: load from it and compare with ST_AsMVT")
	flag.StringVar(&cfg.schema, "schema", "incidentmap_bench", "PostgreSQL schema holding the incidents table")
	flag.StringVar(&cfg.db, "db", "", "SQLite file to load from (no ST_AsMVT column)")
	flag.IntVar(&cfg.n, "n", 200, "tiles sampled per zoom")
	flag.StringVar(&zooms, "zooms", "2,6,10,14", "comma-separated zooms")
	flag.Uint64Var(&cfg.seed, "seed", 1, "tile sampling seed")
	flag.IntVar(&cfg.pgCap, "pg-cap", 5, "ST_AsMVT tiles timed at zooms up to -pg-cap-zoom (a low-zoom tile takes seconds)")
	flag.IntVar(&cfg.pgCapZoom, "pg-cap-zoom", 6, "highest zoom -pg-cap applies to")
	flag.BoolVar(&cfg.json, "json", false, "print the results as JSON instead of a table")
	flag.Parse()
	var err error
	if cfg.zooms, err = parseZooms(zooms); err != nil {
		fail(2, err)
	}
	if (cfg.db == "") == (cfg.postgres == "") {
		fail(2, errors.New("give one of -postgres URL or -db FILE"))
	}
	if cfg.n <= 0 {
		fail(2, errors.New("-n must be positive"))
	}
	rep, err := run(context.Background(), cfg)
	if err != nil {
		fail(1, err)
	}
	if cfg.json {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(rep)
	} else {
		err = printTable(os.Stdout, rep, cfg)
	}
	if err != nil {
		fail(1, err)
	}
}

func fail(code int, err error) {
	fmt.Fprintln(os.Stderr, "tilebench:", err)
	os.Exit(code)
}

func parseZooms(s string) ([]maptile.Zoom, error) {
	var out []maptile.Zoom
	for _, f := range strings.Split(s, ",") {
		z, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || z < 0 || z > tiles.MaxZoom {
			return nil, fmt.Errorf("bad zoom %q (0-%d)", f, tiles.MaxZoom)
		}
		out = append(out, maptile.Zoom(z))
	}
	return out, nil
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "tilebench: "+format+"\n", args...)
}

func run(ctx context.Context, cfg config) (*report, error) {
	rep := &report{Seed: cfg.seed, CPUs: runtime.GOMAXPROCS(0)}
	ix, points, err := loadIndex(ctx, cfg, rep)
	if err != nil {
		return nil, err
	}

	var conn *pgx.Conn
	if cfg.postgres != "" {
		if conn, err = connectPG(ctx, cfg.postgres, cfg.schema); err != nil {
			return nil, err
		}
		defer conn.Close(context.Background())
		if err := conn.QueryRow(ctx, `SELECT 'PostgreSQL ' || current_setting('server_version') || ', PostGIS ' || postgis_lib_version()`).Scan(&rep.PostGIS); err != nil {
			return nil, fmt.Errorf("postgis version: %w", err)
		}
	}

	for _, z := range cfg.zooms {
		sample := sampleTiles(points, z, cfg.n, cfg.seed)
		zr := zoomResult{Zoom: int(z)}

		lat, sizes, err := timeIndex(ix, sample)
		if err != nil {
			return nil, err
		}
		zr.Ours = summarize(lat, sizes)

		if conn != nil {
			k := len(sample)
			if int(z) <= cfg.pgCapZoom && cfg.pgCap > 0 && k > cfg.pgCap {
				k, zr.Capped = cfg.pgCap, true
			}
			paired := summarize(lat[:k], sizes[:k])
			zr.OursPaired = &paired
			logf("z%d: ST_AsMVT on %d tiles (warm-up pass, then timed pass)", z, k)
			for _, t := range sample[:k] {
				if _, err := pgTile(ctx, conn, t); err != nil {
					return nil, err
				}
			}
			pl := make([]time.Duration, k)
			ps := make([]int, k)
			for i, t := range sample[:k] {
				t0 := time.Now()
				data, err := pgTile(ctx, conn, t)
				pl[i] = time.Since(t0)
				if err != nil {
					return nil, err
				}
				ps[i] = len(data)
			}
			pg := summarize(pl, ps)
			zr.STAsMVT = &pg
			if paired.P50ms > 0 {
				zr.RatioP50 = pg.P50ms / paired.P50ms
			}
		}
		logf("z%d: done", z)
		rep.Zooms = append(rep.Zooms, zr)
	}
	return rep, nil
}

// loadIndex reads every incident of cfg's store once into a tile index,
// and their points for sampling tiles, noting the build in rep.
func loadIndex(ctx context.Context, cfg config, rep *report) (*tiles.Index, []orb.Point, error) {
	var s store.Store
	var err error
	if cfg.db != "" {
		rep.Source = "sqlite " + cfg.db
		s, err = sqlite.Open(ctx, cfg.db, sqlite.Options{})
	} else {
		rep.Source = "postgis schema " + cfg.schema
		s, err = postgis.Open(ctx, cfg.postgres, postgis.Options{Schema: cfg.schema})
	}
	if err != nil {
		return nil, nil, err
	}
	defer s.Close()

	// Load once: the index, and every incident's point for sampling.
	logf("loading incidents from %s", rep.Source)
	var points []orb.Point
	start := time.Now()
	ix, err := tiles.BuildIndex(ctx, func(fn func(*incident.Incident) error) error {
		return s.Incidents(ctx, store.Query{}, func(inc *incident.Incident) error {
			points = append(points, inc.Point)
			return fn(inc)
		})
	})
	if err != nil {
		return nil, nil, err
	}
	rep.BuildMs = ms(time.Since(start))
	rep.Incidents, rep.IndexBytes = ix.Len(), ix.Bytes()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	rep.HeapBytes = m.HeapAlloc
	logf("index of %d incidents built in %.1f s, %d bytes", rep.Incidents, rep.BuildMs/1000, rep.IndexBytes)
	if len(points) == 0 {
		return nil, nil, errors.New("the store holds no incidents")
	}
	return ix, points, nil
}

// timeIndex times the index's answer to each tile of sample, after one
// untimed pass, and returns the latencies and tile sizes.
func timeIndex(ix *tiles.Index, sample []maptile.Tile) ([]time.Duration, []int, error) {
	for _, t := range sample {
		if _, err := ix.Tile(t, tiles.Filter{}, tiles.Options{}); err != nil {
			return nil, nil, fmt.Errorf("tile %v: %w", t, err)
		}
	}
	runtime.GC()
	lat := make([]time.Duration, len(sample))
	sizes := make([]int, len(sample))
	for i, t := range sample {
		t0 := time.Now()
		data, err := ix.Tile(t, tiles.Filter{}, tiles.Options{})
		lat[i] = time.Since(t0)
		if err != nil {
			return nil, nil, fmt.Errorf("tile %v: %w", t, err)
		}
		sizes[i] = len(data)
	}
	return lat, sizes, nil
}

func connectPG(ctx context.Context, url, schema string) (*pgx.Conn, error) {
	cc, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres url: %w", err)
	}
	cc.RuntimeParams["search_path"] = pgx.Identifier{schema}.Sanitize() + ", public"
	conn, err := pgx.ConnectConfig(ctx, cc)
	if err != nil {
		return nil, fmt.Errorf("connect postgres: %w", err)
	}
	return conn, nil
}

func pgTile(ctx context.Context, conn *pgx.Conn, t maptile.Tile) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	var data []byte
	if err := conn.QueryRow(ctx, stAsMVT, int32(t.Z), int32(t.X), int32(t.Y)).Scan(&data); err != nil {
		return nil, fmt.Errorf("ST_AsMVT %d/%d/%d: %w", t.Z, t.X, t.Y, err)
	}
	return data, nil
}

func printTable(w io.Writer, rep *report, cfg config) error {
	fmt.Fprintf(w, "source: %s, %d incidents; index load+build %.1f s, index %.1f MB (Go heap after build %.1f MB); %d CPUs; seed %d\n",
		rep.Source, rep.Incidents, rep.BuildMs/1000, float64(rep.IndexBytes)/1e6, float64(rep.HeapBytes)/1e6, rep.CPUs, rep.Seed)
	if rep.PostGIS != "" {
		fmt.Fprintf(w, "ST_AsMVT: %s, one connection, no clustering; at z<=%d timed on the first %d tiles only\n", rep.PostGIS, cfg.pgCapZoom, cfg.pgCap)
	}
	fmt.Fprintln(w, "ours: Index.Tile in process, default Options (points clustered below z10); both warmed up, latency per tile")
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	if rep.PostGIS != "" {
		fmt.Fprintln(tw, "zoom\tours n\tp50 ms\tp99 ms\tmax bytes\t\tST_AsMVT n\tp50 ms\tp99 ms\tmax bytes\t\tp50 ratio\t")
	} else {
		fmt.Fprintln(tw, "zoom\tours n\tp50 ms\tp99 ms\tmax bytes\t")
	}
	for _, z := range rep.Zooms {
		o := z.Ours
		fmt.Fprintf(tw, "z%d\t%d\t%.3f\t%.3f\t%d\t", z.Zoom, o.Samples, o.P50ms, o.P99ms, o.MaxBytes)
		if p := z.STAsMVT; p != nil {
			ratio := fmt.Sprintf("%.1fx", z.RatioP50)
			if z.Capped {
				ratio += "*"
			}
			fmt.Fprintf(tw, "\t%d\t%.3f\t%.3f\t%d\t\t%s\t", p.Samples, p.P50ms, p.P99ms, p.MaxBytes, ratio)
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, z := range rep.Zooms {
		if z.Capped && z.OursPaired != nil {
			fmt.Fprintf(w, "* z%d: ratio of p50s over the %d tiles both were timed on (ours p50 there %.3f ms); p99 of so few samples is their max\n",
				z.Zoom, z.OursPaired.Samples, z.OursPaired.P50ms)
		}
	}
	return nil
}
