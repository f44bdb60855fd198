package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/store"
)

// conformance lists the OGC API conformance classes the server implements.
var conformance = []string{
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
	"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
	"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
	"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
	"http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
	"http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
	"http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
	"http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
	"http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
	"http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
	"http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
	"http://www.opengis.net/spec/cql2/1.0/conf/temporal-functions",
	// Part 4 (draft): POST, PUT, DELETE, PATCH of incidents with a write
	// token, conditional with If-Match on the item's ETag.
	"http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete",
	"http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update",
	"http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/optimistic-locking-etags",
	"http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/features",
}

// wantsHTML reports whether the client asked for the HTML encoding (f=html,
// or a browser's Accept header without f=json).
func wantsHTML(r *http.Request) bool {
	switch r.URL.Query().Get("f") {
	case "html":
		return true
	case "json", "geojson":
		return false
	}
	accept := r.Header.Get("Accept")
	return strings.Contains(accept, "text/html") && !strings.Contains(accept, "json")
}

// root answers GET /: a browser gets the map page, everything else (JSON
// clients, f=json, f=html) the OGC API landing page.
func (s *Server) root(w http.ResponseWriter, r *http.Request) error {
	// Browsers get the page, other clients the landing document: the same
	// URL answers by Accept, and caches must know it.
	addVary(w, "Accept")
	if s.cfg.Page != nil && r.URL.Query().Get("f") == "" && wantsHTML(r) {
		s.cfg.Page.ServeHTTP(w, r)
		return nil
	}
	return s.landing(w, r)
}

func (s *Server) landing(w http.ResponseWriter, r *http.Request) error {
	doc := map[string]any{
		"title":       "incidentmap",
		"description": "Incidents (strikes, attacks, clashes, explosions) extracted from news articles, as an OGC API - Features service.",
		"links": []link{
			{Href: s.url(r, "/", nil), Rel: "self", Type: "application/json", Title: "this document"},
			{Href: s.url(r, "/", map[string][]string{"f": {"html"}}), Rel: "alternate", Type: "text/html", Title: "this document as HTML"},
			{Href: s.url(r, "/api", nil), Rel: "service-desc", Type: "application/vnd.oai.openapi+json;version=3.0", Title: "the API definition"},
			{Href: s.url(r, "/api", map[string][]string{"f": {"html"}}), Rel: "service-doc", Type: "text/html", Title: "the API documentation"},
			{Href: s.url(r, "/conformance", nil), Rel: "conformance", Type: "application/json", Title: "conformance classes"},
			{Href: s.url(r, "/collections", nil), Rel: "data", Type: "application/json", Title: "the collections"},
		},
	}
	if wantsHTML(r) {
		return s.landingHTML(w, r, doc)
	}
	return writeJSON(w, http.StatusOK, doc)
}

func (s *Server) conformanceDoc(w http.ResponseWriter, r *http.Request) error {
	doc := map[string]any{"conformsTo": conformance}
	if wantsHTML(r) {
		return s.listHTML(w, "Conformance", conformance)
	}
	return writeJSON(w, http.StatusOK, doc)
}

func (s *Server) collectionDoc(r *http.Request, st store.Stats, coll collection) map[string]any {
	base := "/collections/" + coll.id
	c := map[string]any{
		"id":          coll.id,
		"title":       coll.title,
		"description": coll.description,
		"itemType":    "feature",
		"crs":         []string{"http://www.opengis.net/def/crs/OGC/1.3/CRS84"},
		"storageCrs":  "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
		"links": []link{
			{Href: s.url(r, base, nil), Rel: "self", Type: "application/json"},
			{Href: s.url(r, base+"/items", nil), Rel: "items", Type: "application/geo+json", Title: "the incidents"},
			{Href: s.url(r, base+"/items", map[string][]string{"f": {"html"}}), Rel: "items", Type: "text/html"},
			{Href: s.url(r, base+"/queryables", nil), Rel: "http://www.opengis.net/def/rel/ogc/1.0/queryables", Type: "application/schema+json", Title: "the queryables"},
		},
	}
	extent := map[string]any{}
	if st.Extent != nil {
		b := st.Extent
		extent["spatial"] = map[string]any{"bbox": [][]float64{{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}},
			"crs": "http://www.opengis.net/def/crs/OGC/1.3/CRS84"}
	} else {
		extent["spatial"] = map[string]any{"bbox": [][]float64{{-180, -90, 180, 90}}, "crs": "http://www.opengis.net/def/crs/OGC/1.3/CRS84"}
	}
	if !st.FirstDate.IsZero() {
		extent["temporal"] = map[string]any{"interval": [][]string{{st.FirstDate.Format(time.RFC3339), st.LastDate.Add(24*time.Hour - time.Second).Format(time.RFC3339)}},
			"trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"}
	}
	c["extent"] = extent
	return c
}

func (s *Server) collections(w http.ResponseWriter, r *http.Request) error {
	st, err := s.cfg.Store.Stats(r.Context())
	if err != nil {
		return s.storeError(err)
	}
	doc := map[string]any{
		"links":       []link{{Href: s.url(r, "/collections", nil), Rel: "self", Type: "application/json"}},
		"collections": collectionDocs(s, r, st),
	}
	if wantsHTML(r) {
		return s.collectionsHTML(w, r, st)
	}
	return writeJSON(w, http.StatusOK, doc)
}

// collectionDocs describes every collection.
func collectionDocs(s *Server, r *http.Request, st store.Stats) []any {
	out := make([]any, len(collectionList))
	for i, c := range collectionList {
		out[i] = s.collectionDoc(r, st, c)
	}
	return out
}

func (s *Server) collection(w http.ResponseWriter, r *http.Request) error {
	coll, err := s.collectionOf(r)
	if err != nil {
		return err
	}
	st, err := s.cfg.Store.Stats(r.Context())
	if err != nil {
		return s.storeError(err)
	}
	if wantsHTML(r) {
		return s.collectionsHTML(w, r, st)
	}
	return writeJSON(w, http.StatusOK, s.collectionDoc(r, st, coll))
}

// queryables answers the JSON Schema of the filterable properties.
func (s *Server) queryables(w http.ResponseWriter, r *http.Request) error {
	if err := s.checkCollection(r); err != nil {
		return err
	}
	props := map[string]any{}
	for _, c := range store.Queryables() {
		p := map[string]any{"title": c.Name, "description": c.Description}
		switch c.Type {
		case store.TypeString:
			p["type"] = "string"
		case store.TypeInteger:
			p["type"] = "integer"
		case store.TypeNumber:
			p["type"] = "number"
		case store.TypeDate:
			p["type"], p["format"] = "string", "date"
		case store.TypeTimestamp:
			p["type"], p["format"] = "string", "date-time"
		case store.TypeGeometry:
			p["format"] = "geometry-any"
			p["x-ogc-role"] = "primary-geometry"
		}
		if c.Name == "event_date" {
			p["x-ogc-role"] = "primary-instant"
		}
		if enum := typeEnum(c.Name); enum != nil {
			p["enum"] = enum
		}
		props[c.Name] = p
	}
	doc := map[string]any{
		"$schema":              "https://json-schema.org/draft/2020-12/schema",
		"$id":                  s.url(r, r.URL.Path, nil),
		"type":                 "object",
		"title":                "Incidents",
		"properties":           props,
		"additionalProperties": false,
	}
	w.Header().Set("Content-Type", "application/schema+json")
	b, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
