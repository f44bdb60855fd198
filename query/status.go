package query

import (
	"slices"
	"strings"

	"github.com/incidentmap/incidentmap/store"
)

// ParseStatuses reads the status parameter (comma-separated review
// statuses, or the --status flag of export) into q.Statuses' values, in the
// order given and without repeats. None given is nil: the store then keeps
// store.PublicStatuses, so rejected incidents show only when asked for.
func ParseStatuses(vals []string) ([]string, error) {
	var out []string
	for _, v := range vals {
		for _, part := range strings.Split(v, ",") {
			part = strings.ToLower(strings.TrimSpace(part))
			if part == "" {
				continue
			}
			if !store.ValidStatus(part) {
				return nil, errorf("status", "status must be one or more of %s, not %q",
					strings.Join(store.ReviewStatuses, ", "), part)
			}
			if !slices.Contains(out, part) {
				out = append(out, part)
			}
		}
	}
	return out, nil
}
