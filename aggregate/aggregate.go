// Package aggregate answers GET /stats: it reads the grouping, the time
// interval and the baseline of a request (the incident filters go through
// package query, so they mean what they mean on /incidents), has the
// store count incidents and sum fatalities per group and period, compares
// each with the rate of a baseline window, and writes the result as JSON
// or CSV.
package aggregate

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/incidentmap/incidentmap/store"
)

// MaxBuckets caps the (group, period) buckets of one request: past it the
// client narrows the query or asks for coarser periods or cells.
const MaxBuckets = 100_000

// Request is a parsed GET /stats.
type Request struct {
	// Query selects the incidents, as on /incidents.
	Query store.Query
	// Aggregation groups and buckets them.
	Aggregation store.Aggregation
	// Baseline, when set, is the window the counts are compared with.
	Baseline *Window
	// CSV asks for CSV instead of JSON.
	CSV bool
}

// Window is a closed range of event days.
type Window struct {
	From, To time.Time
}

// Days returns how many days w spans.
func (w Window) Days() int { return int(w.To.Sub(w.From).Hours()/24) + 1 }

// Counts are the incidents and fatalities of a group or period.
type Counts struct {
	Incidents  int64 `json:"incidents"`
	Fatalities int64 `json:"fatalities"`
}

func (c *Counts) add(o Counts) { c.Incidents += o.Incidents; c.Fatalities += o.Fatalities }

// Change compares counts with what the baseline's daily rate gives over
// the same days: expected, the difference and the ratio (nil when
// nothing was expected).
type Change struct {
	ExpectedIncidents  float64  `json:"expected_incidents"`
	ExpectedFatalities float64  `json:"expected_fatalities"`
	IncidentsChange    float64  `json:"incidents_change"`
	FatalitiesChange   float64  `json:"fatalities_change"`
	IncidentsRatio     *float64 `json:"incidents_ratio"`
	FatalitiesRatio    *float64 `json:"fatalities_ratio"`
}

// compare returns the change of cur over days against base over
// baseDays.
func compare(cur, base Counts, days, baseDays int) *Change {
	scale := float64(days) / float64(baseDays)
	ei, ef := float64(base.Incidents)*scale, float64(base.Fatalities)*scale
	ratio := func(n int64, e float64) *float64 {
		if e == 0 {
			return nil
		}
		r := round(float64(n) / e)
		return &r
	}
	return &Change{ExpectedIncidents: round(ei), ExpectedFatalities: round(ef),
		IncidentsChange: round(float64(cur.Incidents) - ei), FatalitiesChange: round(float64(cur.Fatalities) - ef),
		IncidentsRatio: ratio(cur.Incidents, ei), FatalitiesRatio: ratio(cur.Fatalities, ef)}
}

// round keeps three decimals: enough for a rate, short in JSON and CSV.
func round(f float64) float64 { return math.Round(f*1000) / 1000 }

// Period is one group's counts in one period.
type Period struct {
	Start time.Time
	End   time.Time
	Counts
	// Change is against the baseline over the period's days inside the
	// query's window; nil without a baseline.
	Change *Change
}

// Group is one group's counts: in all, per period, and in the baseline.
type Group struct {
	// Country and Admin1 name the group (Admin1 empty when grouped by
	// country, or when the incidents' division is unknown).
	Country, Admin1 string
	// Cell and Bound locate a grid cell (group=grid).
	Cell  [2]int
	Bound [4]float64
	Counts
	Periods []Period
	// Baseline counts the group in the baseline window and Change compares
	// the whole window with it; nil without a baseline.
	Baseline *Counts
	Change   *Change
}

// Result is the answer to a Request.
type Result struct {
	Request Request
	Groups  []Group
	// Total sums every group; TotalBaseline and TotalChange likewise.
	Total         Counts
	TotalBaseline *Counts
	TotalChange   *Change
}

// ErrTooMany says the request has more than MaxBuckets buckets.
var ErrTooMany = errors.New("aggregate: too many buckets")

// Run answers req from the store: one aggregation for the window, one
// more for the baseline's totals when there is a baseline.
func Run(ctx context.Context, ag store.Aggregator, req Request) (Result, error) {
	res := Result{Request: req}
	if req.Baseline != nil && (req.Query.From == nil || req.Query.To == nil) {
		return res, errors.New("aggregate: a baseline needs a window with both ends")
	}
	a := req.Aggregation
	gr := &grouper{agg: a, res: &res, index: map[[2]string]int{}}
	n := 0
	err := ag.Aggregate(ctx, req.Query, a, func(b store.Bucket) error {
		if n++; n > MaxBuckets {
			return ErrTooMany
		}
		g := gr.group(b)
		c := Counts{b.Incidents, b.Fatalities}
		g.add(c)
		res.Total.add(c)
		g.Periods = append(g.Periods, Period{Start: b.Start, End: a.Period.End(b.Start), Counts: c})
		return nil
	})
	if err != nil {
		return res, err
	}
	if req.Baseline == nil {
		return res, nil
	}
	bq := req.Query
	bq.From, bq.To = &req.Baseline.From, &req.Baseline.To
	ba := store.Aggregation{Group: a.Group, Period: store.PeriodAll, CellSize: a.CellSize}
	base := map[[2]string]Counts{}
	res.TotalBaseline = &Counts{}
	err = ag.Aggregate(ctx, bq, ba, func(b store.Bucket) error {
		if n++; n > MaxBuckets {
			return ErrTooMany
		}
		c := Counts{b.Incidents, b.Fatalities}
		base[gr.key(b)] = c
		res.TotalBaseline.add(c)
		gr.group(b) // a group the window lacks still shows its fall to zero
		return nil
	})
	if err != nil {
		return res, err
	}
	setChanges(&res, base, gr.key)
	return res, nil
}

// grouper finds a bucket's group in a result, adding the groups in the
// order the store returns their buckets.
type grouper struct {
	agg   store.Aggregation
	res   *Result
	index map[[2]string]int // group key -> index in res.Groups
}

// key is the group of b: its cell, or its country and first-level
// division.
func (gr *grouper) key(b store.Bucket) [2]string {
	if gr.agg.Group == store.GroupCell {
		return [2]string{fmt.Sprint(b.Cell[0]), fmt.Sprint(b.Cell[1])}
	}
	return [2]string{b.Country, b.Admin1}
}

// group returns b's group, added when it is new.
func (gr *grouper) group(b store.Bucket) *Group {
	k := gr.key(b)
	i, ok := gr.index[k]
	if !ok {
		g := Group{Country: b.Country, Admin1: b.Admin1, Cell: b.Cell}
		if gr.agg.Group == store.GroupCell {
			bd := store.CellBound(b.Cell, gr.agg.CellSize)
			g.Bound = [4]float64{bd.Min[0], bd.Min[1], bd.Max[0], bd.Max[1]}
		}
		i = len(gr.res.Groups)
		gr.index[k] = i
		gr.res.Groups = append(gr.res.Groups, g)
	}
	return &gr.res.Groups[i]
}

// setChanges sets each of res's groups' and periods' baseline and change
// against base, the baseline's counts by group key, and sorts in the
// groups only the baseline has.
func setChanges(res *Result, base map[[2]string]Counts, key func(store.Bucket) [2]string) {
	win := Window{From: *res.Request.Query.From, To: *res.Request.Query.To}
	baseDays := res.Request.Baseline.Days()
	for i := range res.Groups {
		g := &res.Groups[i]
		bc := base[key(store.Bucket{Country: g.Country, Admin1: g.Admin1, Cell: g.Cell})]
		g.Baseline = &bc
		g.Change = compare(g.Counts, bc, win.Days(), baseDays)
		for j := range g.Periods {
			p := &g.Periods[j]
			p.Change = compare(p.Counts, bc, overlap(win, p.Start, p.End), baseDays)
		}
	}
	res.TotalChange = compare(res.Total, *res.TotalBaseline, win.Days(), baseDays)
	// Groups only the baseline has go where the store's order puts them.
	slices.SortStableFunc(res.Groups, func(x, y Group) int {
		if c := cmp.Compare(x.Country, y.Country); c != 0 {
			return c
		}
		if c := cmp.Compare(x.Admin1, y.Admin1); c != 0 {
			return c
		}
		if c := cmp.Compare(x.Cell[0], y.Cell[0]); c != 0 {
			return c
		}
		return cmp.Compare(x.Cell[1], y.Cell[1])
	})
}

// overlap returns how many days of start..end lie in w.
func overlap(w Window, start, end time.Time) int {
	if start.Before(w.From) {
		start = w.From
	}
	if end.After(w.To) {
		end = w.To
	}
	if end.Before(start) {
		return 0
	}
	return Window{start, end}.Days()
}
