package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/incidentmap/incidentmap/feeds"
	"github.com/incidentmap/incidentmap/store"
)

const sourcesUsage = "sources add URL [--every 15m] [--name N] | list [--json] | pause ID | resume ID | remove ID  [--db F | --postgres URL]"

// cmdSources manages the feeds serve and watch poll.
func cmdSources(ctx context.Context, env *cliEnv, args []string) error {
	if len(args) == 0 {
		return usageError{"usage: incidentmap " + sourcesUsage}
	}
	sub, args := args[0], args[1:]
	fs := newFlagSet("sources "+sub, env, sourcesUsage)
	var sf storeFlags
	sf.register(fs)
	every := fs.String("every", "15m", "polling interval (add), 1m to 168h")
	name := fs.String("name", "", "the source's name (add); default: the feed's title")
	asJSON := fs.Bool("json", false, "print JSON (list)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	id, src, err := sourcesArgs(sub, pos, *every, *name)
	if err != nil {
		return err
	}
	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	srcs, ok := st.(store.Sources)
	if !ok {
		return errors.New("this store keeps no sources")
	}
	now := time.Now()
	switch sub {
	case "add":
		out, err := srcs.AddSource(ctx, src)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "source %d: %s every %s\n", out.ID, out.URL, out.Interval)
	case "list":
		return sourcesList(ctx, env, srcs, now, *asJSON)
	case "pause", "resume":
		out, err := srcs.SetSourcePaused(ctx, id, sub == "pause")
		if err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "source %d: %s\n", out.ID, feeds.StatusOf(out, now).State)
	case "remove":
		if err := srcs.RemoveSource(ctx, id); err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "source %d removed\n", id)
	}
	return nil
}

// sourcesArgs checks that subcommand sub exists and got its arguments, and
// returns the source id that pause, resume and remove take or the source
// add registers (with its --every and --name).
func sourcesArgs(sub string, pos []string, every, name string) (int64, store.Source, error) {
	want := 1
	switch sub {
	case "list":
		want = 0
	case "add", "pause", "resume", "remove":
	default:
		return 0, store.Source{}, usageError{fmt.Sprintf("unknown sources subcommand %q; usage: incidentmap %s", sub, sourcesUsage)}
	}
	if len(pos) != want {
		return 0, store.Source{}, usageError{fmt.Sprintf("sources %s takes %d argument(s), got %q", sub, want, pos)}
	}
	switch sub {
	case "pause", "resume", "remove":
		id, err := strconv.ParseInt(pos[0], 10, 64)
		if err != nil || id <= 0 {
			return 0, store.Source{}, usageError{fmt.Sprintf("sources %s: %q is not a source id", sub, pos[0])}
		}
		return id, store.Source{}, nil
	case "add":
		u, err := feeds.CheckURL(pos[0])
		if err != nil {
			return 0, store.Source{}, usageError{err.Error()}
		}
		d, err := feeds.ParseInterval(every)
		if err != nil {
			return 0, store.Source{}, usageError{"--every: " + err.Error()}
		}
		return 0, store.Source{URL: u.String(), Name: name, Interval: d}, nil
	}
	return 0, store.Source{}, nil
}

// sourcesList prints the sources with their health at now, as a table or
// JSON.
func sourcesList(ctx context.Context, env *cliEnv, srcs store.Sources, now time.Time, asJSON bool) error {
	list, err := srcs.ListSources(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		out := make([]feeds.Status, 0, len(list))
		for _, s := range list {
			out = append(out, feeds.StatusOf(s, now))
		}
		enc := json.NewEncoder(env.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(env.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATE\tEVERY\tLAST SUCCESS\tNEW\tFAILS\tNAME\tURL\tLAST ERROR")
	for _, s := range list {
		v := feeds.StatusOf(s, now)
		last := "never"
		if v.LastSuccess != nil {
			last = v.LastSuccess.Format(time.RFC3339)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%d\t%s\t%s\t%s\n", v.ID, v.State, v.Interval, last, v.TotalNew, v.Failures, v.Name, v.URL, v.LastError)
	}
	return tw.Flush()
}
