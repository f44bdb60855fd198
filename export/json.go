package export

import (
	"strconv"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/internal/jsonenc"
)

// appendOptionalInt appends *p, or null when p is nil.
func appendOptionalInt(b []byte, p *int) []byte {
	if p == nil {
		return append(b, "null"...)
	}
	return strconv.AppendInt(b, int64(*p), 10)
}

// appendSources appends the sources as a JSON array of objects with the
// incident.Source JSON tags; empty members are left out.
func appendSources(b []byte, sources []incident.Source) []byte {
	b = append(b, '[')
	for i, s := range sources {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":`...)
		b = jsonenc.AppendString(b, s.ArticleID)
		if s.URL != "" {
			b = append(b, `,"url":`...)
			b = jsonenc.AppendString(b, s.URL)
		}
		if s.Title != "" {
			b = append(b, `,"title":`...)
			b = jsonenc.AppendString(b, s.Title)
		}
		if !s.Published.IsZero() {
			b = append(b, `,"published":"`...)
			b = s.Published.AppendFormat(b, time.RFC3339)
			b = append(b, '"')
		}
		if s.SourceName != "" {
			b = append(b, `,"source":`...)
			b = jsonenc.AppendString(b, s.SourceName)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}
