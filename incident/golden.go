package incident

import (
	"encoding/json"

	"github.com/paulmach/orb/geojson"
)

// goldenIncident is an Incident as golden files and logs show it: the JSON
// fields plus the geometry as GeoJSON.
type goldenIncident struct {
	Incident
	Geometry *geojson.Geometry `json:"geometry"`
	Point    [2]float64        `json:"point"`
}

// MarshalReport renders incidents as indented JSON with their geometries,
// for golden files and debugging.
func MarshalReport(incs []Incident) ([]byte, error) {
	out := make([]goldenIncident, 0, len(incs))
	for _, in := range incs {
		g := goldenIncident{Incident: in, Point: [2]float64(in.Point)}
		if in.Geometry != nil {
			g.Geometry = geojson.NewGeometry(in.Geometry)
		}
		out = append(out, g)
	}
	return json.MarshalIndent(out, "", "  ")
}
