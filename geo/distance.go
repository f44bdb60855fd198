package geo

import (
	"math"
	"strings"

	"github.com/paulmach/orb"
)

// EarthRadiusKm is the mean Earth radius (IUGG) used by every spherical
// calculation in this package.
const EarthRadiusKm = 6371.0088

const (
	deg2rad = math.Pi / 180
	rad2deg = 180 / math.Pi
)

// DistanceKm returns the great-circle distance between a and b in kilometres.
func DistanceKm(a, b orb.Point) float64 {
	lat1, lat2 := a[1]*deg2rad, b[1]*deg2rad
	dLat := lat2 - lat1
	dLon := (b[0] - a[0]) * deg2rad
	s1 := math.Sin(dLat / 2)
	s2 := math.Sin(dLon / 2)
	h := s1*s1 + math.Cos(lat1)*math.Cos(lat2)*s2*s2
	if h > 1 {
		h = 1 // rounding near antipodes
	}
	return 2 * EarthRadiusKm * math.Asin(math.Sqrt(h))
}

// CloserKm reports whether a and b are less than km apart on the great
// circle. Points whose latitudes alone lie further apart are refused
// without the trigonometry of DistanceKm, which is what most of the pairs
// a text's far-apart places make come to.
func CloserKm(a, b orb.Point, km float64) bool {
	if math.Abs(b[1]-a[1])*deg2rad*EarthRadiusKm >= km {
		return false
	}
	return DistanceKm(a, b) < km
}

// Unit is a point of the sphere as a unit vector from the Earth's centre.
// Two Units' dot product is the cosine of the angle between them, so one
// point compared with many costs a few multiplications each after the
// trigonometry of UnitOf.
type Unit [3]float64

// UnitOf returns p as a Unit.
func UnitOf(p orb.Point) Unit {
	lat, lon := p[1]*deg2rad, p[0]*deg2rad
	return Unit{math.Cos(lat) * math.Cos(lon), math.Cos(lat) * math.Sin(lon), math.Sin(lat)}
}

// CosKm returns the cosine of the angle km spans at the Earth's centre:
// Units u and v are less than km apart when u.Dot(v) > CosKm(km).
func CosKm(km float64) float64 { return math.Cos(km / EarthRadiusKm) }

// Dot returns the dot product of u and v.
func (u Unit) Dot(v Unit) float64 { return u[0]*v[0] + u[1]*v[1] + u[2]*v[2] }

// Destination returns the point reached by travelling km kilometres from p
// along the initial bearing bearingDeg (0 = north, 90 = east) on a sphere.
// The longitude is normalised to [-180, 180).
func Destination(p orb.Point, bearingDeg, km float64) orb.Point {
	q := destination(p, bearingDeg, km)
	q[0] = normalizeLon(q[0])
	return q
}

// destination is Destination without longitude normalisation: the result's
// longitude stays within 180 degrees of p's, which keeps rings continuous.
func destination(p orb.Point, bearingDeg, km float64) orb.Point {
	delta := km / EarthRadiusKm
	theta := bearingDeg * deg2rad
	lat1 := p[1] * deg2rad
	lon1 := p[0] * deg2rad
	sinLat1, cosLat1 := math.Sincos(lat1)
	sinD, cosD := math.Sincos(delta)
	sinT, cosT := math.Sincos(theta)

	sinLat2 := sinLat1*cosD + cosLat1*sinD*cosT
	sinLat2 = math.Max(-1, math.Min(1, sinLat2))
	lat2 := math.Asin(sinLat2)
	dLon := math.Atan2(sinT*sinD*cosLat1, cosD-sinLat1*sinLat2)
	return orb.Point{(lon1 + dLon) * rad2deg, lat2 * rad2deg}
}

func normalizeLon(lon float64) float64 {
	if lon >= -180 && lon < 180 {
		return lon
	}
	lon = math.Mod(lon+180, 360)
	if lon < 0 {
		lon += 360
	}
	return lon - 180
}

// compass maps compact compass words and abbreviations to bearings.
var compass = map[string]float64{
	"north": 0, "northnortheast": 22.5, "northeast": 45, "eastnortheast": 67.5,
	"east": 90, "eastsoutheast": 112.5, "southeast": 135, "southsoutheast": 157.5,
	"south": 180, "southsouthwest": 202.5, "southwest": 225, "westsouthwest": 247.5,
	"west": 270, "westnorthwest": 292.5, "northwest": 315, "northnorthwest": 337.5,

	"n": 0, "nne": 22.5, "ne": 45, "ene": 67.5,
	"e": 90, "ese": 112.5, "se": 135, "sse": 157.5,
	"s": 180, "ssw": 202.5, "sw": 225, "wsw": 247.5,
	"w": 270, "wnw": 292.5, "nw": 315, "nnw": 337.5,
}

// compassSuffixes turn adjectives and adverbs back into the compass word:
// "northern", "north-easterly", "westward(s)".
var compassSuffixes = []string{"erly", "ern", "wards", "ward"}

// compactWord lower-cases w and drops spaces, hyphens, underscores and dots,
// so "North-East", "north east" and "N.E." all become one key.
func compactWord(w string) string {
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range strings.ToLower(strings.TrimSpace(w)) {
		switch r {
		case ' ', '-', '_', '.', '\t', '\u2010', '\u2011', '\u2013', '\u2014':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Bearing returns the compass bearing in degrees (0 = north, 90 = east) named
// by word: "north", "north-east", "north east", "northeastern", "NE",
// "south-westerly", "eastward" and the 16-point forms such as "NNE".
// Matching is case-insensitive; ok is false for anything else.
func Bearing(word string) (deg float64, ok bool) {
	w := compactWord(word)
	if d, ok := compass[w]; ok {
		return d, true
	}
	for _, suf := range compassSuffixes {
		if stem, found := strings.CutSuffix(w, suf); found && len(stem) > 2 {
			if d, ok := compass[stem]; ok {
				return d, true
			}
		}
	}
	return 0, false
}

// unitKm maps a lower-cased length unit to its length in kilometres.
var unitKm = map[string]float64{
	"km": 1, "kms": 1, "kilometer": 1, "kilometers": 1, "kilometre": 1, "kilometres": 1, "klick": 1, "klicks": 1,
	"mi": 1.609344, "mile": 1.609344, "miles": 1.609344,
	"m": 0.001, "meter": 0.001, "meters": 0.001, "metre": 0.001, "metres": 0.001,
	"nm": 1.852, "nmi": 1.852, "nauticalmile": 1.852, "nauticalmiles": 1.852,
	"ft": 0.0003048, "foot": 0.0003048, "feet": 0.0003048,
	"yd": 0.0009144, "yds": 0.0009144, "yard": 0.0009144, "yards": 0.0009144,
}

// KmFromUnit converts value expressed in unit ("km", "kilometres", "mi",
// "miles", "m", "metres", "nautical miles", "ft", "yards", ...) to
// kilometres. Matching is case-insensitive; ok is false for an unknown unit.
func KmFromUnit(value float64, unit string) (km float64, ok bool) {
	f, ok := unitKm[compactWord(unit)]
	if !ok {
		return 0, false
	}
	return value * f, true
}
