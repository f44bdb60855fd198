package aggregate

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/query"
	"github.com/incidentmap/incidentmap/store"
)

// Params are the parameters GET /stats takes besides the filters of
// /incidents.
var Params = []string{"group", "interval", "baseline", "cell", "country"}

// Parse reads a GET /stats request: the filters of /incidents (through p,
// so bbox, datetime, region, intersects, type, actor, q, filter and status
// mean the same), and group, interval, cell, country, baseline and f.
// Every mistake is a *query.Error naming the parameter.
func Parse(p query.Parser, v url.Values) (Request, error) {
	var req Request
	rest := url.Values{}
	for k, vs := range v {
		rest[k] = vs
	}
	for _, k := range append(Params, "limit", "cursor", "offset") {
		delete(rest, k) // not filters; paging means nothing here
	}
	q, err := p.Values(rest, query.Layer)
	if err != nil {
		return req, err
	}
	q.Limit, q.After = 0, nil
	if c := strings.TrimSpace(v.Get("country")); c != "" {
		if !isCountryCode(c) {
			return req, &query.Error{Param: "country", Detail: fmt.Sprintf("country is an ISO 3166-1 alpha-2 code such as IQ, not %q", c)}
		}
		if q.Country != "" && !strings.EqualFold(q.Country, c) {
			return req, &query.Error{Param: "country", Detail: "country and region name different countries"}
		}
		q.Country = strings.ToUpper(c)
	}
	req.Query = q
	switch f := v.Get("f"); f {
	case "", "json":
	case "csv":
		req.CSV = true
	default:
		return req, &query.Error{Param: "f", Detail: fmt.Sprintf("f is json or csv, not %q", f)}
	}
	if req.Aggregation, err = parseAggregation(v); err != nil {
		return req, err
	}
	if b := strings.TrimSpace(v.Get("baseline")); b != "" {
		if req.Baseline, err = parseBaseline(b, &req.Query); err != nil {
			return req, err
		}
	}
	return req, nil
}

func isCountryCode(s string) bool {
	if len(s) != 2 {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
			return false
		}
	}
	return true
}

// parseAggregation reads group, interval and cell.
func parseAggregation(v url.Values) (store.Aggregation, error) {
	var a store.Aggregation
	switch g := v.Get("group"); g {
	case "", "country":
		a.Group = store.GroupCountry
	case "admin1":
		a.Group = store.GroupAdmin1
	case "admin2":
		return a, &query.Error{Param: "group", Detail: "the store keeps no second-level divisions (admin2); group by country, admin1 or grid"}
	case "grid":
		a.Group = store.GroupCell
	default:
		return a, &query.Error{Param: "group", Detail: fmt.Sprintf("group is country, admin1 or grid, not %q", g)}
	}
	switch i := v.Get("interval"); i {
	case "day":
		a.Period = store.PeriodDay
	case "", "week":
		a.Period = store.PeriodWeek
	case "month":
		a.Period = store.PeriodMonth
	default:
		return a, &query.Error{Param: "interval", Detail: fmt.Sprintf("interval is day, week or month, not %q", i)}
	}
	c := v.Get("cell")
	if a.Group != store.GroupCell {
		if c != "" {
			return a, &query.Error{Param: "cell", Detail: "cell is the side of a grid cell: it needs group=grid"}
		}
		return a, nil
	}
	a.CellSize = 1
	if c != "" {
		f, err := strconv.ParseFloat(strings.TrimSpace(c), 64)
		if err != nil || !(f >= store.MinCellSize && f <= 90) {
			return a, &query.Error{Param: "cell", Detail: fmt.Sprintf("cell is a side in degrees from %g to 90, not %q", store.MinCellSize, c)}
		}
		a.CellSize = f
	}
	return a, nil
}

// duration is the ISO 8601 durations baseline takes: one number of days,
// weeks, months or years.
var duration = regexp.MustCompile(`^P([0-9]{1,4})([DWMY])$`)

// parseBaseline reads baseline: a duration (P28D, P4W, P3M, P1Y) for the
// window just before datetime's, or a datetime interval of its own. Both
// need a datetime with two ends, whose days q's window becomes.
func parseBaseline(s string, q *store.Query) (*Window, error) {
	if q.From == nil || q.To == nil {
		return nil, &query.Error{Param: "baseline", Detail: "a baseline needs a datetime interval with both ends (datetime=2024-03-01/2024-03-28) to compare with"}
	}
	from, to := dayOf(*q.From), dayOf(*q.To)
	q.From, q.To = &from, &to
	if m := duration.FindStringSubmatch(strings.ToUpper(s)); m != nil {
		n, _ := strconv.Atoi(m[1])
		if n == 0 {
			return nil, &query.Error{Param: "baseline", Detail: fmt.Sprintf("the baseline duration %q is empty", s)}
		}
		w := Window{To: from.AddDate(0, 0, -1)}
		switch m[2] {
		case "D":
			w.From = from.AddDate(0, 0, -n)
		case "W":
			w.From = from.AddDate(0, 0, -7*n)
		case "M":
			w.From = from.AddDate(0, -n, 0)
		case "Y":
			w.From = from.AddDate(-n, 0, 0)
		}
		return &w, nil
	}
	if strings.HasPrefix(strings.ToUpper(s), "P") {
		return nil, &query.Error{Param: "baseline", Detail: fmt.Sprintf("baseline %q is not a duration of days, weeks, months or years (P28D, P4W, P3M, P1Y)", s)}
	}
	iv, err := query.ParseDatetime(s)
	if err != nil {
		return nil, &query.Error{Param: "baseline", Detail: fmt.Sprintf("baseline is a duration (P28D) or a datetime interval: %v", err)}
	}
	if iv.Start == nil || iv.End == nil {
		return nil, &query.Error{Param: "baseline", Detail: fmt.Sprintf("the baseline interval %q needs both ends", s)}
	}
	return &Window{From: dayOf(*iv.Start), To: dayOf(*iv.End)}, nil
}

func dayOf(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
