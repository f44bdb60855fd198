package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/incidentmap/incidentmap/query"
	"github.com/incidentmap/incidentmap/store"
)

// The change feed: a consumer mirroring the incidents layer asks the items
// (or /incidents, or an export) with updated_since for what changed, and
// GET /collections/incidents/tombstones?since= for what left the public
// layers (merged, deleted, rejected), each with the time it changed, so it
// can start the next round from the newest time it saw.

// tombstones answers GET /collections/incidents/tombstones[?since=]: the
// incidents that left the public layers after since (ever, without it),
// oldest first, with the time, the reason and, for a merge, the incident
// that took it in.
func (s *Server) tombstones(w http.ResponseWriter, r *http.Request) error {
	coll, err := s.collectionOf(r)
	if err != nil {
		return err
	}
	if coll.id != "incidents" {
		return notFound("tombstones are listed at /collections/incidents/tombstones")
	}
	f, ok := s.cfg.Store.(store.Feed)
	if !ok {
		return notFound("this store keeps no tombstones")
	}
	for k := range r.URL.Query() {
		if k != "since" && k != "f" {
			return badRequest(k, "unknown query parameter %q; tombstones take since", k)
		}
	}
	var since time.Time
	if v := r.URL.Query().Get("since"); v != "" {
		t, err := query.ParseUpdatedSince(v)
		if err != nil {
			var qe *query.Error
			if errors.As(err, &qe) {
				return badRequest("since", "%s", qe.Detail)
			}
			return err
		}
		since = t
	}
	// Read the clock before the store: a tombstone written during the
	// read is later than timeStamp, so the next round asks for it again.
	now := time.Now().UTC()
	out := []store.Tombstone{}
	if err := f.Tombstones(r.Context(), since, func(t store.Tombstone) error {
		out = append(out, t)
		return nil
	}); err != nil {
		return s.storeError(err)
	}
	doc := struct {
		Tombstones []store.Tombstone `json:"tombstones"`
		TimeStamp  time.Time         `json:"timeStamp"`
		Links      []link            `json:"links"`
	}{out, now, []link{
		{Href: s.url(r, r.URL.Path, r.URL.Query()), Rel: "self", Type: "application/json"},
		{Href: s.url(r, "/collections/incidents/items", nil), Rel: "items", Type: "application/geo+json"},
	}}
	b, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Content-Type", "application/json")
	_, err = w.Write(append(b, '\n'))
	return err
}

// addFeedPaths adds the tombstone listing to the OpenAPI document's paths.
func addFeedPaths(paths map[string]any, problem, collID map[string]any) {
	paths["/collections/{collectionId}/tombstones"] = map[string]any{"get": map[string]any{
		"summary": "incidents that left the public layers (merged, deleted, rejected) after since, oldest first: " +
			"with updated_since on the items, what a consumer needs to mirror the layer",
		"operationId": "getTombstones",
		"parameters": []any{collID, param("since", "query",
			"an RFC 3339 instant: only what left after it (the newest time of the last round)", "string", false)},
		"responses": map[string]any{"200": jsonResp("the tombstones: id, time, reason (merged, deleted, rejected), merged_into", "application/json"),
			"400": problem, "404": problem, "503": problem}}}
}
