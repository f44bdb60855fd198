// Command evalgrouping measures the tolerant matcher that groups reports at
// ingest (store.MatchReports) on the ACLED development set in ../shared/eval:
// how often it merges two reports of one event automatically (recall), and
// how often an automatic merge is right (precision).
//
// Each ACLED note is given to `incidentmap extract` as an article published
// the day after its event; the incident it yields nearest ACLED's point (one
// that evalextract counts as found: within 25, 50 or 150 km by geo_precision
// and 0, 7 or 31 days by time_precision) is a second report of the event
// ACLED coded, in other words: another place name from another gazetteer,
// another precision, the actors as the extractor names them. Every ACLED
// event is a stored incident. Two measures:
//
//   - pairs: the report against its own event (a positive pair: same event,
//     re-described) and against every other event within 60 km and 7 days
//     that came from another note (negative pairs: different events close
//     in space and time). Precision and recall of Same over the pairs, and
//     how many of each became suggestions (Uncertain).
//   - ingest: what a store does with the report: among the events near it
//     (its own and the others), the best Same is where it goes. Right when
//     that is its own event, wrong when another; recall is right / reports,
//     precision right / (right + wrong).
//
// Usage:
//
//	go run ./cmd/evalgrouping -bin ./bin/incidentmap [-acled FILE] [-limit N] [-json]
package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/geo"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

func main() {
	var (
		bin    = flag.String("bin", "", "incidentmap binary to extract with (required)")
		acled  = flag.String("acled", "../shared/eval/acled/acled_me_2018.csv", "ACLED CSV")
		limit  = flag.Int("limit", 0, "use the first `N` selected events (0: all)")
		asJSON = flag.Bool("json", false, "print a JSON object instead of text")
	)
	flag.Parse()
	if *bin == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: evalgrouping -bin PATH [-acled FILE] [-limit N] [-json]")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *bin, *acled, *limit, *asJSON, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "evalgrouping:", err)
		stop()
		os.Exit(1)
	}
}

// event is one ACLED row as a stored incident, with its note.
type event struct {
	in   incident.Incident
	note string
}

func run(ctx context.Context, bin, path string, limit int, asJSON bool, out io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	events, err := readEvents(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if limit > 0 && limit < len(events) {
		events = events[:limit]
	}
	if len(events) == 0 {
		return fmt.Errorf("%s: no events selected", path)
	}
	start := time.Now()
	reports, err := extract(ctx, bin, events)
	if err != nil {
		return err
	}
	r := score(events, reports, store.MatchReports)
	r.File, r.Seconds = path, time.Since(start).Seconds()
	if asJSON {
		return json.NewEncoder(out).Encode(r)
	}
	r.print(out)
	return nil
}

// newTypes maps ACLED's 2018 event types to today's event type and, where
// the old type says it, the sub-event type; other types are left out
// (political violence only, as evalextract's default).
var newTypes = map[string][2]string{
	"Battle-No change of territory":              {"Battles", incident.SubArmedClash},
	"Battle-Government regains territory":        {"Battles", incident.SubGovRegains},
	"Battle-Non-state actor overtakes territory": {"Battles", incident.SubNonStateOvertakes},
	"Remote violence":                            {"Explosions/Remote violence", ""},
	"Violence against civilians":                 {"Violence against civilians", ""},
}

// readEvents reads the political-violence rows of an ACLED CSV.
func readEvents(r io.Reader) ([]event, error) {
	cr := csv.NewReader(r)
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, err
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	for _, want := range []string{"data_id", "event_date", "time_precision", "event_type", "actor1", "assoc_actor_1",
		"actor2", "assoc_actor_2", "latitude", "longitude", "geo_precision", "notes"} {
		if _, ok := col[want]; !ok {
			return nil, fmt.Errorf("no column %s", want)
		}
	}
	var out []event
	for line := 2; ; line++ {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		get := func(k string) string {
			if i := col[k]; i < len(row) {
				return strings.TrimSpace(row[i])
			}
			return ""
		}
		types, ok := newTypes[get("event_type")]
		if !ok || get("notes") == "" {
			continue
		}
		date, err := time.Parse("2-Jan-06", get("event_date"))
		if err != nil {
			return nil, fmt.Errorf("line %d: event_date: %w", line, err)
		}
		lat, err1 := strconv.ParseFloat(get("latitude"), 64)
		lon, err2 := strconv.ParseFloat(get("longitude"), 64)
		tp, err3 := strconv.Atoi(get("time_precision"))
		gp, err4 := strconv.Atoi(get("geo_precision"))
		if err := errors.Join(err1, err2, err3, err4); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		pt := orb.Point{lon, lat}
		in := incident.Incident{ID: get("data_id"), EventDate: date, TimePrecision: tp,
			EventType: types[0], SubEventType: types[1], Actor1: get("actor1"), Actor2: get("actor2"),
			Geometry: pt, Point: pt, GeoPrecision: gp}
		for _, a := range []string{get("assoc_actor_1"), get("assoc_actor_2")} {
			if a != "" {
				in.AssocActors = append(in.AssocActors, a)
			}
		}
		out = append(out, event{in: in, note: get("notes")})
	}
}

// extract runs `bin extract --jsonl` once over the distinct notes and
// returns, for each event, the report of it: the incident extracted from
// its note nearest its point among those that count as found, or nil.
func extract(ctx context.Context, bin string, events []event) ([]*incident.Incident, error) {
	type article struct {
		ID        string `json:"id"`
		Title     string `json:"title"`
		Body      string `json:"body"`
		Published string `json:"published"`
	}
	noteOf := map[string]int{} // note and published day -> article index
	var arts []article
	artOf := make([]int, len(events))
	for i, e := range events {
		pub := e.in.EventDate.AddDate(0, 0, 1).Format(time.DateOnly)
		k := pub + "\x00" + e.note
		j, ok := noteOf[k]
		if !ok {
			j = len(arts)
			noteOf[k] = j
			arts = append(arts, article{ID: strconv.Itoa(j), Body: e.note, Published: pub})
		}
		artOf[i] = j
	}
	tmp, err := os.CreateTemp("", "evalgrouping-*.jsonl")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriter(tmp)
	enc := json.NewEncoder(bw)
	for _, a := range arts {
		if err := enc.Encode(a); err != nil {
			return nil, err
		}
	}
	if err := errors.Join(bw.Flush(), tmp.Close()); err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, bin, "extract", "--jsonl", tmp.Name())
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("run %s: %w", bin, err)
	}
	extracted := make([][]incident.Incident, len(arts))
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	n := 0
	for sc.Scan() {
		if n >= len(arts) {
			return nil, fmt.Errorf("%s printed more lines than articles", bin)
		}
		if extracted[n], err = parseLine(sc.Bytes()); err != nil {
			return nil, fmt.Errorf("output line %d: %w", n+1, err)
		}
		n++
	}
	if err := errors.Join(sc.Err(), cmd.Wait()); err != nil {
		return nil, fmt.Errorf("run %s: %w", bin, err)
	}
	if n != len(arts) {
		return nil, fmt.Errorf("%s printed %d lines for %d articles", bin, n, len(arts))
	}
	reports := make([]*incident.Incident, len(events))
	for i, e := range events {
		best := math.Inf(1)
		for k := range extracted[artOf[i]] {
			x := &extracted[artOf[i]][k]
			if d, ok := found(&e.in, x); ok && d < best {
				best, reports[i] = d, x
			}
		}
	}
	return reports, nil
}

// parseLine reads one FeatureCollection of extract's output as incidents.
func parseLine(line []byte) ([]incident.Incident, error) {
	fc, err := geojson.UnmarshalFeatureCollection(line)
	if err != nil {
		return nil, err
	}
	var out []incident.Incident
	for _, f := range fc.Features {
		var in incident.Incident
		b, err := json.Marshal(f.Properties)
		if err != nil {
			return nil, err
		}
		var p struct {
			EventDate     string   `json:"event_date"`
			TimePrecision int      `json:"time_precision"`
			EventType     string   `json:"event_type"`
			SubEventType  string   `json:"sub_event_type"`
			Actor1        string   `json:"actor1"`
			Actor2        string   `json:"actor2"`
			AssocActors   []string `json:"assoc_actors"`
			GeoPrecision  int      `json:"geo_precision"`
			Lat           float64  `json:"lat"`
			Lon           float64  `json:"lon"`
		}
		if err := json.Unmarshal(b, &p); err != nil {
			return nil, err
		}
		in = incident.Incident{TimePrecision: p.TimePrecision, EventType: p.EventType, SubEventType: p.SubEventType,
			Actor1: p.Actor1, Actor2: p.Actor2, AssocActors: p.AssocActors, GeoPrecision: p.GeoPrecision}
		if in.EventDate, err = time.Parse(time.DateOnly, p.EventDate); err != nil {
			continue // no date: no incident a store would keep
		}
		in.ID = fmt.Sprint(f.ID)
		in.Geometry, in.Point = f.Geometry, orb.Point{p.Lon, p.Lat}
		out = append(out, in)
	}
	return out, nil
}

// found reports whether x is a report of the event e as evalextract counts
// one found, and how far from e's point it is.
func found(e, x *incident.Incident) (float64, bool) {
	radius := map[int]float64{1: 25, 2: 50, 3: 150}[e.GeoPrecision]
	days := map[int]float64{1: 0, 2: 7, 3: 31}[e.TimePrecision]
	if radius == 0 {
		radius = 150
	}
	d := math.Min(geo.DistanceKm(e.Point, x.Point), geo.DistanceToKm(x.Geometry, e.Point))
	if d > radius || math.Abs(x.EventDate.Sub(e.EventDate).Hours()/24) > days {
		return d, false
	}
	return d, true
}

// near reports whether two events are close enough to be negatives of one
// another: within 60 km and 7 days.
func near(a, b *incident.Incident) bool {
	return math.Abs(a.EventDate.Sub(b.EventDate).Hours()/24) <= 7 && geo.DistanceKm(a.Point, b.Point) <= 60
}

// counts are the verdicts on a set of pairs.
type counts struct {
	Pairs     int `json:"pairs"`
	Same      int `json:"same"`
	Uncertain int `json:"uncertain"`
}

// result is the measurement.
type result struct {
	File    string  `json:"file"`
	Seconds float64 `json:"seconds"`
	Events  int     `json:"events"`
	// Reports is how many events the extractor found (a report to match).
	Reports int `json:"reports"`
	// Positive are report-own event pairs; Negative report-other event
	// pairs, and HardNegative those of the same event type within 10 km
	// and a day.
	Positive     counts `json:"positive"`
	Negative     counts `json:"negative"`
	HardNegative counts `json:"hard_negative"`
	// PairPrecision and PairRecall are of Same over the pairs.
	PairPrecision float64 `json:"pair_precision"`
	PairRecall    float64 `json:"pair_recall"`
	// IngestRight, IngestWrong and IngestNew are where a store puts each
	// report: its own event, another, or an incident of its own.
	IngestRight     int `json:"ingest_right"`
	IngestWrong     int `json:"ingest_wrong"`
	IngestNew       int `json:"ingest_new"`
	IngestSuggested int `json:"ingest_new_with_suggestion_of_own_event"`
	// IngestAmbiguous counts reports that more than one event could be.
	IngestAmbiguous int     `json:"ingest_ambiguous"`
	IngestPrecision float64 `json:"ingest_precision"`
	IngestRecall    float64 `json:"ingest_recall"`
	// PositiveDoubts counts why positive pairs were only Uncertain (each
	// doubt of a pair once), HardSameReasons why hard negatives were merged.
	PositiveDoubts map[string]int `json:"positive_doubts"`
	// ByType splits the ingest figures by the event's type.
	ByType map[string]*typeCounts `json:"by_type"`
}

// typeCounts are the ingest figures of one event type.
type typeCounts struct {
	Reports int `json:"reports"`
	Right   int `json:"right"`
	Wrong   int `json:"wrong"`
}

// maxSuggestions is how many suggestions a store keeps for one report.
const maxSuggestions = 3

// ownRank is the place of own among the candidates in the stores' order of
// suggestions: Same before Uncertain, then by score.
func ownRank(cands []store.Match, own store.Match) int {
	rank := 0
	for _, c := range cands {
		if c.Verdict > own.Verdict || (c.Verdict == own.Verdict && c.Score > own.Score) {
			rank++
		}
	}
	return rank
}

// score matches every report against its own event and the other events
// near it (see the package comment).
func score(events []event, reports []*incident.Incident, match store.Matcher) result {
	r := result{Events: len(events), PositiveDoubts: map[string]int{}, ByType: map[string]*typeCounts{}}
	for i, rep := range reports {
		if rep != nil {
			r.scoreReport(events, i, rep, match)
		}
	}
	r.PairPrecision = ratio(r.Positive.Same, r.Positive.Same+r.Negative.Same)
	r.PairRecall = ratio(r.Positive.Same, r.Positive.Pairs)
	r.IngestPrecision = ratio(r.IngestRight, r.IngestRight+r.IngestWrong)
	r.IngestRecall = ratio(r.IngestRight, r.Reports)
	return r
}

// add counts one pair and its verdict.
func (c *counts) add(m store.Match) {
	c.Pairs++
	switch m.Verdict {
	case store.Same:
		c.Same++
	case store.Uncertain:
		c.Uncertain++
	}
}

// scoreReport matches rep, a report of event i, against that event and
// the other events near it, and counts what an ingest would do with it.
func (r *result) scoreReport(events []event, i int, rep *incident.Incident, match store.Matcher) {
	r.Reports++
	own := &events[i].in
	mOwn := match(own, rep)
	r.Positive.add(mOwn)
	if mOwn.Verdict != store.Same {
		for _, d := range strings.Split(mOwn.Reason, "; ") {
			r.PositiveDoubts[d]++
		}
	}
	best, bestIsOwn := mOwn, true
	sames := 0
	if mOwn.Verdict != store.Same {
		best = store.Match{}
	} else {
		sames++
	}
	// Suggestions the store would make: the best maxSuggestions of
	// the Same and Uncertain candidates.
	var cands []store.Match
	if mOwn.Verdict != store.Distinct {
		cands = append(cands, mOwn)
	}
	for j := range events {
		other := &events[j].in
		if j == i || events[j].note == events[i].note || !near(own, other) {
			continue
		}
		m := match(other, rep)
		r.Negative.add(m)
		if m.Verdict != store.Distinct {
			cands = append(cands, m)
		}
		if other.EventType == own.EventType && geo.DistanceKm(own.Point, other.Point) <= 10 &&
			math.Abs(own.EventDate.Sub(other.EventDate).Hours()) <= 24 {
			r.HardNegative.add(m)
		}
		if m.Verdict == store.Same {
			sames++
			if m.Score > best.Score {
				best, bestIsOwn = m, false
			}
		}
	}
	r.countIngest(own.EventType, mOwn, best, bestIsOwn, sames, cands)
}

// countIngest counts what an ingest does with a report whose match with
// its own event is mOwn, whose best Same match is best (its own event's
// when bestIsOwn), with sames Same matches in all and cands the
// candidates it could suggest.
func (r *result) countIngest(ty string, mOwn, best store.Match, bestIsOwn bool, sames int, cands []store.Match) {
	if r.ByType[ty] == nil {
		r.ByType[ty] = &typeCounts{}
	}
	tc := r.ByType[ty]
	tc.Reports++
	switch {
	case best.Verdict != store.Same || sames > 1:
		// As the stores do: two events that could each be the
		// report's make it a suggestion, not a merge.
		if sames > 1 {
			r.IngestAmbiguous++
		}
		r.IngestNew++
		if mOwn.Verdict != store.Distinct && ownRank(cands, mOwn) < maxSuggestions {
			r.IngestSuggested++
		}
	case bestIsOwn:
		r.IngestRight++
		tc.Right++
	default:
		r.IngestWrong++
		tc.Wrong++
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func (r result) print(w io.Writer) {
	pct := func(a, b int) string { return fmt.Sprintf("%d (%.1f%%)", a, 100*ratio(a, b)) }
	fmt.Fprintf(w, "grouping on %s: %d events, %d found by extraction (reports), %.0f s\n", r.File, r.Events, r.Reports, r.Seconds)
	fmt.Fprintf(w, "pairs                    same              uncertain (suggestion)\n")
	for _, c := range []struct {
		name string
		c    counts
	}{{"positive (own event)", r.Positive}, {"negative (<=60 km, 7 d)", r.Negative}, {"  hard (same type, 10 km, 1 d)", r.HardNegative}} {
		fmt.Fprintf(w, "  %-30s %-8d %-17s %s\n", c.name, c.c.Pairs, pct(c.c.Same, c.c.Pairs), pct(c.c.Uncertain, c.c.Pairs))
	}
	fmt.Fprintf(w, "why positive pairs were not merged (a pair may have several):\n")
	for _, k := range sortedKeys(r.PositiveDoubts) {
		fmt.Fprintf(w, "  %-55s %d\n", k, r.PositiveDoubts[k])
	}
	fmt.Fprintf(w, "automatic merges over pairs: precision %.3f, recall %.3f\n", r.PairPrecision, r.PairRecall)
	fmt.Fprintf(w, "at ingest: %s joined their own event, %s another, %s stood alone (%d of them with a suggestion of their own event; %d because several events could be theirs)\n",
		pct(r.IngestRight, r.Reports), pct(r.IngestWrong, r.Reports), pct(r.IngestNew, r.Reports), r.IngestSuggested, r.IngestAmbiguous)
	fmt.Fprintf(w, "automatic merges at ingest: precision %.3f, recall %.3f\n", r.IngestPrecision, r.IngestRecall)
	for _, ty := range []string{"Battles", "Explosions/Remote violence", "Violence against civilians"} {
		if c := r.ByType[ty]; c != nil {
			fmt.Fprintf(w, "  %-28s %5d reports: %s right, %s wrong: precision %.3f, recall %.3f\n", ty, c.Reports,
				pct(c.Right, c.Reports), pct(c.Wrong, c.Reports), ratio(c.Right, c.Right+c.Wrong), ratio(c.Right, c.Reports))
		}
	}
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return m[b] - m[a] })
	return keys
}
