package api

import (
	"net/http"
	"slices"
	"sort"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
)

// openAPI answers /api: the OpenAPI 3.0 definition of the service, or a
// readable list of its paths.
func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	doc := s.openAPIDoc(r)
	if wantsHTML(r) {
		paths := doc["paths"].(map[string]any)
		list := make([]string, 0, len(paths))
		for p := range paths {
			list = append(list, p)
		}
		sort.Strings(list)
		return s.listHTML(w, "API paths", list)
	}
	w.Header().Set("Content-Type", "application/vnd.oai.openapi+json;version=3.0")
	return writeJSONBody(w, doc)
}

func param(name, in, desc, typ string, required bool) map[string]any {
	return map[string]any{"name": name, "in": in, "description": desc, "required": required,
		"schema": map[string]any{"type": typ}, "style": "form", "explode": false}
}

func jsonResp(desc, ctype string) map[string]any {
	return map[string]any{"description": desc, "content": map[string]any{ctype: map[string]any{"schema": map[string]any{"type": "object"}}}}
}

// openAPIDoc is the OpenAPI 3.0 document of every route GET /api
// describes, its server URL the one r reached.
func (s *Server) openAPIDoc(r *http.Request) map[string]any {
	problem := map[string]any{"description": "the request cannot be served (RFC 9457 problem details)",
		"content": map[string]any{"application/problem+json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Problem"}}}}
	errs := func(ok map[string]any) map[string]any {
		return map[string]any{"200": ok, "400": problem, "404": problem, "503": problem}
	}
	filters := filterParams()
	// Paging clients size their pages from limit's default and maximum
	// (QGIS, else 100 a page; GDAL, else 10), and GDAL sends a filter on a
	// property as that parameter, or as CQL text when filter-lang lists
	// cql-text, only for properties listed here as parameters.
	limit := func(def int) map[string]any {
		return map[string]any{"name": "limit", "in": "query", "required": false, "style": "form", "explode": false,
			"description": "features per page",
			"schema":      map[string]any{"type": "integer", "minimum": 1, "maximum": s.cfg.MaxLimit, "default": def}}
	}
	offset := map[string]any{"name": "offset", "in": "query", "required": false, "style": "form", "explode": false,
		"description": "matches to skip before the page starts (next links use a cursor instead)",
		"schema":      map[string]any{"type": "integer", "minimum": 0, "maximum": s.cfg.MaxExport, "default": 0}}
	// The items' limit is also a component: QGIS reads limit's default and
	// maximum from components.parameters.limit only.
	itemParams := append(append([]any{}, filters...), map[string]any{"$ref": "#/components/parameters/limit"}, offset)
	itemParams = append(itemParams, queryableParams()...)
	layerParams := append(append([]any{}, filters...), limit(100), offset)
	collID := param("collectionId", "path", "the collection: incidents (all), incidents_lines or incidents_areas", "string", true)
	doc := map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "incidentmap", "version": "1.0.0",
			"description": "Incidents from news articles: OGC API - Features Part 1 Core and Part 3 Filtering (CQL2), layers, geocoding.",
			"license":     map[string]any{"name": "data: see the service's README (GeoNames CC BY 4.0, Natural Earth, OurAirports)"}},
		"servers": []any{map[string]any{"url": s.url(r, "/", nil)}},
		"paths": map[string]any{
			"/":                                 map[string]any{"get": map[string]any{"summary": "landing page", "operationId": "getLandingPage", "responses": errs(jsonResp("links to the API", "application/json"))}},
			"/conformance":                      map[string]any{"get": map[string]any{"summary": "conformance classes", "operationId": "getConformanceDeclaration", "responses": errs(jsonResp("the classes", "application/json"))}},
			"/api":                              map[string]any{"get": map[string]any{"summary": "this document", "operationId": "getAPI", "responses": errs(jsonResp("OpenAPI", "application/vnd.oai.openapi+json;version=3.0"))}},
			"/collections":                      map[string]any{"get": map[string]any{"summary": "the collections", "operationId": "getCollections", "responses": errs(jsonResp("the collections", "application/json"))}},
			"/collections/{collectionId}":       map[string]any{"get": map[string]any{"summary": "one collection", "operationId": "describeCollection", "parameters": []any{collID}, "responses": errs(jsonResp("the collection", "application/json"))}},
			"/collections/{collectionId}/items": map[string]any{"get": map[string]any{"summary": "the incidents", "operationId": "getFeatures", "parameters": append([]any{collID}, itemParams...), "responses": errs(jsonResp("a page of incidents", "application/geo+json"))}},
			"/collections/{collectionId}/items/{featureId}": map[string]any{"get": map[string]any{"summary": "one incident", "operationId": "getFeature", "parameters": []any{collID, param("featureId", "path", "incident id", "string", true)}, "responses": errs(jsonResp("the incident", "application/geo+json"))}},
			"/collections/{collectionId}/queryables":        map[string]any{"get": map[string]any{"summary": "the filterable properties", "operationId": "getQueryables", "parameters": []any{collID}, "responses": errs(jsonResp("JSON Schema", "application/schema+json"))}},
			"/incidents":                                    map[string]any{"get": map[string]any{"summary": "incidents as a GeoJSON layer", "operationId": "getIncidents", "parameters": layerParams, "responses": errs(jsonResp("a page of incidents", "application/geo+json"))}},
			"/articles":                                     map[string]any{"post": map[string]any{"summary": "ingest articles (bearer token)", "operationId": "postArticles", "security": []any{map[string]any{"bearer": []string{}}}, "responses": map[string]any{"201": jsonResp("what was stored", "application/json"), "207": jsonResp("some lines of a batch were not stored: each line's status", "application/json"), "400": problem, "401": problem, "408": problem, "413": problem, "415": problem}}},
			"/articles/{id}":                                map[string]any{"get": map[string]any{"summary": "what was extracted from an article", "operationId": "getArticle", "parameters": []any{param("id", "path", "article id", "string", true)}, "responses": errs(jsonResp("the article", "application/json"))}},
			"/places":                                       map[string]any{"get": map[string]any{"summary": "search the gazetteer", "operationId": "searchPlaces", "parameters": []any{param("q", "query", "a name or code", "string", true), param("limit", "query", "most results", "integer", false)}, "responses": errs(jsonResp("places", "application/geo+json"))}},
			"/places/{id}":                                  map[string]any{"get": map[string]any{"summary": "one place", "operationId": "getPlace", "parameters": []any{param("id", "path", "place id", "string", true)}, "responses": errs(jsonResp("the place", "application/geo+json"))}},
			"/geocode": map[string]any{"post": map[string]any{"summary": "place mentions in a text (at most 256 KiB by default)", "operationId": "geocode",
				"parameters": []any{map[string]any{"name": "geometry", "in": "query", "required": false,
					"description": "point: each mention its place's representative point; places: also each place's full geometry once, in a top-level places member; full: every mention its place's full geometry",
					"schema":      map[string]any{"type": "string", "enum": []string{"point", "places", "full"}, "default": "point"}}},
				"responses": map[string]any{"200": jsonResp("mentions", "application/geo+json"), "400": problem, "408": problem, "413": problem, "415": problem, "503": problem}}},
			"/taxonomy": map[string]any{"get": map[string]any{"summary": "ACLED's event types with their disorder types, legend colours and sub-event types", "operationId": "getTaxonomy", "responses": map[string]any{"200": taxonomyResp()}}},
			"/healthz":  map[string]any{"get": map[string]any{"summary": "health", "operationId": "health", "responses": map[string]any{"200": jsonResp("ok", "application/json")}}},
		},
		"components": map[string]any{
			"parameters":      map[string]any{"limit": limit(10)},
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
			"schemas": map[string]any{"Problem": map[string]any{"type": "object", "properties": map[string]any{
				"type": map[string]any{"type": "string"}, "title": map[string]any{"type": "string"}, "status": map[string]any{"type": "integer"},
				"detail": map[string]any{"type": "string"}, "instance": map[string]any{"type": "string"}, "param": map[string]any{"type": "string"}}}},
		},
	}
	addEditPaths(doc["paths"].(map[string]any), problem, collID)
	addFeedPaths(doc["paths"].(map[string]any), problem, collID)
	addSuggestionPaths(doc["paths"].(map[string]any), problem, collID)
	addStatsPath(doc["paths"].(map[string]any), problem, filters)
	s.addServicePaths(doc["paths"].(map[string]any), problem, filters)
	return doc
}

// filterParams are the query parameters that select incidents on
// /incidents and the OGC items; the exports and /stats take them too.
func filterParams() []any {
	return []any{
		map[string]any{"name": "bbox", "in": "query", "description": "minLon,minLat,maxLon,maxLat (CRS84)", "required": false,
			"schema": map[string]any{"type": "array", "minItems": 4, "maxItems": 6, "items": map[string]any{"type": "number"}}, "style": "form", "explode": false},
		param("datetime", "query", "an RFC 3339 instant or date, or an interval start/end with .. for an open end", "string", false),
		param("cursor", "query", "where the next page starts (from a next link)", "string", false),
		param("region", "query", "a country or first-level division by name or ISO code", "string", false),
		param("intersects", "query", "a GeoJSON or WKT geometry the incidents must intersect", "string", false),
		map[string]any{"name": "type", "in": "query", "required": false,
			"description": "ACLED event or sub-event types (GET /taxonomy lists them), comma-separated, matched without regard to case; an unknown name is a 400",
			"schema":      map[string]any{"type": "array", "items": map[string]any{"type": "string", "enum": typeEnumAll()}}, "style": "form", "explode": false},
		param("actor", "query", "text in actor1, actor2 or associated actors", "string", false),
		param("q", "query", "text in notes, location or actors", "string", false),
		param("filter", "query", "a CQL2 filter", "string", false),
		map[string]any{"name": "filter-lang", "in": "query", "required": false,
			"description": "cql2-text or cql2-json; cql-text and cql-json, the drafts' names, are the same",
			"schema":      map[string]any{"type": "string", "enum": []string{"cql2-text", "cql2-json", "cql-text", "cql-json"}, "default": "cql2-text"}},
		param("f", "query", "json or html", "string", false),
		map[string]any{"name": "status", "in": "query", "required": false, "style": "form", "explode": false,
			"description": "review statuses, comma-separated; without it rejected incidents are left out",
			"schema":      map[string]any{"type": "array", "items": map[string]any{"type": "string", "enum": store.ReviewStatuses}}},
		param("updated_since", "query", "an RFC 3339 instant: only incidents changed after it (each carries its updated time); "+
			"/collections/incidents/tombstones lists those that left", "string", false),
		param("updated", "query", "when the incidents last changed (their updated time), in the syntax of datetime: an RFC 3339 instant "+
			"(changed exactly then), a date (that UTC day), or an interval start/end, inclusive, with .. for an open end; "+
			"applies with updated_since when both are given", "string", false),
	}
}

// queryableParams lists the queryables but the geometry as query
// parameters of the items: each selects the incidents whose property
// equals the value.
func queryableParams() []any {
	var out []any
	for _, c := range store.Queryables() {
		sch := map[string]any{}
		switch c.Type {
		case store.TypeGeometry:
			continue
		case store.TypeInteger, store.TypeNumber:
			sch["type"] = string(c.Type)
		case store.TypeDate:
			sch["type"], sch["format"] = "string", "date"
		case store.TypeTimestamp:
			sch["type"], sch["format"] = "string", "date-time"
		default:
			sch["type"] = "string"
		}
		if enum := typeEnum(c.Name); enum != nil {
			sch["enum"] = enum
		}
		out = append(out, map[string]any{"name": c.Name, "in": "query", "required": false, "style": "form", "explode": false,
			"description": c.Description + " (equals)", "schema": sch})
	}
	return out
}

func writeJSONBody(w http.ResponseWriter, v any) error {
	return jsonEncode(w, v)
}

// typeEnumAll lists every name the type parameter takes: the six event
// types, then the sub-event types, in codebook order.
func typeEnumAll() []string {
	return append(typeEnum("event_type"), typeEnum("sub_event_type")...)
}

// taxonomyResp describes GET /taxonomy's answer.
func taxonomyResp() map[string]any {
	var disorders []string
	for _, t := range incident.Taxonomy {
		if !slices.Contains(disorders, t.Disorder) {
			disorders = append(disorders, t.Disorder)
		}
	}
	eventType := map[string]any{"type": "object", "required": []string{"name", "disorder_type", "color", "sub_event_types"},
		"properties": map[string]any{
			"name":            map[string]any{"type": "string", "enum": typeEnum("event_type")},
			"disorder_type":   map[string]any{"type": "string", "enum": disorders},
			"color":           map[string]any{"type": "string", "pattern": "^#[0-9a-fA-F]{6}$", "description": "the map legend's colour"},
			"sub_event_types": map[string]any{"type": "array", "items": map[string]any{"type": "string", "enum": typeEnum("sub_event_type")}},
		}}
	return map[string]any{"description": "the codebook, in its order", "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{
		"type": "object", "required": []string{"event_types"},
		"properties": map[string]any{"event_types": map[string]any{"type": "array", "items": eventType}}}}}}
}
