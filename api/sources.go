package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gorilla/mux"
	"github.com/incidentmap/incidentmap/feeds"
	"github.com/incidentmap/incidentmap/store"
	"github.com/prometheus/client_golang/prometheus"
)

// The /sources endpoints register the feeds the poller follows and show
// their health: GET /sources lists them, POST /sources adds one, PATCH
// /sources/{id} pauses or resumes one, DELETE /sources/{id} removes one.
// Writes need a write token, as POST /articles does.

// sources returns the store's sources, or a 404 when it keeps none.
func (s *Server) sources() (store.Sources, error) {
	srcs, ok := s.cfg.Store.(store.Sources)
	if !ok {
		return nil, notFound("this store keeps no sources")
	}
	return srcs, nil
}

// sourceID parses the {id} of a /sources/{id} path.
func sourceID(r *http.Request) (int64, error) {
	raw := mux.Vars(r)["id"]
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return 0, notFound("no source %q", raw)
	}
	return id, nil
}

func (s *Server) sourceError(err error, id int64) error {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return notFound("no source %d", id)
	case errors.Is(err, store.ErrSourceExists):
		return &Problem{Type: "about:blank", Title: "Conflict", Status: http.StatusConflict, Detail: "a source with this URL is registered already"}
	}
	return s.storeError(err)
}

func (s *Server) listSources(w http.ResponseWriter, r *http.Request) error {
	srcs, err := s.sources()
	if err != nil {
		return err
	}
	list, err := srcs.ListSources(r.Context())
	if err != nil {
		return s.storeError(err)
	}
	now := time.Now()
	out := struct {
		Sources []feeds.Status `json:"sources"`
		Stale   int            `json:"stale"`
	}{Sources: make([]feeds.Status, 0, len(list))}
	for _, src := range list {
		st := feeds.StatusOf(src, now)
		if st.Stale {
			out.Stale++
		}
		out.Sources = append(out.Sources, st)
	}
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) getSource(w http.ResponseWriter, r *http.Request) error {
	srcs, err := s.sources()
	if err != nil {
		return err
	}
	id, err := sourceID(r)
	if err != nil {
		return err
	}
	src, err := srcs.Source(r.Context(), id)
	if err != nil {
		return s.sourceError(err, id)
	}
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusOK, feeds.StatusOf(src, time.Now()))
}

// sourceInput is the body of POST /sources.
type sourceInput struct {
	URL      string `json:"url"`
	Name     string `json:"name"`
	Interval string `json:"interval"`
	Paused   bool   `json:"paused"`
}

func (s *Server) postSource(w http.ResponseWriter, r *http.Request) error {
	srcs, err := s.sources()
	if err != nil {
		return err
	}
	body, err := s.editBody(w, r, "application/json")
	if err != nil {
		return err
	}
	var in sourceInput
	if err := json.Unmarshal(body, &in); err != nil {
		return badRequest("", "the body is not a JSON object {\"url\", \"name\", \"interval\", \"paused\"}: %v", err)
	}
	if in.URL == "" {
		return badRequest("url", "url is required")
	}
	u, err := feeds.CheckURL(in.URL)
	if err != nil {
		return badRequest("url", "%v", err)
	}
	d, err := feeds.ParseInterval(in.Interval)
	if err != nil {
		return badRequest("interval", "%v", err)
	}
	if len(in.Name) > 200 {
		return badRequest("name", "name is longer than 200 bytes")
	}
	src, err := srcs.AddSource(r.Context(), store.Source{URL: u.String(), Name: in.Name, Interval: d, Paused: in.Paused})
	if err != nil {
		return s.sourceError(err, 0)
	}
	w.Header().Set("Location", "/sources/"+strconv.FormatInt(src.ID, 10))
	return writeJSON(w, http.StatusCreated, feeds.StatusOf(src, time.Now()))
}

func (s *Server) patchSource(w http.ResponseWriter, r *http.Request) error {
	srcs, err := s.sources()
	if err != nil {
		return err
	}
	id, err := sourceID(r)
	if err != nil {
		return err
	}
	body, err := s.editBody(w, r, "application/json", "application/merge-patch+json")
	if err != nil {
		return err
	}
	var in struct {
		Paused *bool `json:"paused"`
	}
	if err := json.Unmarshal(body, &in); err != nil || in.Paused == nil {
		return badRequest("paused", `send {"paused": true} or {"paused": false}`)
	}
	src, err := srcs.SetSourcePaused(r.Context(), id, *in.Paused)
	if err != nil {
		return s.sourceError(err, id)
	}
	return writeJSON(w, http.StatusOK, feeds.StatusOf(src, time.Now()))
}

func (s *Server) deleteSource(w http.ResponseWriter, r *http.Request) error {
	srcs, err := s.sources()
	if err != nil {
		return err
	}
	id, err := sourceID(r)
	if err != nil {
		return err
	}
	if err := srcs.RemoveSource(r.Context(), id); err != nil {
		return s.sourceError(err, id)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// sourceCollector exports each source's health to Prometheus, read from
// the store at scrape time so every replica reports the same values.
type sourceCollector struct {
	srcs                                    store.Sources
	lastSuccess, failures, stale, paused    *prometheus.Desc
	newTotal, seen, nextPoll, lastErrorTime *prometheus.Desc
}

func newSourceCollector(srcs store.Sources) *sourceCollector {
	labels := []string{"source", "url"}
	d := func(name, help string) *prometheus.Desc {
		return prometheus.NewDesc("incidentmap_source_"+name, help, labels, nil)
	}
	return &sourceCollector{srcs: srcs,
		lastSuccess:   d("last_success_timestamp_seconds", "When the source was last polled successfully (0: never)."),
		lastErrorTime: d("last_error_timestamp_seconds", "When a poll of the source last failed (0: never)."),
		failures:      d("consecutive_failures", "Failed polls of the source since its last success."),
		stale:         d("stale", "1 when the source has been failing for a day or more."),
		paused:        d("paused", "1 when the source is paused."),
		newTotal:      d("articles_new_total", "New articles the source brought."),
		seen:          d("items_seen", "Entries read at the source's last successful poll."),
		nextPoll:      d("next_poll_timestamp_seconds", "When the source is due next."),
	}
}

func (c *sourceCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.lastSuccess, c.lastErrorTime, c.failures, c.stale, c.paused, c.newTotal, c.seen, c.nextPoll} {
		ch <- d
	}
}

func (c *sourceCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	list, err := c.srcs.ListSources(ctx)
	if err != nil {
		return
	}
	now := time.Now()
	unix := func(t time.Time) float64 {
		if t.IsZero() {
			return 0
		}
		return float64(t.UnixMilli()) / 1000
	}
	b := func(v bool) float64 {
		if v {
			return 1
		}
		return 0
	}
	for _, src := range list {
		l := []string{strconv.FormatInt(src.ID, 10), src.URL}
		ch <- prometheus.MustNewConstMetric(c.lastSuccess, prometheus.GaugeValue, unix(src.LastSuccess), l...)
		ch <- prometheus.MustNewConstMetric(c.lastErrorTime, prometheus.GaugeValue, unix(src.LastErrorAt), l...)
		ch <- prometheus.MustNewConstMetric(c.failures, prometheus.GaugeValue, float64(src.Failures), l...)
		ch <- prometheus.MustNewConstMetric(c.stale, prometheus.GaugeValue, b(feeds.Stale(src, now)), l...)
		ch <- prometheus.MustNewConstMetric(c.paused, prometheus.GaugeValue, b(src.Paused), l...)
		ch <- prometheus.MustNewConstMetric(c.newTotal, prometheus.CounterValue, float64(src.TotalNew), l...)
		ch <- prometheus.MustNewConstMetric(c.seen, prometheus.GaugeValue, float64(src.ItemsSeen), l...)
		ch <- prometheus.MustNewConstMetric(c.nextPoll, prometheus.GaugeValue, unix(src.NextPoll), l...)
	}
}
