package api

import (
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// statsDoc is the part of GET /stats the tests read.
type statsDoc struct {
	Group    string `json:"group"`
	Interval string `json:"interval"`
	Baseline *struct {
		Datetime string `json:"datetime"`
		Days     int    `json:"days"`
	} `json:"baseline"`
	Total struct {
		Incidents  int64 `json:"incidents"`
		Fatalities int64 `json:"fatalities"`
		Baseline   *struct {
			Incidents int64 `json:"incidents"`
		} `json:"baseline"`
		Change *struct {
			ExpectedIncidents float64 `json:"expected_incidents"`
		} `json:"change"`
	} `json:"total"`
	Groups []struct {
		Country   string `json:"country_code"`
		Admin1    string `json:"admin1"`
		Incidents int64  `json:"incidents"`
		Periods   []struct {
			Start, End string
			Incidents  int64 `json:"incidents"`
			Fatalities int64 `json:"fatalities"`
		} `json:"periods"`
	} `json:"groups"`
}

// incidentCounts counts the incidents GET /incidents returns for query,
// in all and by country, and sums their fatalities: what /stats must say.
func incidentCounts(t *testing.T, srv *httptest.Server, query string) (n, fatalities int64, byCountry map[string]int64) {
	t.Helper()
	var fc struct {
		Features []struct {
			Properties struct {
				Country    string `json:"country_code"`
				Fatalities *int64 `json:"fatalities"`
			} `json:"properties"`
		} `json:"features"`
	}
	getJSON(t, srv.URL+"/incidents?limit=10000&"+query, &fc)
	byCountry = map[string]int64{}
	for _, f := range fc.Features {
		n++
		byCountry[f.Properties.Country]++
		if f.Properties.Fatalities != nil {
			fatalities += *f.Properties.Fatalities
		}
	}
	return n, fatalities, byCountry
}

// statsAgree checks that /stats counts what /incidents lists, for the
// same filters, before and after an incident is rejected; that f=csv has
// a row a period; that a baseline counts its own window; and that bad
// parameters are 400s naming them.
func statsAgree(t *testing.T, srv *httptest.Server) {
	queries := []string{
		"",
		"type=Battles",
		"bbox=38,29,49,38",
		"region=IQ",
		"filter=" + url.QueryEscape("fatalities > 0"),
		"actor=forces",
	}
	check := func(t *testing.T, q string) statsDoc {
		t.Helper()
		n, fat, byCountry := incidentCounts(t, srv, q)
		var doc statsDoc
		getJSON(t, srv.URL+"/stats?group=country&interval=month&"+q, &doc)
		if doc.Total.Incidents != n || doc.Total.Fatalities != fat {
			t.Errorf("%q: /stats counts %d incidents, %d fatalities; /incidents lists %d, %d", q, doc.Total.Incidents, doc.Total.Fatalities, n, fat)
		}
		for _, g := range doc.Groups {
			var sum int64
			for _, p := range g.Periods {
				sum += p.Incidents
			}
			if g.Incidents != byCountry[g.Country] || sum != g.Incidents {
				t.Errorf("%q: %s: /stats %d (periods %d), /incidents %d", q, g.Country, g.Incidents, sum, byCountry[g.Country])
			}
		}
		return doc
	}
	var all statsDoc
	for _, q := range queries {
		doc := check(t, q)
		if q == "" {
			all = doc
		}
	}
	if all.Total.Incidents == 0 || len(all.Groups) == 0 {
		t.Fatal("the seeds gave /stats nothing to count")
	}

	// A rejected incident leaves /stats as it leaves /incidents.
	id := firstID(t, srv)
	if r := send(t, "PATCH", srv.URL+"/collections/incidents/items/"+id, "alice-secret", `{"properties":{"status":"rejected"}}`); r.status != 200 {
		t.Fatalf("reject: %d %s", r.status, r.body)
	}
	after := check(t, "")
	if after.Total.Incidents != all.Total.Incidents-1 {
		t.Errorf("after rejecting %s /stats counts %d, want %d", id, after.Total.Incidents, all.Total.Incidents-1)
	}
	var rejected statsDoc
	getJSON(t, srv.URL+"/stats?status=rejected", &rejected)
	if rejected.Total.Incidents != 1 {
		t.Errorf("status=rejected counts %d, want 1", rejected.Total.Incidents)
	}

	// admin1 by week, and CSV: a header and a row a period.
	var byAdmin statsDoc
	getJSON(t, srv.URL+"/stats?group=admin1&interval=week", &byAdmin)
	periods := 0
	for _, g := range byAdmin.Groups {
		periods += len(g.Periods)
	}
	r := send(t, "GET", srv.URL+"/stats?group=admin1&interval=week&f=csv", "", "")
	lines := strings.Split(strings.TrimSpace(r.body), "\n")
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/csv") ||
		lines[0] != "country_code,admin1,period_start,period_end,incidents,fatalities" || len(lines) != periods+1 {
		t.Errorf("CSV: %d %s, %d lines for %d periods:\n%s", r.status, r.header.Get("Content-Type"), len(lines), periods, r.body)
	}

	// A baseline: the newest month against everything before it, counted
	// by /incidents over the baseline's days.
	var months []string
	for _, g := range all.Groups {
		for _, p := range g.Periods {
			months = append(months, p.Start)
		}
	}
	slices.Sort(months)
	last := months[len(months)-1]
	lastEnd, _ := time.Parse(time.DateOnly, last)
	window := last + "/" + lastEnd.AddDate(0, 1, -1).Format(time.DateOnly)
	baseline := "2000-01-01/" + lastEnd.AddDate(0, 0, -1).Format(time.DateOnly)
	var base statsDoc
	getJSON(t, srv.URL+"/stats?interval=week&datetime="+window+"&baseline="+baseline, &base)
	if base.Baseline == nil || base.Baseline.Datetime != baseline || base.Total.Baseline == nil || base.Total.Change == nil {
		t.Fatalf("baseline missing: %+v", base)
	}
	bn, _, _ := incidentCounts(t, srv, "datetime="+baseline)
	wn, _, _ := incidentCounts(t, srv, "datetime="+window)
	if bn == 0 || base.Total.Baseline.Incidents != bn || base.Total.Incidents != wn {
		t.Errorf("baseline %s counts %d, /incidents %d; window %s counts %d, /incidents %d",
			baseline, base.Total.Baseline.Incidents, bn, window, base.Total.Incidents, wn)
	}
	windowDays := lastEnd.AddDate(0, 1, 0).Sub(lastEnd).Hours() / 24
	if want := math.Round(float64(bn)*windowDays/float64(base.Baseline.Days)*1000) / 1000; base.Total.Change.ExpectedIncidents != want {
		t.Errorf("expected incidents %g, want %g (%d over %d days, scaled to %g)", base.Total.Change.ExpectedIncidents, want, bn, base.Baseline.Days, windowDays)
	}

	for _, tc := range []struct{ query, param string }{
		{"group=province", "group"},
		{"group=admin2", "group"},
		{"interval=year", "interval"},
		{"baseline=P28D", "baseline"},
		{"datetime=2024-01-01/2024-01-31&baseline=soon", "baseline"},
		{"group=grid&cell=-1", "cell"},
		{"bbox=1,2", "bbox"},
		{"filter=" + url.QueryEscape("nope = 1"), "filter"},
		{"f=xml", "f"},
	} {
		r := send(t, "GET", srv.URL+"/stats?"+tc.query, "", "")
		var p Problem
		_ = json.Unmarshal([]byte(r.body), &p)
		if r.status != http.StatusBadRequest || r.header.Get("Content-Type") != "application/problem+json" || p.Param != tc.param {
			t.Errorf("%s: %d %s %s, want 400 naming %s", tc.query, r.status, r.header.Get("Content-Type"), r.body, tc.param)
		}
	}
}

func TestStats(t *testing.T) { statsAgree(t, editServer(t)) }

func TestStatsPostGIS(t *testing.T) { statsAgree(t, editServerPostGIS(t)) }

// TestStatsGrid counts grid cells on SQLite: every incident falls in one.
func TestStatsGrid(t *testing.T) {
	srv := editServer(t)
	n, _, _ := incidentCounts(t, srv, "")
	var doc struct {
		Cell   float64 `json:"cell"`
		Total  struct{ Incidents int64 }
		Groups []struct {
			Cell [2]int     `json:"cell"`
			Bbox [4]float64 `json:"bbox"`
		} `json:"groups"`
	}
	getJSON(t, srv.URL+"/stats?group=grid&cell=2.5&interval=month", &doc)
	if doc.Cell != 2.5 || doc.Total.Incidents != n || len(doc.Groups) == 0 {
		t.Fatalf("grid: %+v, want %d incidents", doc, n)
	}
	if g := doc.Groups[0]; g.Bbox[2]-g.Bbox[0] != 2.5 || g.Bbox[0] != -180+2.5*float64(g.Cell[0]) {
		t.Errorf("cell %v has bbox %v", g.Cell, g.Bbox)
	}
}

// TestStatsWithoutAggregator: a store that cannot count by group says so.
func TestStatsWithoutAggregator(t *testing.T) {
	srv := httptest.NewServer(New(Config{Gazetteer: gz, Store: newFakeStore()}).Handler())
	defer srv.Close()
	if r := send(t, "GET", srv.URL+"/stats", "", ""); r.status != http.StatusNotImplemented {
		t.Errorf("GET /stats on a store without Aggregate: %d %s", r.status, r.body)
	}
}
