package query

import (
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

// ParseTypes reads the type parameter (repeated, comma-separated) into the
// codebook's names of event and sub-event types, in the order given and
// without repeats. A name the codebook lacks is an error that lists the names
// it has: a misspelt type would otherwise be an empty map that looks like
// "no incidents of that type".
func ParseTypes(vals []string) ([]string, error) {
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
				return nil, errorf("type", "%q is no ACLED event or sub-event type (GET /taxonomy lists them); event types: %s; sub-event types: %s",
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
