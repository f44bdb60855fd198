// Package geo holds the geometry helpers every incidentmap package shares:
// great-circle distances and destinations, compass words, bounds, the shared
// boundary of two polygons, parts of regions ("northern Syria"), buffers,
// representative points, simplification, validity (and a clip that keeps
// it), point-in-polygon tests and conversion between orb and go-geom
// geometries. Coordinates are orb.Point
// values {lon, lat} in WGS84 degrees.
package geo
