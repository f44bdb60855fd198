package api

import (
	"net/http"

	"github.com/incidentmap/incidentmap/incident"
)

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
