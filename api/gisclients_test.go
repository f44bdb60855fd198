package api

import (
	"encoding/csv"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/incidentmap/incidentmap/ingest/ingesttest"
)

// The tests in this file replay what GIS clients (QGIS, GDAL, OWSLib) send,
// as issue 11 found them: each request is one a real client made.

// allIncidents lists every incident of srv as id -> event_date.
func allIncidents(t *testing.T, srv *httptest.Server) map[string]string {
	t.Helper()
	var all fc
	getJSON(t, srv.URL+"/incidents?limit=10000", &all)
	m := map[string]string{}
	for _, f := range all.Features {
		m[f.ID] = f.Properties["event_date"].(string)
	}
	if len(m) < 5 {
		t.Fatalf("seeded store holds %d incidents", len(m))
	}
	return m
}

func featureIDs(t *testing.T, u string) []string {
	t.Helper()
	var out fc
	getJSON(t, u, &out)
	ids := make([]string, 0, len(out.Features))
	for _, f := range out.Features {
		ids = append(ids, f.ID)
	}
	sort.Strings(ids)
	return ids
}

func csvIDs(t *testing.T, u string) []string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET %s: %d %s", u, resp.StatusCode, b)
	}
	rows, err := csv.NewReader(resp.Body).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("GET %s: %v", u, err)
	}
	col := slices.Index(rows[0], "event_id_cnty")
	if col < 0 {
		t.Fatalf("GET %s: no event_id_cnty column in %v", u, rows[0])
	}
	var ids []string
	for _, r := range rows[1:] {
		ids = append(ids, r[col])
	}
	sort.Strings(ids)
	return ids
}

// TestOpenEndedDatetime: QGIS turns "event_date" >= '2025-01-01' into
// datetime=2025-01-01/9999-12-31T00:00:00Z; that, "..", an empty end and the
// edges of the data must select what the dates say on the OGC items,
// /incidents and every export.
func TestOpenEndedDatetime(t *testing.T) {
	srv := liveServer(t)
	all := allIncidents(t, srv)
	var days []string
	for _, d := range all {
		days = append(days, d)
	}
	slices.Sort(days)
	oldest, newest, mid := days[0], days[len(days)-1], days[len(days)/2]
	for _, tc := range []struct {
		datetime string
		from, to string // inclusive days; "" is open
	}{
		{mid + "/9999-12-31T00:00:00Z", mid, ""},
		{mid + "/9999-12-31", mid, ""},
		{mid + "/9999-12-31T23:59:59Z", mid, ""},
		{mid + "/..", mid, ""},
		{mid + "/", mid, ""},
		{"../9999-12-31", "", ""},
		{"/9999-12-31T00:00:00Z", "", ""},
		{"0000-01-01/9999-12-31", "", ""},
		{"0001-01-01T00:00:00Z/9999-12-31T00:00:00Z", "", ""},
		{"../" + mid, "", mid},
		{"../" + mid + "T00:00:00Z", "", mid},
		{newest + "/9999-12-31T00:00:00Z", newest, ""},
		{newest + "T23:59:59Z/..", newest, ""},
		{"../" + oldest, "", oldest},
		{oldest, oldest, oldest},
		{"9999-12-31", "9999-12-31", "9999-12-31"},
		{"0000-01-01/" + oldest, "", oldest},
	} {
		t.Run(tc.datetime, func(t *testing.T) {
			var want []string
			for id, d := range all {
				if (tc.from == "" || d >= tc.from) && (tc.to == "" || d <= tc.to) {
					want = append(want, id)
				}
			}
			sort.Strings(want)
			q := "datetime=" + url.QueryEscape(tc.datetime)
			if got := featureIDs(t, srv.URL+"/collections/incidents/items?limit=1000&"+q); !slices.Equal(got, want) {
				t.Errorf("items: %d features, want %d", len(got), len(want))
			}
			if n := matched(t, srv, q); n != len(want) {
				t.Errorf("items: numberMatched %d, want %d", n, len(want))
			}
			if got := featureIDs(t, srv.URL+"/incidents?"+q); !slices.Equal(got, want) {
				t.Errorf("/incidents: %d features, want %d", len(got), len(want))
			}
			if got := featureIDs(t, srv.URL+"/export.geojson?"+q); !slices.Equal(got, want) {
				t.Errorf("export.geojson: %d features, want %d", len(got), len(want))
			}
			if got := csvIDs(t, srv.URL+"/export.csv?"+q); !slices.Equal(got, want) {
				t.Errorf("export.csv: %d rows, want %d", len(got), len(want))
			}
		})
	}
	// Paging an open-ended query follows next links to the end.
	q := "datetime=" + url.QueryEscape(oldest+"/9999-12-31T00:00:00Z")
	seen := 0
	for u := srv.URL + "/collections/incidents/items?limit=2&" + q; u != ""; {
		var page fc
		getJSON(t, u, &page)
		seen += len(page.Features)
		u = ""
		for _, l := range page.Links {
			if l.Rel == "next" {
				u = l.Href
			}
		}
	}
	if seen != len(all) {
		t.Errorf("paged %d of %d incidents", seen, len(all))
	}
}

// requestLog records the request URIs a server saw, as its access log would.
type requestLog struct {
	mu   sync.Mutex
	uris []string
}

func (l *requestLog) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		l.uris = append(l.uris, r.Method+" "+r.URL.RequestURI())
		l.mu.Unlock()
		h.ServeHTTP(w, r)
	})
}

// items returns the logged requests for the OGC items, decoded.
func (l *requestLog) items() []url.Values {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []url.Values
	for _, u := range l.uris {
		p, err := url.Parse(strings.TrimPrefix(u, "GET "))
		if err == nil && strings.HasSuffix(p.Path, "/collections/incidents/items") {
			out = append(out, p.Query())
		}
	}
	return out
}

// loggedServer is liveServer with a log of every request.
func loggedServer(t *testing.T) (*httptest.Server, *requestLog) {
	t.Helper()
	testServer(t)
	st, p := ingesttest.SeededSQLite(t, gz)
	log := &requestLog{}
	srv := httptest.NewServer(log.wrap(New(Config{Gazetteer: gz, Store: st, Pipeline: p, Filters: CQL2Filters{}, WriteToken: testToken}).Handler()))
	t.Cleanup(srv.Close)
	return srv, log
}
