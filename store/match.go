package store

import (
	"math"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/paulmach/orb"
)

// Verdict is what a Matcher says of a stored incident and a new report.
type Verdict int

// The verdicts, weakest first.
const (
	// Distinct: two events; the report becomes an incident of its own.
	Distinct Verdict = iota
	// Uncertain: maybe one event; the report becomes an incident of its
	// own and the pair a merge suggestion for a reviewer.
	Uncertain
	// Same: one event; the report joins the stored incident as a source.
	Same
)

func (v Verdict) String() string {
	switch v {
	case Same:
		return "same"
	case Uncertain:
		return "uncertain"
	}
	return "distinct"
}

// Match is a Matcher's answer: the verdict, a score in 0..1 that ranks
// candidates (the best Same wins), and why, in a few words, for the
// reviewer of a suggestion.
type Match struct {
	Verdict Verdict
	Score   float64
	Reason  string
}

// Matcher compares a stored incident with a new report of the same or
// another article; stores call it at ingest on the incidents of the
// report's event type near it in space and time (MatchBound) when its
// exact id is not stored. A report that just one incident is Same as
// joins it; one that several are, or that some are Uncertain of, becomes
// an incident with merge suggestions.
type Matcher func(stored, report *incident.Incident) Match

// MatchWindow is where a store looks for candidates of a report: its
// geometry's bound grown by this many kilometres, and its event day give
// or take MatchDays (MatchDaysCoarse for a report known to the month).
const (
	MatchKm         = 60.0
	MatchDays       = 7
	MatchDaysCoarse = 31
)

// MatchBound returns the box and days a store searches for in's
// candidates.
func MatchBound(in *incident.Incident) (orb.Bound, time.Time, time.Time) {
	b := in.Point.Bound()
	if in.Geometry != nil {
		b = in.Geometry.Bound()
	}
	dLat := MatchKm / 111.0
	c := math.Cos(math.Min(math.Max(math.Abs(b.Min[1]), math.Abs(b.Max[1])), 85) * math.Pi / 180)
	dLon := MatchKm / (111.0 * c)
	b.Min[0], b.Max[0] = b.Min[0]-dLon, b.Max[0]+dLon
	b.Min[1], b.Max[1] = b.Min[1]-dLat, b.Max[1]+dLat
	days := MatchDays
	if in.TimePrecision >= 3 {
		days = MatchDaysCoarse
	}
	d := time.Duration(days) * 24 * time.Hour
	return b, in.EventDate.Add(-d), in.EventDate.Add(d)
}

// placeKm is how far a place of a geo_precision may lie from where the
// event happened: an exact place a few kilometres (a village and the
// strike on its outskirts, two gazetteers' points for one town), a place
// "near" or part of a region more, a region or border (whose geometry the
// distance already measures from) a little more.
func placeKm(p int) float64 {
	switch p {
	case 1:
		return 3
	case 2:
		return 10
	}
	return 15
}

// dayWindow is how many days apart two reports of one event may date it,
// by time_precision: the day known, within a week, the month.
func dayWindow(p int) int {
	switch p {
	case 1:
		return 0
	case 2:
		return 3
	}
	return 15
}

// compatibleSubtypes are sub-event types news reports confuse for one
// another: an air strike and a missile, a clash and the town it changed.
var compatibleSubtypes = [][]string{
	{incident.SubArmedClash, incident.SubGovRegains, incident.SubNonStateOvertakes},
	{incident.SubAirStrike, incident.SubShelling},
	{incident.SubIED, incident.SubSuicide, incident.SubGrenade},
	{incident.SubPeacefulProtest, incident.SubProtestIntervention, incident.SubExcessiveForce},
	{incident.SubViolentDemonstration, incident.SubMobViolence},
}

// typeFit says how two reports' types agree: 2 the same sub-event type
// (or one report's unknown, of the same event type), 1 compatible
// sub-event types, 0 different events.
func typeFit(a, b *incident.Incident) int {
	if a.SubEventType != "" && a.SubEventType == b.SubEventType {
		return 2
	}
	if a.EventType != b.EventType {
		return 0
	}
	if a.SubEventType == "" || b.SubEventType == "" {
		return 2
	}
	for _, g := range compatibleSubtypes {
		if contains(g, a.SubEventType) && contains(g, b.SubEventType) {
			return 1
		}
	}
	return 0
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// isRegion reports whether an incident is located in a region's polygon,
// which holds many places: a report there may summarise several events.
func isRegion(in *incident.Incident) bool {
	switch in.Geometry.(type) {
	case orb.Polygon, orb.MultiPolygon:
		return true
	}
	return false
}

// MatchReports is the default Matcher. Two reports are one event (Same)
// when their types fit (the same sub-event type, or one unknown), their
// places lie within what their geo precisions allow (3 km for exact
// places, 10 near a place, 15 beyond a region or border, measured to the
// border line or region polygon itself, so a town on a border matches an
// event on that border), their days within what their time precisions
// allow (the same day when both know the day), and the actors they name
// do not conflict. A pair twice as far apart, a day apart, of compatible
// sub-event types (an air strike and shelling), with conflicting actors,
// or in a region's polygon (which may summarise several events) is
// Uncertain at most: a merge suggestion.
func MatchReports(stored, report *incident.Incident) Match {
	fit := typeFit(stored, report)
	if fit == 0 {
		return Match{Distinct, 0, "different event types"}
	}
	km := math.Min(distanceKm(stored, report), distanceKm(report, stored))
	allowed := placeKm(stored.GeoPrecision) + placeKm(report.GeoPrecision)
	days := math.Abs(stored.EventDate.Sub(report.EventDate).Hours()) / 24
	window := float64(max(dayWindow(stored.TimePrecision), dayWindow(report.TimePrecision)))
	if km > 2*allowed+2 || days > 2*window+1 {
		return Match{Distinct, 0, "too far apart"}
	}
	score := 1 - 0.5*km/(2*allowed+2) - 0.3*days/(2*window+1)
	var doubts []string
	if km > allowed {
		doubts = append(doubts, "places farther apart than their precisions allow")
	}
	if days > window {
		doubts = append(doubts, "dates farther apart than their precisions allow")
	}
	if fit == 1 {
		doubts = append(doubts, "compatible sub-event types")
		score -= 0.1
	}
	if actorsConflict(stored, report) {
		doubts = append(doubts, "different actors")
		score -= 0.2
	}
	if isRegion(stored) || isRegion(report) {
		doubts = append(doubts, "a region's report")
	}
	if len(doubts) > 0 {
		return Match{Uncertain, max(score, 0.01), strings.Join(doubts, "; ")}
	}
	return Match{Same, score, "same event type, place and day"}
}

// distanceKm is how far a's geometry is from b's representative point.
func distanceKm(a, b *incident.Incident) float64 {
	if a.Geometry == nil {
		return geo.DistanceKm(a.Point, b.Point)
	}
	return geo.DistanceToKm(a.Geometry, b.Point)
}

// actorsConflict reports whether both reports name actors and none of
// one's is one of the other's. Unnamed actors (unidentified groups,
// civilians) name nobody, so they never conflict.
func actorsConflict(a, b *incident.Incident) bool {
	na, nb := namedActors(a), namedActors(b)
	if len(na) == 0 || len(nb) == 0 {
		return false
	}
	for _, x := range na {
		for _, y := range nb {
			if sameActor(x, y) {
				return false
			}
		}
	}
	return true
}

// namedActors are an incident's actors, normalised (lower case, no
// parenthesised years or country), leaving out those that name nobody.
func namedActors(in *incident.Incident) []string {
	var out []string
	for _, a := range append([]string{in.Actor1, in.Actor2}, in.AssocActors...) {
		n := normActor(a)
		if n == "" || strings.HasPrefix(n, "unidentified") || strings.HasPrefix(n, "civilians") ||
			strings.HasPrefix(n, "unknown") {
			continue
		}
		out = append(out, n)
	}
	return out
}

func normActor(s string) string {
	s = strings.ToLower(s)
	for {
		i := strings.IndexByte(s, '(')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], ')')
		if j < 0 {
			s = s[:i]
			break
		}
		s = s[:i] + s[i+j+1:]
	}
	return strings.Join(strings.Fields(s), " ")
}

// sameActor reports whether two normalised names are one actor: equal,
// one within the other ("military forces of syria" and "military forces
// of syria special forces"), or the forces of one country.
func sameActor(x, y string) bool {
	if x == y || strings.Contains(x, y) || strings.Contains(y, x) {
		return true
	}
	cx, okx := forcesOf(x)
	cy, oky := forcesOf(y)
	return okx && oky && cx == cy
}

// forcesOf returns the country of "military/police forces of X".
func forcesOf(s string) (string, bool) {
	i := strings.Index(s, "forces of ")
	if i < 0 {
		return "", false
	}
	c := strings.TrimPrefix(strings.TrimSpace(s[i+len("forces of "):]), "the ")
	if j := strings.Index(c, ":"); j >= 0 {
		c = c[:j]
	}
	return strings.TrimSpace(c), c != ""
}
