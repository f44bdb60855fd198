// Package alerts tells subscribers when an ingest stores or updates an
// incident in the area they watch: it parses subscriptions (an area by
// bbox, region or polygon; event types; a fatalities threshold), matches
// the changes ingests queue in the store against them, delivers each
// match as a webhook signed with HMAC-SHA256 (retried with exponential
// backoff, then kept as a dead letter) and writes a subscription's matches
// as an Atom feed. The store's outbox makes delivery durable: an ingest
// never waits for a receiver, and a restart loses no alert.
package alerts

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/incidentmap/incidentmap/feeds"
	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/query"
	"github.com/incidentmap/incidentmap/store"
	"github.com/paulmach/orb"
)

// Input is a subscription as a client writes it (the body of POST
// /subscriptions, or the flags of "alerts add").
type Input struct {
	Name string `json:"name"`
	// URL receives the webhooks; "" keeps the Atom feed only.
	URL string `json:"url"`
	// Secret signs the webhooks; "" has one made up.
	Secret string `json:"secret"`
	// Bbox is "minLon,minLat,maxLon,maxLat" (or four numbers in JSON).
	Bbox json.RawMessage `json:"bbox"`
	// Region is a country or first-level division by name or code.
	Region string `json:"region"`
	// Intersects is a polygon as GeoJSON (an object or a string) or WKT.
	Intersects json.RawMessage `json:"intersects"`
	// Types are event types or sub-event types.
	Types []string `json:"types"`
	// MinFatalities keeps incidents reporting at least this many deaths.
	MinFatalities int `json:"min_fatalities"`
}

// InputError is a field of an Input that cannot be used: the client's
// mistake.
type InputError struct {
	// Field names the member (or CLI flag) at fault.
	Field  string
	Detail string
}

func (e *InputError) Error() string { return e.Field + ": " + e.Detail }

func inputErr(field, format string, args ...any) *InputError {
	return &InputError{Field: field, Detail: fmt.Sprintf(format, args...)}
}

// Parse checks in and turns it into a subscription to store; regions are
// checked against gz (and resolved again when matched).
func Parse(in Input, gz *gazetteer.Gazetteer) (store.Subscription, error) {
	sub := store.Subscription{Name: strings.TrimSpace(in.Name), MinFatalities: in.MinFatalities, Secret: in.Secret}
	if len(sub.Name) > 200 {
		return sub, inputErr("name", "name is longer than 200 bytes")
	}
	if in.URL != "" {
		u, err := feeds.CheckURL(in.URL)
		if err != nil {
			return sub, inputErr("url", "%v", err)
		}
		if len(u.String()) > 2000 {
			return sub, inputErr("url", "url is longer than 2000 bytes")
		}
		sub.URL = u.String()
	}
	if sub.Secret == "" {
		sub.Secret = NewSecret()
	} else if len(sub.Secret) < 16 || len(sub.Secret) > 200 {
		return sub, inputErr("secret", "a secret has 16 to 200 bytes (leave it out to have one made)")
	}
	if in.MinFatalities < 0 || in.MinFatalities > 1000000 {
		return sub, inputErr("min_fatalities", "min_fatalities is a whole number from 0 to 1000000")
	}
	types, err := query.ParseTypes(in.Types)
	if err != nil {
		return sub, inputErr("types", "%v", err)
	}
	sub.Types = types
	areas := 0
	if b := strings.TrimSpace(string(in.Bbox)); b != "" && b != "null" {
		areas++
		box, err := parseBbox(in.Bbox)
		if err != nil {
			return sub, inputErr("bbox", "%v", err)
		}
		if box.Min[0] <= box.Max[0] {
			sub.Bbox = &box
		} else {
			sub.Area = query.BboxArea(box) // across the antimeridian: two boxes
		}
	}
	if r := strings.TrimSpace(in.Region); r != "" {
		areas++
		if gz == nil {
			return sub, inputErr("region", "no gazetteer to resolve regions")
		}
		if _, ok := gz.Region(r); !ok {
			return sub, inputErr("region", "no country or first-level division is called %q (try a name such as Iraq or Anbar, or a code such as IQ or IQ-AN)", r)
		}
		sub.Region = r
	}
	if g := strings.TrimSpace(string(in.Intersects)); g != "" && g != "null" {
		areas++
		if len(g) > 1<<20 {
			return sub, inputErr("intersects", "the geometry is larger than 1 MiB")
		}
		var s string
		if json.Unmarshal(in.Intersects, &s) == nil {
			g = s // WKT, or GeoJSON given as a string
		}
		geom, err := query.ParseGeometry(g)
		if err != nil {
			return sub, inputErr("intersects", "%v", err)
		}
		switch geom.(type) {
		case orb.Polygon, orb.MultiPolygon:
		default:
			return sub, inputErr("intersects", "the area is a Polygon or MultiPolygon, not a %s", geom.GeoJSONType())
		}
		sub.Area = geom
	}
	if areas > 1 {
		return sub, inputErr("bbox", "give one of bbox, region and intersects")
	}
	return sub, nil
}

// parseBbox reads a bbox given as a string or an array of four numbers.
func parseBbox(raw json.RawMessage) (orb.Bound, error) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return query.ParseBbox(s)
	}
	var nums []float64
	if err := json.Unmarshal(raw, &nums); err != nil || len(nums) != 4 {
		return orb.Bound{}, fmt.Errorf(`bbox is "minLon,minLat,maxLon,maxLat" or an array of four numbers`)
	}
	return query.ParseBbox(fmt.Sprintf("%v,%v,%v,%v", nums[0], nums[1], nums[2], nums[3]))
}

// NewSecret returns a random secret for signing webhooks.
func NewSecret() string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return hex.EncodeToString(b)
}

// matcher is a subscription ready to test incidents against.
type matcher struct {
	sub             store.Subscription
	area            orb.Geometry
	bound           orb.Bound // the area's, to rule most incidents out cheaply
	country, admin1 string
	types           map[string]bool
	bad             error // the region no longer resolves: nothing matches
}

func compile(sub store.Subscription, gz *gazetteer.Gazetteer) matcher {
	m := matcher{sub: sub, area: sub.Area}
	if sub.Bbox != nil {
		m.area = sub.Bbox.ToPolygon()
	}
	if sub.Region != "" {
		var pl *gazetteer.Place
		ok := false
		if gz != nil {
			pl, ok = gz.Region(sub.Region)
		}
		switch {
		case !ok:
			m.bad = fmt.Errorf("subscription %d: region %q is not in the gazetteer", sub.ID, sub.Region)
		case pl.Shape != nil:
			m.area = pl.Shape
		case pl.Kind == "country":
			m.country = pl.CountryCode
		default:
			m.admin1 = pl.Admin1
		}
	}
	if m.area != nil {
		m.bound = m.area.Bound()
	}
	if len(sub.Types) > 0 {
		m.types = map[string]bool{}
		for _, t := range sub.Types {
			m.types[t] = true
		}
	}
	return m
}

// subject is what matching needs of an incident, read from its Feature.
type subject struct {
	geometry                orb.Geometry
	eventType, subEventType string
	fatalities              *int
	country, admin1, status string
}

// match reports whether s is of the subscription's area, types and
// fatalities.
func (m matcher) match(s *subject) bool {
	if m.bad != nil || s == nil || s.geometry == nil {
		return false
	}
	if s.status != "" && s.status != store.StatusUnreviewed && s.status != store.StatusVerified {
		return false // rejected and deleted incidents leave every layer, alerts too
	}
	if m.types != nil && !m.types[s.eventType] && !m.types[s.subEventType] {
		return false
	}
	if m.sub.MinFatalities > 0 && (s.fatalities == nil || *s.fatalities < m.sub.MinFatalities) {
		return false
	}
	if m.country != "" && !strings.EqualFold(s.country, m.country) {
		return false
	}
	if m.admin1 != "" && !strings.EqualFold(s.admin1, m.admin1) {
		return false
	}
	if m.area != nil && (!m.bound.Intersects(s.geometry.Bound()) || !geo.Intersects(m.area, s.geometry)) {
		return false
	}
	return true
}
