package review

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
	"github.com/paulmach/orb"
)

var (
	gzOnce sync.Once
	gz     *gazetteer.Gazetteer
)

func editor(t *testing.T) Editor {
	t.Helper()
	gzOnce.Do(func() {
		var err error
		if gz, err = gazetteer.LoadDefault(); err != nil {
			panic(err)
		}
	})
	return Editor{Gazetteer: gz}
}

func stored() incident.Incident {
	five := 5
	return incident.Incident{
		ID: "x1", EventDate: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), TimePrecision: 1,
		EventType: incident.TypeExplosions, SubEventType: incident.SubAirStrike, Actor1: "Military Forces of Iraq (2014-)",
		AssocActors: []string{"A"}, Location: "Baghdad", PlaceID: "gn:98182", CountryCode: "IQ", Admin1: "IQ-BG",
		Geometry: orb.Point{44.366, 33.315}, Point: orb.Point{44.366, 33.315}, GeoPrecision: 1, Fatalities: &five,
		Notes: "A drone struck.", Confidence: 0.6,
		Sources: []incident.Source{{ArticleID: "a1", URL: "https://news.example/a1"}},
	}
}

func TestPatch(t *testing.T) {
	e := editor(t)
	tests := []struct {
		name     string
		body     string
		badField string // the field of the expected *Error ("-": none); "" for success
		check    func(t *testing.T, in incident.Incident, fields []string)
	}{
		{"fatalities", `{"properties":{"fatalities":7}}`, "", func(t *testing.T, in incident.Incident, f []string) {
			if *in.Fatalities != 7 || !slices.Equal(f, []string{"fatalities"}) || in.Notes != "A drone struck." {
				t.Errorf("%+v %v", in, f)
			}
		}},
		{"null clears a count", `{"properties":{"fatalities":null}}`, "", func(t *testing.T, in incident.Incident, f []string) {
			if in.Fatalities != nil {
				t.Errorf("fatalities %v", *in.Fatalities)
			}
		}},
		{"status", `{"properties":{"status":"verified"}}`, "", func(t *testing.T, in incident.Incident, f []string) {
			if in.Status != "verified" || !slices.Equal(f, []string{"status"}) {
				t.Errorf("%q %v", in.Status, f)
			}
		}},
		{"whole feature shape", `{"type":"Feature","id":"x1","properties":{"notes":"Two drones."},"links":[]}`, "", func(t *testing.T, in incident.Incident, f []string) {
			if in.Notes != "Two drones." {
				t.Errorf("notes %q", in.Notes)
			}
		}},
		{"sub-event type names its type", `{"properties":{"sub_event_type":"Armed clash"}}`, "", func(t *testing.T, in incident.Incident, f []string) {
			if in.EventType != incident.TypeBattles || !slices.Contains(f, "event_type") {
				t.Errorf("%q %v", in.EventType, f)
			}
		}},
		{"geometry", `{"geometry":{"type":"LineString","coordinates":[[40.5,35],[41.5,33]]},"properties":{"geo_precision":3}}`, "", func(t *testing.T, in incident.Incident, f []string) {
			if _, ok := in.Geometry.(orb.LineString); !ok || in.Point != (orb.Point{41, 34}) || !slices.Contains(f, "geometry") {
				t.Errorf("%v %v %v", in.Geometry, in.Point, f)
			}
		}},
		{"place by gazetteer id", `{"properties":{"place_id":"gn:95446"}}`, "", func(t *testing.T, in incident.Incident, f []string) {
			if in.Location != "Erbil" || in.Point == (orb.Point{44.366, 33.315}) || !slices.Contains(f, "geometry") || !slices.Contains(f, "location") {
				t.Errorf("%q %v %v", in.Location, in.Point, f)
			}
		}},
		{"assoc actors", `{"properties":{"assoc_actors":["B"," B ","C"]}}`, "", func(t *testing.T, in incident.Incident, f []string) {
			if !slices.Equal(in.AssocActors, []string{"B", "C"}) {
				t.Errorf("%v", in.AssocActors)
			}
		}},
		{"unknown property", `{"properties":{"fatalitys":3}}`, "fatalitys", nil},
		{"unknown member", `{"props":{}}`, "props", nil},
		{"read-only property", `{"properties":{"lat":3}}`, "lat", nil},
		{"updated time", `{"properties":{"updated":"2024-01-01T00:00:00.000000Z"}}`, "updated", nil},
		{"other id", `{"id":"x2","properties":{}}`, "id", nil},
		{"not a feature", `{"type":"FeatureCollection"}`, "type", nil},
		{"not an object", `[1]`, "-", nil},
		{"string count", `{"properties":{"fatalities":"7"}}`, "fatalities", nil},
		{"negative count", `{"properties":{"injuries":-1}}`, "injuries", nil},
		{"fractional count", `{"properties":{"fatalities":1.5}}`, "fatalities", nil},
		{"bad date", `{"properties":{"event_date":"01/03/2024"}}`, "event_date", nil},
		{"precision out of range", `{"properties":{"time_precision":4}}`, "time_precision", nil},
		{"bad status", `{"properties":{"status":"deleted"}}`, "status", nil},
		{"unknown event type", `{"properties":{"event_type":"Picnic"}}`, "event_type", nil},
		{"sub-type of another type", `{"properties":{"event_type":"Battles","sub_event_type":"Air/drone strike"}}`, "sub_event_type", nil},
		{"type without its sub-type", `{"properties":{"event_type":"Protests"}}`, "sub_event_type", nil},
		{"null type", `{"properties":{"event_type":null}}`, "event_type", nil},
		{"null geometry", `{"geometry":null}`, "geometry", nil},
		{"geometry out of range", `{"geometry":{"type":"Point","coordinates":[200,10]}}`, "geometry", nil},
		{"open ring", `{"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}}`, "geometry", nil},
		{"one-number position", `{"geometry":{"type":"Point","coordinates":[1]}}`, "geometry", nil},
		{"geometry collection", `{"geometry":{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]}]}}`, "geometry", nil},
		{"unknown place", `{"properties":{"place_id":"gn:0"}}`, "place_id", nil},
		{"bad country code", `{"properties":{"country_code":"Iraq"}}`, "country_code", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fn, err := e.Patch([]byte(tt.body), "x1")
			var next incident.Incident
			var fields []string
			if err == nil {
				next, fields, err = fn(stored())
			}
			var re *Error
			switch {
			case tt.badField == "" && err != nil:
				t.Fatalf("error %v", err)
			case tt.badField != "" && (!errors.As(err, &re) || re.Field != strings.TrimPrefix(tt.badField, "-")):
				t.Fatalf("error %v, want one about %q", err, tt.badField)
			case tt.check != nil:
				tt.check(t, next, fields)
			}
			if err == nil {
				if err := next.Validate(); err != nil {
					t.Errorf("patched incident is not storable: %v", err)
				}
			}
		})
	}
}

func TestReplaceAndNew(t *testing.T) {
	e := editor(t)
	full := `{"type":"Feature","id":"x1","geometry":{"type":"Point","coordinates":[44,36]},"properties":{
		"event_date":"2024-03-02","event_type":"Battles","sub_event_type":"Armed clash","location":"Erbil",
		"lat":1,"lon":2,"sources":[],"confidence":0.1,"fatalities":3,"updated":"2024-01-01T00:00:00.000000Z"}}`
	fn, err := e.Replace([]byte(full), "x1")
	if err != nil {
		t.Fatal(err)
	}
	cur := stored()
	cur.Status = store.StatusVerified
	next, fields, err := fn(cur)
	if err != nil {
		t.Fatal(err)
	}
	if next.Actor1 != "" || next.PlaceID != "" || next.Location != "Erbil" || *next.Fatalities != 3 || next.Point != (orb.Point{44, 36}) {
		t.Errorf("replaced: %+v", next)
	}
	if next.Status != store.StatusVerified || next.Confidence != 0.6 || len(next.Sources) != 1 {
		t.Errorf("replace lost status, confidence or sources: %+v", next)
	}
	if !slices.Contains(fields, "actor1") || slices.Contains(fields, "status") {
		t.Errorf("fields = %v", fields)
	}
	for name, body := range map[string]string{
		"no geometry": `{"properties":{"event_date":"2024-03-02","event_type":"Battles","sub_event_type":"Armed clash"}}`,
		"no date":     `{"geometry":{"type":"Point","coordinates":[44,36]},"properties":{"event_type":"Battles","sub_event_type":"Armed clash"}}`,
		"no type":     `{"geometry":{"type":"Point","coordinates":[44,36]},"properties":{"event_date":"2024-03-02"}}`,
	} {
		if _, err := e.Replace([]byte(body), "x1"); err == nil {
			t.Errorf("replace %s: no error", name)
		}
		if _, err := e.New([]byte(body), "m1"); err == nil {
			t.Errorf("new %s: no error", name)
		}
	}
	in, err := e.New([]byte(full), "m1")
	if err != nil {
		t.Fatal(err)
	}
	if in.ID != "m1" || in.Confidence != 1 || in.EventType != "Battles" {
		t.Errorf("new: %+v", in)
	}
}

func TestGuardAndETag(t *testing.T) {
	cur := stored()
	tag := ETag(&cur)
	if len(tag) < 10 || tag[0] != '"' || tag[len(tag)-1] != '"' {
		t.Fatalf("ETag %s is not a strong tag", tag)
	}
	other := cur
	other.Notes = "else"
	if ETag(&other) == tag {
		t.Error("an edit left the ETag as it was")
	}
	other = cur
	other.Status = store.StatusVerified
	if ETag(&other) == tag {
		t.Error("a status change left the ETag as it was")
	}
	noop := func(c incident.Incident) (incident.Incident, []string, error) { return c, nil, nil }
	tests := []struct {
		ifMatch string
		status  string
		want    error
	}{
		{"", "", nil},
		{tag, "", nil},
		{"*", "", nil},
		{`"x", ` + tag, "", nil},
		{`"stale"`, "", ErrPrecondition},
		{"W/" + tag, "", ErrPrecondition},
		{tag, store.StatusDeleted, store.ErrNotFound},
	}
	for _, tt := range tests {
		c := cur
		c.Status = tt.status
		if tt.status != "" {
			// The tag of the deleted incident itself: deletion still wins.
			tt.ifMatch = ETag(&c)
		}
		_, _, err := Guard(tt.ifMatch, noop)(c)
		if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
			t.Errorf("Guard(%q) on status %q = %v, want %v", tt.ifMatch, tt.status, err, tt.want)
		}
	}
}

// FuzzPatch feeds edit documents from outside: no panic, and what passes
// the checks is an incident the stores accept.
func FuzzPatch(f *testing.F) {
	for _, s := range []string{`{"properties":{"fatalities":7}}`, `{"geometry":{"type":"Point","coordinates":[1,2]}}`,
		`{"properties":{"sub_event_type":"Armed clash"}}`, `{"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}`,
		`{"properties":{"assoc_actors":["x"],"event_date":"2024-01-01"}}`, `null`, `{}`} {
		f.Add(s)
	}
	e := Editor{}
	f.Fuzz(func(t *testing.T, body string) {
		fn, err := e.Patch([]byte(body), "x1")
		if err != nil {
			return
		}
		next, _, err := fn(stored())
		if err != nil {
			return
		}
		if err := next.Validate(); err != nil {
			t.Errorf("%s: an accepted patch made an incident the stores refuse: %v", body, err)
		}
	})
}
