package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/internal/feature"
	"github.com/paulmach/orb/geojson"
)

func cmdGeoparse(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet("geoparse", env, "geoparse [--jsonl] [--geometry point|places|full] FILE|-")
	var gf gazetteerFlags
	gf.register(fs)
	jsonl := fs.Bool("jsonl", false, "read JSON Lines, one article a line; print one FeatureCollection a line")
	geometry := fs.String("geometry", "point", "each mention's geometry: point (the place's representative point), places (points, and each place's full geometry once in a top-level places member) or full (every mention its place's full geometry)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"geoparse takes one FILE or - for standard input"}
	}
	geom, err := feature.ParseMentionGeometry(*geometry)
	if err != nil {
		return usageError{err.Error()}
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
	if *jsonl {
		// Offsets of JSON articles count in their bodies: the extraction's
		// own mentions, with their roles, are the answer.
		return incident.ReadArticles(in, true, incident.ReadOptions{}, func(line int, a incident.Article, err error) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err != nil {
				return fmt.Errorf("line %d: %w", line, err)
			}
			fc := feature.Mentions(incident.Extract(g, a, time.Time{}).Mentions, geom)
			withID(fc, a.ID)
			return writeJSONLine(out, fc)
		})
	}
	data, a, perr := incident.ReadArticle(in)
	if _, ok := perr.(*incident.ReadError); ok {
		return fmt.Errorf("%s: %w", pos[0], perr)
	}
	fc, err := geoparseOne(g, data, a, perr, geom)
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	return writeJSONLine(out, fc)
}

// geoparseOne geoparses one article, a and err as incident.ReadArticle
// read it from input. A JSON article's offsets count in its body; a
// plain-text article is read by incident.Geoparse, as POST /geocode reads
// it, with offsets in the text exactly as read.
func geoparseOne(g *gazetteer.Gazetteer, input []byte, a incident.Article, err error, geom feature.MentionGeometry) (*geojson.FeatureCollection, error) {
	isJSON := bytes.HasPrefix(bytes.TrimLeft(input, " \t\r\n\ufeff"), []byte("{"))
	if isJSON {
		if err != nil {
			return nil, err
		}
		fc := feature.Mentions(incident.Extract(g, a, time.Time{}).Mentions, geom)
		withID(fc, a.ID)
		return fc, nil
	}
	if len(input) > incident.MaxArticleSize {
		return nil, incident.ErrTooLarge
	}
	return feature.Mentions(incident.Geoparse(g, string(input)), geom), nil
}

// withID sets a FeatureCollection's top-level id member to an article's.
func withID(fc *geojson.FeatureCollection, id string) {
	if fc.ExtraMembers == nil {
		fc.ExtraMembers = geojson.Properties{}
	}
	fc.ExtraMembers["id"] = id
}

func writeJSONLine(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
