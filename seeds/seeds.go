// Package seeds embeds the demo articles a fresh install loads, so the map
// shows incidents at once. The articles restate well-documented real
// incidents in the project's own words; none is copied from a news text.
package seeds

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"

	"github.com/incidentmap/incidentmap/incident"
)

//go:embed articles/*.json
var files embed.FS

// Articles returns the demo articles in file order, the seed story first.
func Articles() ([]incident.Article, error) {
	names, err := fs.Glob(files, "articles/*.json")
	if err != nil {
		return nil, fmt.Errorf("list seed articles: %w", err)
	}
	sort.Strings(names)
	out := make([]incident.Article, 0, len(names))
	for _, name := range names {
		b, err := files.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read seed %s: %w", name, err)
		}
		a, err := incident.ParseArticle(b)
		if err != nil {
			return nil, fmt.Errorf("parse seed %s: %w", name, err)
		}
		out = append(out, a)
	}
	return out, nil
}
