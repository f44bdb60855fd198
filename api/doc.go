// Package api is incidentmap's HTTP surface, routed with gorilla/mux: the
// gazetteer endpoints (places, geocoding), health, and the error model every
// handler shares (RFC 9457 problem+json, written in one place). Request
// parameters become store queries in package query; api writes no SQL.
package api
