package tiles

import "github.com/paulmach/orb"

// TileJSONOptions describe the tile set a TileJSON document advertises.
type TileJSONOptions struct {
	// Tiles are the tile URL templates, e.g.
	// "https://host/tiles/{z}/{x}/{y}.mvt?datetime=...".
	Tiles       []string
	Name        string
	Description string
	Attribution string
	// Version is the tile set's version (e.g. the data version).
	Version string
	// MinZoom and MaxZoom default to 0 and MaxZoom.
	MinZoom, MaxZoom int
	// Bounds is the data's extent in WGS84; nil means the whole world.
	Bounds *orb.Bound
	// Center is where a map opens; nil means the middle of Bounds.
	Center *orb.Point
	// CenterZoom is the zoom the map opens at; default 2.
	CenterZoom int
	// Basemap adds the basemap layers to vector_layers.
	Basemap bool
}

// TileJSON returns a TileJSON 3.0.0 document for the incident tiles (and
// the basemap layers when asked), ready to be encoded as JSON.
func TileJSON(o TileJSONOptions) map[string]any {
	maxZoom := o.MaxZoom
	if maxZoom <= 0 || maxZoom > MaxZoom {
		maxZoom = MaxZoom
	}
	minZoom := min(max(o.MinZoom, 0), maxZoom)
	b := orb.Bound{Min: orb.Point{-180, -maxLat}, Max: orb.Point{180, maxLat}}
	if o.Bounds != nil {
		b = *o.Bounds
		b.Min[1] = max(b.Min[1], -maxLat)
		b.Max[1] = min(b.Max[1], maxLat)
	}
	c := b.Center()
	if o.Center != nil {
		c = *o.Center
	}
	cz := o.CenterZoom
	if cz == 0 {
		cz = 2
	}
	// Field values are the type names tippecanoe writes and GDAL's MVT
	// driver reads ("String", "Number", "Boolean"); what each field means
	// is in the layer's description.
	layers := []any{map[string]any{
		"id": LayerIncidents,
		"description": "incidents: points (clustered below the cluster zoom), border lines and region polygons. " +
			"id: incident id; event_type, sub_event_type: ACLED types; event_date: ISO date; " +
			"fatalities: people killed (absent when unknown; for clusters the sum); " +
			"geo_precision: 1 exact place, 2 near a place, part of a region or a district, 3 province, wider region, border or country; " +
			"time_precision: 1 day known, 2 within a week, 3 month or longer; location: the place's name; " +
			"cluster: true for a cluster; count: incidents in a cluster; dominant_type: its most frequent event type",
		"minzoom": minZoom,
		"maxzoom": maxZoom,
		"fields": map[string]string{
			"id":             "String",
			"event_type":     "String",
			"sub_event_type": "String",
			"event_date":     "String",
			"fatalities":     "Number",
			"geo_precision":  "Number",
			"time_precision": "Number",
			"location":       "String",
			"cluster":        "Boolean",
			"count":          "Number",
			"dominant_type":  "String",
		},
	}}
	if o.Basemap {
		layers = append(layers,
			map[string]any{"id": LayerCountries, "description": "country areas (polygons) and boundaries (lines): name, code (ISO 3166-1 alpha-2)", "minzoom": minZoom, "maxzoom": maxZoom,
				"fields": map[string]string{"name": "String", "code": "String"}},
			map[string]any{"id": LayerAdmin1, "description": "first-level divisions, areas and boundaries: name, code, country_code", "minzoom": minZoom, "maxzoom": maxZoom,
				"fields": map[string]string{"name": "String", "code": "String", "country_code": "String"}},
			map[string]any{"id": LayerPlaces, "description": "place labels, larger places from lower zooms: name, population, rank (1 for the most populous)", "minzoom": minZoom, "maxzoom": maxZoom,
				"fields": map[string]string{"name": "String", "population": "Number", "rank": "Number"}},
		)
	}
	doc := map[string]any{
		"tilejson":      "3.0.0",
		"tiles":         o.Tiles,
		"vector_layers": layers,
		"scheme":        "xyz",
		"minzoom":       minZoom,
		"maxzoom":       maxZoom,
		"bounds":        []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]},
		"center":        []float64{c[0], c[1], float64(cz)},
	}
	if o.Tiles == nil {
		doc["tiles"] = []string{}
	}
	for k, v := range map[string]string{"name": o.Name, "description": o.Description, "attribution": o.Attribution, "version": o.Version} {
		if v != "" {
			doc[k] = v
		}
	}
	return doc
}
