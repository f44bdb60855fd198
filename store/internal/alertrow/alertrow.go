// Package alertrow turns a subscription's area and types into the text
// columns both stores keep them in, and back.
package alertrow

import (
	"encoding/json"
	"fmt"

	"github.com/incidentmap/incidentmap/store"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// Row is a subscription's area and types as stored: bbox a JSON array of
// four numbers or "", area a GeoJSON geometry or "", types a JSON array.
type Row struct {
	Bbox, Area, Types string
}

// Encode returns sub's columns.
func Encode(sub store.Subscription) (Row, error) {
	var r Row
	if sub.Bbox != nil {
		b, _ := json.Marshal([4]float64{sub.Bbox.Min[0], sub.Bbox.Min[1], sub.Bbox.Max[0], sub.Bbox.Max[1]})
		r.Bbox = string(b)
	}
	if sub.Area != nil {
		b, err := json.Marshal(geojson.NewGeometry(sub.Area))
		if err != nil {
			return r, fmt.Errorf("subscription area: %w", err)
		}
		r.Area = string(b)
	}
	types := sub.Types
	if types == nil {
		types = []string{}
	}
	b, _ := json.Marshal(types)
	r.Types = string(b)
	return r, nil
}

// Decode sets sub's area and types from r.
func Decode(sub *store.Subscription, r Row) error {
	if r.Bbox != "" {
		var b [4]float64
		if err := json.Unmarshal([]byte(r.Bbox), &b); err != nil {
			return fmt.Errorf("subscription %d bbox: %w", sub.ID, err)
		}
		sub.Bbox = &orb.Bound{Min: orb.Point{b[0], b[1]}, Max: orb.Point{b[2], b[3]}}
	}
	if r.Area != "" {
		g, err := geojson.UnmarshalGeometry([]byte(r.Area))
		if err != nil {
			return fmt.Errorf("subscription %d area: %w", sub.ID, err)
		}
		sub.Area = g.Geometry()
	}
	if err := json.Unmarshal([]byte(r.Types), &sub.Types); err != nil {
		return fmt.Errorf("subscription %d types: %w", sub.ID, err)
	}
	if len(sub.Types) == 0 {
		sub.Types = nil
	}
	return nil
}
