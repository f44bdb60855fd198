package store

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/internal/jsonenc"
)

// AppendSourcesJSON appends an incident's sources as the stores keep them
// beside the incident (so reads need no join): a JSON array of
// [article id, url, title, published (RFC 3339, "" when unknown), source].
func AppendSourcesJSON(dst []byte, ss []incident.Source) []byte {
	dst = append(dst, '[')
	for i := range ss {
		s := &ss[i]
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, '[')
		dst = jsonenc.AppendString(dst, s.ArticleID)
		dst = append(dst, ',')
		dst = jsonenc.AppendString(dst, s.URL)
		dst = append(dst, ',')
		dst = jsonenc.AppendString(dst, s.Title)
		dst = append(dst, ',', '"')
		if !s.Published.IsZero() {
			dst = s.Published.UTC().AppendFormat(dst, time.RFC3339Nano)
		}
		dst = append(dst, '"', ',')
		dst = jsonenc.AppendString(dst, s.SourceName)
		dst = append(dst, ']')
	}
	return append(dst, ']')
}

// ParseSourcesJSON reads what AppendSourcesJSON wrote.
func ParseSourcesJSON(b []byte) ([]incident.Source, error) {
	if len(b) == 0 || string(b) == "[]" {
		return nil, nil
	}
	var raw [][5]string
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	out := make([]incident.Source, len(raw))
	for i, r := range raw {
		s := &out[i]
		s.ArticleID, s.URL, s.Title, s.SourceName = r[0], r[1], r[2], r[4]
		if r[3] != "" {
			t, err := time.Parse(time.RFC3339Nano, r[3])
			if err != nil {
				return nil, fmt.Errorf("sources: published: %w", err)
			}
			s.Published = t.UTC()
		}
	}
	return out, nil
}

// AddSource returns ss with s added in publication order, unless an entry
// for the same article is already there.
func AddSource(ss []incident.Source, s incident.Source) []incident.Source {
	for _, x := range ss {
		if x.ArticleID == s.ArticleID {
			return ss
		}
	}
	ss = append(ss, s)
	SortSources(ss)
	return ss
}

// SourceOf is the source entry an article gives the incidents it reports.
func SourceOf(a *incident.Article) incident.Source {
	return incident.Source{ArticleID: a.ID, URL: a.URL, Title: a.Title, Published: a.Published.UTC(), SourceName: a.Source}
}
