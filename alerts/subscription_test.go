package alerts

import (
	"encoding/json"
	"errors"
	"sync"
	"testing"

	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/incidentmap/incidentmap/store"
	"github.com/paulmach/orb"
)

var (
	gzOnce sync.Once
	gz     *gazetteer.Gazetteer
)

func testGazetteer(t testing.TB) *gazetteer.Gazetteer {
	gzOnce.Do(func() {
		var err error
		if gz, err = gazetteer.LoadDefault(); err != nil {
			t.Fatal(err)
		}
	})
	return gz
}

func TestParse(t *testing.T) {
	g := testGazetteer(t)
	tests := []struct {
		name  string
		body  string
		field string // "" for a valid input
		check func(t *testing.T, s store.Subscription)
	}{
		{"bbox string", `{"url":"https://hooks.example/x","bbox":"38,32,43,38","types":["Battles"],"min_fatalities":5}`, "",
			func(t *testing.T, s store.Subscription) {
				if s.Bbox == nil || s.Bbox.Min != (orb.Point{38, 32}) || s.Types[0] != "Battles" || s.MinFatalities != 5 || len(s.Secret) != 48 {
					t.Errorf("%+v", s)
				}
			}},
		{"bbox array", `{"bbox":[38,32,43,38]}`, "", func(t *testing.T, s store.Subscription) {
			if s.Bbox == nil || s.Bbox.Max != (orb.Point{43, 38}) || s.URL != "" {
				t.Errorf("%+v", s)
			}
		}},
		{"bbox across the antimeridian", `{"bbox":"170,-20,-170,-10"}`, "", func(t *testing.T, s store.Subscription) {
			if s.Bbox != nil || s.Area == nil {
				t.Errorf("%+v", s)
			}
		}},
		{"region", `{"region":"Anbar"}`, "", func(t *testing.T, s store.Subscription) {
			if s.Region != "Anbar" {
				t.Errorf("%+v", s)
			}
		}},
		{"polygon as GeoJSON", `{"intersects":{"type":"Polygon","coordinates":[[[44,33],[45,33],[45,34],[44,33]]]}}`, "",
			func(t *testing.T, s store.Subscription) {
				if _, ok := s.Area.(orb.Polygon); !ok {
					t.Errorf("%+v", s)
				}
			}},
		{"polygon as WKT", `{"intersects":"POLYGON((44 33,45 33,45 34,44 33))"}`, "", func(t *testing.T, s store.Subscription) {
			if _, ok := s.Area.(orb.Polygon); !ok {
				t.Errorf("%+v", s)
			}
		}},
		{"own secret", `{"secret":"0123456789abcdef0123"}`, "", func(t *testing.T, s store.Subscription) {
			if s.Secret != "0123456789abcdef0123" {
				t.Errorf("%+v", s)
			}
		}},
		{"two areas", `{"bbox":"38,32,43,38","region":"Iraq"}`, "bbox", nil},
		{"bad bbox", `{"bbox":"38,32,43"}`, "bbox", nil},
		{"bbox of three numbers", `{"bbox":[1,2,3]}`, "bbox", nil},
		{"unknown region", `{"region":"Atlantis"}`, "region", nil},
		{"point is no area", `{"intersects":{"type":"Point","coordinates":[44,33]}}`, "intersects", nil},
		{"broken geometry", `{"intersects":"POLYGON((44 33"}`, "intersects", nil},
		{"ftp url", `{"url":"ftp://hooks.example/x"}`, "url", nil},
		{"url with credentials", `{"url":"https://u:p@hooks.example/x"}`, "url", nil},
		{"short secret", `{"secret":"short"}`, "secret", nil},
		{"negative fatalities", `{"min_fatalities":-1}`, "min_fatalities", nil},
		{"unknown type", `{"types":["Picnics"]}`, "types", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var in Input
			if err := json.Unmarshal([]byte(tc.body), &in); err != nil {
				t.Fatal(err)
			}
			s, err := Parse(in, g)
			if tc.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				tc.check(t, s)
				return
			}
			var ie *InputError
			if !errors.As(err, &ie) || ie.Field != tc.field {
				t.Errorf("error %v, want one about %s", err, tc.field)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	g := testGazetteer(t)
	five := 5
	in := func(p orb.Point, typ string, deaths *int, country, admin1 string) *subject {
		return &subject{geometry: p, eventType: "Battles", subEventType: typ, fatalities: deaths, country: country, admin1: admin1, status: "unreviewed"}
	}
	ramadi := orb.Point{43.3, 33.42} // in Anbar
	basra := orb.Point{47.78, 30.5}  // in Iraq, not Anbar
	aleppo := orb.Point{37.16, 36.2} // in Syria
	box := orb.Bound{Min: orb.Point{43, 33}, Max: orb.Point{44, 34}}
	tests := []struct {
		name string
		sub  store.Subscription
		s    *subject
		want bool
	}{
		{"everything", store.Subscription{}, in(aleppo, "Armed clash", nil, "SY", ""), true},
		{"in the box", store.Subscription{Bbox: &box}, in(ramadi, "Armed clash", nil, "IQ", ""), true},
		{"outside the box", store.Subscription{Bbox: &box}, in(basra, "Armed clash", nil, "IQ", ""), false},
		{"in the region", store.Subscription{Region: "Anbar"}, in(ramadi, "Armed clash", nil, "IQ", ""), true},
		{"outside the region", store.Subscription{Region: "Anbar"}, in(basra, "Armed clash", nil, "IQ", ""), false},
		{"in the country", store.Subscription{Region: "IQ"}, in(basra, "Armed clash", nil, "IQ", ""), true},
		{"outside the country", store.Subscription{Region: "IQ"}, in(aleppo, "Armed clash", nil, "SY", ""), false},
		{"a region no longer known", store.Subscription{Region: "Atlantis"}, in(ramadi, "Armed clash", nil, "IQ", ""), false},
		{"event type", store.Subscription{Types: []string{"Battles"}}, in(ramadi, "Armed clash", nil, "IQ", ""), true},
		{"sub-event type", store.Subscription{Types: []string{"Armed clash"}}, in(ramadi, "Armed clash", nil, "IQ", ""), true},
		{"other type", store.Subscription{Types: []string{"Protests"}}, in(ramadi, "Armed clash", nil, "IQ", ""), false},
		{"enough deaths", store.Subscription{MinFatalities: 5}, in(ramadi, "Armed clash", &five, "IQ", ""), true},
		{"too few deaths", store.Subscription{MinFatalities: 6}, in(ramadi, "Armed clash", &five, "IQ", ""), false},
		{"unknown deaths", store.Subscription{MinFatalities: 1}, in(ramadi, "Armed clash", nil, "IQ", ""), false},
		{"rejected", store.Subscription{}, &subject{geometry: ramadi, status: store.StatusRejected}, false},
		{"no incident", store.Subscription{}, nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := compile(tc.sub, g).match(tc.s); got != tc.want {
				t.Errorf("match = %v, want %v", got, tc.want)
			}
		})
	}
}

// FuzzParse feeds Parse outside input: it may refuse it, never panic.
func FuzzParse(f *testing.F) {
	f.Add(`{"url":"https://hooks.example/x","bbox":"38,32,43,38","types":["Battles"],"min_fatalities":5}`)
	f.Add(`{"intersects":{"type":"Polygon","coordinates":[[[44,33],[45,33],[45,34],[44,33]]]}}`)
	f.Add(`{"intersects":"POLYGON((44 33,45 33,45 34,44 33))","bbox":[1,2,3,4]}`)
	f.Add(`{"region":"Anbar","secret":"0123456789abcdef"}`)
	f.Fuzz(func(t *testing.T, body string) {
		var in Input
		if json.Unmarshal([]byte(body), &in) != nil {
			return
		}
		s, err := Parse(in, nil)
		if err == nil && s.Secret == "" {
			t.Errorf("a subscription without a secret: %+v", s)
		}
	})
}
