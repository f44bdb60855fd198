// Command benchdata writes a synthetic incident set for the store
// benchmarks, spread like conflict data: dense clusters around populated
// places of a few dozen countries, Zipf-sized, many dates with bursts,
// ACLED's event types, a few border lines and region polygons. It writes
// through store.Store.Ingest, one article of a few thousand incidents per
// transaction, so it exercises the real write path, and prints the rate.
// The data is for benchmarks only, never demo data.
//
//	go run ./cmd/benchdata -n 1000000 -db bench.db
//	go run ./cmd/benchdata -n 1000000 -postgres postgres://... [-schema incidentmap_bench]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/postgis"
	"github.com/incidentmap/incidentmap/store/sqlite"
)

func main() {
	var cfg Config
	var db, pg, schema string
	flag.IntVar(&cfg.N, "n", 1_000_000, "incidents to generate")
	flag.Uint64Var(&cfg.Seed, "seed", 1, "random seed: the same seed gives the same data")
	flag.IntVar(&cfg.PerArticle, "per-article", 2000, "incidents per synthetic article (one transaction each)")
	flag.IntVar(&cfg.Countries, "countries", 30, "countries to draw clusters from")
	flag.IntVar(&cfg.Clusters, "clusters", 3000, "cluster centres")
	flag.StringVar(&db, "db", "", "SQLite file to write")
	flag.StringVar(&pg, "postgres", "", "PostgreSQL/PostGIS URL to write")
	flag.StringVar(&schema, "schema", "incidentmap_bench", "PostgreSQL schema for -postgres")
	flag.Parse()
	if (db == "") == (pg == "") {
		fmt.Fprintln(os.Stderr, "benchdata: give one of -db FILE or -postgres URL")
		os.Exit(2)
	}
	if err := run(context.Background(), cfg, db, pg, schema); err != nil {
		fmt.Fprintln(os.Stderr, "benchdata:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, cfg Config, db, pg, schema string) error {
	var s store.Store
	var err error
	if db != "" {
		s, err = sqlite.Open(ctx, db, sqlite.Options{})
	} else {
		s, err = postgis.Open(ctx, pg, postgis.Options{Schema: schema})
	}
	if err != nil {
		return err
	}
	defer s.Close()
	gaz, err := gazetteer.LoadDefault()
	if err != nil {
		return err
	}
	gen, err := NewGenerator(gaz, cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "benchdata: %d incidents from %d clusters in %v\n", cfg.N, len(gen.clusters), gen.CountryCodes())
	start := time.Now()
	var articles, incidents, merged int
	last := start
	err = gen.Articles(func(rec store.ArticleRecord) error {
		res, err := s.Ingest(ctx, rec)
		if err != nil {
			return err
		}
		articles++
		incidents += res.NewIncidents
		merged += res.MergedIncidents
		if time.Since(last) > 10*time.Second {
			last = time.Now()
			el := time.Since(start).Seconds()
			fmt.Fprintf(os.Stderr, "benchdata: %d incidents, %.0f incidents/s\n", incidents, float64(incidents)/el)
		}
		return nil
	})
	if err != nil {
		return err
	}
	el := time.Since(start).Seconds()
	fmt.Printf("benchdata: %d articles, %d new incidents, %d merged, in %.1f s: %.1f articles/s, %.0f incidents/s\n",
		articles, incidents, merged, el, float64(articles)/el, float64(incidents+merged)/el)
	if c, ok := s.(store.Compacter); ok {
		start := time.Now()
		if err := c.Compact(ctx); err != nil {
			return err
		}
		fmt.Printf("benchdata: compacted in %.1f s\n", time.Since(start).Seconds())
	}
	return nil
}
