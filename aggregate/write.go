package aggregate

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"time"

	"github.com/incidentmap/incidentmap/store"
)

var groupNames = map[store.Grouping]string{store.GroupCountry: "country", store.GroupAdmin1: "admin1", store.GroupCell: "grid"}

var periodNames = map[store.Period]string{store.PeriodDay: "day", store.PeriodWeek: "week", store.PeriodMonth: "month"}

type jsonPeriod struct {
	Start string `json:"start"`
	End   string `json:"end"`
	Counts
	Change *Change `json:"change,omitempty"`
}

type jsonGroup struct {
	Country *string     `json:"country_code,omitempty"`
	Admin1  *string     `json:"admin1,omitempty"`
	Cell    *[2]int     `json:"cell,omitempty"`
	Bbox    *[4]float64 `json:"bbox,omitempty"`
	Counts
	Baseline *Counts      `json:"baseline,omitempty"`
	Change   *Change      `json:"change,omitempty"`
	Periods  []jsonPeriod `json:"periods"`
}

type jsonTotal struct {
	Counts
	Baseline *Counts `json:"baseline,omitempty"`
	Change   *Change `json:"change,omitempty"`
}

type jsonBaseline struct {
	Datetime string `json:"datetime"`
	Days     int    `json:"days"`
}

type jsonResult struct {
	Group    string        `json:"group"`
	Interval string        `json:"interval"`
	Cell     float64       `json:"cell,omitempty"`
	Datetime *string       `json:"datetime"`
	Baseline *jsonBaseline `json:"baseline,omitempty"`
	Total    jsonTotal     `json:"total"`
	Groups   []jsonGroup   `json:"groups"`
}

func date(t time.Time) string { return t.Format(time.DateOnly) }

// instant writes a window's end as a date when it is a whole day's.
func instant(t *time.Time, end bool) string {
	if t == nil {
		return ".."
	}
	u := t.UTC()
	whole := u.Equal(dayOf(u)) || (end && u.Add(time.Nanosecond).Equal(dayOf(u).AddDate(0, 0, 1)))
	if whole {
		return date(u)
	}
	return u.Format(time.RFC3339Nano)
}

// WriteJSON writes res as one JSON document.
func (res Result) WriteJSON(w io.Writer) error {
	req := res.Request
	out := jsonResult{Group: groupNames[req.Aggregation.Group], Interval: periodNames[req.Aggregation.Period],
		Total: jsonTotal{Counts: res.Total, Baseline: res.TotalBaseline, Change: res.TotalChange}, Groups: []jsonGroup{}}
	if req.Aggregation.Group == store.GroupCell {
		out.Cell = req.Aggregation.CellSize
	}
	if q := req.Query; q.From != nil || q.To != nil {
		dt := instant(q.From, false) + "/" + instant(q.To, true)
		out.Datetime = &dt
	}
	if b := req.Baseline; b != nil {
		out.Baseline = &jsonBaseline{Datetime: date(b.From) + "/" + date(b.To), Days: b.Days()}
	}
	for i := range res.Groups {
		g := &res.Groups[i]
		jg := jsonGroup{Counts: g.Counts, Baseline: g.Baseline, Change: g.Change, Periods: make([]jsonPeriod, len(g.Periods))}
		if req.Aggregation.Group == store.GroupCell {
			jg.Cell, jg.Bbox = &g.Cell, &g.Bound
		} else {
			jg.Country = &g.Country
			if req.Aggregation.Group == store.GroupAdmin1 {
				jg.Admin1 = &g.Admin1
			}
		}
		for j, p := range g.Periods {
			jg.Periods[j] = jsonPeriod{Start: date(p.Start), End: date(p.End), Counts: p.Counts, Change: p.Change}
		}
		out.Groups = append(out.Groups, jg)
	}
	b, err := json.Marshal(out)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// WriteCSV writes res as CSV with a header: one row a group and period;
// with a baseline, each row carries its change against it.
func (res Result) WriteCSV(w io.Writer) error {
	req := res.Request
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	var header []string
	switch req.Aggregation.Group {
	case store.GroupCountry:
		header = []string{"country_code"}
	case store.GroupAdmin1:
		header = []string{"country_code", "admin1"}
	case store.GroupCell:
		header = []string{"cell_col", "cell_row", "min_lon", "min_lat", "max_lon", "max_lat"}
	}
	header = append(header, "period_start", "period_end", "incidents", "fatalities")
	if req.Baseline != nil {
		header = append(header, "expected_incidents", "expected_fatalities", "incidents_change", "fatalities_change",
			"incidents_ratio", "fatalities_ratio")
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	ratio := func(r *float64) string {
		if r == nil {
			return ""
		}
		return num(*r)
	}
	for _, g := range res.Groups {
		var key []string
		switch req.Aggregation.Group {
		case store.GroupCountry:
			key = []string{g.Country}
		case store.GroupAdmin1:
			key = []string{g.Country, g.Admin1}
		case store.GroupCell:
			key = []string{strconv.Itoa(g.Cell[0]), strconv.Itoa(g.Cell[1]), num(g.Bound[0]), num(g.Bound[1]), num(g.Bound[2]), num(g.Bound[3])}
		}
		for _, p := range g.Periods {
			row := append(append([]string{}, key...), date(p.Start), date(p.End),
				strconv.FormatInt(p.Incidents, 10), strconv.FormatInt(p.Fatalities, 10))
			if c := p.Change; c != nil {
				row = append(row, num(c.ExpectedIncidents), num(c.ExpectedFatalities), num(c.IncidentsChange),
					num(c.FatalitiesChange), ratio(c.IncidentsRatio), ratio(c.FatalitiesRatio))
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}
