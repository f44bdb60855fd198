package api

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/gorilla/mux"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
)

// GIS clients give a layer one geometry type, from its first page (QGIS
// types the layer by its first feature and then draws only the features of
// that type; GDAL calls a page of several types Unknown). So each
// collection holds one geometry type: incidents, every incident at its
// representative point (the lat/lon of every other encoding); beside it
// incidents_lines and incidents_areas, the incidents located on a line (a
// border) and in an area (a region) with their shapes, always as a
// MultiLineString or a MultiPolygon (a LineString or Polygon becomes one
// of one). They take the same parameters, and filters (bbox, intersects)
// test each incident's own geometry in all three. /incidents and the
// exports keep each incident's own geometry.

// collection is one OGC API collection of incidents.
type collection struct {
	id, title, description string
	// shape selects the incidents by geometry type.
	shape store.Shape
	// points writes every incident at its representative point.
	points bool
}

var collectionList = []collection{
	{"incidents", "Incidents", "Dated, located, ACLED-aligned incidents extracted from news articles, every one at its representative point; the border lines and region polygons of those located on one are in incidents_lines and incidents_areas.", store.ShapeAny, true},
	{"incidents_lines", "Incidents on a line", "The incidents located on a line (a border), as MultiLineString.", store.ShapeLines, false},
	{"incidents_areas", "Incidents in an area", "The incidents located in an area (a region), as MultiPolygon.", store.ShapeAreas, false},
}

// geometryMode says how a page writes each incident's geometry.
type geometryMode int

const (
	asStored geometryMode = iota // the incident's own geometry (/incidents)
	asMulti                      // LineString and Polygon as their Multi types
	asPoint                      // the representative point
)

// mode is how the collection writes geometries.
func (c collection) mode() geometryMode {
	switch {
	case c.points:
		return asPoint
	case c.shape != store.ShapeAny:
		return asMulti
	}
	return asStored
}

// collectionOf returns the request's collection, or a 404 naming them.
func (s *Server) collectionOf(r *http.Request) (collection, error) {
	id := mux.Vars(r)["collectionId"]
	names := make([]string, len(collectionList))
	for i, c := range collectionList {
		if c.id == id {
			return c, nil
		}
		names[i] = c.id
	}
	return collection{}, notFound("no collection %q; the collections are %s", id, strings.Join(names, ", "))
}

func (s *Server) checkCollection(r *http.Request) error {
	_, err := s.collectionOf(r)
	return err
}

// holds reports whether inc belongs to the collection.
func (c collection) holds(inc *incident.Incident) bool {
	return c.shape.Holds(inc.Geometry)
}

// promoteMulti rewrites a GeoJSON Feature whose geometry is a LineString
// or a Polygon, as the store and encoding/json write it (the geometry's
// type then coordinates), into the Multi type of one member, appended to
// buf; ok is false, and nothing appended, for other features.
func promoteMulti(buf, feature []byte) (out []byte, ok bool) {
	for _, t := range [2]string{"LineString", "Polygon"} {
		from := []byte(`"geometry":{"type":"` + t + `","coordinates":`)
		i := bytes.Index(feature, from)
		if i < 0 {
			continue
		}
		start := i + len(from)
		// Coordinates hold no brace: the first one closes the geometry.
		end := bytes.IndexByte(feature[start:], '}')
		if end < 0 {
			return buf, false
		}
		end += start
		buf = append(buf, feature[:i]...)
		buf = append(buf, `"geometry":{"type":"Multi`+t+`","coordinates":[`...)
		buf = append(buf, feature[start:end]...)
		buf = append(buf, ']')
		return append(buf, feature[end:]...), true
	}
	return buf, false
}
