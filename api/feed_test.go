package api

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

type feedPage struct {
	Features []struct {
		ID         string `json:"id"`
		Properties struct {
			Updated string `json:"updated"`
		} `json:"properties"`
	} `json:"features"`
	Links []struct {
		Href string `json:"href"`
		Rel  string `json:"rel"`
	} `json:"links"`
}

type tombstoneDoc struct {
	Tombstones []struct {
		ID         string    `json:"id"`
		Time       time.Time `json:"time"`
		Reason     string    `json:"reason"`
		MergedInto string    `json:"merged_into"`
	} `json:"tombstones"`
	TimeStamp time.Time `json:"timeStamp"`
}

// mirror pages through the items changed since (all when ""), upserting
// them into m, and returns the newest updated time seen.
func mirror(t *testing.T, srv *httptest.Server, m map[string]bool, since string) (newest string, ids []string) {
	t.Helper()
	u := srv.URL + "/collections/incidents/items?limit=50"
	if since != "" {
		u += "&updated_since=" + url.QueryEscape(since)
	}
	newest = since
	for u != "" {
		var p feedPage
		getJSON(t, u, &p)
		for _, f := range p.Features {
			if f.Properties.Updated == "" {
				t.Fatalf("feature %s has no updated time", f.ID)
			}
			m[f.ID] = true
			ids = append(ids, f.ID)
			// The fixed-width times sort as text.
			newest = max(newest, f.Properties.Updated)
		}
		u = ""
		for _, l := range p.Links {
			if l.Rel == "next" {
				u = l.Href
			}
		}
	}
	return newest, ids
}

func TestChangeFeed(t *testing.T) { changeFeed(t, editServer(t)) }

func TestChangeFeedPostGIS(t *testing.T) { changeFeed(t, editServerPostGIS(t)) }

// changeFeed is the README's mirror loop: a full copy, then edits, a
// rejection and a merge, then one round of updated_since and tombstones
// brings the copy to what a full read gives.
func changeFeed(t *testing.T, srv *httptest.Server) {
	copyOf := map[string]bool{}
	since, all := mirror(t, srv, copyOf, "")
	if len(all) < 4 {
		t.Fatalf("only %d incidents", len(all))
	}
	var tomb tombstoneDoc
	getJSON(t, srv.URL+"/collections/incidents/tombstones", &tomb)
	if len(tomb.Tombstones) != 0 {
		t.Errorf("tombstones of a fresh store = %+v", tomb.Tombstones)
	}
	if got, _ := mirror(t, srv, map[string]bool{}, since); got != since {
		t.Errorf("updated since the newest time moved it to %s", got)
	}

	a, b, c, d := all[0], all[1], all[2], all[3]
	items := srv.URL + "/collections/incidents/items/"
	time.Sleep(2 * time.Millisecond)
	for _, r := range []response{
		send(t, "PATCH", items+a, "alice-secret", `{"properties":{"fatalities":9}}`, "Content-Type", "application/merge-patch+json"),
		send(t, "PATCH", items+d, "alice-secret", `{"properties":{"status":"rejected"}}`, "Content-Type", "application/merge-patch+json"),
		send(t, "POST", items+c+"/merge", "alice-secret", `{"incidents":["`+b+`"]}`, "Content-Type", "application/json"),
	} {
		if r.status != 200 {
			t.Fatalf("edit: %d %s", r.status, r.body)
		}
	}

	next, changed := mirror(t, srv, copyOf, since)
	slices.Sort(changed)
	want := []string{a, c}
	slices.Sort(want)
	if !slices.Equal(changed, want) || next <= since {
		t.Errorf("changed since %s = %v (newest %s), want %v", since, changed, next, want)
	}
	getJSON(t, srv.URL+"/collections/incidents/tombstones?since="+url.QueryEscape(since), &tomb)
	reasons := map[string]string{}
	for _, ts := range tomb.Tombstones {
		reasons[ts.ID] = ts.Reason + ">" + ts.MergedInto
		delete(copyOf, ts.ID)
	}
	if len(reasons) != 2 || reasons[b] != "merged>"+c || reasons[d] != "rejected>" {
		t.Errorf("tombstones since %s = %v", since, reasons)
	}
	fresh := map[string]bool{}
	mirror(t, srv, fresh, "")
	if len(fresh) != len(copyOf) {
		t.Errorf("mirror has %d incidents, a full read %d", len(copyOf), len(fresh))
	}
	for id := range fresh {
		if !copyOf[id] {
			t.Errorf("mirror lacks %s", id)
		}
	}

	// The other listings take updated_since too.
	var fc feedPage
	getJSON(t, srv.URL+"/incidents?updated_since="+url.QueryEscape(since), &fc)
	if len(fc.Features) != 2 {
		t.Errorf("/incidents updated since: %d features", len(fc.Features))
	}
	csv := send(t, "GET", srv.URL+"/export.csv?updated_since="+url.QueryEscape(since), "", "")
	if csv.status != 200 || strings.Count(strings.TrimSpace(csv.body), "\n") != 2 {
		t.Errorf("export.csv updated since: %d %q", csv.status, csv.body)
	}
	for _, u := range []string{
		"/collections/incidents/items?updated_since=yesterday",
		"/incidents?updated_since=2024-13-01T00:00:00Z",
		"/export.csv?updated_since=2024-01-01",
		"/collections/incidents/tombstones?since=nope",
		"/collections/incidents/tombstones?sense=2024-01-01T00:00:00Z",
	} {
		if r := send(t, "GET", srv.URL+u, "", ""); r.status != 400 || !strings.Contains(r.header.Get("Content-Type"), "problem+json") {
			t.Errorf("GET %s: %d %s", u, r.status, r.body)
		}
	}
	if r := send(t, "GET", srv.URL+"/collections/lines/tombstones", "", ""); r.status != 404 {
		t.Errorf("tombstones of a view: %d", r.status)
	}
}

func TestStatusQueryable(t *testing.T) { statusQueryable(t, editServer(t)) }

func TestStatusQueryablePostGIS(t *testing.T) { statusQueryable(t, editServerPostGIS(t)) }

// statusQueryable: status is listed in the queryables, a CQL2 filter on
// it selects by review status (rejected ones too, when it names them),
// and the exports carry it as a column.
func statusQueryable(t *testing.T, srv *httptest.Server) {
	var qs struct {
		Properties map[string]struct {
			Type string   `json:"type"`
			Enum []string `json:"enum"`
		} `json:"properties"`
	}
	getJSON(t, srv.URL+"/collections/incidents/queryables", &qs)
	if p, ok := qs.Properties["status"]; !ok || p.Type != "string" {
		t.Errorf("queryables: status = %+v, %v", p, ok)
	}
	all := matched(t, srv, "")
	var page feedPage
	getJSON(t, srv.URL+"/collections/incidents/items?limit=2", &page)
	v, r := page.Features[0].ID, page.Features[1].ID
	items := srv.URL + "/collections/incidents/items/"
	for id, st := range map[string]string{v: "verified", r: "rejected"} {
		if res := send(t, "PATCH", items+id, "alice-secret", `{"properties":{"status":"`+st+`"}}`,
			"Content-Type", "application/merge-patch+json"); res.status != 200 {
			t.Fatalf("PATCH %s: %d %s", id, res.status, res.body)
		}
	}
	for _, tt := range []struct {
		filter string
		want   int
	}{
		{"status = 'verified'", 1},
		{"status = 'rejected'", 1},
		{"status IN ('verified','rejected')", 2},
		{"status = 'unreviewed'", all - 2},
		{"status <> 'verified'", all - 1},
	} {
		if got := matched(t, srv, "filter="+url.QueryEscape(tt.filter)); got != tt.want {
			t.Errorf("%s: %d matched, want %d", tt.filter, got, tt.want)
		}
	}
	var one feedPage
	getJSON(t, srv.URL+"/collections/incidents/items?filter="+url.QueryEscape("status = 'verified'"), &one)
	if len(one.Features) != 1 || one.Features[0].ID != v {
		t.Errorf("status = 'verified' gave %+v, want %s", one.Features, v)
	}
	csv := send(t, "GET", srv.URL+"/export.csv?status=verified", "", "")
	lines := strings.Split(strings.TrimSpace(csv.body), "\r\n")
	if len(lines) != 2 || !strings.HasSuffix(lines[0], ",status,updated") || !strings.Contains(lines[1], ",verified,20") {
		t.Errorf("export.csv?status=verified: %q", csv.body)
	}
}

func TestUpdatedParam(t *testing.T) { updatedParam(t, editServer(t)) }

func TestUpdatedParamPostGIS(t *testing.T) { updatedParam(t, editServerPostGIS(t)) }

// updatedParam: updated=INSTANT keeps the incident changed at exactly the
// updated time its Feature shows, updated=START/END the ones changed in
// between (inclusive, either end open), on the items (paging on), on
// /incidents, the exports and /stats, with updated_since and the other
// filters; a malformed or reversed value is a 400 problem naming updated.
func updatedParam(t *testing.T, srv *httptest.Server) {
	all := matched(t, srv, "")
	var page feedPage
	getJSON(t, srv.URL+"/collections/incidents/items?limit=2", &page)
	if len(page.Features) != 2 || all < 4 {
		t.Fatalf("only %d incidents", all)
	}
	a, b := page.Features[0].ID, page.Features[1].ID
	items := srv.URL + "/collections/incidents/items/"
	edit := func(id, patch string) string {
		t.Helper()
		time.Sleep(2 * time.Millisecond)
		if r := send(t, "PATCH", items+id, "alice-secret", patch, "Content-Type", "application/merge-patch+json"); r.status != 200 {
			t.Fatalf("PATCH %s: %d %s", id, r.status, r.body)
		}
		var f struct {
			Properties struct {
				Updated string `json:"updated"`
			} `json:"properties"`
		}
		getJSON(t, items+id, &f)
		return f.Properties.Updated
	}
	ua := edit(a, `{"properties":{"fatalities":7}}`)
	ub := edit(b, `{"properties":{"status":"verified"}}`)
	if ua == "" || ub <= ua {
		t.Fatalf("updated times %q, %q", ua, ub)
	}
	q := func(v string) string { return url.QueryEscape(v) }
	changed := func(query string) []string {
		t.Helper()
		var p feedPage
		getJSON(t, srv.URL+"/collections/incidents/items?limit=1000&"+query, &p)
		var ids []string
		for _, f := range p.Features {
			ids = append(ids, f.ID)
		}
		slices.Sort(ids)
		return ids
	}
	both := []string{a, b}
	slices.Sort(both)
	for _, tt := range []struct {
		query string
		want  []string
	}{
		{"updated=" + q(ua), []string{a}},
		{"updated=" + q(ub), []string{b}},
		{"updated=" + q(ua+"/"+ub), both},
		{"updated=" + q(ua+"/.."), both},
		{"updated=" + q(ua+"/"), both},
		{"updated=" + q(ua+"/"+ub) + "&updated_since=" + q(ua), []string{b}},
		{"updated=" + q(ua+"/"+ub) + "&status=verified", []string{b}},
		{"updated=" + q(ua+"/"+ub) + "&filter=" + q("fatalities = 7"), []string{a}},
		{"updated=" + q(ua+"/"+ub) + "&filter=" + q("id = '"+a+"'"), []string{a}},
		{"updated=" + q(ua+"/"+ub) + "&datetime=" + q("../1900-01-01"), nil},
		{"updated=" + q("../"+ub) + "&updated_since=" + q(ub), nil},
	} {
		if got := changed(tt.query); !slices.Equal(got, tt.want) {
			t.Errorf("items?%s = %v, want %v", tt.query, got, tt.want)
		}
	}
	// Everything else changed before a: ../a holds all but b, and pages.
	if n := matched(t, srv, "updated="+q("../"+ua)); n != all-1 {
		t.Errorf("updated until a: %d matched, want %d", n, all-1)
	}
	var pages, seen int
	for u := srv.URL + "/collections/incidents/items?limit=2&updated=" + q("../"+ua); u != ""; pages++ {
		var p feedPage
		getJSON(t, u, &p)
		seen += len(p.Features)
		u = ""
		for _, l := range p.Links {
			if l.Rel == "next" {
				u = l.Href
			}
		}
		if u != "" && !strings.Contains(u, "updated=") {
			t.Fatalf("next link without updated: %s", u)
		}
	}
	if seen != all-1 || pages != (all-1+1)/2 {
		t.Errorf("paged updated until a: %d features in %d pages, want %d", seen, pages, all-1)
	}

	var fc feedPage
	getJSON(t, srv.URL+"/incidents?updated="+q(ua), &fc)
	if len(fc.Features) != 1 || fc.Features[0].ID != a {
		t.Errorf("/incidents?updated=a: %+v", fc.Features)
	}
	csv := send(t, "GET", srv.URL+"/export.csv?updated="+q(ua+"/"+ub), "", "")
	if csv.status != 200 || strings.Count(strings.TrimSpace(csv.body), "\n") != 2 {
		t.Errorf("export.csv updated a..b: %d, %d rows", csv.status, strings.Count(strings.TrimSpace(csv.body), "\n"))
	}
	gj := send(t, "GET", srv.URL+"/export.geojson?updated="+q(ub), "", "")
	if gj.status != 200 || strings.Count(gj.body, `"type":"Feature"`) != 1 || !strings.Contains(gj.body, `"updated":"`+ub+`"`) {
		t.Errorf("export.geojson updated b: %d, %d features, b's time %v", gj.status, strings.Count(gj.body, `"type":"Feature"`),
			strings.Contains(gj.body, `"updated":"`+ub+`"`))
	}
	var st struct {
		Total struct {
			Incidents int `json:"incidents"`
		} `json:"total"`
	}
	getJSON(t, srv.URL+"/stats?updated="+q(ua+"/"+ub), &st)
	if st.Total.Incidents != 2 {
		t.Errorf("/stats?updated=a..b counts %d", st.Total.Incidents)
	}

	// Tiles take it too (from the store, not the index of every incident).
	if r := send(t, "GET", srv.URL+"/tiles/0/0/0.mvt?updated="+q(ua), "", ""); r.status != 200 || !strings.Contains(r.body, a) || strings.Contains(r.body, b) {
		t.Errorf("tile updated a: %d, holds a %v, b %v", r.status, strings.Contains(r.body, a), strings.Contains(r.body, b))
	}
	if r := send(t, "GET", srv.URL+"/tiles/0/0/0.mvt?updated="+q("../"+ua), "", ""); r.status != 200 || !strings.Contains(r.body, a) || strings.Contains(r.body, b) {
		t.Errorf("tile updated until a: %d, holds a %v, b %v", r.status, strings.Contains(r.body, a), strings.Contains(r.body, b))
	}

	reversed := q(ub + "/" + ua)
	for _, u := range []string{
		"/collections/incidents/items?updated=" + reversed,
		"/collections/incidents/items?updated=yesterday",
		"/collections/incidents/items?updated=" + q("../.."),
		"/collections/incidents/items?updated=" + q("2026-12-05T10:00:00"),
		"/incidents?updated=" + reversed,
		"/incidents?updated=2024-13-01T00:00:00Z",
		"/export.csv?updated=" + reversed,
		"/export.geojson?updated=" + q("2024-01-01/soon"),
		"/stats?updated=" + reversed,
		"/tiles/3/5/3.mvt?updated=" + reversed,
	} {
		r := send(t, "GET", srv.URL+u, "", "")
		var p Problem
		if r.status != 400 || !strings.Contains(r.header.Get("Content-Type"), "problem+json") ||
			json.Unmarshal([]byte(r.body), &p) != nil || p.Param != "updated" || !strings.Contains(p.Detail, "updated") {
			t.Errorf("GET %s: %d %s", u, r.status, r.body)
		}
	}
	if r := send(t, "GET", srv.URL+"/collections/incidents/items?updated="+reversed, "", ""); !strings.Contains(r.body, "ends before it starts") {
		t.Errorf("reversed interval: %s", r.body)
	}
}
