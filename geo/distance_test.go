package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func TestDistanceKm(t *testing.T) {
	tests := []struct {
		name     string
		a, b     orb.Point
		want     float64
		tolerant float64
	}{
		{"Baghdad-Damascus", orb.Point{44.366, 33.315}, orb.Point{36.292, 33.513}, 750, 10},
		{"same point", orb.Point{44, 36}, orb.Point{44, 36}, 0, 1e-9},
		{"one degree on the equator", orb.Point{0, 0}, orb.Point{1, 0}, 111.195, 0.001},
		{"one degree of latitude", orb.Point{10, 50}, orb.Point{10, 51}, 111.195, 0.001},
		{"antipodes", orb.Point{0, 0}, orb.Point{180, 0}, math.Pi * EarthRadiusKm, 1e-6},
		{"across the antimeridian", orb.Point{179.5, 0}, orb.Point{-179.5, 0}, 111.195, 0.001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DistanceKm(tt.a, tt.b)
			if math.Abs(got-tt.want) > tt.tolerant {
				t.Errorf("DistanceKm(%v, %v) = %.4f, want %.4f ±%g", tt.a, tt.b, got, tt.want, tt.tolerant)
			}
			if back := DistanceKm(tt.b, tt.a); math.Abs(back-got) > 1e-9 {
				t.Errorf("not symmetric: %v vs %v", got, back)
			}
		})
	}
}

func TestDestination(t *testing.T) {
	tests := []struct {
		name    string
		p       orb.Point
		bearing float64
		km      float64
		want    orb.Point
		tol     float64
	}{
		{"20 km north", orb.Point{44, 36}, 0, 20, orb.Point{44, 36.1799}, 0.001},
		{"111.195 km east on the equator", orb.Point{0, 0}, 90, 111.195, orb.Point{1, 0}, 1e-4},
		{"south", orb.Point{10, 0}, 180, 111.195, orb.Point{10, -1}, 1e-4},
		{"west across the antimeridian", orb.Point{-179.5, 0}, 270, 111.195, orb.Point{179.5, 0}, 1e-4},
		{"zero distance", orb.Point{44, 36}, 123, 0, orb.Point{44, 36}, 1e-12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Destination(tt.p, tt.bearing, tt.km)
			if math.Abs(got[0]-tt.want[0]) > tt.tol || math.Abs(got[1]-tt.want[1]) > tt.tol {
				t.Errorf("Destination(%v, %v, %v) = %v, want %v ±%g", tt.p, tt.bearing, tt.km, got, tt.want, tt.tol)
			}
			if d := DistanceKm(tt.p, got); math.Abs(d-tt.km) > 1e-6 {
				t.Errorf("distance to destination = %v, want %v", d, tt.km)
			}
		})
	}
}

func TestBearing(t *testing.T) {
	tests := []struct {
		word string
		want float64
		ok   bool
	}{
		{"north", 0, true},
		{"North", 0, true},
		{"northern", 0, true},
		{"northeast", 45, true},
		{"north-east", 45, true},
		{"north east", 45, true},
		{"North-Eastern", 45, true},
		{"northeastern", 45, true},
		{"east", 90, true},
		{"eastern", 90, true},
		{"southeast", 135, true},
		{"south", 180, true},
		{"southern", 180, true},
		{"south-western", 225, true},
		{"west", 270, true},
		{"western", 270, true},
		{"northwest", 315, true},
		{"northwesterly", 315, true},
		{"westward", 270, true},
		{"N", 0, true},
		{"NE", 45, true},
		{"e", 90, true},
		{"SE", 135, true},
		{"S", 180, true},
		{"SW", 225, true},
		{"W", 270, true},
		{"NW", 315, true},
		{"N.E.", 45, true},
		{"NNE", 22.5, true},
		{" south ", 180, true},
		{"", 0, false},
		{"central", 0, false},
		{"up", 0, false},
		{"northy", 0, false},
		{"ern", 0, false},
		{"x", 0, false},
		{"nowhere", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			got, ok := Bearing(tt.word)
			if ok != tt.ok || got != tt.want {
				t.Errorf("Bearing(%q) = %v, %v; want %v, %v", tt.word, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestKmFromUnit(t *testing.T) {
	tests := []struct {
		value float64
		unit  string
		want  float64
		ok    bool
	}{
		{20, "km", 20, true},
		{20, "KM", 20, true},
		{20, "kms", 20, true},
		{20, "kilometers", 20, true},
		{20, "kilometres", 20, true},
		{1, "kilometre", 1, true},
		{10, "mi", 16.09344, true},
		{10, "miles", 16.09344, true},
		{1, "mile", 1.609344, true},
		{500, "m", 0.5, true},
		{500, "meters", 0.5, true},
		{500, "metres", 0.5, true},
		{1, "nautical miles", 1.852, true},
		{1000, "feet", 0.3048, true},
		{1, "furlong", 0, false},
		{1, "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.unit, func(t *testing.T) {
			got, ok := KmFromUnit(tt.value, tt.unit)
			if ok != tt.ok || math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("KmFromUnit(%v, %q) = %v, %v; want %v, %v", tt.value, tt.unit, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func BenchmarkDistanceKm(b *testing.B) {
	p, q := orb.Point{44.366, 33.315}, orb.Point{36.292, 33.513}
	var sum float64
	for b.Loop() {
		sum += DistanceKm(p, q)
	}
	_ = sum
}

// TestCloserKm: CloserKm agrees with DistanceKm on either side of the
// limit, whether the latitudes alone settle it or not.
func TestCloserKm(t *testing.T) {
	tests := []struct {
		name string
		a, b orb.Point
		km   float64
	}{
		{"far apart in latitude", orb.Point{44, 10}, orb.Point{44, 40}, 1500},
		{"just inside in latitude", orb.Point{44, 33}, orb.Point{44, 46.4}, 1500},
		{"just outside in latitude", orb.Point{44, 33}, orb.Point{44, 46.6}, 1500},
		{"far apart in longitude only", orb.Point{-97, 35}, orb.Point{38, 35}, 1500},
		{"close in longitude", orb.Point{36.3, 33.5}, orb.Point{44.4, 33.3}, 1500},
		{"across the antimeridian", orb.Point{179.5, 0}, orb.Point{-179.5, 0}, 150},
		{"the same point", orb.Point{10, 10}, orb.Point{10, 10}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := DistanceKm(tt.a, tt.b) < tt.km
			if got := CloserKm(tt.a, tt.b, tt.km); got != want {
				t.Errorf("CloserKm(%v, %v, %g) = %v, DistanceKm is %.1f", tt.a, tt.b, tt.km, got, DistanceKm(tt.a, tt.b))
			}
		})
	}
}

// TestUnitDot: two Units are less than km apart exactly when DistanceKm
// says so, away from the limit itself.
func TestUnitDot(t *testing.T) {
	pts := []orb.Point{{44.4, 33.3}, {36.3, 33.5}, {-97, 38}, {179.5, 0}, {-179.5, 0}, {12.5, 41.9}, {65.7, 31.6}, {0, 90}, {0, -89.9}, {36.2, 49.99}}
	for _, km := range []float64{10, 150, 1500, 5000} {
		cos := CosKm(km)
		for _, a := range pts {
			for _, b := range pts {
				d := DistanceKm(a, b)
				if math.Abs(d-km) < 1e-6 {
					continue
				}
				if got, want := UnitOf(a).Dot(UnitOf(b)) > cos, d < km; got != want {
					t.Errorf("%v %v within %g km: dot says %v, DistanceKm %.3f", a, b, km, got, d)
				}
			}
		}
	}
}
