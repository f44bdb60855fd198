package api

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"
	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/internal/feature"
	"github.com/incidentmap/incidentmap/query"
	"github.com/incidentmap/incidentmap/store"
)

// incidentQuery turns request parameters into a store query, once, at the
// edge; every mistake is a 400 naming the parameter.
func (s *Server) incidentQuery(r *http.Request, mode query.Mode) (store.Query, error) {
	q, err := s.queries.Values(r.URL.Query(), mode)
	return q, paramProblem(err)
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
	q, err := s.incidentQuery(r, query.Layer)
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
	q, err := s.incidentQuery(r, query.OGC)
	if err != nil {
		return err
	}
	q.Shape = coll.shape
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
	start := time.Now()
	if done, err := s.notModified(w, r); done || err != nil {
		return err
	}
	// numberMatched is counted beside the page, on its own connection, and
	// written after the features: a page waits for the longer of the two,
	// not their sum.
	var counted <-chan int64
	if ogc {
		var err error
		if counted, err = s.startCount(r, q); err != nil {
			return err
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
	if err := s.features(ctx, q, geom, emit); err != nil && !errors.Is(err, errStopPage) {
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
	var next *store.Cursor
	if more {
		next = q.After
	}
	var matched int64 = -1
	if counted != nil {
		matched = awaitCount(counted, start.Add(countWait))
	}
	s.writePageTail(bw, r, n, matched, next)
	bw.WriteString("}\n")
	return bw.Flush()
}

// features calls emit with each of q's Features and its cursor, the
// geometry as geom says: from the store's ready-made Features when it
// keeps them (copy bytes, decode nothing), else encoded here.
func (s *Server) features(ctx context.Context, q store.Query, geom geometryMode, emit func(store.Cursor, []byte) error) error {
	if fs, ok := s.cfg.Store.(store.FeatureStreamer); ok && geom != asPoint {
		return fs.StreamGeoJSON(ctx, q, emit)
	}
	var b []byte
	return s.cfg.Store.Incidents(ctx, q, func(inc *incident.Incident) error {
		if geom == asPoint {
			inc.Geometry = inc.Point
		}
		b = feature.Append(b[:0], inc)
		return emit(store.Cursor{EventDate: inc.EventDate, ID: inc.ID}, b)
	})
}

// startCount starts counting q's matches for an OGC page and returns where
// the count, or -1 when it is left out, arrives. numberMatched is optional
// in OGC API - Features: counting a huge match can cost more than the
// page, so it gets a time budget and is left out when the count does not
// finish within it, when other counts already take their share of the
// store (countSlots), or when it fails (the page itself may still be
// whole; the failure is logged).
func (s *Server) startCount(r *http.Request, q store.Query) (<-chan int64, error) {
	ctx := r.Context()
	st, err := s.cfg.Store.Stats(ctx)
	if err != nil {
		return nil, s.storeError(err)
	}
	key := countKey(st.Version, r.URL.Path, r.URL.Query())
	out := make(chan int64, 1)
	go func() {
		// The count outlives a page that stopped waiting for it (up to
		// its budget, in its one slot), so the next page of the query at
		// this version finds it in the cache.
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), countBudget)
		defer cancel()
		n, err := s.counts.count(cctx, s.cfg.Store, key, q)
		switch {
		case err == nil:
		case errors.Is(err, context.DeadlineExceeded), errors.Is(err, errCountBusy):
			n = -1
		default:
			s.log.Warn("numberMatched", "path", r.URL.Path, "err", err)
			n = -1
		}
		out <- n
	}()
	return out, nil
}

// writePageTail writes the members after a page's features: numberMatched
// (when matched is not -1), numberReturned, timeStamp and the links, with
// a next link when next, the cursor of the page's last feature, is set.
func (s *Server) writePageTail(bw *bufio.Writer, r *http.Request, returned int, matched int64, next *store.Cursor) {
	links := []link{{Href: s.url(r, r.URL.Path, r.URL.Query()), Rel: "self", Type: "application/geo+json", Title: "this page"}}
	if next != nil {
		v := onceEach(r.URL.Query())
		v.Set("cursor", query.EncodeCursor(*next))
		v.Del("offset") // the cursor already stands after the skipped ones
		links = append(links, link{Href: s.url(r, r.URL.Path, v), Rel: "next", Type: "application/geo+json", Title: "next page"})
	}
	tail := map[string]any{"numberReturned": returned, "timeStamp": time.Now().UTC().Format(time.RFC3339), "links": links}
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
}

var errStopPage = errors.New("page full")

// onceEach drops repeated identical values (see query.Parser.Values), so a
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

// countWait is how long after a page's start the page waits for its
// numberMatched: a count that takes longer goes on in the background, to
// the budget, for the pages after (a client paging through a match gets
// it from the second page on), and this page goes without. A page that
// waited for the whole budget made make load's p99 2 s.
const countWait = 500 * time.Millisecond

// awaitCount returns the count from counted, or -1 when it has not come
// by deadline.
func awaitCount(counted <-chan int64, deadline time.Time) int64 {
	select {
	case n := <-counted:
		return n
	default:
	}
	t := time.NewTimer(max(0, time.Until(deadline)))
	defer t.Stop()
	select {
	case n := <-counted:
		return n
	case <-t.C:
		return -1
	}
}

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
	if inc.Status == store.StatusDeleted {
		return s.tombstone(w, r, id)
	}
	if !coll.holds(&inc) {
		return notFound("incident %q is not in %s", id, coll.id)
	}
	if wantsHTML(r) {
		return s.itemHTML(w, r, &inc)
	}
	// The ETag is the stored incident's, whatever geometry the collection
	// writes, so an If-Match read here holds for an edit.
	if s.itemNotModified(w, r, &inc) {
		return nil
	}
	if coll.points {
		inc.Geometry = inc.Point
	}
	links, err := json.Marshal([]link{
		{Href: s.url(r, r.URL.Path, nil), Rel: "self", Type: "application/geo+json"},
		{Href: s.url(r, "/collections/"+coll.id, nil), Rel: "collection", Type: "application/json"},
		{Href: s.url(r, r.URL.Path+"/history", nil), Rel: "version-history", Type: "application/json", Title: "the incident's changes"},
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
