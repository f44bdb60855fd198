package api

import (
	"net/http"
	"strings"

	"github.com/incidentmap/incidentmap/incident"
)

// typeNames maps every event and sub-event type of incident.Taxonomy,
// lower-cased, to its codebook spelling, so type=air/drone%20strike means
// what type=Air/drone%20strike does. It is derived from the table once and
// never written.
var typeNames = func() map[string]string {
	m := map[string]string{}
	for _, t := range incident.Taxonomy {
		m[strings.ToLower(t.Name)] = t.Name
		for _, s := range t.Subtypes {
			m[strings.ToLower(s)] = s
		}
	}
	return m
}()

// parseTypes reads the type parameter (repeated, comma-separated) into the
// codebook's names of event and sub-event types, in the order given and
// without repeats. A name the codebook lacks is a 400 that lists the names
// it has: a misspelt type would otherwise be an empty map that looks like
// "no incidents of that type".
func parseTypes(vals []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, v := range vals {
		for _, part := range strings.Split(v, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			name, ok := typeNames[strings.ToLower(part)]
			if !ok {
				return nil, badRequest("type", "%q is no ACLED event or sub-event type (GET /taxonomy lists them); event types: %s; sub-event types: %s",
					part, strings.Join(incident.EventTypes(), ", "), strings.Join(incident.SubEventTypes(), ", "))
			}
			if !seen[name] {
				seen[name] = true
				out = append(out, name)
			}
		}
	}
	return out, nil
}

// typeEnum returns the names a queryable may take when the codebook fixes
// them (event_type, sub_event_type), or nil.
func typeEnum(queryable string) []string {
	switch queryable {
	case "event_type":
		return incident.EventTypes()
	case "sub_event_type":
		return incident.SubEventTypes()
	}
	return nil
}

// taxonomy answers GET /taxonomy: ACLED's six event types, each with its
// disorder type, legend colour and sub-event types, in codebook order, as
// incident.Taxonomy holds them. The map page builds its legend and type
// filter from it.
func (s *Server) taxonomy(w http.ResponseWriter, r *http.Request) error {
	// The table is compiled in: it changes only with the binary.
	s.cacheControl(w, "public, max-age=3600")
	return writeJSON(w, http.StatusOK, map[string]any{"event_types": incident.Taxonomy})
}
