package api

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/store"
	"github.com/incidentmap/incidentmap/store/postgis"
	"github.com/incidentmap/incidentmap/store/sqlite"
	"github.com/incidentmap/incidentmap/store/storetest"
	"github.com/paulmach/orb"
)

// groupingServer is the real router over a store that groups reports,
// holding one incident and three later reports of it: 2 km away (grouped),
// 9 km away and 8.5 km the other way (two suggestions).
func groupingServer(t *testing.T, st store.Store) *httptest.Server {
	t.Helper()
	p := orb.Point{44.366, 33.315}
	at := func(id string, km float64) store.ArticleRecord {
		q := geo.Destination(p, 90, km)
		return storetest.Article("art-"+id, storetest.Incident(id, "2024-03-01", q))
	}
	for _, rec := range []store.ArticleRecord{at("first", 0), at("grouped", 2), at("maybe", 9), at("perhaps", -8.5)} {
		if _, err := st.Ingest(context.Background(), rec); err != nil {
			t.Fatal(err)
		}
	}
	return editServerOn(t, st, nil)
}

func TestSuggestions(t *testing.T) {
	testServer(t)
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "g.db"), sqlite.Options{Matcher: store.MatchReports})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	suggestionsFlow(t, groupingServer(t, st))
}

func TestSuggestionsPostGIS(t *testing.T) {
	testServer(t)
	dsn := postgresURL(t)
	st, err := postgis.Open(context.Background(), dsn, postgis.Options{Schema: freshSchema(t, dsn), Matcher: store.MatchReports})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	suggestionsFlow(t, groupingServer(t, st))
}

func suggestionsFlow(t *testing.T, srv *httptest.Server) {
	base := srv.URL + "/collections/incidents/suggestions"
	var doc struct {
		Suggestions []struct {
			ID       int64  `json:"id"`
			Incident string `json:"incident"`
			Other    string `json:"other"`
			Reason   string `json:"reason"`
			State    string `json:"state"`
		} `json:"suggestions"`
	}
	getJSON(t, base, &doc)
	if len(doc.Suggestions) != 2 || doc.Suggestions[0].Incident != "maybe" || doc.Suggestions[0].Other != "first" ||
		doc.Suggestions[1].Incident != "perhaps" || doc.Suggestions[0].Reason == "" {
		t.Fatalf("suggestions = %+v", doc.Suggestions)
	}
	if n := matched(t, srv, ""); n != 3 {
		t.Errorf("%d incidents, want 3 (grouped joined first)", n)
	}
	accept := base + "/" + strconv.FormatInt(doc.Suggestions[0].ID, 10) + "/accept"
	dismiss := base + "/" + strconv.FormatInt(doc.Suggestions[1].ID, 10) + "/dismiss"
	for _, tt := range []struct {
		name, url, token string
		status           int
		wantIn           string
	}{
		{"no token", accept, "", 401, "token"},
		{"accept", accept, "alice-secret", 200, `"state":"accepted"`},
		{"accept again", accept, "alice-secret", 409, "accepted already"},
		{"dismiss", dismiss, "bob-secret", 200, `"decided_by":"bob"`},
		{"missing", base + "/999/accept", "alice-secret", 404, "no merge suggestion"},
		{"not a number", base + "/x/dismiss", "alice-secret", 404, "no merge suggestion"},
		{"a view", srv.URL + "/collections/incidents_lines/suggestions/1/accept", "alice-secret", 404, "suggestions"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := send(t, "POST", tt.url, tt.token, "")
			if r.status != tt.status || !strings.Contains(r.body, tt.wantIn) {
				t.Errorf("%d %s, want %d with %s", r.status, r.body, tt.status, tt.wantIn)
			}
		})
	}
	getJSON(t, base, &doc)
	if len(doc.Suggestions) != 0 {
		t.Errorf("open suggestions left: %+v", doc.Suggestions)
	}
	if n := matched(t, srv, ""); n != 2 {
		t.Errorf("%d incidents after accept and dismiss, want 2", n)
	}
	var first struct {
		Properties struct {
			Sources []json.RawMessage `json:"sources"`
		} `json:"properties"`
	}
	getJSON(t, srv.URL+"/collections/incidents/items/first", &first)
	if len(first.Properties.Sources) != 3 {
		t.Errorf("first has %d sources, want 3", len(first.Properties.Sources))
	}
	// The merged one redirects to the survivor (the client follows).
	if r := send(t, "GET", srv.URL+"/collections/incidents/items/maybe", "", ""); r.status != 200 || !strings.HasPrefix(r.body, `{"id":"first"`) {
		t.Errorf("GET the merged one: %d %.80s", r.status, r.body)
	}
}
