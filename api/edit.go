package api

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/gorilla/mux"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/internal/feature"
	"github.com/incidentmap/incidentmap/review"
	"github.com/incidentmap/incidentmap/store"
	"github.com/paulmach/orb"
)

// Analysts review and correct incidents through OGC API - Features -
// Part 4 on the incidents collection, each write with a write token:
//
//	POST   /collections/incidents/items       a new incident (a Feature); 201, Location
//	PUT    /collections/incidents/items/{id}  replaces the incident's fields
//	PATCH  /collections/incidents/items/{id}  a JSON merge patch (RFC 7396) of its Feature
//	DELETE /collections/incidents/items/{id}  204; the item then answers 404
//	GET    /collections/incidents/items/{id}/history  every change, oldest first
//
// GET on an item gives a strong ETag; PUT, PATCH and DELETE with If-Match
// fail with 412 when the incident changed since (checked in the store's
// transaction). If-Match is optional: without it the edit applies to the
// incident as it is. Fields an edit sets are never overwritten by later
// ingests, and every change is recorded with the token's name.

// editor returns the store's edit interface, or a 405 when it has none.
func (s *Server) editor() (store.Editor, error) {
	e, ok := s.cfg.Store.(store.Editor)
	if !ok {
		return nil, &Problem{Type: "about:blank", Title: "Method Not Allowed", Status: http.StatusMethodNotAllowed,
			Detail: "this store takes no edits"}
	}
	return e, nil
}

// editableCollection refuses writes outside the incidents collection (the
// others are views of it by geometry type).
func (s *Server) editableCollection(w http.ResponseWriter, r *http.Request) error {
	coll, err := s.collectionOf(r)
	if err != nil {
		return err
	}
	if coll.id != "incidents" {
		w.Header().Set("Allow", "GET, HEAD")
		return &Problem{Type: "about:blank", Title: "Method Not Allowed", Status: http.StatusMethodNotAllowed,
			Detail: coll.id + " is a view of /collections/incidents: edit the incidents there"}
	}
	return nil
}

// editBody reads a JSON request body within the size limit.
func (s *Server) editBody(w http.ResponseWriter, r *http.Request, ctypes ...string) ([]byte, error) {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || !slices.Contains(ctypes, mt) {
			return nil, &Problem{Type: "about:blank", Title: "Unsupported Media Type", Status: http.StatusUnsupportedMediaType,
				Detail: "send " + strings.Join(ctypes, " or ") + ", not " + ct}
		}
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes))
	if err != nil {
		return nil, bodyError(err)
	}
	return b, nil
}

var featureTypes = []string{"application/geo+json", "application/json"}

// editError maps what an edit returns to a response.
func (s *Server) editError(err error, id string) error {
	var re *review.Error
	switch {
	case errors.As(err, &re):
		return badRequest(re.Field, "%s", re.Error())
	case errors.Is(err, review.ErrPrecondition):
		return &Problem{Type: "about:blank", Title: "Precondition Failed", Status: http.StatusPreconditionFailed,
			Detail: "incident " + id + " changed since the ETag in If-Match was read: GET it again, then retry the edit"}
	case errors.Is(err, store.ErrNotFound):
		return notFound("no incident with id %q", id)
	case errors.Is(err, store.ErrExists):
		return &Problem{Type: "about:blank", Title: "Conflict", Status: http.StatusConflict, Detail: "incident " + id + " exists already"}
	case errors.Is(err, store.ErrInvalid):
		return badRequest("", "%v", err)
	}
	return s.storeError(err)
}

// writeItem answers an edit with the incident's Feature and its new ETag.
func (s *Server) writeItem(w http.ResponseWriter, r *http.Request, status int, inc *incident.Incident) error {
	w.Header().Set("ETag", review.ETag(inc))
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "application/geo+json")
	w.WriteHeader(status)
	_, err := w.Write(append(feature.Append(nil, inc), '\n'))
	return err
}

// itemNotModified sets an item's ETag and answers 304 when the client has it.
func (s *Server) itemNotModified(w http.ResponseWriter, r *http.Request, inc *incident.Incident) bool {
	tag := review.ETag(inc)
	w.Header().Set("ETag", tag)
	s.cacheControl(w, "public, max-age=0, must-revalidate")
	if m := r.Header.Get("If-None-Match"); m != "" && review.IfMatch(strings.ReplaceAll(m, "W/", ""), tag) {
		w.WriteHeader(http.StatusNotModified)
		return true
	}
	return false
}

// patchItem answers PATCH /collections/incidents/items/{id}.
func (s *Server) patchItem(w http.ResponseWriter, r *http.Request) error {
	return s.edit(w, r, func(e review.Editor, body []byte, id string) (store.EditFunc, error) {
		return e.Patch(body, id)
	}, "application/merge-patch+json", "application/json", "application/geo+json")
}

// replaceItem answers PUT /collections/incidents/items/{id}.
func (s *Server) replaceItem(w http.ResponseWriter, r *http.Request) error {
	return s.edit(w, r, func(e review.Editor, body []byte, id string) (store.EditFunc, error) {
		return e.Replace(body, id)
	}, featureTypes...)
}

// deleteItem answers DELETE /collections/incidents/items/{id}.
func (s *Server) deleteItem(w http.ResponseWriter, r *http.Request) error {
	if err := s.editableCollection(w, r); err != nil {
		return err
	}
	ed, err := s.editor()
	if err != nil {
		return err
	}
	id := mux.Vars(r)["featureId"]
	if _, err := ed.Update(r.Context(), id, store.ActorOf(r.Context()), review.Guard(r.Header.Get("If-Match"), review.Delete)); err != nil {
		return s.editError(err, id)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// edit runs a PATCH or PUT: parse the body, then apply it in the store
// under If-Match.
func (s *Server) edit(w http.ResponseWriter, r *http.Request,
	parse func(e review.Editor, body []byte, id string) (store.EditFunc, error), ctypes ...string) error {
	if err := s.editableCollection(w, r); err != nil {
		return err
	}
	ed, err := s.editor()
	if err != nil {
		return err
	}
	id := mux.Vars(r)["featureId"]
	body, err := s.editBody(w, r, ctypes...)
	if err != nil {
		return err
	}
	fn, err := parse(review.Editor{Gazetteer: s.cfg.Gazetteer}, body, id)
	if err != nil {
		return s.editError(err, id)
	}
	if coll, err := s.collectionOf(r); err == nil && coll.points {
		fn = keepShape(fn)
	}
	inc, err := ed.Update(r.Context(), id, store.ActorOf(r.Context()), review.Guard(r.Header.Get("If-Match"), fn))
	if err != nil {
		return s.editError(err, id)
	}
	return s.writeItem(w, r, http.StatusOK, &inc)
}

// keepShape wraps an edit through a collection that writes every incident
// at its representative point (/collections/incidents): a Feature read
// there and sent back edited (PUT, or a PATCH that copies its geometry)
// carries that point, not the border line or region polygon the incident
// is located on. A geometry that is the stored incident's representative
// point (as the collection writes it) therefore leaves a line or polygon
// as it is; any other geometry replaces it, and a point incident takes
// the geometry as given.
func keepShape(fn store.EditFunc) store.EditFunc {
	return func(cur incident.Incident) (incident.Incident, []string, error) {
		next, fields, err := fn(cur)
		if err != nil || cur.Geometry == nil {
			return next, fields, err
		}
		if _, ok := cur.Geometry.(orb.Point); ok {
			return next, fields, nil
		}
		p, ok := next.Geometry.(orb.Point)
		if !ok || feature.Round(p[0]) != feature.Round(cur.Point[0]) || feature.Round(p[1]) != feature.Round(cur.Point[1]) {
			return next, fields, nil
		}
		next.Geometry, next.Point = cur.Geometry, cur.Point
		return next, slices.DeleteFunc(fields, func(f string) bool { return f == store.FieldGeometry }), nil
	}
}

// createItem answers POST /collections/incidents/items: the server names
// the new incident.
func (s *Server) createItem(w http.ResponseWriter, r *http.Request) error {
	if err := s.editableCollection(w, r); err != nil {
		return err
	}
	ed, err := s.editor()
	if err != nil {
		return err
	}
	body, err := s.editBody(w, r, featureTypes...)
	if err != nil {
		return err
	}
	id := newIncidentID()
	inc, err := review.Editor{Gazetteer: s.cfg.Gazetteer}.New(body, id)
	if err != nil {
		return s.editError(err, id)
	}
	if err := ed.Create(r.Context(), inc, store.ActorOf(r.Context())); err != nil {
		return s.editError(err, id)
	}
	stored, err := s.cfg.Store.Incident(r.Context(), id)
	if err != nil {
		return s.storeError(err)
	}
	w.Header().Set("Location", s.url(r, "/collections/incidents/items/"+id, nil))
	return s.writeItem(w, r, http.StatusCreated, &stored)
}

// newIncidentID names an incident an analyst creates: "m" and 16 random
// hex digits, apart from the extractor's 16-digit hashes.
func newIncidentID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "m" + hex.EncodeToString(b[:])
}

// itemHistory answers GET /collections/incidents/items/{id}/history: the
// incident's changes, oldest first, each with its time, the token's name
// (or "ingest"), the action and the Feature before and after. A deleted
// incident keeps its history.
func (s *Server) itemHistory(w http.ResponseWriter, r *http.Request) error {
	if err := s.checkCollection(r); err != nil {
		return err
	}
	ed, err := s.editor()
	if err != nil {
		return err
	}
	id := mux.Vars(r)["featureId"]
	changes, err := ed.History(r.Context(), id)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return notFound("no incident with id %q", id)
		}
		return s.storeError(err)
	}
	item := strings.TrimSuffix(r.URL.Path, "/history")
	doc := struct {
		ID      string         `json:"id"`
		Changes []store.Change `json:"changes"`
		Links   []link         `json:"links"`
	}{id, changes, []link{
		{Href: s.url(r, r.URL.Path, nil), Rel: "self", Type: "application/json"},
		{Href: s.url(r, item, nil), Rel: "item", Type: "application/geo+json"},
	}}
	b, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	s.cacheControl(w, "public, max-age=0, must-revalidate")
	w.Header().Set("Content-Type", "application/json")
	_, err = w.Write(append(b, '\n'))
	return err
}

// addEditPaths adds the Part 4 operations and the history to the OpenAPI
// document's paths.
func addEditPaths(paths map[string]any, problem, collID map[string]any) {
	bearer := []any{map[string]any{"bearer": []string{}}}
	featureID := param("featureId", "path", "incident id", "string", true)
	ifMatch := map[string]any{"name": "If-Match", "in": "header", "required": false,
		"description": "the ETag of the incident as last read: the edit fails with 412 when it changed since",
		"schema":      map[string]any{"type": "string"}}
	body := func(types ...string) map[string]any {
		content := map[string]any{}
		for _, t := range types {
			content[t] = map[string]any{"schema": map[string]any{"type": "object"}}
		}
		return map[string]any{"required": true, "content": content}
	}
	edited := jsonResp("the incident as stored, with its new ETag", "application/geo+json")
	fails := func(ok string, resp map[string]any) map[string]any {
		out := map[string]any{ok: resp, "400": problem, "401": problem, "403": problem, "404": problem,
			"412": problem, "413": problem, "415": problem, "503": problem}
		return out
	}
	items := paths["/collections/{collectionId}/items"].(map[string]any)
	items["post"] = map[string]any{"summary": "create an incident (write token)", "operationId": "createFeature",
		"security": bearer, "parameters": []any{collID}, "requestBody": body("application/geo+json", "application/json"),
		"responses": fails("201", edited)}
	item := paths["/collections/{collectionId}/items/{featureId}"].(map[string]any)
	item["put"] = map[string]any{"summary": "replace an incident's fields (write token)", "operationId": "replaceFeature",
		"security": bearer, "parameters": []any{collID, featureID, ifMatch},
		"requestBody": body("application/geo+json", "application/json"), "responses": fails("200", edited)}
	item["patch"] = map[string]any{"summary": "update an incident by a JSON merge patch of its Feature (write token)",
		"operationId": "updateFeature", "security": bearer, "parameters": []any{collID, featureID, ifMatch},
		"requestBody": body("application/merge-patch+json", "application/json"), "responses": fails("200", edited)}
	item["delete"] = map[string]any{"summary": "delete an incident (write token); its history stays", "operationId": "deleteFeature",
		"security": bearer, "parameters": []any{collID, featureID, ifMatch},
		"responses": fails("204", map[string]any{"description": "deleted"})}
	paths["/collections/{collectionId}/items/{featureId}/history"] = map[string]any{"get": map[string]any{
		"summary":     "the incident's changes, oldest first: time, token name, action, Feature before and after",
		"operationId": "getFeatureHistory", "parameters": []any{collID, featureID},
		"responses": map[string]any{"200": jsonResp("the changes", "application/json"), "404": problem, "503": problem}}}
	ids := func(member, desc string) map[string]any {
		return map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{
			"type": "object", "required": []string{member}, "additionalProperties": false,
			"properties": map[string]any{member: map[string]any{"type": "array", "minItems": 1, "description": desc,
				"items": map[string]any{"type": "string"}}}}}}}
	}
	paths["/collections/{collectionId}/items/{featureId}/merge"] = map[string]any{"post": map[string]any{
		"summary":     "merge other incidents into this one (write token): it keeps its id and gains their sources; they become tombstones that redirect here",
		"operationId": "mergeFeatures", "security": bearer, "parameters": []any{collID, featureID, ifMatch},
		"requestBody": ids("incidents", "the ids of the incidents to merge in"), "responses": fails("200", edited)}}
	paths["/collections/{collectionId}/items/{featureId}/split"] = map[string]any{"post": map[string]any{
		"summary":     "move sources of this incident to a new one (write token)",
		"operationId": "splitFeature", "security": bearer, "parameters": []any{collID, featureID, ifMatch},
		"requestBody": ids("sources", "the ids of the articles whose reports move"),
		"responses":   fails("201", jsonResp("the new incident; Location names it", "application/geo+json"))}}
}

// merger returns the store's merge interface, or a 405 when it has none.
func (s *Server) merger() (store.Merger, error) {
	m, ok := s.cfg.Store.(store.Merger)
	if !ok {
		return nil, &Problem{Type: "about:blank", Title: "Method Not Allowed", Status: http.StatusMethodNotAllowed,
			Detail: "this store does not merge or split incidents"}
	}
	return m, nil
}

// idList reads a JSON body {member: ["id", ...]} and nothing else.
func (s *Server) idList(w http.ResponseWriter, r *http.Request, member string) ([]string, error) {
	body, err := s.editBody(w, r, "application/json")
	if err != nil {
		return nil, err
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(body, &doc); err != nil || doc == nil {
		return nil, badRequest("", `the body must be a JSON object {"%s": ["...", ...]}`, member)
	}
	var ids []string
	for k, v := range doc {
		if k != member {
			return nil, badRequest(k, "unknown member %q; the body is {%q: [...]}", k, member)
		}
		if err := json.Unmarshal(v, &ids); err != nil || len(ids) == 0 {
			return nil, badRequest(member, "%s must be a non-empty array of ids", member)
		}
	}
	if len(ids) == 0 {
		return nil, badRequest(member, `the body must name %s: {"%s": ["...", ...]}`, member, member)
	}
	return ids, nil
}

// ifMatchCheck is a merge's or split's If-Match on the incident it changes.
func ifMatchCheck(ifMatch string) func(incident.Incident) error {
	return func(cur incident.Incident) error {
		_, _, err := review.Guard(ifMatch, func(c incident.Incident) (incident.Incident, []string, error) {
			return c, nil, nil
		})(cur)
		return err
	}
}

// mergeItems answers POST /collections/incidents/items/{id}/merge with
// {"incidents": [ids]}: the incident takes the others in, which become
// tombstones (GET on them redirects here). If-Match applies to {id}.
func (s *Server) mergeItems(w http.ResponseWriter, r *http.Request) error {
	if err := s.editableCollection(w, r); err != nil {
		return err
	}
	m, err := s.merger()
	if err != nil {
		return err
	}
	id := mux.Vars(r)["featureId"]
	others, err := s.idList(w, r, "incidents")
	if err != nil {
		return err
	}
	inc, err := m.MergeInto(r.Context(), id, others, store.ActorOf(r.Context()), ifMatchCheck(r.Header.Get("If-Match")))
	if err != nil {
		return s.editError(err, id)
	}
	return s.writeItem(w, r, http.StatusOK, &inc)
}

// splitItem answers POST /collections/incidents/items/{id}/split with
// {"sources": [article ids]}: those sources move to a new incident, a copy
// of this one otherwise; 201 with its Location. If-Match applies to {id}.
func (s *Server) splitItem(w http.ResponseWriter, r *http.Request) error {
	if err := s.editableCollection(w, r); err != nil {
		return err
	}
	m, err := s.merger()
	if err != nil {
		return err
	}
	id := mux.Vars(r)["featureId"]
	articles, err := s.idList(w, r, "sources")
	if err != nil {
		return err
	}
	inc, err := m.Split(r.Context(), id, articles, newIncidentID(), store.ActorOf(r.Context()), ifMatchCheck(r.Header.Get("If-Match")))
	if err != nil {
		return s.editError(err, id)
	}
	w.Header().Set("Location", s.url(r, "/collections/incidents/items/"+inc.ID, nil))
	return s.writeItem(w, r, http.StatusCreated, &inc)
}

// tombstone answers GET on a deleted incident: a merged one redirects to
// the incident that took it in, any other is gone (404).
func (s *Server) tombstone(w http.ResponseWriter, r *http.Request, id string) error {
	if m, ok := s.cfg.Store.(store.Merger); ok {
		into, err := m.MergedInto(r.Context(), id)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return s.storeError(err)
		}
		if into != "" {
			w.Header().Set("Location", s.url(r, strings.TrimSuffix(r.URL.Path, id)+into, r.URL.Query()))
			w.Header().Set("Cache-Control", "no-cache")
			w.WriteHeader(http.StatusMovedPermanently)
			return nil
		}
	}
	return notFound("incident %q was deleted (its history stays at %s/history)", id, r.URL.Path)
}
