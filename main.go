// Command incidentmap reads news articles, finds the places and incidents
// they report, and serves them as map layers.
//
// Usage:
//
//	incidentmap serve [--addr :8080] [--db incidents.db | --postgres URL]
//	incidentmap ingest [--published YYYY-MM-DD] [--url U] [--jsonl] FILE...
//	incidentmap export --format geojson|geojsonseq|csv|kml|gpkg|fgb [filters] --out FILE
//	incidentmap geoparse [--jsonl] [--geometry point|places|full] FILE|-
//	incidentmap extract [--published YYYY-MM-DD] [--jsonl] FILE|-
//	incidentmap sources add URL [--every 15m] [--name N] | list | pause ID | resume ID | remove ID
//	incidentmap watch [--db F | --postgres URL] [--allow-private-sources] [--once]
//	incidentmap alerts add [--url U] [--bbox B | --region R | --intersects G] [--type T]... | list | remove ID | dead | retry ID
//	incidentmap gazetteer search [--limit N] [--json] QUERY
//	incidentmap gazetteer import [--out FILE] [--min-population N] FILE...
//
// Every command takes --gazetteer FILE (repeatable) to load an imported
// gazetteer on top of the embedded one.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/incidentmap/incidentmap/gazetteer"
)

const usage = `incidentmap: news articles to incident maps

Commands:
  serve [--addr :8080] [--db F | --postgres URL]   serve the map layers and the API
  ingest [--published D] [--url U] FILE...         store articles and their incidents
  export --format F [filters] --out FILE           write incidents as GeoJSON, CSV, KML, GeoPackage, FlatGeobuf
  stats [--group G] [--interval I] [filters]       count incidents and fatalities per region and period (JSON or CSV)
  geoparse [--jsonl] [--geometry G] FILE|-  print every place mention as GeoJSON
  extract [--published D] FILE|-       print the article's incidents as GeoJSON
  sources add URL [--every 15m] [--name N]   register a feed (RSS, Atom, JSON Feed, sitemap) to poll
  sources list|pause|resume|remove [ID]      list the feeds with their health, or change one
  watch [--db F | --postgres URL]            poll the feeds and ingest their articles, without HTTP
  alerts add [--url U] [--bbox B|--region R|--intersects G] [--type T] [--min-fatalities N]
                                             subscribe to incidents in an area: signed webhooks and an Atom feed
  alerts list|remove|dead|retry [ID]         list the subscriptions or dead letters, or change one
  gazetteer search [--limit N] QUERY   print the places a name may mean
  gazetteer import [--out F] FILE...   import GeoNames dump files into a local gazetteer

Run 'incidentmap COMMAND -h' for a command's flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "incidentmap:", err)
		}
		os.Exit(exitCode(err))
	}
}

// usageError marks a mistake in the command line (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func exitCode(err error) int {
	var ue usageError
	if errors.As(err, &ue) || errors.Is(err, flag.ErrHelp) {
		return 2
	}
	return 1
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError{"no command given"}
	}
	env := &cliEnv{stdin: stdin, stdout: stdout, stderr: stderr}
	switch args[0] {
	case "serve":
		return cmdServe(ctx, env, args[1:])
	case "geoparse":
		return cmdGeoparse(ctx, env, args[1:])
	case "extract":
		return cmdExtract(ctx, env, args[1:])
	case "ingest":
		return cmdIngest(ctx, env, args[1:])
	case "export":
		return cmdExport(ctx, env, args[1:])
	case "stats":
		return cmdStats(ctx, env, args[1:])
	case "sources":
		return cmdSources(ctx, env, args[1:])
	case "watch":
		return cmdWatch(ctx, env, args[1:])
	case "alerts":
		return cmdAlerts(ctx, env, args[1:])
	case "gazetteer":
		if len(args) < 2 {
			return usageError{"gazetteer needs a subcommand: search or import"}
		}
		switch args[1] {
		case "search":
			return cmdGazetteerSearch(ctx, env, args[2:])
		case "import":
			return cmdGazetteerImport(ctx, env, args[2:])
		}
		return usageError{fmt.Sprintf("unknown gazetteer subcommand %q", args[1])}
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usageError{fmt.Sprintf("unknown command %q", args[0])}
}

// cliEnv carries the standard streams so commands can be tested in-process.
type cliEnv struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// gazetteerFlags are the flags every command that reads places shares.
type gazetteerFlags struct {
	extra     multiFlag
	noDefault bool
}

func (gf *gazetteerFlags) register(fs *flag.FlagSet) {
	fs.Var(&gf.extra, "gazetteer", "an imported gazetteer file to load on top of the embedded one (repeatable)")
	fs.BoolVar(&gf.noDefault, "no-default-gazetteer", false, "leave out the embedded world gazetteer")
}

func (gf *gazetteerFlags) load(ctx context.Context) (*gazetteer.Gazetteer, error) {
	if gf.noDefault && len(gf.extra) == 0 {
		return nil, usageError{"--no-default-gazetteer needs at least one --gazetteer FILE"}
	}
	return gazetteer.Load(ctx, gazetteer.Options{SkipDefault: gf.noDefault, Extra: gf.extra})
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func newFlagSet(name string, env *cliEnv, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.stderr, "usage: incidentmap %s\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseInterspersed parses flags that may come before or after the
// positional arguments, as users type them.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "-" || !strings.HasPrefix(args[0], "-") {
			pos = append(pos, args[0])
			args = args[1:]
			continue
		}
	}
}

// openInput opens a file argument, "-" meaning standard input.
func openInput(env *cliEnv, name string) (io.ReadCloser, error) {
	if name == "-" {
		return io.NopCloser(env.stdin), nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	return f, nil
}

func bufferedOut(w io.Writer) *bufio.Writer { return bufio.NewWriterSize(w, 1<<16) }
