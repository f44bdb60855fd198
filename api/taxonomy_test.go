package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/query"
	"github.com/paulmach/orb"
)

// typedStore holds one incident of four event types, far apart so no two
// share a tile cluster.
func typedStore(t *testing.T) http.Handler {
	t.Helper()
	testServer(t) // loads the gazetteer
	fs := newFakeStore()
	day := time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)
	for _, r := range []struct {
		id, typ, sub string
		at           orb.Point
	}{
		{"id-battle", incident.TypeBattles, incident.SubArmedClash, orb.Point{-60, -10}},
		{"id-strike", incident.TypeExplosions, incident.SubAirStrike, orb.Point{44, 33}},
		{"id-protest", incident.TypeProtests, incident.SubPeacefulProtest, orb.Point{120, 40}},
		{"id-other", incident.TypeStrategic, incident.SubOtherStrategic, orb.Point{20, -25}},
	} {
		fs.incidents[r.id] = incident.Incident{ID: r.id, EventDate: day, TimePrecision: 1, EventType: r.typ, SubEventType: r.sub,
			Location: "Somewhere", Point: r.at, Geometry: r.at, GeoPrecision: 1}
	}
	fs.version++
	return New(Config{Gazetteer: gz, Store: fs}).Handler()
}

func TestQueryablesEnumFromTheTaxonomy(t *testing.T) {
	h := typedStore(t)
	rec := do(h, "GET", "/collections/incidents/queryables", "", "", "")
	if rec.Code != http.StatusOK {
		t.Fatalf("queryables: %d %s", rec.Code, rec.Body)
	}
	var doc struct {
		Properties map[string]struct {
			Type string   `json:"type"`
			Enum []string `json:"enum"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		queryable string
		want      []string
	}{
		{"event_type", []string{"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots", "Strategic developments"}},
		{"sub_event_type", incident.SubEventTypes()},
		{"actor1", nil}, // free text: no enum
		{"location", nil},
	}
	for _, tc := range tests {
		t.Run(tc.queryable, func(t *testing.T) {
			p, ok := doc.Properties[tc.queryable]
			if !ok {
				t.Fatalf("no queryable %s", tc.queryable)
			}
			if p.Type != "string" || !slices.Equal(p.Enum, tc.want) {
				t.Errorf("type %q enum %q, want string %q", p.Type, p.Enum, tc.want)
			}
		})
	}
	if n := len(doc.Properties["sub_event_type"].Enum); n != 25 {
		t.Errorf("sub_event_type lists %d names, ACLED has 25", n)
	}
}

func TestTaxonomyEndpoint(t *testing.T) {
	testServer(t)
	for name, h := range map[string]http.Handler{
		"with a store":       typedStore(t),
		"gazetteer only":     New(Config{Gazetteer: gz}).Handler(),
		"behind read tokens": New(Config{Gazetteer: gz, Store: newFakeStore(), ReadToken: "r"}).Handler(),
	} {
		t.Run(name, func(t *testing.T) {
			token := ""
			if name == "behind read tokens" {
				if rec := do(h, "GET", "/taxonomy", "", "", ""); rec.Code != http.StatusUnauthorized {
					t.Errorf("without the read token: %d", rec.Code)
				}
				token = "r"
			}
			rec := do(h, "GET", "/taxonomy", "", "", token)
			if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/json" {
				t.Fatalf("%d %s: %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
			}
			var doc struct {
				EventTypes []struct {
					Name     string   `json:"name"`
					Disorder string   `json:"disorder_type"`
					Color    string   `json:"color"`
					Subtypes []string `json:"sub_event_types"`
				} `json:"event_types"`
			}
			if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
				t.Fatal(err)
			}
			var names, colors, subs []string
			for _, et := range doc.EventTypes {
				names = append(names, et.Name)
				if len(et.Color) != 7 || et.Color[0] != '#' || slices.Contains(colors, et.Color) {
					t.Errorf("%s: colour %q is no distinct #rrggbb", et.Name, et.Color)
				}
				colors = append(colors, et.Color)
				if et.Disorder == "" || len(et.Subtypes) == 0 {
					t.Errorf("%s: disorder type %q, sub-event types %q", et.Name, et.Disorder, et.Subtypes)
				}
				for _, s := range et.Subtypes {
					if incident.TypeOf(s) != et.Name {
						t.Errorf("%s lists %q, which the codebook puts under %q", et.Name, s, incident.TypeOf(s))
					}
				}
				subs = append(subs, et.Subtypes...)
			}
			if !slices.Equal(names, incident.EventTypes()) || len(names) != 6 {
				t.Errorf("event types %q", names)
			}
			if !slices.Equal(subs, incident.SubEventTypes()) || len(subs) != 25 {
				t.Errorf("%d sub-event types %q", len(subs), subs)
			}
		})
	}
}

// TestTypeParameter: type= takes the codebook's event and sub-event types
// (any case, comma-separated or repeated) on every incident endpoint, and
// an unknown name is a 400 that lists the valid ones.
func TestTypeParameter(t *testing.T) {
	h := typedStore(t)
	tests := []struct {
		name  string
		types []string // each a type= value
		want  []string // ids; nil with bad set means 400
		bad   string   // the unknown name the 400 names
	}{
		{"no filter", nil, []string{"id-battle", "id-other", "id-protest", "id-strike"}, ""},
		{"event type", []string{"Battles"}, []string{"id-battle"}, ""},
		{"event type, any case", []string{"bAtTlEs"}, []string{"id-battle"}, ""},
		{"event type whose incident has another sub-event name", []string{"Explosions/Remote violence"}, []string{"id-strike"}, ""},
		{"sub-event type", []string{"Air/drone strike"}, []string{"id-strike"}, ""},
		{"sub-event type, lower case", []string{"peaceful protest"}, []string{"id-protest"}, ""},
		{"a one-word sub-event type", []string{"other"}, []string{"id-other"}, ""},
		{"comma-separated, spaces", []string{"Battles , AIR/DRONE STRIKE"}, []string{"id-battle", "id-strike"}, ""},
		{"repeated", []string{"Protests", "Strategic developments"}, []string{"id-other", "id-protest"}, ""},
		{"twice the same", []string{"Battles,battles"}, []string{"id-battle"}, ""},
		{"valid, nothing of it", []string{"Riots"}, []string{}, ""},
		{"empty items ignored", []string{",Battles,"}, []string{"id-battle"}, ""},
		{"unknown", []string{"Bombing"}, nil, "Bombing"},
		{"singular of a type", []string{"Battle"}, nil, "Battle"},
		{"part of a type", []string{"Explosions"}, nil, "Explosions"},
		{"one bad among good", []string{"Battles,Airstrike"}, nil, "Airstrike"},
		{"bad in a repeat", []string{"Battles", "drone"}, nil, "drone"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := url.Values{"type": tc.types}
			for _, path := range []string{"/incidents", "/collections/incidents/items", "/export.geojson"} {
				rec := do(h, "GET", path+"?"+v.Encode(), "", "", "")
				if tc.want == nil {
					checkTypeProblem(t, path, rec, tc.bad)
					continue
				}
				got := []string{}
				for _, f := range decodeFC(t, rec).Features {
					got = append(got, f.ID)
				}
				slices.Sort(got)
				if !slices.Equal(got, tc.want) {
					t.Errorf("%s: %q, want %q", path, got, tc.want)
				}
			}
			// Tiles: the world tile holds the same incidents.
			rec := do(h, "GET", "/tiles/0/0/0.mvt?"+v.Encode(), "", "", "")
			if tc.want == nil {
				checkTypeProblem(t, "tile", rec, tc.bad)
				checkTypeProblem(t, "/tiles.json", do(h, "GET", "/tiles.json?"+v.Encode(), "", "", ""), tc.bad)
				return
			}
			if rec.Code != http.StatusOK {
				t.Fatalf("tile: %d %s", rec.Code, rec.Body)
			}
			// Tiles are uncompressed MVT: each lone incident's id is a
			// string in it.
			for _, id := range []string{"id-battle", "id-other", "id-protest", "id-strike"} {
				if in := bytes.Contains(rec.Body.Bytes(), []byte(id)); in != slices.Contains(tc.want, id) {
					t.Errorf("tile: %s in it: %v, want %q", id, in, tc.want)
				}
			}
			if rec := do(h, "GET", "/tiles.json?"+v.Encode(), "", "", ""); rec.Code != http.StatusOK {
				t.Errorf("/tiles.json: %d %s", rec.Code, rec.Body)
			}
		})
	}
}

// TestCQL2TypeComparisonsStayFree: the codebook guards type= only; a CQL2
// comparison or a queryable parameter with a name outside it is a filter
// that matches nothing, not an error.
func TestCQL2TypeComparisonsStayFree(t *testing.T) {
	testServer(t)
	h := New(Config{Gazetteer: gz, Store: newFakeStore(), Filters: query.CQL2Filters{}}).Handler()
	for _, q := range []string{
		"filter=" + url.QueryEscape("event_type = 'Bombing'"),
		"filter=" + url.QueryEscape("sub_event_type LIKE 'air%'"),
		"event_type=Bombing",
	} {
		if rec := do(h, "GET", "/collections/incidents/items?"+q, "", "", ""); rec.Code != http.StatusOK {
			t.Errorf("%s: %d %s", q, rec.Code, rec.Body)
		}
	}
}

func checkTypeProblem(t *testing.T, what string, rec *httptest.ResponseRecorder, bad string) {
	t.Helper()
	resp := rec.Result()
	defer resp.Body.Close()
	var p Problem
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
		t.Fatalf("%s: %d, body not JSON: %v", what, resp.StatusCode, err)
	}
	if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Content-Type") != "application/problem+json" ||
		p.Status != 400 || p.Param != "type" {
		t.Fatalf("%s: %d %s %+v, want a 400 problem about type", what, resp.StatusCode, resp.Header.Get("Content-Type"), p)
	}
	if !strings.Contains(p.Detail, `"`+bad+`"`) {
		t.Errorf("%s: the problem does not name %q: %s", what, bad, p.Detail)
	}
	for _, name := range append(incident.EventTypes(), incident.SubEventTypes()...) {
		if !strings.Contains(p.Detail, name) {
			t.Errorf("%s: the problem does not list %q: %s", what, name, p.Detail)
		}
	}
}

// TestOpenAPIDescribesTheTaxonomy: the type parameter's schema lists the
// codebook's names, and /taxonomy is documented.
func TestOpenAPIDescribesTheTaxonomy(t *testing.T) {
	h := typedStore(t)
	rec := do(h, "GET", "/api", "", "", "")
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name   string `json:"name"`
				Schema struct {
					Type  string `json:"type"`
					Items struct {
						Enum []string `json:"enum"`
					} `json:"items"`
				} `json:"schema"`
			} `json:"parameters"`
			Responses map[string]json.RawMessage `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatalf("/api: %d %v", rec.Code, err)
	}
	want := append(incident.EventTypes(), incident.SubEventTypes()...)
	for _, path := range []string{"/incidents", "/collections/{collectionId}/items"} {
		found := false
		for _, p := range doc.Paths[path]["get"].Parameters {
			if p.Name == "type" {
				found = true
				if p.Schema.Type != "array" || !slices.Equal(p.Schema.Items.Enum, want) {
					t.Errorf("%s: type schema %+v, want an array of %d names", path, p.Schema, len(want))
				}
			}
		}
		if !found {
			t.Errorf("%s: no type parameter", path)
		}
	}
	ok := doc.Paths["/taxonomy"]["get"].Responses["200"]
	for _, name := range []string{"event_types", "disorder_type", "sub_event_types", "color", `"Riots"`} {
		if !bytes.Contains(ok, []byte(name)) {
			t.Errorf("/taxonomy's documented answer lacks %s: %s", name, ok)
		}
	}
}
