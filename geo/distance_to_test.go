package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func TestDistanceToKm(t *testing.T) {
	border := orb.LineString{{40, 34}, {41, 34}} // along a parallel
	square := orb.Polygon{{{40, 33}, {41, 33}, {41, 34}, {40, 34}, {40, 33}}}
	tests := []struct {
		name string
		g    orb.Geometry
		p    orb.Point
		want float64 // km; tolerance 1%
	}{
		{"point", orb.Point{40, 34}, orb.Point{40, 34.1}, 11.12},
		{"on the line", border, orb.Point{40.5, 34}, 0},
		{"beside the line", border, orb.Point{40.5, 34.05}, 5.56},
		{"past the line's end", border, orb.Point{41.1, 34}, 9.22},
		{"inside the polygon", square, orb.Point{40.5, 33.5}, 0},
		{"outside the polygon", square, orb.Point{40.5, 32.9}, 11.12},
		{"multi", orb.MultiLineString{{{0, 0}, {0, 1}}, border}, orb.Point{40.5, 34.05}, 5.56},
		{"across the antimeridian", orb.LineString{{179.9, 0}, {179.9, 1}}, orb.Point{-179.9, 0.5}, 22.24},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DistanceToKm(tt.g, tt.p)
			if math.Abs(got-tt.want) > 0.01*tt.want+1e-9 {
				t.Errorf("DistanceToKm = %.3f km, want %.2f", got, tt.want)
			}
		})
	}
	if d := DistanceToKm(orb.LineString{}, orb.Point{}); !math.IsInf(d, 1) {
		t.Errorf("empty line: %v", d)
	}
}
