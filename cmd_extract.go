package main

import (
	"context"
	"fmt"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/internal/feature"
	"github.com/incidentmap/incidentmap/internal/jsonenc"
)

func cmdExtract(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet("extract", env, "extract [--published YYYY-MM-DD] [--jsonl] FILE|-")
	var gf gazetteerFlags
	gf.register(fs)
	pub := fs.String("published", "", "publication date (YYYY-MM-DD or RFC 3339), over the article's own; default: the article's own, then today")
	jsonl := fs.Bool("jsonl", false, "read JSON Lines, one article a line; print one FeatureCollection a line")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"extract takes one FILE or - for standard input"}
	}
	published, err := parsePublishedFlag(*pub)
	if err != nil {
		return err
	}
	in, err := openInput(env, pos[0])
	if err != nil {
		return err
	}
	defer in.Close()
	g, err := gf.load(ctx)
	if err != nil {
		return err
	}
	out := bufferedOut(env.stdout)
	defer out.Flush()
	var buf []byte
	emit := func(a incident.Article, withID bool) error {
		x := incident.Extract(g, a, time.Time{}) // a carries --published
		// Each incident as every layer and export writes it.
		b := append(buf[:0], `{"type":"FeatureCollection","features":[`...)
		for i := range x.Incidents {
			if i > 0 {
				b = append(b, ',')
			}
			b = feature.Append(b, &x.Incidents[i])
		}
		b = append(b, ']')
		if withID {
			b = append(b, `,"id":`...)
			b = jsonenc.AppendString(b, a.ID)
		}
		buf = append(b, "}\n"...)
		_, err := out.Write(buf)
		return err
	}
	opt := incident.ReadOptions{Published: published}
	err = incident.ReadArticles(in, *jsonl, opt, func(line int, a incident.Article, err error) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		switch {
		case err != nil && *jsonl:
			return fmt.Errorf("line %d: %w", line, err)
		case err != nil:
			return fmt.Errorf("%s: %w", pos[0], err)
		}
		return emit(a, *jsonl)
	})
	if _, ok := err.(*incident.ReadError); ok {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	return err
}

// parsePublishedFlag reads --published; empty means "not given".
func parsePublishedFlag(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := incident.ParsePublished(s)
	if err != nil {
		return time.Time{}, usageError{fmt.Sprintf("--published: %v", err)}
	}
	return t, nil
}
