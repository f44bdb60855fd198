package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/incidentmap/incidentmap/gazetteer"
)

// cmdGazetteerImport imports GeoNames dump files into a local compact
// gazetteer that --gazetteer loads on top of the embedded one.
func cmdGazetteerImport(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet("gazetteer import", env, "gazetteer import [--out FILE] [--min-population N] FILE...\n\n"+
		"FILE is a GeoNames dump file (https://download.geonames.org/export/dump/), unzipped:\n"+
		"countryInfo.txt, admin1CodesASCII.txt, alternateNamesV2.txt, allCountries.txt, citiesNNN.txt or XX.txt.")
	var gf gazetteerFlags
	gf.register(fs)
	out := fs.String("out", "gazetteer.local.tsv.gz", "the gazetteer file to write")
	minPop := fs.Int64("min-population", 0, "leave out populated places with fewer people (capitals and division seats are always kept)")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{fmt.Sprintf("gazetteer import: %v", err)}
	}
	switch {
	case len(files) == 0:
		fs.Usage()
		return usageError{"gazetteer import needs at least one GeoNames FILE"}
	case *out == "":
		return usageError{"--out must name a file"}
	case *minPop < 0:
		return usageError{"--min-population must not be negative"}
	}
	for _, f := range files {
		if f == "-" {
			return usageError{"gazetteer import reads files, not standard input: the dump files are read twice"}
		}
	}

	var base *gazetteer.Gazetteer
	if !gf.noDefault || len(gf.extra) > 0 {
		if base, err = gf.load(ctx); err != nil {
			return err
		}
	}
	start := time.Now()
	// Write beside the destination and rename at the end, so an interrupted
	// import never leaves a half-written gazetteer under the real name.
	tmp, err := os.CreateTemp(filepath.Dir(*out), "."+filepath.Base(*out)+".tmp-*")
	if err != nil {
		return fmt.Errorf("gazetteer import: cannot write beside %s: %w", *out, err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	stats, err := gazetteer.ImportGeoNames(ctx, files, tmp, base, gazetteer.ImportOptions{MinPopulation: *minPop})
	if err != nil {
		return err // it names the operation and the file
	}
	printImportStats(env, stats)
	if stats.Places == 0 {
		return fmt.Errorf("gazetteer import: no places in %d file(s); is there a geoname table (allCountries.txt, citiesNNN.txt or XX.txt) among them?", len(files))
	}
	if err := tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("gazetteer import: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("gazetteer import: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("gazetteer import: %w", err)
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("gazetteer import: %w", err)
	}
	done = true
	fmt.Fprintf(env.stderr, "wrote %s in %s\n", *out, time.Since(start).Round(time.Millisecond))
	fmt.Fprintf(env.stderr, "use it with --gazetteer: incidentmap geoparse --gazetteer %s FILE (serve takes the same flag)\n", *out)
	return nil
}

// printImportStats tells the user what an import wrote and skipped.
func printImportStats(env *cliEnv, s gazetteer.ImportStats) {
	fmt.Fprintf(env.stderr, "imported %d places: %d countries, %d first-level and %d second-level divisions, %d cities, %d airports; %d alternate names\n",
		s.Places, s.Countries, s.Admin1, s.Admin2, s.Cities, s.Airports, s.AlternateNames)
	if s.Skipped > 0 {
		fmt.Fprintf(env.stderr, "skipped %d malformed lines, among them:\n", s.Skipped)
		for _, e := range s.Examples {
			fmt.Fprintf(env.stderr, "  %s\n", e)
		}
	}
}
