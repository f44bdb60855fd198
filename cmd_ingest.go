package main

import (
	"context"
	"fmt"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/ingest"
	"github.com/incidentmap/incidentmap/store"
)

func cmdIngest(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet("ingest", env, "ingest [--published YYYY-MM-DD] [--url U] [--jsonl] FILE...")
	var gf gazetteerFlags
	gf.register(fs)
	var sf storeFlags
	sf.register(fs)
	pub := fs.String("published", "", "publication date (YYYY-MM-DD or RFC 3339) of every article read, over its own")
	url := fs.String("url", "", "the article's URL, for articles that lack one")
	jsonl := fs.Bool("jsonl", false, "each FILE holds JSON Lines, one article a line")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usageError{"ingest needs at least one FILE (or - for standard input)"}
	}
	published, err := parsePublishedFlag(*pub)
	if err != nil {
		return err
	}
	g, err := gf.load(ctx)
	if err != nil {
		return err
	}
	st, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	p := &ingest.Pipeline{Gazetteer: g, Store: st}
	var articles, created, newInc, merged int
	opt := incident.ReadOptions{Published: published, URL: *url}
	one := func(name string, a incident.Article) error {
		res, x, err := p.Article(ctx, a, time.Time{}) // opt is applied to a

		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		articles++
		if res.Created {
			created++
		}
		newInc += res.NewIncidents
		merged += res.MergedIncidents
		fmt.Fprintf(env.stdout, "%s\t%s\t%d incidents\n", name, res.ArticleID, len(x.Incidents))
		return nil
	}
	for _, name := range pos {
		in, err := openInput(env, name)
		if err != nil {
			return err
		}
		err = incident.ReadArticles(in, *jsonl, opt, func(line int, a incident.Article, perr error) error {
			switch {
			case perr != nil && line > 0:
				return fmt.Errorf("%s line %d: %w", name, line, perr)
			case perr != nil:
				return fmt.Errorf("%s: %w", name, perr)
			case line > 0:
				return one(fmt.Sprintf("%s:%d", name, line), a)
			}
			return one(name, a)
		})
		in.Close()
		if _, ok := err.(*incident.ReadError); ok {
			return fmt.Errorf("%s: %w", name, err)
		}
		if err != nil {
			return err
		}
	}
	fmt.Fprintf(env.stderr, "ingested %d articles (%d new): %d new incidents, %d merged into known ones\n", articles, created, newInc, merged)
	// Leave the export blocks up to date rather than to the next serve.
	if c, ok := st.(store.Compacter); ok && created > 0 {
		if err := c.Compact(ctx); err != nil {
			return err
		}
	}
	return nil
}
