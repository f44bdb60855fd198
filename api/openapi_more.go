package api

import (
	"github.com/incidentmap/incidentmap/basemap"
	"github.com/incidentmap/incidentmap/export"
)

// addServicePaths adds to the OpenAPI document's paths the endpoints
// around the features: exports, tiles, the basemap, sources,
// subscriptions and alerts. filters are the /incidents filters, which the
// exports take too.
func (s *Server) addServicePaths(paths map[string]any, problem map[string]any, filters []any) {
	addExportPaths(paths, problem, filters)
	s.addTilePaths(paths, problem)
	addSourcePaths(paths, problem)
	addAlertPaths(paths, problem)
}

// bearerAuth is the security of an operation that needs a write token.
func bearerAuth() []any { return []any{map[string]any{"bearer": []string{}}} }

// jsonBody is a required JSON request body.
func jsonBody(desc string) map[string]any {
	return map[string]any{"required": true, "description": desc,
		"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "object"}}}}
}

// withToken is the answers of an operation that needs a write token: resp
// under the code ok, else a problem (the usual codes and more).
func withToken(problem map[string]any, ok string, resp map[string]any, more ...string) map[string]any {
	out := map[string]any{ok: resp, "400": problem, "401": problem, "403": problem, "404": problem, "503": problem}
	for _, code := range more {
		out[code] = problem
	}
	return out
}

// idParam is the integer id in the path of a source, subscription or alert.
func idParam(what string) map[string]any { return param("id", "path", what+" id", "integer", true) }

// addExportPaths adds /export.{format}: the /incidents filters but cursor
// (an export is whole).
func addExportPaths(paths map[string]any, problem map[string]any, filters []any) {
	var exportParams []any
	for _, f := range filters {
		if m, ok := f.(map[string]any); ok && (m["name"] == "cursor" || m["name"] == "f") {
			continue
		}
		exportParams = append(exportParams, f)
	}
	var formats []string
	for _, f := range export.Formats() {
		formats = append(formats, string(f))
	}
	exportParams = append([]any{map[string]any{"name": "format", "in": "path", "required": true,
		"description": "the file format", "schema": map[string]any{"type": "string", "enum": formats}}}, exportParams...)
	exportParams = append(exportParams, map[string]any{"name": "geometry", "in": "query", "required": false,
		"description": "FlatGeobuf only: the layer, points, lines or areas",
		"schema":      map[string]any{"type": "string", "enum": []string{"points", "lines", "areas"}, "default": "points"}})
	paths["/export.{format}"] = map[string]any{"get": map[string]any{
		"summary":     "every incident matching the /incidents filters as a file (GeoJSON, GeoJSON sequence, CSV, KML, GeoPackage, FlatGeobuf)",
		"operationId": "exportIncidents", "parameters": exportParams,
		"responses": readAnswers(problem, map[string]any{"description": "the file", "content": map[string]any{"application/octet-stream": map[string]any{
			"schema": map[string]any{"type": "string", "format": "binary"}}}})}}
}

// addTilePaths adds the incident and basemap tiles, their TileJSON, the
// basemap's source and, with a PMTiles basemap, its archive.
func (s *Server) addTilePaths(paths map[string]any, problem map[string]any) {
	tile := func(op, summary string) map[string]any {
		return map[string]any{"get": map[string]any{"summary": summary, "operationId": op,
			"parameters": []any{param("z", "path", "zoom", "integer", true), param("x", "path", "column", "integer", true),
				param("y", "path", "row", "integer", true),
				map[string]any{"name": "ext", "in": "path", "required": true, "schema": map[string]any{"type": "string", "enum": []string{"mvt", "pbf"}}}},
			"responses": map[string]any{"200": map[string]any{"description": "a Mapbox Vector Tile",
				"content": map[string]any{"application/vnd.mapbox-vector-tile": map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}}},
				"204": map[string]any{"description": "an empty tile"}, "304": map[string]any{"description": "not modified"},
				"400": problem, "404": problem, "503": problem}}}
	}
	paths["/tiles/{z}/{x}/{y}.{ext}"] = tile("getIncidentTile", "the incidents as a vector tile")
	paths["/tiles.json"] = map[string]any{"get": map[string]any{"summary": "TileJSON of the incident tiles (also at /tiles/metadata.json)",
		"operationId": "getIncidentTileJSON", "responses": readAnswers(problem, jsonResp("TileJSON", "application/json"))}}
	paths["/basemap/{z}/{x}/{y}.{ext}"] = tile("getBasemapTile", "the embedded basemap as a vector tile")
	paths["/basemap.json"] = map[string]any{"get": map[string]any{"summary": "TileJSON of the embedded basemap (also at /basemap/metadata.json)",
		"operationId": "getBasemapTileJSON", "responses": readAnswers(problem, jsonResp("TileJSON", "application/json"))}}
	paths["/basemap/source.json"] = map[string]any{"get": map[string]any{
		"summary":     "which basemap the page draws: embedded, a MapLibre style URL, or the PMTiles archive at /basemap.pmtiles (with what its header says)",
		"operationId": "getBasemapSource", "responses": map[string]any{"200": jsonResp("kind, url and for an archive format, bounds, minzoom, maxzoom", "application/json")}}}
	if s.cfg.Basemap.Kind() == basemap.PMTiles {
		paths[basemap.ArchivePath] = map[string]any{"get": map[string]any{
			"summary":     "the PMTiles archive serve --basemap named, whole or by byte ranges (Range), never compressed",
			"operationId": "getBasemapArchive",
			"parameters": []any{map[string]any{"name": "Range", "in": "header", "required": false,
				"description": "bytes=start-end", "schema": map[string]any{"type": "string"}}},
			"responses": map[string]any{
				"200": map[string]any{"description": "the archive", "content": map[string]any{"application/vnd.pmtiles": map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}}},
				"206": map[string]any{"description": "the range asked for"}, "416": map[string]any{"description": "the range is outside the archive"}}}}
	}
}

// addSourcePaths adds /sources and /sources/{id}.
func addSourcePaths(paths map[string]any, problem map[string]any) {
	paths["/sources"] = map[string]any{
		"get": map[string]any{"summary": "the feeds the poller follows, with their health", "operationId": "getSources",
			"responses": map[string]any{"200": jsonResp("the sources", "application/json"), "404": problem, "503": problem}},
		"post": map[string]any{"summary": "follow a feed (write token)", "operationId": "postSource", "security": bearerAuth(),
			"requestBody": jsonBody(`{"url", "name", "interval", "paused"}`), "responses": withToken(problem, "201", jsonResp("the source", "application/json"), "409")},
	}
	paths["/sources/{id}"] = map[string]any{
		"get": map[string]any{"summary": "one source", "operationId": "getSource", "parameters": []any{idParam("source")},
			"responses": map[string]any{"200": jsonResp("the source", "application/json"), "404": problem, "503": problem}},
		"patch": map[string]any{"summary": "pause or resume a source (write token)", "operationId": "patchSource", "security": bearerAuth(),
			"parameters": []any{idParam("source")}, "requestBody": jsonBody(`{"paused": true} or {"paused": false}`), "responses": withToken(problem, "200", jsonResp("the source", "application/json"))},
		"delete": map[string]any{"summary": "stop following a source (write token)", "operationId": "deleteSource", "security": bearerAuth(),
			"parameters": []any{idParam("source")}, "responses": withToken(problem, "204", map[string]any{"description": "removed"})},
	}
}

// addAlertPaths adds the subscriptions, their alerts and feeds, and the
// dead letters' retry.
func addAlertPaths(paths map[string]any, problem map[string]any) {
	sub := jsonResp("a subscription: id, name, url, bbox, region, intersects, types, min_fatalities, created, feed_url (secret only when created)", "application/json")
	paths["/subscriptions"] = map[string]any{
		"get": map[string]any{"summary": "the alert subscriptions (write token)", "operationId": "getSubscriptions", "security": bearerAuth(),
			"responses": withToken(problem, "200", jsonResp("the subscriptions", "application/json"))},
		"post": map[string]any{"summary": "subscribe a webhook to new and changed incidents in an area (write token)", "operationId": "postSubscription",
			"security":    bearerAuth(),
			"requestBody": jsonBody(`{"url", "bbox" | "region" | "intersects", "types", "min_fatalities", "name", "secret"}`),
			"responses":   withToken(problem, "201", sub, "413", "415")},
	}
	paths["/subscriptions/{id}"] = map[string]any{
		"get": map[string]any{"summary": "one subscription (write token)", "operationId": "getSubscription", "security": bearerAuth(),
			"parameters": []any{idParam("subscription")}, "responses": withToken(problem, "200", sub)},
		"delete": map[string]any{"summary": "remove a subscription and its alerts (write token)", "operationId": "deleteSubscription", "security": bearerAuth(),
			"parameters": []any{idParam("subscription")}, "responses": withToken(problem, "204", map[string]any{"description": "removed"})},
	}
	state := map[string]any{"name": "state", "in": "query", "required": false,
		"description": "only alerts in this state; dead lists the dead letters",
		"schema":      map[string]any{"type": "string", "enum": []string{"pending", "delivered", "dead", "feed"}}}
	alertLimit := map[string]any{"name": "limit", "in": "query", "required": false, "description": "most alerts, newest first",
		"schema": map[string]any{"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}}
	alertList := jsonResp("the alerts: id, subscription_id, incident_id, event, state, attempts, last_error, created, next_attempt, delivered_at, payload", "application/json")
	paths["/subscriptions/{id}/alerts"] = map[string]any{"get": map[string]any{"summary": "a subscription's alerts (write token)",
		"operationId": "getSubscriptionAlerts", "security": bearerAuth(), "parameters": []any{idParam("subscription"), state, alertLimit},
		"responses": withToken(problem, "200", alertList)}}
	paths["/subscriptions/{id}/feed.atom"] = map[string]any{"get": map[string]any{
		"summary":     "a subscription's latest alerts as an Atom feed; the key in feed_url stands in for the token (a wrong key is a 404)",
		"operationId": "getSubscriptionFeed",
		"parameters":  []any{idParam("subscription"), param("key", "query", "the feed key, from the subscription's feed_url", "string", true)},
		"responses": map[string]any{"200": map[string]any{"description": "the feed",
			"content": map[string]any{"application/atom+xml": map[string]any{"schema": map[string]any{"type": "string"}}}},
			"404": problem, "503": problem}}}
	paths["/alerts"] = map[string]any{"get": map[string]any{"summary": "every subscription's alerts (write token)",
		"operationId": "getAlerts", "security": bearerAuth(),
		"parameters": []any{state, alertLimit, param("subscription", "query", "only this subscription's alerts", "integer", false)},
		"responses":  withToken(problem, "200", alertList)}}
	paths["/alerts/{id}/retry"] = map[string]any{"post": map[string]any{
		"summary":     "deliver a dead letter again (write token); 409 when the alert is not dead",
		"operationId": "retryAlert", "security": bearerAuth(), "parameters": []any{idParam("alert")},
		"responses": withToken(problem, "200", jsonResp("the alert, pending again", "application/json"), "409")}}
}

// readAnswers is the usual answers of a read: ok, or a problem.
func readAnswers(problem, ok map[string]any) map[string]any {
	return map[string]any{"200": ok, "400": problem, "404": problem, "503": problem}
}
