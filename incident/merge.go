package incident

import (
	"math"
	"slices"
)

// Merge combines a stored incident with the same incident as another
// article reports it, the rule both stores apply when an ingest meets an id
// that already exists:
//
//   - where: geometry, point, location, place id, country, admin1 and
//     geo_precision move together, taken from the report with the better
//     (lower) geo_precision, or on a tie the higher confidence;
//   - when: event_date and time_precision move together, taken from the
//     report with the better (lower) time_precision, or on a tie the higher
//     confidence;
//   - what and who: event_type, sub_event_type, actor1, actor2 and notes
//     come from the more confident report; empty fields are filled from the
//     other one; assoc_actors is the union, stored first;
//   - fatalities and injuries: a number beats null; between two numbers the
//     more confident report wins;
//   - confidence is the higher of the two.
//
// Ties keep what is stored, so re-ingesting changes nothing. Sources are
// not merged here: the stores link articles separately.
func Merge(stored, in Incident) Incident {
	m := stored
	better := in.Confidence > stored.Confidence
	// rank orders precisions best first; 0 (unknown) is worst.
	rank := func(p int) int {
		if p <= 0 {
			return math.MaxInt
		}
		return p
	}
	if in.Geometry != nil && (rank(in.GeoPrecision) < rank(stored.GeoPrecision) ||
		(rank(in.GeoPrecision) == rank(stored.GeoPrecision) && better)) {
		m.Geometry, m.Point = in.Geometry, in.Point
		m.Location, m.PlaceID, m.CountryCode, m.Admin1 = in.Location, in.PlaceID, in.CountryCode, in.Admin1
		m.GeoPrecision = in.GeoPrecision
	}
	if !in.EventDate.IsZero() && (stored.EventDate.IsZero() || rank(in.TimePrecision) < rank(stored.TimePrecision) ||
		(rank(in.TimePrecision) == rank(stored.TimePrecision) && better)) {
		m.EventDate, m.TimePrecision = in.EventDate, in.TimePrecision
	}
	pick := func(s, i string) string {
		if i != "" && (s == "" || better) {
			return i
		}
		return s
	}
	m.EventType = pick(stored.EventType, in.EventType)
	m.SubEventType = pick(stored.SubEventType, in.SubEventType)
	m.Actor1 = pick(stored.Actor1, in.Actor1)
	m.Actor2 = pick(stored.Actor2, in.Actor2)
	m.Notes = pick(stored.Notes, in.Notes)
	m.AssocActors = slices.Clone(stored.AssocActors)
	for _, a := range in.AssocActors {
		if !slices.Contains(m.AssocActors, a) {
			m.AssocActors = append(m.AssocActors, a)
		}
	}
	count := func(s, i *int) *int {
		if i != nil && (s == nil || better) {
			return i
		}
		return s
	}
	m.Fatalities = count(stored.Fatalities, in.Fatalities)
	m.Injuries = count(stored.Injuries, in.Injuries)
	m.Confidence = max(stored.Confidence, in.Confidence)
	return m
}
