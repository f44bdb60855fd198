package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"
	"unicode/utf8"

	"github.com/incidentmap/incidentmap/api"
	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/paulmach/orb/geojson"
)

func cmdGeoparse(ctx context.Context, env *cliEnv, args []string) error {
	fs := newFlagSet("geoparse", env, "geoparse [--jsonl] FILE|-")
	var gf gazetteerFlags
	gf.register(fs)
	jsonl := fs.Bool("jsonl", false, "read JSON Lines, one article a line; print one FeatureCollection a line")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"geoparse takes one FILE or - for standard input"}
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
		return geoparseJSONL(ctx, g, in, out)
	}
	data, err := io.ReadAll(io.LimitReader(in, maxArticleBytes+1))
	if err != nil {
		return fmt.Errorf("read %s: %w", pos[0], err)
	}
	if len(data) > maxArticleBytes {
		return fmt.Errorf("read %s: article larger than %d bytes", pos[0], maxArticleBytes)
	}
	id, text, err := geoparseInput(data)
	if err != nil {
		return fmt.Errorf("%s: %w", pos[0], err)
	}
	fc := api.MentionFeatures(geoparseMentions(g, data, text))
	if id != "" {
		fc.ExtraMembers = geojson.Properties{"id": id}
	}
	return writeJSONLine(out, fc)
}

// maxArticleBytes bounds one article read from a file or a line.
const maxArticleBytes = 64 << 20

// geoparseInput returns the text whose code points the offsets count: a JSON
// article's body, or a plain-text article exactly as read.
func geoparseInput(data []byte) (id, text string, err error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '{' {
		var a struct {
			ID   string `json:"id"`
			Body string `json:"body"`
		}
		if err := json.Unmarshal(trimmed, &a); err != nil {
			return "", "", fmt.Errorf("article JSON: %w", err)
		}
		return a.ID, validText(a.Body), nil
	}
	return "", validText(string(data)), nil
}

func validText(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return string(bytes.ToValidUTF8([]byte(s), []byte("\uFFFD")))
}

func geoparseJSONL(ctx context.Context, g *gazetteer.Gazetteer, in io.Reader, out *bufio.Writer) error {
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), maxArticleBytes)
	line := 0
	for sc.Scan() {
		line++
		if err := ctx.Err(); err != nil {
			return err
		}
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		if raw[0] != '{' {
			return fmt.Errorf("line %d: not a JSON object", line)
		}
		id, text, err := geoparseInput(raw)
		if err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		fc := api.MentionFeatures(geoparseMentions(g, raw, text))
		fc.ExtraMembers = geojson.Properties{"id": id}
		if err := writeJSONLine(out, fc); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("line %d: %w", line+1, err)
	}
	return nil
}

// geoparseMentions tags text (the input as read, or a JSON article's body)
// and sets each mention's role from incident extraction: incident only where
// the place is where an extracted incident happened. Title mentions are
// context, so their role is mention.
func geoparseMentions(g *gazetteer.Gazetteer, input []byte, text string) []gazetteer.Mention {
	ms := g.Tag(text)
	a, err := incident.ParseArticle(input)
	if err != nil {
		// No body to extract from (a bare place name, say): nothing happened
		// anywhere, everything is only mentioned.
		for i := range ms {
			ms[i].Role = gazetteer.RoleMention
		}
		return ms
	}
	x := incident.Extract(g, a, time.Time{})
	off := incident.BodyOffset(input, a)
	located := map[int]bool{}
	for _, m := range x.Mentions {
		if m.Role == gazetteer.RoleIncident {
			located[m.Start+off] = true
		}
	}
	for i := range ms {
		if located[ms[i].Start] {
			ms[i].Role = gazetteer.RoleIncident
		} else {
			ms[i].Role = gazetteer.RoleMention
		}
	}
	return ms
}

func writeJSONLine(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}
