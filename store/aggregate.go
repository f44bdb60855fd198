package store

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/paulmach/orb"
)

// Grouping says what an aggregation counts incidents by.
type Grouping int

// The groupings an aggregation can ask for. The stores hold no second-level
// division (admin2), so there is none to group by.
const (
	// GroupCountry groups by country_code.
	GroupCountry Grouping = iota
	// GroupAdmin1 groups by (country_code, admin1).
	GroupAdmin1
	// GroupCell groups by a square cell of Aggregation.CellSize degrees of
	// the incident's representative point (lon, lat).
	GroupCell
)

// Period says how an aggregation buckets event_date.
type Period int

// The periods an aggregation can ask for.
const (
	// PeriodDay buckets by event day.
	PeriodDay Period = iota
	// PeriodWeek buckets by ISO week, starting on Monday.
	PeriodWeek
	// PeriodMonth buckets by calendar month.
	PeriodMonth
	// PeriodAll puts every day in one bucket (Bucket.Start is zero): the
	// totals a baseline compares with.
	PeriodAll
)

// Start returns the first day of the period holding day d (UTC).
func (p Period) Start(d time.Time) time.Time {
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	switch p {
	case PeriodWeek:
		return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
	case PeriodMonth:
		return d.AddDate(0, 0, 1-d.Day())
	case PeriodAll:
		return time.Time{}
	}
	return d
}

// End returns the last day of the period that starts on start.
func (p Period) End(start time.Time) time.Time {
	switch p {
	case PeriodWeek:
		return start.AddDate(0, 0, 6)
	case PeriodMonth:
		return start.AddDate(0, 1, -1)
	case PeriodAll:
		return time.Time{}
	}
	return start
}

// Aggregation says how Aggregate groups and buckets incidents.
type Aggregation struct {
	Group  Grouping
	Period Period
	// CellSize is the side of a GroupCell cell in degrees, from
	// MinCellSize to 90.
	CellSize float64
}

// MinCellSize is the smallest cell side an aggregation takes, in degrees
// (about 1 km): finer grids count single incidents.
const MinCellSize = 0.01

// Validate reports an aggregation a store cannot run.
func (a Aggregation) Validate() error {
	if a.Group < GroupCountry || a.Group > GroupCell {
		return fmt.Errorf("aggregate: unknown grouping %d", a.Group)
	}
	if a.Period < PeriodDay || a.Period > PeriodAll {
		return fmt.Errorf("aggregate: unknown period %d", a.Period)
	}
	if a.Group == GroupCell && !(a.CellSize >= MinCellSize && a.CellSize <= 90) {
		return fmt.Errorf("aggregate: cell size %g is outside %g..90 degrees", a.CellSize, MinCellSize)
	}
	return nil
}

// Bucket is the count of one group in one period.
type Bucket struct {
	// Country and Admin1 name the group of GroupCountry and GroupAdmin1
	// (Admin1 is empty for GroupCountry).
	Country, Admin1 string
	// Cell is the column and row of a GroupCell cell: the cell covers
	// longitudes -180+col*size .. -180+(col+1)*size and latitudes
	// -90+row*size .. -90+(row+1)*size (see CellBound).
	Cell [2]int
	// Start is the first day of the period; zero for PeriodAll.
	Start time.Time
	// Incidents counts the incidents; Fatalities sums their fatalities
	// (an incident whose fatalities are unknown adds none).
	Incidents, Fatalities int64
}

// CellBound returns the box of the cell col, row of a grid of size degrees.
func CellBound(cell [2]int, size float64) orb.Bound {
	minX, minY := -180+float64(cell[0])*size, -90+float64(cell[1])*size
	return orb.Bound{Min: orb.Point{minX, minY}, Max: orb.Point{math.Min(minX+size, 180), math.Min(minY+size, 90)}}
}

// Aggregator is implemented by stores that count incidents per group and
// period in the database.
type Aggregator interface {
	// Aggregate counts the incidents matching q (its Limit and After are
	// ignored) per group and period of a, and hands each non-empty bucket
	// to fn in (group, start) order: groups by Country, Admin1 or by cell
	// column then row. fn's error stops it and is returned.
	Aggregate(ctx context.Context, q Query, a Aggregation, fn func(Bucket) error) error
}
