package api

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"
	"github.com/incidentmap/incidentmap/cql2"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/internal/feature"
	"github.com/incidentmap/incidentmap/store"
	"github.com/paulmach/orb"
)

// queryMode says which endpoint's rules a query follows.
type queryMode int

const (
	modeLayer  queryMode = iota // GET /incidents, tiles, exports: lenient, larger default page
	modeOGC                     // OGC items: unknown parameters are errors
	modeExport                  // exports: no paging, a size cap
)

// knownParams are the query parameters the incident endpoints take.
var knownParams = map[string]bool{
	"bbox": true, "bbox-crs": true, "datetime": true, "region": true, "intersects": true, "type": true,
	"actor": true, "q": true, "limit": true, "cursor": true, "filter": true, "filter-lang": true,
	"filter-crs": true, "f": true, "offset": true,
}

// incidentQuery turns request parameters into a store query, once, at the
// edge; every mistake is a 400 naming the parameter.
func (s *Server) incidentQuery(r *http.Request, mode queryMode) (store.Query, error) {
	return s.queryFromValues(r.URL.Query(), mode)
}

// ExportQuery turns export filters, given as the query parameters of
// /incidents (bbox, region, intersects, datetime, type, actor, q, filter,
// filter-lang), into a store query without paging. The CLI's export command
// uses it so that its filters mean exactly what the API's do. It needs
// only the configuration: no routes, metrics or tile cache are built.
func ExportQuery(cfg Config, v url.Values) (store.Query, error) {
	cfg = cfg.withDefaults()
	s := &Server{cfg: cfg, log: cfg.Logger}
	return s.queryFromValues(v, modeExport)
}

func (s *Server) queryFromValues(v url.Values, mode queryMode) (store.Query, error) {
	var q store.Query
	if mode == modeOGC {
		for k := range v {
			if !knownParams[k] && !s.isQueryable(k) {
				return q, badRequest(k, "unknown query parameter %q", k)
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
					return q, badRequest(k, "give %s once (it came %d times with different values)", k, len(vals))
				}
			}
		}
	}
	var crossing orb.Geometry // a bbox across the antimeridian
	if crs := v.Get("bbox-crs"); crs != "" && !isCRS84(crs) {
		return q, badRequest("bbox-crs", "only CRS84/EPSG:4326 is supported, not %q", crs)
	}
	if b := v.Get("bbox"); b != "" {
		box, err := ParseBbox(b)
		if err != nil {
			return q, badRequest("bbox", "%v", err)
		}
		if box.Min[0] <= box.Max[0] {
			q.Bbox = &box
		} else {
			crossing = bboxArea(box)
		}
	}
	if d := v.Get("datetime"); d != "" {
		iv, err := ParseDatetime(d)
		if err != nil {
			return q, badRequest("datetime", "%v", err)
		}
		q.From, q.To = iv.Start, iv.End
	}
	region, geom := v.Get("region"), v.Get("intersects")
	if region != "" && geom != "" {
		return q, badRequest("region", "give region or intersects, not both")
	}
	if region != "" {
		p, ok := s.cfg.Gazetteer.Region(region)
		if !ok {
			return q, badRequest("region", "no country or first-level division is called %q (try a name such as Iraq or Anbar, or a code such as IQ or IQ-AN)", region)
		}
		if p.Shape != nil {
			q.Intersects = p.Shape
		} else {
			q.Filter = columnEquals{column: "i.admin1", value: p.Admin1}
			if p.Kind == "country" {
				q.Filter = columnEquals{column: "i.country_code", value: p.CountryCode}
			}
		}
	}
	if geom != "" {
		if len(geom) > 1<<20 {
			return q, badRequest("intersects", "the geometry is larger than 1 MiB")
		}
		g, err := ParseGeometry(geom)
		if err != nil {
			return q, badRequest("intersects", "%v", err)
		}
		q.Intersects = g
	}
	types, err := parseTypes(v["type"])
	if err != nil {
		return q, err
	}
	q.Types = types
	q.Actor = strings.TrimSpace(v.Get("actor"))
	q.Text = strings.TrimSpace(v.Get("q"))
	if len(q.Actor) > 200 || len(q.Text) > 200 {
		return q, badRequest("q", "actor and q take at most 200 bytes")
	}
	if f := v.Get("filter"); f != "" {
		if s.cfg.Filters == nil {
			return q, badRequest("filter", "this server does not take CQL2 filters")
		}
		if q.Filter != nil {
			return q, badRequest("filter", "filter cannot be combined with a region that has no boundary")
		}
		fl, err := s.cfg.Filters.Parse(f, v.Get("filter-lang"))
		if err != nil {
			return q, badRequest("filter", "%v", err)
		}
		q.Filter = fl
		if ds, ok := fl.(daySplitter); ok {
			// Days the filter rules out need not be walked (a narrower
			// From/To only repeats what the filter says).
			from, to := ds.eventDays()
			if from != nil && (q.From == nil || from.After(*q.From)) {
				q.From = from
			}
			if to != nil && (q.To == nil || to.Before(*q.To)) {
				q.To = to
			}
		}
		if sp, ok := fl.(spatialSplitter); ok && q.Intersects == nil {
			if g, rest := sp.splitIntersects(); g != nil {
				q.Intersects, q.Filter = g, rest
			}
		}
	}
	if crossing != nil {
		// A bbox across the antimeridian is two boxes: the geometry the
		// store intersects when there is none yet, else one more condition.
		if q.Intersects == nil {
			q.Intersects = crossing
		} else {
			in := cql2Filter{expr: cql2.SpatialPredicate{Op: cql2.SIntersects, Left: cql2.Property{Name: "geometry"},
				Right: cql2.Geometry{Geometry: crossing}}, q: incidentQueryables()}
			if q.Filter != nil {
				q.Filter = allOf{q.Filter, in}
			} else {
				q.Filter = in
			}
		}
	}
	if crs := v.Get("filter-crs"); crs != "" && !isCRS84(crs) {
		return q, badRequest("filter-crs", "only CRS84/EPSG:4326 is supported")
	}
	// Queryables given as parameters: event_type=..., country_code=...
	if mode == modeOGC {
		var eq []store.SQLFilter
		for k, vals := range v {
			if c, ok := s.queryable(k); ok && !knownParams[k] {
				if c.Type == store.TypeGeometry {
					return q, badRequest(k, "filter the geometry with bbox or filter, not %s=", k)
				}
				val, err := queryableValue(c, vals[0])
				if err != nil {
					return q, badRequest(k, "%v", err)
				}
				eq = append(eq, columnEquals{column: c.SQL, value: val})
			}
		}
		if len(eq) > 0 {
			if q.Filter != nil {
				eq = append(eq, q.Filter)
			}
			q.Filter = allOf(eq)
		}
	}
	switch mode {
	case modeExport:
		q.Limit = s.cfg.MaxExport
	default:
		def := 100
		if mode == modeOGC {
			def = 10
		}
		limit, err := parseLimit(v.Get("limit"), def, s.cfg.MaxLimit)
		if err != nil {
			return q, err
		}
		q.Limit = limit
		if c := v.Get("cursor"); c != "" {
			cur, err := DecodeCursor(c)
			if err != nil {
				return q, badRequest("cursor", "%v", err)
			}
			q.After = &cur
		}
	}
	return q, nil
}

func isCRS84(s string) bool {
	switch s {
	case "http://www.opengis.net/def/crs/OGC/1.3/CRS84", "https://www.opengis.net/def/crs/OGC/1.3/CRS84",
		"http://www.opengis.net/def/crs/EPSG/0/4326", "EPSG:4326", "CRS84", "OGC:CRS84":
		return true
	}
	return false
}

func (s *Server) queryable(name string) (store.Column, bool) {
	for _, c := range store.Queryables() {
		if c.Name == name {
			return c, true
		}
	}
	return store.Column{}, false
}

func (s *Server) isQueryable(name string) bool { _, ok := s.queryable(name); return ok }

// queryableValue parses a queryable given as a parameter by its column's
// type: fatalities=abc is the client's mistake, not a string to compare.
func queryableValue(c store.Column, v string) (any, error) {
	switch c.Type {
	case store.TypeInteger:
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 32)
		if err != nil {
			return nil, fmt.Errorf("%s is a whole number, not %q", c.Name, v)
		}
		return n, nil
	case store.TypeNumber:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("%s is a number, not %q", c.Name, v)
		}
		return f, nil
	case store.TypeDate:
		// Compared as the day's text: both stores read it as a date.
		t, err := time.Parse("2006-01-02", strings.TrimSpace(v))
		if err != nil {
			return nil, fmt.Errorf("%s is a date (2021-06-28), not %q", c.Name, v)
		}
		return t.Format("2006-01-02"), nil
	case store.TypeTimestamp:
		if _, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(v)); err != nil {
			return nil, fmt.Errorf("%s is an RFC 3339 timestamp, not %q", c.Name, v)
		}
		return strings.TrimSpace(v), nil
	}
	return v, nil
}

// columnEquals is a trusted column compared with a bound value.
type columnEquals struct {
	column string // from store.Queryables, never from the request
	value  any
}

func (c columnEquals) SQL(d store.Dialect, arg func(any) string) (string, error) {
	return c.column + " = " + arg(c.value), nil
}

// allOf joins conditions with AND.
type allOf []store.SQLFilter

func (a allOf) SQL(d store.Dialect, arg func(any) string) (string, error) {
	parts := make([]string, 0, len(a))
	for _, f := range a {
		s, err := f.SQL(d, arg)
		if err != nil {
			return "", err
		}
		parts = append(parts, "("+s+")")
	}
	return strings.Join(parts, " AND "), nil
}

// pageOffset reads offset, the number of matches a page skips (OWSLib
// pages with it); next links page on with a cursor instead.
func (s *Server) pageOffset(r *http.Request) (int, error) {
	o := r.URL.Query().Get("offset")
	if o == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(o)
	if err != nil || n < 0 || n > s.cfg.MaxExport {
		return 0, badRequest("offset", "offset must be a whole number from 0 to %d, not %q", s.cfg.MaxExport, o)
	}
	return n, nil
}

// listIncidents answers GET /incidents with a GeoJSON FeatureCollection.
func (s *Server) listIncidents(w http.ResponseWriter, r *http.Request) error {
	q, err := s.incidentQuery(r, modeLayer)
	if err != nil {
		return err
	}
	offset, err := s.pageOffset(r)
	if err != nil {
		return err
	}
	return s.streamPage(w, r, q, offset, asStored, false)
}

// ogcItems answers GET /collections/incidents/items.
func (s *Server) ogcItems(w http.ResponseWriter, r *http.Request) error {
	coll, err := s.collectionOf(r)
	if err != nil {
		return err
	}
	q, err := s.incidentQuery(r, modeOGC)
	if err != nil {
		return err
	}
	if coll.shape != nil {
		if q.Filter != nil {
			q.Filter = allOf{coll.shape, q.Filter}
		} else {
			q.Filter = coll.shape
		}
	}
	offset, err := s.pageOffset(r)
	if err != nil {
		return err
	}
	if wantsHTML(r) {
		return s.itemsHTML(w, r, q)
	}
	return s.streamPage(w, r, q, offset, coll.mode(), true)
}

// streamPage writes one page of incidents feature by feature, so a large
// page never sits in memory, then the paging members and links. The page
// starts offset matches after q's cursor (or the first match); geom says
// how each incident's geometry is written.
func (s *Server) streamPage(w http.ResponseWriter, r *http.Request, q store.Query, offset int, geom geometryMode, ogc bool) error {
	ctx := r.Context()
	if done, err := s.notModified(w, r); done || err != nil {
		return err
	}
	var matched int64 = -1
	if ogc {
		// numberMatched is optional in OGC API - Features: counting a huge
		// match can cost more than the page, so it gets a time budget and is
		// left out when the count does not finish within it, or when other
		// counts already take their share of the store (countSlots).
		st, err := s.cfg.Store.Stats(ctx)
		if err != nil {
			return s.storeError(err)
		}
		cctx, cancel := context.WithTimeout(ctx, countBudget)
		n, err := s.counts.count(cctx, s.cfg.Store, countKey(st.Version, r.URL.Path, r.URL.Query()), q)
		cancel()
		switch {
		case err == nil:
			matched = n
		case errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil, errors.Is(err, errCountBusy):
		default:
			return s.storeError(err)
		}
	}
	limit := q.Limit
	q.Limit = offset + limit + 1 // one more tells whether there is a next page
	w.Header().Set("Content-Type", "application/geo+json")
	bw := bufio.NewWriterSize(w, 32<<10)
	started, more := false, false
	n := 0
	skipped := 0
	var promoted []byte
	emit := func(c store.Cursor, feature []byte) error {
		if geom == asMulti {
			if p, ok := promoteMulti(promoted[:0], feature); ok {
				promoted, feature = p, p
			}
		}
		if skipped < offset {
			skipped++
			q.After = &c
			return nil
		}
		if n == limit {
			more = true // one more than the page: a next page exists
			return errStopPage
		}
		if !started {
			started = true
			bw.WriteString(`{"type":"FeatureCollection","features":[`)
		} else {
			bw.WriteByte(',')
		}
		bw.Write(feature)
		n++
		q.After = &c
		return nil
	}
	var err error
	if fs, ok := s.cfg.Store.(store.FeatureStreamer); ok && geom != asPoint {
		// The store keeps each feature ready-made: copy bytes, decode nothing.
		err = fs.StreamGeoJSON(ctx, q, emit)
	} else {
		var b []byte
		err = s.cfg.Store.Incidents(ctx, q, func(inc *incident.Incident) error {
			if geom == asPoint {
				inc.Geometry = inc.Point
			}
			b = feature.Append(b[:0], inc)
			return emit(store.Cursor{EventDate: inc.EventDate, ID: inc.ID}, b)
		})
	}
	if err != nil && !errors.Is(err, errStopPage) {
		if !started {
			return s.storeError(err)
		}
		// Headers and part of the body are gone: cut the connection so the
		// client sees a broken response, never a short one that looks whole.
		s.log.Error("stream failed", "path", r.URL.Path, "err", err)
		panic(http.ErrAbortHandler)
	}
	if !started {
		bw.WriteString(`{"type":"FeatureCollection","features":[`)
	}
	bw.WriteString(`]`)
	links := []link{{Href: s.url(r, r.URL.Path, r.URL.Query()), Rel: "self", Type: "application/geo+json", Title: "this page"}}
	if more {
		next := onceEach(r.URL.Query())
		next.Set("cursor", EncodeCursor(*q.After))
		next.Del("offset") // the cursor already stands after the skipped ones
		links = append(links, link{Href: s.url(r, r.URL.Path, next), Rel: "next", Type: "application/geo+json", Title: "next page"})
	}
	tail := map[string]any{"numberReturned": n, "timeStamp": time.Now().UTC().Format(time.RFC3339), "links": links}
	if matched >= 0 {
		tail["numberMatched"] = matched
	}
	for _, k := range []string{"numberMatched", "numberReturned", "timeStamp", "links"} {
		val, ok := tail[k]
		if !ok {
			continue
		}
		b, _ := json.Marshal(val)
		fmt.Fprintf(bw, `,%q:%s`, k, b)
	}
	bw.WriteString("}\n")
	return bw.Flush()
}

var errStopPage = errors.New("page full")

// onceEach drops repeated identical values (see queryFromValues), so a
// next link does not grow by a copy each page with a client that appends
// its own.
func onceEach(v url.Values) url.Values {
	for k, vals := range v {
		if len(vals) > 1 && !slices.ContainsFunc(vals, func(x string) bool { return x != vals[0] }) {
			v[k] = vals[:1]
		}
	}
	return v
}

// countBudget is how long numberMatched may take.
const countBudget = 2 * time.Second

// ogcItem answers GET /collections/incidents/items/{id}.
func (s *Server) ogcItem(w http.ResponseWriter, r *http.Request) error {
	coll, err := s.collectionOf(r)
	if err != nil {
		return err
	}
	id := mux.Vars(r)["featureId"]
	inc, err := s.cfg.Store.Incident(r.Context(), id)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return notFound("no incident with id %q", id)
		}
		return s.storeError(err)
	}
	if !coll.holds(&inc) {
		return notFound("incident %q is not in %s", id, coll.id)
	}
	if wantsHTML(r) {
		return s.itemHTML(w, r, &inc)
	}
	if coll.points {
		inc.Geometry = inc.Point
	}
	links, err := json.Marshal([]link{
		{Href: s.url(r, r.URL.Path, nil), Rel: "self", Type: "application/geo+json"},
		{Href: s.url(r, "/collections/"+coll.id, nil), Rel: "collection", Type: "application/json"},
	})
	if err != nil {
		return err
	}
	// The Feature every layer writes, with its links as one more member.
	b := feature.Append(nil, &inc)
	b = append(b[:len(b)-1], `,"links":`...)
	b = append(append(b, links...), "}\n"...)
	w.Header().Set("Content-Type", "application/geo+json")
	_, err = w.Write(b)
	return err
}

// storeError maps store failures to responses: unavailable -> 503.
func (s *Server) storeError(err error) error {
	switch {
	case errors.Is(err, store.ErrUnavailable):
		return &Problem{Type: "about:blank", Title: "Service Unavailable", Status: http.StatusServiceUnavailable,
			Detail: "the database cannot be reached; try again shortly"}
	case errors.Is(err, context.DeadlineExceeded):
		return &Problem{Type: "about:blank", Title: "Service Unavailable", Status: http.StatusServiceUnavailable,
			Detail: "the query took longer than the server allows; narrow it"}
	case errors.Is(err, context.Canceled):
		return err
	}
	return err
}

// link is an OGC API link object.
type link struct {
	Href  string `json:"href"`
	Rel   string `json:"rel"`
	Type  string `json:"type,omitempty"`
	Title string `json:"title,omitempty"`
}

// url builds an absolute URL on this server, honouring a proxy's
// X-Forwarded-Proto and X-Forwarded-Host only when TrustProxy says a proxy
// sets them: otherwise any client could make the links of a cached
// response point elsewhere.
func (s *Server) url(r *http.Request, path string, q url.Values) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	host := r.Host
	if s.cfg.TrustProxy {
		if p := r.Header.Get("X-Forwarded-Proto"); p == "http" || p == "https" {
			scheme = p
		}
		if h := r.Header.Get("X-Forwarded-Host"); h != "" && !strings.ContainsAny(h, "/\\ @?#") {
			host = h
		}
	}
	u := url.URL{Scheme: scheme, Host: host, Path: path}
	if len(q) > 0 {
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// notModified sets the ETag of a read from the store's version and the
// request, and answers 304 when the client already has it.
func (s *Server) notModified(w http.ResponseWriter, r *http.Request) (bool, error) {
	st, err := s.cfg.Store.Stats(r.Context())
	if err != nil {
		return false, s.storeError(err)
	}
	// Everything the body depends on: the data, the query, the encoding
	// asked for, and the origin its links point to.
	tag := `W/"` + st.Version + "-" + strconv.FormatUint(hashString(r.URL.RawQuery+"|"+r.Header.Get("Accept")+"|"+s.url(r, "/", nil)), 36) + `"`
	w.Header().Set("ETag", tag)
	s.cacheControl(w, "public, max-age=0, must-revalidate")
	addVary(w, "Accept")
	s.varyByOrigin(w)
	if match := r.Header.Get("If-None-Match"); match != "" && (match == tag || match == "*" || strings.Contains(match, tag)) {
		w.WriteHeader(http.StatusNotModified)
		return true, nil
	}
	return false, nil
}

func hashString(s string) uint64 {
	// FNV-1a: stable across processes, enough to tell requests apart.
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
