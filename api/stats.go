package api

import (
	"errors"
	"net/http"

	"github.com/incidentmap/incidentmap/aggregate"
	"github.com/incidentmap/incidentmap/store"
)

// getStats answers GET /stats: incidents and fatalities per country,
// first-level division or grid cell and per day, week or month, with the
// filters of /incidents and, given a baseline, the change against it
// (see package aggregate). JSON by default, CSV with f=csv.
func (s *Server) getStats(w http.ResponseWriter, r *http.Request) error {
	ag, ok := s.cfg.Store.(store.Aggregator)
	if !ok {
		return &Problem{Type: "about:blank", Title: "Not Implemented", Status: http.StatusNotImplemented,
			Detail: "this store does not count incidents by group"}
	}
	req, err := aggregate.Parse(s.queries, r.URL.Query())
	if err != nil {
		return paramProblem(err)
	}
	if done, err := s.notModified(w, r); done || err != nil {
		return err
	}
	res, err := aggregate.Run(r.Context(), ag, req)
	if errors.Is(err, aggregate.ErrTooMany) {
		param := "interval"
		if req.Aggregation.Group == store.GroupCell {
			param = "cell"
		}
		return badRequest(param, "the answer would hold more than %d groups and periods; narrow datetime or bbox, or ask for a longer interval or larger cells", aggregate.MaxBuckets)
	}
	if err != nil {
		return s.storeError(err)
	}
	if req.CSV {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="stats.csv"`)
		return res.WriteCSV(w)
	}
	w.Header().Set("Content-Type", "application/json")
	return res.WriteJSON(w)
}
