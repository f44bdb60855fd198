package main

import (
	"fmt"
	"math"
)

// degToRad is CPython's math.radians factor, Py_MATH_PI / 180.0 in double precision.
var degToRad = math.Pi / 180

// earthDiameterKm is score_acled.py's 2 * 6371.
const earthDiameterKm = 2 * 6371

// haversineKm is score_acled.py's km(): the great-circle distance on a sphere of radius
// 6371 km, step by step as Python evaluates it. The conversions to float64 keep the
// compiler from fusing a multiply and an add, which would round differently. Python's
// math functions refuse an infinite angle and a negative square root (latitudes beyond
// the poles); both are errors here too, while NaN flows through min(1, nan), which is 1.
func haversineKm(lat1, lon1, lat2, lon2 float64) (float64, error) {
	p1, p2, dl := lat1*degToRad, lat2*degToRad, float64(lon2-lon1)*degToRad
	for _, a := range []float64{p1, p2, dl} {
		if math.IsInf(a, 0) {
			return 0, fmt.Errorf("km(%v, %v, %v, %v): math domain error", lat1, lon1, lat2, lon2)
		}
	}
	a := math.Sin(float64(p2-p1) / 2)
	b := math.Sin(dl / 2)
	h := float64(a*a) + float64(float64(math.Cos(p1)*math.Cos(p2))*float64(b*b))
	if h < 0 {
		return 0, fmt.Errorf("km(%v, %v, %v, %v): math domain error", lat1, lon1, lat2, lon2)
	}
	s := math.Sqrt(h)
	if !(s < 1) { // Python's min(1, s) keeps 1 unless s is smaller; NaN is not
		s = 1
	}
	return earthDiameterKm * math.Asin(s), nil
}

// nearestKm is the distance from lat, lon to the nearest of pts: the first of equal
// ones, as Python's min() keeps.
func nearestKm(lat, lon float64, pts []point) (float64, error) {
	best := math.NaN()
	for i, p := range pts {
		plat, ok1 := pyNumber(p.lat)
		plon, ok2 := pyNumber(p.lon)
		if !ok1 || !ok2 {
			return 0, fmt.Errorf("position (%v, %v) is not two numbers", p.lon, p.lat)
		}
		d, err := haversineKm(lat, lon, plat, plon)
		if err != nil {
			return 0, err
		}
		if i == 0 || d < best {
			best = d
		}
	}
	return best, nil
}
