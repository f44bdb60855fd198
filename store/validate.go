package store

import (
	"fmt"
	"strings"

	"github.com/incidentmap/incidentmap/incident"
)

// ErrInvalid is wrapped by errors about a record a store refuses to write
// (no id, a missing or malformed geometry); nothing of the ingest is kept.
// It is incident.ErrInvalid, so errors.Is matches either name.
var ErrInvalid = incident.ErrInvalid

// MaxCanonicalURL and MaxByline bound an article's canonical URL and
// byline, in bytes.
const (
	MaxCanonicalURL = 4096
	MaxByline       = 1000
)

// ValidateRecord checks what Ingest is about to write, so both stores
// refuse the same records before touching the database.
func ValidateRecord(a ArticleRecord) error {
	if strings.TrimSpace(a.Article.ID) == "" {
		return fmt.Errorf("%w: article without id", ErrInvalid)
	}
	if len(a.CanonicalURL) > MaxCanonicalURL {
		return fmt.Errorf("%w: canonical URL of %d bytes, more than %d", ErrInvalid, len(a.CanonicalURL), MaxCanonicalURL)
	}
	if len(a.Byline) > MaxByline {
		return fmt.Errorf("%w: byline of %d bytes, more than %d", ErrInvalid, len(a.Byline), MaxByline)
	}
	for i := range a.Incidents {
		if err := a.Incidents[i].Validate(); err != nil {
			return fmt.Errorf("incident %d (%q): %w", i, a.Incidents[i].ID, err)
		}
	}
	return nil
}
