// Command evalextract measures `incidentmap extract` and the incident role of
// `incidentmap geoparse` on the evaluation sets in ../shared/eval, with figures that agree
// exactly with the reference scorers there (score_acled.py, score_roles.py): it selects
// the same ACLED rows and sentences, runs the same binary commands on the same input and
// counts with the same rules, down to Python's reading of dates, numbers and CSV quoting.
//
// ACLED part: each note is an article published the day after its event_date; it is found
// when the first incident within 25, 50 or 150 km (geo_precision 1, 2, 3) of ACLED's
// point, measured to its lat/lon and every vertex of its geometry, has a date within 0, 7
// or 31 days (time_precision 1, 2, 3). It reports recall, recall by geo_precision, the
// event_type and exact fatalities of found notes, incidents matching nothing per note and
// notes with no incident. Roles part: incident-role precision, recall, F1 and the share of
// sentences exactly right, by span overlap in code points, on all sentences and the gold
// subset.
//
// Usage:
//
//	go run ./cmd/evalextract -bin ./bin/incidentmap [-acled FILE] [-roles FILE]
//	    [-types pv|all] [-limit N] [-gold] [-show N] [-min-recall R] [-json]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
)

// config is what the command line asks for.
type config struct {
	// bin is the incidentmap binary to run.
	bin string
	// acled is the ACLED CSV to score extraction on; "" skips it.
	acled string
	// types selects ACLED's event types: "pv" (political violence) or "all".
	types string
	// limit keeps the first limit selected notes; 0 keeps all.
	limit int
	// roles is the event-location JSON Lines file to score the incident role on; "" skips it.
	roles string
	// gold sends only the gold-standard sentences, as score_roles.py --gold does.
	gold bool
	// show is how many missed notes to print to stderr.
	show int
	// minRecall is the ACLED recall below which the run fails.
	minRecall float64
	// json prints a JSON object instead of text.
	json bool
	// tempDir holds the JSON Lines input files; "" means the system default.
	tempDir string
}

func main() {
	var cfg config
	fs := flag.NewFlagSet("evalextract", flag.ExitOnError)
	fs.StringVar(&cfg.bin, "bin", "", "incidentmap binary to evaluate (required)")
	fs.StringVar(&cfg.acled, "acled", "../shared/eval/acled/acled_me_2018.csv", "ACLED CSV to score extraction on (empty: skip)")
	fs.StringVar(&cfg.types, "types", "pv", "ACLED event types: pv (Battles, Explosions/Remote violence, Violence against civilians) or all")
	fs.IntVar(&cfg.limit, "limit", 0, "score only the first `N` selected ACLED notes (0: all)")
	fs.StringVar(&cfg.roles, "roles", "../shared/eval/event_location/event_location.jsonl", "event-location sentences to score the incident role on (empty: skip)")
	fs.BoolVar(&cfg.gold, "gold", false, "geoparse only the gold-standard sentences (score_roles.py --gold)")
	fs.IntVar(&cfg.show, "show", 0, "print the first `N` missed ACLED notes to stderr")
	fs.Float64Var(&cfg.minRecall, "min-recall", 0, "exit 1 when ACLED recall is below `R` (score_acled.py's MIN_RECALL)")
	fs.BoolVar(&cfg.json, "json", false, "print a JSON object instead of text")
	_ = fs.Parse(os.Args[1:])
	if cfg.bin == "" || fs.NArg() > 0 || (cfg.acled == "" && cfg.roles == "") {
		fmt.Fprintln(os.Stderr, "usage: evalextract -bin PATH [-acled FILE] [-roles FILE] [-types pv|all] [-limit N] [-gold] [-show N] [-min-recall R] [-json]")
		fs.PrintDefaults()
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, cfg, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "evalextract:", err)
		stop()
		os.Exit(1)
	}
}

// report is everything one run measured.
type report struct {
	ACLED *acledResult `json:"acled,omitempty"`
	Roles *rolesReport `json:"roles,omitempty"`
}

// run scores the sets cfg names and prints the report to stdout, misses and warnings
// to stderr. It fails when ACLED recall is below cfg.minRecall, after printing.
func run(ctx context.Context, cfg config, stdout, stderr io.Writer) error {
	var rep report
	if cfg.acled != "" {
		r, err := evalACLED(ctx, cfg)
		if err != nil {
			return fmt.Errorf("acled: %w", err)
		}
		rep.ACLED = &r
		writeMisses(stderr, r)
		if r.Borderline > 0 {
			fmt.Fprintf(stderr, "warning: %d distances within a micrometre of their radius: Python's C math library could decide them otherwise\n", r.Borderline)
		}
	}
	if cfg.roles != "" {
		r, err := evalRoles(ctx, cfg)
		if err != nil {
			return fmt.Errorf("roles: %w", err)
		}
		rep.Roles = &r
	}
	var err error
	if cfg.json {
		err = writeJSON(stdout, rep)
	} else {
		err = writeText(stdout, rep)
	}
	if err != nil {
		return err
	}
	if rep.ACLED != nil && rep.ACLED.Recall < cfg.minRecall {
		return fmt.Errorf("ACLED recall %.3f is below the bar %.2f", rep.ACLED.Recall, cfg.minRecall)
	}
	return nil
}
