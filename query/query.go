// Package query turns the query parameters of the incident endpoints, or
// the CLI flags of the same names, into a store.Query: bbox, datetime,
// region, intersects, type, status, actor, q, a parsed CQL2 filter (split
// so the store's spatial and day indexes serve what they can), limit and
// cursor.
// It parses once, at the edge, and says which parameter is wrong.
package query

import (
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/cql2"
	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/incidentmap/incidentmap/store"
	"github.com/paulmach/orb"
)

// Mode says which endpoint's rules a query follows.
type Mode int

// The modes of the incident endpoints.
const (
	// Layer is GET /incidents and the map's layers: lenient, a page of 100
	// by default.
	Layer Mode = iota
	// OGC is OGC API - Features items: unknown parameters are errors,
	// queryables may be given as parameters, a page of 10 by default.
	OGC
	// Export is exports and tiles: no paging, a size cap.
	Export
)

// Error is a parameter the parser cannot use: the client's mistake.
type Error struct {
	// Param names the parameter (or CLI flag) at fault.
	Param string
	// Detail says what is wrong with it.
	Detail string
}

func (e *Error) Error() string { return e.Param + ": " + e.Detail }

func errorf(param, format string, args ...any) *Error {
	return &Error{Param: param, Detail: fmt.Sprintf(format, args...)}
}

// Parser turns the query parameters of the incident endpoints (or the CLI
// flags of the same names) into a store query.
type Parser struct {
	// Gazetteer resolves region names and codes.
	Gazetteer *gazetteer.Gazetteer
	// Filters parses CQL2 filters; nil refuses the filter parameter.
	Filters FilterParser
	// MaxLimit caps the limit parameter; 0 means 10000.
	MaxLimit int
	// MaxExport is the Limit of an Export query; 0 means 1,000,000.
	MaxExport int
}

// knownParams are the query parameters the incident endpoints take.
var knownParams = map[string]bool{
	"bbox": true, "bbox-crs": true, "datetime": true, "region": true, "intersects": true, "type": true,
	"actor": true, "q": true, "limit": true, "cursor": true, "filter": true, "filter-lang": true,
	"filter-crs": true, "f": true, "offset": true, "status": true, "updated_since": true,
	"updated": true,
}

// Values turns v into a store query, once, at the edge; every mistake is
// an *Error naming the parameter.
func (p Parser) Values(v url.Values, mode Mode) (store.Query, error) {
	var q store.Query
	if err := checkParams(v, mode); err != nil {
		return q, err
	}
	crossing, err := p.where(&q, v)
	if err != nil {
		return q, err
	}
	if err := attributes(&q, v); err != nil {
		return q, err
	}
	if err := p.filter(&q, v); err != nil {
		return q, err
	}
	if crossing != nil {
		// A bbox across the antimeridian is two boxes: the geometry the
		// store intersects when there is none yet, else one more condition.
		if q.Intersects == nil {
			q.Intersects = crossing
		} else {
			q.Filter = allOf(q.Filter, cql2.SpatialPredicate{Op: cql2.SIntersects, Left: cql2.Property{Name: "geometry"},
				Right: cql2.Geometry{Geometry: crossing}})
		}
	}
	if crs := v.Get("filter-crs"); crs != "" && !isCRS84(crs) {
		return q, errorf("filter-crs", "only CRS84/EPSG:4326 is supported")
	}
	if mode == OGC {
		if err := queryableParams(&q, v); err != nil {
			return q, err
		}
	}
	return q, p.page(&q, v, mode)
}

// checkParams refuses unknown parameters (OGC mode) and a parameter given
// twice with different values.
func checkParams(v url.Values, mode Mode) error {
	if mode == OGC {
		for k := range v {
			if _, ok := queryable(k); !knownParams[k] && !ok {
				return errorf(k, "unknown query parameter %q", k)
			}
		}
	}
	for k, vals := range v {
		// The same value twice is one parameter: GDAL appends its own copy
		// of a filter given in its connection string to next links that
		// already carry it.
		if len(vals) > 1 && k != "type" {
			for _, x := range vals[1:] {
				if x != vals[0] {
					return errorf(k, "give %s once (it came %d times with different values)", k, len(vals))
				}
			}
		}
	}
	return nil
}

// where reads bbox, datetime, region and intersects into q. A bbox across
// the antimeridian is returned as crossing, for Values to place once the
// filter is known.
func (p Parser) where(q *store.Query, v url.Values) (crossing orb.Geometry, err error) {
	if crs := v.Get("bbox-crs"); crs != "" && !isCRS84(crs) {
		return nil, errorf("bbox-crs", "only CRS84/EPSG:4326 is supported, not %q", crs)
	}
	if b := v.Get("bbox"); b != "" {
		box, err := ParseBbox(b)
		if err != nil {
			return nil, errorf("bbox", "%v", err)
		}
		if box.Min[0] <= box.Max[0] {
			q.Bbox = &box
		} else {
			crossing = BboxArea(box)
		}
	}
	if d := v.Get("datetime"); d != "" {
		iv, err := ParseDatetime(d)
		if err != nil {
			return nil, errorf("datetime", "%v", err)
		}
		q.From, q.To = iv.Start, iv.End
	}
	region, geom := v.Get("region"), v.Get("intersects")
	if region != "" && geom != "" {
		return nil, errorf("region", "give region or intersects, not both")
	}
	if region != "" {
		pl, ok := p.Gazetteer.Region(region)
		if !ok {
			return nil, errorf("region", "no country or first-level division is called %q (try a name such as Iraq or Anbar, or a code such as IQ or IQ-AN)", region)
		}
		switch {
		case pl.Shape != nil:
			q.Intersects = pl.Shape
		case pl.Kind == "country":
			q.Country = pl.CountryCode
		default:
			q.Admin1 = pl.Admin1
		}
	}
	if geom != "" {
		if len(geom) > 1<<20 {
			return nil, errorf("intersects", "the geometry is larger than 1 MiB")
		}
		g, err := ParseGeometry(geom)
		if err != nil {
			return nil, errorf("intersects", "%v", err)
		}
		q.Intersects = g
	}
	return crossing, nil
}

// ParseUpdatedSince reads the updated_since parameter (or the since
// parameter of the tombstone listing): an RFC 3339 instant with its offset,
// such as an incident's updated time as a client last saw it.
func ParseUpdatedSince(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, errorf("updated_since", "want an RFC 3339 instant such as 2024-05-01T12:00:00Z, got %q", s)
	}
	return t.UTC(), nil
}

// ParseUpdated reads the updated parameter: when an incident last changed,
// in the OGC datetime syntax (see ParseDatetime): an instant (changed
// exactly then, such as an updated time a Feature carries), a date (that
// UTC day), or an interval START/END, ../END or START/.., inclusive.
func ParseUpdated(s string) (Interval, error) {
	iv, err := parseInterval("updated", s)
	if err != nil {
		return Interval{}, errorf("updated", "%v", err)
	}
	return iv, nil
}

// attributes reads type, status, updated_since, updated, actor and q into q.
func attributes(q *store.Query, v url.Values) error {
	types, err := ParseTypes(v["type"])
	if err != nil {
		return err
	}
	q.Types = types
	if q.Statuses, err = ParseStatuses(v["status"]); err != nil {
		return err
	}
	if s := v.Get("updated_since"); s != "" {
		t, err := ParseUpdatedSince(s)
		if err != nil {
			return err
		}
		q.UpdatedSince = &t
	}
	if s := v.Get("updated"); s != "" {
		iv, err := ParseUpdated(s)
		if err != nil {
			return err
		}
		q.UpdatedFrom, q.UpdatedTo = iv.Start, iv.End
	}
	q.Actor = strings.TrimSpace(v.Get("actor"))
	q.Text = strings.TrimSpace(v.Get("q"))
	if len(q.Actor) > 200 || len(q.Text) > 200 {
		return errorf("q", "actor and q take at most 200 bytes")
	}
	return nil
}

// filter reads filter and filter-lang into q. A top-level S_INTERSECTS goes
// to q.Intersects, for the store's spatial index, and top-level temporal
// bounds of event_date narrow q's days.
func (p Parser) filter(q *store.Query, v url.Values) error {
	f := v.Get("filter")
	if f == "" {
		return nil
	}
	if p.Filters == nil {
		return errorf("filter", "this server does not take CQL2 filters")
	}
	fl, err := p.Filters.Parse(f, v.Get("filter-lang"))
	if err != nil {
		return errorf("filter", "%v", err)
	}
	q.Filter = fl
	if q.Statuses == nil && namesProperty(fl, "status") {
		// A filter on the review status chooses among every status
		// itself: status = 'rejected' finds the rejected incidents.
		q.Statuses = store.ReviewStatuses
	}
	// Days the filter rules out need not be walked (a narrower From/To only
	// repeats what the filter says).
	from, to := eventDays(fl)
	if from != nil && (q.From == nil || from.After(*q.From)) {
		q.From = from
	}
	if to != nil && (q.To == nil || to.Before(*q.To)) {
		q.To = to
	}
	if q.Intersects == nil {
		if g, rest := splitIntersects(fl); g != nil {
			q.Intersects, q.Filter = g, rest
		}
	}
	return nil
}

// queryableParams reads queryables given as parameters (event_type=...,
// country_code=...) into equality conditions of q's filter.
func queryableParams(q *store.Query, v url.Values) error {
	var eq []cql2.Expr
	for k, vals := range v {
		c, ok := queryable(k)
		if !ok || knownParams[k] {
			continue
		}
		if c.Type == store.TypeGeometry {
			return errorf(k, "filter the geometry with bbox or filter, not %s=", k)
		}
		val, err := queryableValue(c, vals[0])
		if err != nil {
			return errorf(k, "%v", err)
		}
		eq = append(eq, cql2.Comparison{Op: cql2.OpEq, Left: cql2.Property{Name: c.Name}, Right: val})
	}
	if len(eq) > 0 {
		q.Filter = allOf(append(eq, q.Filter)...)
	}
	return nil
}

// page sets q's Limit and, but for exports, its cursor.
func (p Parser) page(q *store.Query, v url.Values, mode Mode) error {
	if mode == Export {
		q.Limit = p.MaxExport
		if q.Limit <= 0 {
			q.Limit = 1000000
		}
		return nil
	}
	def := 100
	if mode == OGC {
		def = 10
	}
	limit, err := ParseLimit(v.Get("limit"), def, p.MaxLimit)
	if err != nil {
		return err
	}
	q.Limit = limit
	if c := v.Get("cursor"); c != "" {
		cur, err := DecodeCursor(c)
		if err != nil {
			return errorf("cursor", "%v", err)
		}
		q.After = &cur
	}
	return nil
}

// ParseLimit reads a limit parameter: def when empty, else a whole number
// from 1 to max (0 means 10000).
func ParseLimit(s string, def, max int) (int, error) {
	if max <= 0 {
		max = 10000
	}
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, errorf("limit", "limit must be a whole number from 1 to %d, not %q", max, s)
	}
	if n > max {
		return 0, errorf("limit", "limit must be at most %d", max)
	}
	return n, nil
}

func isCRS84(s string) bool {
	switch s {
	case "http://www.opengis.net/def/crs/OGC/1.3/CRS84", "https://www.opengis.net/def/crs/OGC/1.3/CRS84",
		"http://www.opengis.net/def/crs/EPSG/0/4326", "EPSG:4326", "CRS84", "OGC:CRS84":
		return true
	}
	return false
}

func queryable(name string) (store.Column, bool) {
	for _, c := range store.Queryables() {
		if c.Name == name {
			return c, true
		}
	}
	return store.Column{}, false
}

// queryableValue parses a queryable given as a parameter by its column's
// type: fatalities=abc is the client's mistake, not a string to compare.
func queryableValue(c store.Column, v string) (cql2.Expr, error) {
	switch c.Type {
	case store.TypeInteger:
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 32)
		if err != nil {
			return nil, fmt.Errorf("%s is a whole number, not %q", c.Name, v)
		}
		return cql2.Number(n), nil
	case store.TypeNumber:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("%s is a number, not %q", c.Name, v)
		}
		return cql2.Number(f), nil
	case store.TypeDate:
		t, err := time.Parse("2006-01-02", strings.TrimSpace(v))
		if err != nil {
			return nil, fmt.Errorf("%s is a date (2021-06-28), not %q", c.Name, v)
		}
		return cql2.Date{Time: t}, nil
	case store.TypeTimestamp:
		t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(v))
		if err != nil {
			return nil, fmt.Errorf("%s is an RFC 3339 timestamp, not %q", c.Name, v)
		}
		return cql2.Timestamp{Time: t.UTC()}, nil
	}
	return cql2.String(v), nil
}

// allOf joins conditions with AND, leaving out nil ones; nil when none is
// left.
func allOf(es ...cql2.Expr) cql2.Expr {
	var args []cql2.Expr
	for _, e := range es {
		if e != nil {
			args = append(args, e)
		}
	}
	switch len(args) {
	case 0:
		return nil
	case 1:
		return args[0]
	}
	return cql2.And{Args: args}
}
