package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
)

// oldTypes maps ACLED's pre-2019 event types to today's.
var oldTypes = map[string]string{
	"Battle-No change of territory":              "Battles",
	"Battle-Government regains territory":        "Battles",
	"Battle-Non-state actor overtakes territory": "Battles",
	"Remote violence":                            "Explosions/Remote violence",
	"Violence against civilians":                 "Violence against civilians",
	"Riots/Protests":                             "Protests",
	"Strategic development":                      "Strategic developments",
	"Non-violent transfer of territory":          "Strategic developments",
	"Headquarters or base established":           "Strategic developments",
}

// politicalViolence are the event types -types pv keeps.
var politicalViolence = map[string]bool{
	"Battles": true, "Explosions/Remote violence": true, "Violence against civilians": true,
}

// radiusKm is how near ACLED's point an incident must lie, by geo_precision; 50 km for
// any other value.
var radiusKm = map[int64]float64{1: 25, 2: 50, 3: 150}

// windowDays is how far from ACLED's date an incident's may be, by time_precision; 0
// (the same day) for any other value.
var windowDays = map[int64]int{1: 0, 2: 7, 3: 31}

// note is one selected ACLED row: its notes paragraph is the article, the rest the gold.
type note struct {
	row       csvRow
	eventType cell // today's event type (None for a row too short to have one)
	date      date
	lat, lon  float64
	notes     string // as in the file; the article's body is pyStrip(notes)
}

// readNotes reads an ACLED CSV and keeps the rows score_acled.py keeps: of the types
// asked for ("pv" political violence, anything else all), with a readable event_date,
// latitude and longitude, and notes that are not blank.
func readNotes(r io.Reader, types string) ([]note, error) {
	dr := newDictReader(r)
	var notes []note
	for {
		row, err := dr.next()
		if errors.Is(err, io.EOF) {
			return notes, nil
		}
		if err != nil {
			return nil, err
		}
		et := row.getOr("event_type", "")
		if et.ok {
			if t, ok := oldTypes[et.s]; ok {
				et.s = t
			}
		}
		if types == "pv" && !(et.ok && politicalViolence[et.s]) {
			continue
		}
		ed := row.getOr("event_date", "")
		if !ed.ok {
			return nil, fmt.Errorf("csv line %d: no event_date (the row is short)", dr.lines.n)
		}
		d, okDate := parseDate(ed.s)
		// float(r["latitude"]), float(r["longitude"]) in this order: the first error decides.
		lat, err := floatCell(row, "latitude")
		var lon float64
		if err == nil {
			lon, err = floatCell(row, "longitude")
		}
		if errors.Is(err, errPyValue) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("csv line %d: %w", dr.lines.n, err)
		}
		n, _ := row.get("notes")
		if !okDate || pyStrip(n.s) == "" {
			continue
		}
		notes = append(notes, note{row: row, eventType: et, date: d, lat: lat, lon: lon, notes: n.s})
	}
}

// floatCell is float(r[name]): a missing column is a KeyError, which score_acled.py
// skips the row for like a ValueError; a short row's None is a TypeError, which it
// does not.
func floatCell(row csvRow, name string) (float64, error) {
	c, inHeader := row.get(name)
	if !inHeader {
		return 0, fmt.Errorf("no column %s: %w", name, errPyValue)
	}
	if !c.ok {
		return 0, fmt.Errorf("float(None) for %s (the row is short)", name)
	}
	return pyFloat(c.s)
}

// articleJSON is one line of extract's --jsonl input.
type articleJSON struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Body      string `json:"body"`
	Published string `json:"published,omitempty"`
}

// featureIn is one incident of extract's output, as far as scoring reads it.
type featureIn struct {
	props  map[string]any // nil when absent, null or empty
	points []point
}

// point is a vertex or the lat/lon of an incident, as decoded: Python reads its numbers
// only when the date is right, so a non-number here is an error only then.
type point struct{ lat, lon any }

// acledResult is the score of one ACLED file.
type acledResult struct {
	File             string  `json:"file"`
	Types            string  `json:"types"`
	Notes            int     `json:"notes"`
	MB               float64 `json:"mb"`
	Seconds          float64 `json:"seconds"`
	NotesPerSecond   float64 `json:"notes_per_second"`
	Found            int     `json:"found"`
	Recall           float64 `json:"recall"`
	ByGeoPrecision   []split `json:"by_geo_precision"`
	NoIncident       int     `json:"no_incident"`
	WrongPlaceOrDate int     `json:"wrong_place_or_date"`
	EventTypeRight   int     `json:"event_type_right"`
	EventType        ratio   `json:"event_type"`
	SubEventTypeN    int     `json:"sub_event_type_n"`
	SubEventTypeOK   int     `json:"sub_event_type_right"`
	SubEventType     ratio   `json:"sub_event_type"`
	FatalitiesExact  int     `json:"fatalities_exact_n"`
	Fatalities       ratio   `json:"fatalities_exact"`
	Predicted        int     `json:"predicted"`
	Extra            int     `json:"extra"`
	ExtraPerNote     float64 `json:"extra_per_note"`
	// Borderline counts distance tests within a micrometre of the radius, where Go's and
	// C's last-bit differences in sin/cos could decide otherwise than Python.
	Borderline int    `json:"borderline"`
	misses     []miss // the first -show misses
}

// split is recall over the notes of one geo_precision.
type split struct {
	GeoPrecision string  `json:"geo_precision"`
	Notes        int     `json:"notes"`
	Found        int     `json:"found"`
	Recall       float64 `json:"recall"`
}

// miss is a note no incident matched, for -show.
type miss struct {
	n    note
	got  [][3]any // event_date, location, sub_event_type of each incident
	none bool
}

// evalACLED selects the notes of path, extracts incidents from all of them in one run of
// the binary and scores them as score_acled.py does.
func evalACLED(ctx context.Context, cfg config) (acledResult, error) {
	f, err := os.Open(cfg.acled)
	if err != nil {
		return acledResult{}, err
	}
	notes, err := readNotes(f, cfg.types)
	f.Close()
	if err != nil {
		return acledResult{}, fmt.Errorf("%s: %w", cfg.acled, err)
	}
	if cfg.limit > 0 && cfg.limit < len(notes) {
		notes = notes[:cfg.limit]
	} else if cfg.limit < 0 { // Python's rows[:-n]
		notes = notes[:max(len(notes)+cfg.limit, 0)]
	}
	if len(notes) == 0 {
		return acledResult{}, fmt.Errorf("%s: no notes selected", cfg.acled)
	}
	inputs := make([]articleJSON, len(notes))
	var bytesIn int
	for i, n := range notes {
		inputs[i] = articleJSON{ID: strconv.Itoa(i), Body: pyStrip(n.notes), Published: (n.date + 1).String()}
		bytesIn += len(n.notes)
	}
	s := newACLEDScorer(cfg.show)
	elapsed, err := runBatch(ctx, cfg.bin, "extract", cfg.tempDir, inputs, func(i int, line []byte) error {
		feats, err := parseIncidents(line, strconv.Itoa(i))
		if err != nil {
			return err
		}
		return s.add(notes[i], feats)
	})
	if err != nil {
		return acledResult{}, err
	}
	r := s.result()
	r.File, r.Types = cfg.acled, cfg.types
	r.MB = float64(bytesIn) / 1e6
	r.Seconds = elapsed.Seconds()
	r.NotesPerSecond = float64(r.Notes) / max(elapsed.Seconds(), 1e-9)
	return r, nil
}

// featureList decodes one output line, a FeatureCollection, checks its id
// and returns its features (nil when it has none, as Python's falsy test).
func featureList(line []byte, id string) ([]any, error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	var fc map[string]any
	if err := dec.Decode(&fc); err != nil {
		return nil, fmt.Errorf("malformed JSON: %w", err)
	}
	if err := checkID(fc["id"], id); err != nil {
		return nil, err
	}
	raw := fc["features"]
	if !truthy(raw) {
		return nil, nil
	}
	list, ok := raw.([]any)
	if !ok {
		return nil, fmt.Errorf("features is a %s, want a list", pyType(raw))
	}
	return list, nil
}

// parseIncidents decodes one FeatureCollection of extract's output.
func parseIncidents(line []byte, id string) ([]featureIn, error) {
	list, err := featureList(line, id)
	if err != nil || list == nil {
		return nil, err
	}
	feats := make([]featureIn, 0, len(list))
	for i, v := range list {
		f, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("feature %d is a %s, want an object", i, pyType(v))
		}
		var fi featureIn
		if p := f["properties"]; truthy(p) {
			if fi.props, ok = p.(map[string]any); !ok {
				return nil, fmt.Errorf("feature %d: properties is a %s, want an object", i, pyType(p))
			}
		}
		// points(f): the lat/lon properties when both are numbers, then every vertex.
		if fi.props != nil {
			lat, okLat := pyNumber(fi.props["lat"])
			lon, okLon := pyNumber(fi.props["lon"])
			if okLat && okLon {
				fi.points = append(fi.points, point{lat, lon})
			}
		}
		if g := f["geometry"]; truthy(g) {
			gm, ok := g.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("feature %d: geometry is a %s, want an object", i, pyType(g))
			}
			if err := walkCoordinates(gm["coordinates"], &fi.points); err != nil {
				return nil, fmt.Errorf("feature %d: %w", i, err)
			}
		}
		feats = append(feats, fi)
	}
	return feats, nil
}

// walkCoordinates appends every position of nested GeoJSON coordinates, as points()'s
// walk does: a list starting with a number is a position, any other list is walked.
func walkCoordinates(c any, pts *[]point) error {
	if !truthy(c) {
		return nil
	}
	list, ok := c.([]any)
	if !ok {
		return fmt.Errorf("coordinates hold a %s where a list belongs", pyType(c))
	}
	if _, ok := pyNumber(list[0]); ok {
		if len(list) < 2 {
			return fmt.Errorf("position %v has one number", list)
		}
		*pts = append(*pts, point{lat: list[1], lon: list[0]})
		return nil
	}
	for _, x := range list {
		if err := walkCoordinates(x, pts); err != nil {
			return err
		}
	}
	return nil
}

// acledScorer accumulates the score of notes and their incidents.
type acledScorer struct {
	r      acledResult
	show   int
	byGP   map[string]*split
	typ    int
	sub    int
	subn   int
	fat    int
	npred  int
	extra  int
	misses map[string]int
}

func newACLEDScorer(show int) *acledScorer {
	return &acledScorer{show: show, byGP: map[string]*split{}, misses: map[string]int{}}
}

// add scores one note against the incidents extracted from it: the first incident in
// output order near enough and on a right date is the match.
func (s *acledScorer) add(n note, feats []featureIn) error {
	s.r.Notes++
	s.npred += len(feats)
	if len(feats) == 0 {
		s.r.NoIncident++
	}
	gpCell, _ := n.row.get("geo_precision")
	gp, err := gpCell.intOr(1)
	if err != nil {
		return fmt.Errorf("geo_precision: %w", err)
	}
	tpCell, _ := n.row.get("time_precision")
	tp, err := tpCell.intOr(1)
	if err != nil {
		return fmt.Errorf("time_precision: %w", err)
	}
	radius := 50.0
	if gp.IsInt64() {
		if r, ok := radiusKm[gp.Int64()]; ok {
			radius = r
		}
	}
	window := 0
	if tp.IsInt64() {
		window = windowDays[tp.Int64()]
	}
	best, err := s.match(n, feats, radius, window)
	if err != nil {
		return err
	}
	key := gp.String()
	sp := s.byGP[key]
	if sp == nil {
		sp = &split{GeoPrecision: key}
		s.byGP[key] = sp
	}
	sp.Notes++
	if best == nil {
		s.extra += len(feats)
		if len(feats) == 0 {
			s.misses["no incident"]++
		} else {
			s.misses["wrong place or date"]++
		}
		s.keepMiss(n, feats)
		return nil
	}
	s.extra += len(feats) - 1
	s.r.Found++
	sp.Found++
	return s.scoreFields(n, best)
}

// match returns the properties of the first of feats within radius km
// of note n and window days of its date, or nil; it counts the
// borderline distances on the way.
func (s *acledScorer) match(n note, feats []featureIn, radius float64, window int) (map[string]any, error) {
	for _, f := range feats {
		ev, _ := f.props["event_date"].(string) // str() of anything else reads as no date
		d, ok := parseDate(ev)
		if !ok || len(f.points) == 0 {
			continue
		}
		dist, err := nearestKm(n.lat, n.lon, f.points)
		if err != nil {
			return nil, err
		}
		if dist-radius < 1e-9 && radius-dist < 1e-9 {
			s.r.Borderline++
		}
		if days := int(d - n.date); dist <= radius && abs(days) <= window {
			return f.props, nil
		}
	}
	return nil, nil
}

// keepMiss keeps note n, which none of feats matched, and what they said,
// while fewer than show are kept.
func (s *acledScorer) keepMiss(n note, feats []featureIn) {
	if len(s.r.misses) < s.show {
		m := miss{n: n, none: len(feats) == 0}
		for _, f := range feats {
			m.got = append(m.got, [3]any{f.props["event_date"], f.props["location"], f.props["sub_event_type"]})
		}
		s.r.misses = append(s.r.misses, m)
	}
}

// scoreFields counts how many of the matched incident best's event type,
// sub-event type and fatalities agree with note n.
func (s *acledScorer) scoreFields(n note, best map[string]any) error {
	if pyEqualString(best["event_type"], n.eventType) {
		s.typ++
	}
	if sub, _ := n.row.get("sub_event_type"); sub.ok && sub.s != "" {
		s.subn++
		if pyEqualString(best["sub_event_type"], sub) {
			s.sub++
		}
	}
	got, err := pyIntOf(best["fatalities"])
	if err != nil && !errors.Is(err, errPyValue) {
		return fmt.Errorf("fatalities: %w", err)
	}
	fc, _ := n.row.get("fatalities")
	want, err2 := fc.intOr(0)
	if err == nil && err2 == nil && got.Cmp(want) == 0 {
		s.fat++
	}
	return nil
}

// result returns the figures of all notes added.
func (s *acledScorer) result() acledResult {
	r := s.r
	n := r.Notes
	r.Recall = fdiv(r.Found, n)
	r.NoIncident = s.misses["no incident"]
	r.WrongPlaceOrDate = s.misses["wrong place or date"]
	r.EventTypeRight, r.EventType = s.typ, div(s.typ, r.Found)
	r.SubEventTypeN, r.SubEventTypeOK, r.SubEventType = s.subn, s.sub, div(s.sub, s.subn)
	r.FatalitiesExact, r.Fatalities = s.fat, div(s.fat, r.Found)
	r.Predicted, r.Extra = s.npred, s.extra
	r.ExtraPerNote = fdiv(s.extra, n)
	for _, sp := range s.byGP {
		sp.Recall = fdiv(sp.Found, sp.Notes)
		r.ByGeoPrecision = append(r.ByGeoPrecision, *sp)
	}
	sort.Slice(r.ByGeoPrecision, func(i, j int) bool {
		a, b := r.ByGeoPrecision[i].GeoPrecision, r.ByGeoPrecision[j].GeoPrecision
		if len(a) != len(b) {
			return len(a) < len(b)
		}
		return a < b
	})
	return r
}

// fdiv is a/b, 0 when b is 0 (score_acled.py's `found / n if n else 0`).
func fdiv(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
