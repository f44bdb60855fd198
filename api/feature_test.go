package api

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
	"github.com/paulmach/orb"
)

// TestStoredFeaturesMatchIncidentFeature: the features the stores keep
// ready-made (store.AppendFeature) must say exactly what IncidentFeature
// says, since the layer answers with one or the other.
func TestStoredFeaturesMatchIncidentFeature(t *testing.T) {
	two := 2
	zero := 0
	for _, inc := range []incident.Incident{
		{ID: "a", EventDate: time.Date(2021, 6, 27, 0, 0, 0, 0, time.UTC), TimePrecision: 1, EventType: "Explosions/Remote violence",
			SubEventType: "Air/drone strike", Actor1: "Military Forces of the United States", Actor2: "Kata'ib Hezbollah",
			AssocActors: []string{"Kata'ib Sayyid al-Shuhada"}, Location: "Iraq–Syria border", PlaceID: "border:IQ-SY", CountryCode: "IQ",
			Geometry: orb.LineString{{41, 34}, {41.5, 34.5}}, Point: orb.Point{41.25, 34.25}, GeoPrecision: 3,
			Notes: `They said "it was" <limited>.`, Confidence: 0.87,
			Sources: []incident.Source{{ArticleID: "s1", URL: "https://example.org/a", Title: "T", Published: time.Date(2021, 6, 28, 0, 0, 0, 0, time.UTC)}}},
		{ID: "b", EventDate: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), TimePrecision: 3, EventType: "Explosions/Remote violence",
			SubEventType: "Air/drone strike", Location: "Baghdad International Airport", Point: orb.Point{44.2346, 33.2625}, GeoPrecision: 2,
			Fatalities: &two, Injuries: &zero, Confidence: 0.5},
	} {
		var want, got map[string]any
		b, _ := json.Marshal(IncidentFeature(&inc))
		json.Unmarshal(b, &want)
		if err := json.Unmarshal(store.AppendFeature(nil, &inc), &got); err != nil {
			t.Fatalf("%s: stored feature is not JSON: %v", inc.ID, err)
		}
		if !reflect.DeepEqual(got, want) {
			gb, _ := json.Marshal(got)
			t.Errorf("%s: stored feature differs:\n got %s\nwant %s", inc.ID, gb, b)
		}
	}
}
