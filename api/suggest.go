package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/gorilla/mux"
	"github.com/incidentmap/incidentmap/store"
)

// Merge suggestions: pairs of incidents the store's matcher found maybe
// one event at ingest, listed for a reviewer, who accepts (the later
// incident merges into the earlier, as POST .../items/{id}/merge does) or
// dismisses them.

// suggester returns the store's suggestions, or a 404 when it keeps none.
func (s *Server) suggester(r *http.Request) (store.Suggester, error) {
	coll, err := s.collectionOf(r)
	if err != nil {
		return nil, err
	}
	if coll.id != "incidents" {
		return nil, notFound("merge suggestions are listed at /collections/incidents/suggestions")
	}
	g, ok := s.cfg.Store.(store.Suggester)
	if !ok {
		return nil, notFound("this store keeps no merge suggestions")
	}
	return g, nil
}

// suggestionDoc is a suggestion with links to its two incidents.
type suggestionDoc struct {
	store.Suggestion
	Links []link `json:"links"`
}

func (s *Server) suggestionDoc(r *http.Request, g store.Suggestion) suggestionDoc {
	items := "/collections/incidents/items/"
	base := "/collections/incidents/suggestions/" + strconv.FormatInt(g.ID, 10)
	return suggestionDoc{g, []link{
		{Href: s.url(r, items+g.Incident, nil), Rel: "item", Type: "application/geo+json", Title: "the later report's incident"},
		{Href: s.url(r, items+g.Other, nil), Rel: "item", Type: "application/geo+json", Title: "the stored incident it may be (survives a merge)"},
		{Href: s.url(r, base+"/accept", nil), Rel: "accept", Title: "POST: merge them"},
		{Href: s.url(r, base+"/dismiss", nil), Rel: "dismiss", Title: "POST: keep them apart"},
	}}
}

// listSuggestions answers GET /collections/incidents/suggestions: the open
// merge suggestions, oldest first.
func (s *Server) listSuggestions(w http.ResponseWriter, r *http.Request) error {
	g, err := s.suggester(r)
	if err != nil {
		return err
	}
	for k := range r.URL.Query() {
		if k != "f" {
			return badRequest(k, "unknown query parameter %q", k)
		}
	}
	out := []suggestionDoc{}
	if err := g.Suggestions(r.Context(), func(sg store.Suggestion) error {
		out = append(out, s.suggestionDoc(r, sg))
		return nil
	}); err != nil {
		return s.storeError(err)
	}
	b, err := json.Marshal(struct {
		Suggestions []suggestionDoc `json:"suggestions"`
		Links       []link          `json:"links"`
	}{out, []link{{Href: s.url(r, r.URL.Path, nil), Rel: "self", Type: "application/json"}}})
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Content-Type", "application/json")
	_, err = w.Write(append(b, '\n'))
	return err
}

// decideSuggestion answers POST .../suggestions/{id}/accept and /dismiss
// (write token): 200 with the decided suggestion, 409 when it was decided
// already or one of its incidents is gone.
func (s *Server) decideSuggestion(accept bool) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		g, err := s.suggester(r)
		if err != nil {
			return err
		}
		raw := mux.Vars(r)["suggestionId"]
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id <= 0 {
			return notFound("no merge suggestion %q", raw)
		}
		dec, err := g.Decide(r.Context(), id, accept, store.ActorOf(r.Context()))
		switch {
		case errors.Is(err, store.ErrNotFound):
			return notFound("no merge suggestion %d", id)
		case errors.Is(err, store.ErrInvalid):
			return &Problem{Type: "about:blank", Title: "Conflict", Status: http.StatusConflict, Detail: err.Error()}
		case err != nil:
			return s.storeError(err)
		}
		b, err := json.Marshal(s.suggestionDoc(r, dec))
		if err != nil {
			return err
		}
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Type", "application/json")
		_, err = w.Write(append(b, '\n'))
		return err
	}
}

// addSuggestionPaths adds the merge suggestions to the OpenAPI document.
func addSuggestionPaths(paths map[string]any, problem, collID map[string]any) {
	bearer := []any{map[string]any{"bearer": []string{}}}
	sid := param("suggestionId", "path", "merge suggestion id", "integer", true)
	paths["/collections/{collectionId}/suggestions"] = map[string]any{"get": map[string]any{
		"summary":     "open merge suggestions: pairs of incidents the matcher found maybe one event at ingest",
		"operationId": "getMergeSuggestions", "parameters": []any{collID},
		"responses": map[string]any{"200": jsonResp("the suggestions: id, incident, other, score, reason, created", "application/json"),
			"404": problem, "503": problem}}}
	decide := func(op, summary string) map[string]any {
		return map[string]any{"post": map[string]any{"summary": summary, "operationId": op, "security": bearer,
			"parameters": []any{collID, sid},
			"responses": map[string]any{"200": jsonResp("the decided suggestion", "application/json"),
				"401": problem, "403": problem, "404": problem, "409": problem, "503": problem}}}
	}
	paths["/collections/{collectionId}/suggestions/{suggestionId}/accept"] = decide("acceptMergeSuggestion",
		"merge the suggestion's incident into the other (write token)")
	paths["/collections/{collectionId}/suggestions/{suggestionId}/dismiss"] = decide("dismissMergeSuggestion",
		"keep the suggestion's incidents apart (write token)")
}
