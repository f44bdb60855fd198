package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/incidentmap/incidentmap/internal/feature"
)

func cmdGazetteerSearch(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet("gazetteer search", env, "gazetteer search [--limit N] [--json] QUERY")
	var gf gazetteerFlags
	gf.register(fs)
	limit := fs.Int("limit", 10, "most matches to print")
	asJSON := fs.Bool("json", false, "print a GeoJSON FeatureCollection")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	q := strings.TrimSpace(strings.Join(pos, " "))
	if q == "" {
		return usageError{"gazetteer search needs a QUERY"}
	}
	if *limit < 1 || *limit > 1000 {
		return usageError{"--limit must be between 1 and 1000"}
	}
	g, err := gf.load(ctx)
	if err != nil {
		return err
	}
	results := g.Search(q, *limit)
	out := bufferedOut(env.stdout)
	defer out.Flush()
	if *asJSON {
		return writeJSONLine(out, feature.SearchResults(results))
	}
	if len(results) == 0 {
		fmt.Fprintf(env.stderr, "no place matches %q\n", q)
		return nil
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tNAME\tCOUNTRY\tADMIN1\tPOPULATION\tLAT\tLON\tSCORE")
	for _, r := range results {
		p := r.Place
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%.5f\t%.5f\t%.2f\n", p.ID, p.Kind, p.Name, p.CountryCode, p.Admin1, p.Population, p.Lat(), p.Lon(), r.Score)
	}
	return tw.Flush()
}
