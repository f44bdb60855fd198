package api

import (
	"strconv"

	"github.com/incidentmap/incidentmap/aggregate"
)

// addStatsPath adds GET /stats to paths: the filters of /incidents but
// paging and f, then group, interval, cell, country, baseline and f.
func addStatsPath(paths map[string]any, problem map[string]any, filters []any) {
	var params []any
	for _, f := range filters {
		if m, ok := f.(map[string]any); ok && (m["name"] == "cursor" || m["name"] == "f") {
			continue
		}
		params = append(params, f)
	}
	enum := func(name, desc string, values []string, def string) map[string]any {
		return map[string]any{"name": name, "in": "query", "required": false, "description": desc,
			"schema": map[string]any{"type": "string", "enum": values, "default": def}}
	}
	params = append(params,
		enum("group", "what to count by: country (country_code), admin1 (country_code and first-level division) or grid (square cells of cell degrees); the store keeps no admin2",
			[]string{"country", "admin1", "grid"}, "country"),
		enum("interval", "the period each count covers: day, ISO week (from Monday) or calendar month", []string{"day", "week", "month"}, "week"),
		map[string]any{"name": "cell", "in": "query", "required": false, "description": "with group=grid, the side of a cell in degrees; cells are aligned on (-180, -90)",
			"schema": map[string]any{"type": "number", "minimum": 0.01, "maximum": 90, "default": 1}},
		param("country", "query", "an ISO 3166-1 alpha-2 country code: only that country's incidents (served by an index)", "string", false),
		param("baseline", "query", "compare with a window: a duration before datetime's start (P28D, P4W, P3M, P1Y) or a datetime interval; needs datetime with both ends. "+
			"Each count gets expected = the baseline's count x its days / the baseline's days, the difference and the ratio", "string", false),
		enum("f", "json or csv (one row a group and period, with a header)", []string{"json", "csv"}, "json"),
	)
	counts := map[string]any{"incidents": map[string]any{"type": "integer"}, "fatalities": map[string]any{"type": "integer"}}
	change := map[string]any{"type": "object", "properties": map[string]any{
		"expected_incidents": map[string]any{"type": "number"}, "expected_fatalities": map[string]any{"type": "number"},
		"incidents_change": map[string]any{"type": "number"}, "fatalities_change": map[string]any{"type": "number"},
		"incidents_ratio": map[string]any{"type": "number", "nullable": true}, "fatalities_ratio": map[string]any{"type": "number", "nullable": true}}}
	with := func(extra map[string]any) map[string]any {
		p := map[string]any{}
		for k, v := range counts {
			p[k] = v
		}
		for k, v := range extra {
			p[k] = v
		}
		return map[string]any{"type": "object", "properties": p}
	}
	period := with(map[string]any{"start": map[string]any{"type": "string", "format": "date"}, "end": map[string]any{"type": "string", "format": "date"}, "change": change})
	group := with(map[string]any{
		"country_code": map[string]any{"type": "string"}, "admin1": map[string]any{"type": "string"},
		"cell": map[string]any{"type": "array", "items": map[string]any{"type": "integer"}}, "bbox": map[string]any{"type": "array", "items": map[string]any{"type": "number"}},
		"baseline": map[string]any{"type": "object", "properties": counts}, "change": change,
		"periods": map[string]any{"type": "array", "items": period}})
	schema := map[string]any{"type": "object", "required": []string{"group", "interval", "total", "groups"}, "properties": map[string]any{
		"group": map[string]any{"type": "string"}, "interval": map[string]any{"type": "string"}, "cell": map[string]any{"type": "number"},
		"datetime": map[string]any{"type": "string", "nullable": true},
		"baseline": map[string]any{"type": "object", "properties": map[string]any{"datetime": map[string]any{"type": "string"}, "days": map[string]any{"type": "integer"}}},
		"total":    with(map[string]any{"baseline": map[string]any{"type": "object", "properties": counts}, "change": change}),
		"groups":   map[string]any{"type": "array", "items": group}}}
	ok := map[string]any{"description": "incidents and fatalities per group and period (periods without incidents are left out)",
		"content": map[string]any{"application/json": map[string]any{"schema": schema}, "text/csv": map[string]any{"schema": map[string]any{"type": "string"}}}}
	paths["/stats"] = map[string]any{"get": map[string]any{
		"summary":     "incidents and fatalities per country, first-level division or grid cell and per day, week or month, with the change against a baseline",
		"description": "The filters mean what they mean on /incidents; rejected incidents are left out unless status asks for them. At most " + strconv.Itoa(aggregate.MaxBuckets) + " groups and periods.",
		"operationId": "getStats", "parameters": params,
		"responses": map[string]any{"200": ok, "304": map[string]any{"description": "not modified (If-None-Match)"}, "400": problem, "501": problem, "503": problem}}}
}
