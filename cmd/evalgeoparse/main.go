// Command evalgeoparse measures the incidentmap geoparser against public geoparsing
// corpora (GeoWebNews and LGL XML): it runs `incidentmap geoparse --jsonl` once per corpus
// and prints recognition precision, recall and F1, resolution accuracy@161 km, median
// error and AUC, and end-to-end accuracy@161 km.
//
// Usage:
//
//	go run ./cmd/evalgeoparse -bin ./incidentmap [-corpus a.xml,b.xml] [-json] [-errors N]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
)

// config is what the command line asks for.
type config struct {
	// bin is the incidentmap binary to run.
	bin string
	// corpora are the XML files to score, in output order.
	corpora []string
	// json prints a JSON object instead of the table.
	json bool
	// errors is how many worst errors and missed/spurious samples to print to stderr.
	errors int
	// tempDir holds the JSON Lines input files; "" means the system default.
	tempDir string
}

func main() {
	var cfg config
	var corpora string
	fs := flag.NewFlagSet("evalgeoparse", flag.ExitOnError)
	fs.StringVar(&cfg.bin, "bin", "", "incidentmap binary to evaluate (required)")
	fs.StringVar(&corpora, "corpus", "../shared/eval/GWN.xml,../shared/eval/lgl.xml", "comma-separated GWN or LGL XML corpora")
	fs.BoolVar(&cfg.json, "json", false, "print a JSON object instead of a table")
	fs.IntVar(&cfg.errors, "errors", 0, "print the `N` worst resolution errors and N sample missed and spurious mentions per corpus to stderr")
	_ = fs.Parse(os.Args[1:])
	if cfg.bin == "" || fs.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: evalgeoparse -bin PATH [-corpus a.xml,b.xml] [-json] [-errors N]")
		fs.PrintDefaults()
		os.Exit(2)
	}
	for _, c := range strings.Split(corpora, ",") {
		if c = strings.TrimSpace(c); c != "" {
			cfg.corpora = append(cfg.corpora, c)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, cfg, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "evalgeoparse:", err)
		stop()
		os.Exit(1)
	}
}

// run scores every corpus of cfg and prints the report to stdout, diagnostics to stderr.
func run(ctx context.Context, cfg config, stdout, stderr io.Writer) error {
	if len(cfg.corpora) == 0 {
		return fmt.Errorf("no corpus given")
	}
	results := make([]corpusResult, 0, len(cfg.corpora))
	names := map[string]bool{}
	for _, path := range cfg.corpora {
		r, err := evalCorpus(ctx, cfg, path, stderr)
		if err != nil {
			return fmt.Errorf("corpus %s: %w", path, err)
		}
		if names[r.Name] {
			r.Name = path
		}
		names[r.Name] = true
		results = append(results, r)
	}
	for _, r := range results {
		writeErrors(stderr, r, cfg.errors)
	}
	if cfg.json {
		return writeJSON(stdout, results)
	}
	return writeTable(stdout, results)
}

// evalCorpus reads one corpus, geoparses all its articles in one run and scores them.
func evalCorpus(ctx context.Context, cfg config, path string, stderr io.Writer) (corpusResult, error) {
	f, err := os.Open(path)
	if err != nil {
		return corpusResult{}, err
	}
	defer f.Close()
	var articles []article
	stats, err := readCorpus(f, func(a article) error {
		articles = append(articles, a)
		return nil
	})
	if err != nil {
		return corpusResult{}, err
	}
	if len(articles) == 0 {
		return corpusResult{}, fmt.Errorf("no <article> found")
	}
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	if stats.badOffsets > 0 {
		fmt.Fprintf(stderr, "%s: skipped %d gold toponyms with offsets outside their text\n", name, stats.badOffsets)
	}
	if stats.textMismatches > 0 {
		fmt.Fprintf(stderr, "%s: warning: %d gold toponyms' code-point offsets do not cover their name\n", name, stats.textMismatches)
	}
	preds, err := runGeoparser(ctx, cfg.bin, cfg.tempDir, articles)
	if err != nil {
		return corpusResult{}, err
	}
	docs := make([]doc, len(articles))
	mismatches := 0
	for i, a := range articles {
		docs[i] = doc{id: a.id, text: a.text, gold: a.gold, pred: preds[i]}
		for _, p := range preds[i] {
			if p.text != "" && spanText(a.text, p.span) != p.text {
				mismatches++
			}
		}
	}
	if mismatches > 0 {
		fmt.Fprintf(stderr, "%s: warning: %d predictions' text differs from the body at their code-point span\n", name, mismatches)
	}
	m, d := score(docs)
	return corpusResult{
		Name: name, File: path, metrics: m,
		BadGoldOffsets: stats.badOffsets, PredTextMismatches: mismatches,
		docs: docs, details: d,
	}, nil
}

// spanText returns the code points of s within sp; sp must lie inside s.
func spanText(s string, sp span) string {
	i, start := 0, -1
	for byteOff := range s {
		if i == sp.start {
			start = byteOff
		}
		if i == sp.end {
			return s[start:byteOff]
		}
		i++
	}
	if i == sp.end && start >= 0 {
		return s[start:]
	}
	return ""
}
