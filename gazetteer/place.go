package gazetteer

import (
	"math"

	"github.com/paulmach/orb"
)

// Kind says what sort of place a Place is.
type Kind string

// The kinds of place the gazetteer holds or derives.
const (
	KindContinent Kind = "continent"
	KindCountry   Kind = "country"
	KindAdmin1    Kind = "admin1"
	KindAdmin2    Kind = "admin2"
	KindCity      Kind = "city"
	KindAirport   Kind = "airport"
	KindAirbase   Kind = "airbase"
	// KindBorder is derived: the line two countries share.
	KindBorder Kind = "border"
	// KindRegion is derived: part of a country or division ("northern Syria").
	KindRegion Kind = "region"
	// KindPoint is derived: an offset from a place ("20 km north of Erbil").
	KindPoint Kind = "point"
	// KindRoute is derived: the road between two places ("the road between
	// A and B", "the A-B highway"), a line from one to the other.
	KindRoute Kind = "route"
	// KindUnresolved is derived: a place the text names that the gazetteer
	// lacks ("the village of A in B"), standing at the place that locates
	// it, with that place's geometry.
	KindUnresolved Kind = "unresolved"
)

// Place is one entry of the gazetteer, or one derived from entries by a
// spatial expression.
type Place struct {
	ID          string   `json:"id"`
	Kind        Kind     `json:"kind"`
	Name        string   `json:"name"`
	Alternates  []string `json:"alternate_names,omitempty"`
	Demonyms    []string `json:"demonyms,omitempty"`
	CountryCode string   `json:"country_code,omitempty"`
	Admin1      string   `json:"admin1,omitempty"`
	Population  int64    `json:"population,omitempty"`
	FeatureCode string   `json:"feature_code,omitempty"`
	// City is the place an airport serves, as its source names it.
	City string `json:"city,omitempty"`
	// Codes are other identifiers, each "scheme:value": "iso3:IRQ",
	// "geonames-admin1:IQ.07", "iata:BGW", "icao:ORBI".
	Codes []string `json:"codes,omitempty"`
	// Point is the representative point: the place itself, a label point
	// inside a polygon, or the middle of a border.
	Point orb.Point `json:"-"`
	// Shape is the polygon or line of a country, division, border or region;
	// nil for places known only as points.
	Shape orb.Geometry `json:"-"`
	// cosLat is the cosine of the point's latitude, set when the place
	// joins a gazetteer (0 for places derived from a text: read then).
	cosLat float64
}

// cosLatitude returns the cosine of the latitude of p's point.
func (p *Place) cosLatitude() float64 {
	if p.cosLat != 0 {
		return p.cosLat
	}
	return math.Cos(p.Point[1] * math.Pi / 180)
}

// Geometry returns the place's shape, or its point when it has no shape.
func (p *Place) Geometry() orb.Geometry {
	if p.Shape != nil {
		return p.Shape
	}
	return p.Point
}

// Located reports whether the place has a position: every gazetteer entry
// and derived place has one, a name nothing locates (UnlocatedMention)
// none.
func (p *Place) Located() bool { return p.Shape != nil || p.Point != (orb.Point{}) }

// Lat returns the latitude of the representative point.
func (p *Place) Lat() float64 { return p.Point[1] }

// Lon returns the longitude of the representative point.
func (p *Place) Lon() float64 { return p.Point[0] }

// IsArea reports whether the place is a region rather than a point on a map:
// a country, a division, a border or a part of a region.
func (p *Place) IsArea() bool {
	switch p.Kind {
	case KindContinent, KindCountry, KindAdmin1, KindAdmin2, KindBorder, KindRegion:
		return true
	}
	return false
}
