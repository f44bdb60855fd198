package geo

import "github.com/paulmach/orb"

// Circle returns a polygon approximating the geodesic circle of radius km
// around center: a closed, counter-clockwise ring of segments vertices
// (32 when segments < 8). Longitudes stay continuous around the centre, so a
// circle crossing the antimeridian has longitudes beyond ±180. A radius of
// zero or less yields a ring collapsed onto the centre.
func Circle(center orb.Point, km float64, segments int) orb.Polygon {
	if segments < 8 {
		segments = 32
	}
	if km < 0 {
		km = 0
	}
	ring := make(orb.Ring, segments+1)
	for i := range segments {
		// Bearings run clockwise from north; walk them backwards so the ring
		// turns counter-clockwise in lon/lat.
		bearing := -360 * float64(i) / float64(segments)
		ring[i] = destination(center, bearing, km)
	}
	ring[segments] = ring[0]
	return orb.Polygon{ring}
}
