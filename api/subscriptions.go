package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gorilla/mux"
	"github.com/incidentmap/incidentmap/alerts"
	"github.com/incidentmap/incidentmap/query"
	"github.com/incidentmap/incidentmap/store"
	"github.com/paulmach/orb/geojson"
)

// The alert endpoints, every one behind a write token but the Atom feed
// (which takes the key in its URL instead, for feed readers that send no
// header): GET and POST /subscriptions, GET and DELETE
// /subscriptions/{id}, GET /subscriptions/{id}/alerts, GET /alerts (the
// dead-letter list with state=dead), POST /alerts/{id}/retry and GET
// /subscriptions/{id}/feed.atom?key=K.

// alertTarget returns the alert store and the id of the {name} path
// variable of r (a subscription or an alert).
func (s *Server) alertTarget(r *http.Request, name string) (store.Alerts, int64, error) {
	as, err := s.alertStore()
	if err != nil {
		return nil, 0, err
	}
	id, err := pathID(r, name)
	if err != nil {
		return nil, 0, err
	}
	return as, id, nil
}

// alertStore returns the store's alerts, or a 404 when it keeps none.
func (s *Server) alertStore() (store.Alerts, error) {
	a, ok := s.cfg.Store.(store.Alerts)
	if !ok {
		return nil, notFound("this store keeps no subscriptions")
	}
	return a, nil
}

// pathID parses the {id} of a path.
func pathID(r *http.Request, what string) (int64, error) {
	raw := mux.Vars(r)["id"]
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return 0, notFound("no %s %q", what, raw)
	}
	return id, nil
}

// subscriptionView is a subscription as the API shows it; the secret only
// in the answer to its creation.
type subscriptionView struct {
	ID            int64             `json:"id"`
	Name          string            `json:"name"`
	URL           string            `json:"url"`
	Secret        string            `json:"secret,omitempty"`
	Bbox          *[4]float64       `json:"bbox"`
	Region        string            `json:"region,omitempty"`
	Intersects    *geojson.Geometry `json:"intersects"`
	Types         []string          `json:"types"`
	MinFatalities int               `json:"min_fatalities"`
	Created       time.Time         `json:"created"`
	FeedURL       string            `json:"feed_url"`
}

func (s *Server) subscriptionView(r *http.Request, sub store.Subscription, withSecret bool) subscriptionView {
	v := subscriptionView{ID: sub.ID, Name: sub.Name, URL: sub.URL, Region: sub.Region, Types: sub.Types,
		MinFatalities: sub.MinFatalities, Created: sub.Created,
		FeedURL: s.url(r, "/subscriptions/"+strconv.FormatInt(sub.ID, 10)+"/feed.atom", url.Values{"key": {alerts.FeedKey(sub.Secret)}})}
	if v.Types == nil {
		v.Types = []string{}
	}
	if withSecret {
		v.Secret = sub.Secret
	}
	if sub.Bbox != nil {
		v.Bbox = &[4]float64{sub.Bbox.Min[0], sub.Bbox.Min[1], sub.Bbox.Max[0], sub.Bbox.Max[1]}
	}
	if sub.Area != nil {
		v.Intersects = geojson.NewGeometry(sub.Area)
	}
	return v
}

// alertView is an alert as the API shows it.
type alertView struct {
	ID             int64           `json:"id"`
	SubscriptionID int64           `json:"subscription_id"`
	IncidentID     string          `json:"incident_id"`
	Event          string          `json:"event"`
	State          string          `json:"state"`
	Attempts       int             `json:"attempts"`
	LastError      string          `json:"last_error,omitempty"`
	Created        time.Time       `json:"created"`
	NextAttempt    *time.Time      `json:"next_attempt,omitempty"`
	DeliveredAt    *time.Time      `json:"delivered_at,omitempty"`
	Payload        json.RawMessage `json:"payload"`
}

func alertViewOf(a store.Alert) alertView {
	v := alertView{ID: a.ID, SubscriptionID: a.SubscriptionID, IncidentID: a.IncidentID, Event: a.Event, State: a.State,
		Attempts: a.Attempts, LastError: a.LastError, Created: a.Created, Payload: a.Payload}
	if a.State == store.AlertPending && !a.NextAttempt.IsZero() {
		t := a.NextAttempt
		v.NextAttempt = &t
	}
	if !a.DeliveredAt.IsZero() {
		t := a.DeliveredAt
		v.DeliveredAt = &t
	}
	return v
}

func (s *Server) subscriptionError(err error, id int64) error {
	if errors.Is(err, store.ErrNotFound) {
		return notFound("no subscription %d", id)
	}
	return s.storeError(err)
}

func (s *Server) listSubscriptions(w http.ResponseWriter, r *http.Request) error {
	as, err := s.alertStore()
	if err != nil {
		return err
	}
	subs, err := as.ListSubscriptions(r.Context())
	if err != nil {
		return s.storeError(err)
	}
	out := struct {
		Subscriptions []subscriptionView `json:"subscriptions"`
	}{Subscriptions: make([]subscriptionView, 0, len(subs))}
	for _, sub := range subs {
		out.Subscriptions = append(out.Subscriptions, s.subscriptionView(r, sub, false))
	}
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) postSubscription(w http.ResponseWriter, r *http.Request) error {
	as, err := s.alertStore()
	if err != nil {
		return err
	}
	body, err := s.editBody(w, r, "application/json")
	if err != nil {
		return err
	}
	var in alerts.Input
	if err := json.Unmarshal(body, &in); err != nil {
		return badRequest("", `the body is not a JSON object {"url", "bbox" | "region" | "intersects", "types", "min_fatalities", "name", "secret"}: %v`, err)
	}
	sub, err := alerts.Parse(in, s.cfg.Gazetteer)
	if err != nil {
		var ie *alerts.InputError
		if errors.As(err, &ie) {
			return badRequest(ie.Field, "%s", ie.Detail)
		}
		return err
	}
	sub, err = as.AddSubscription(r.Context(), sub)
	if err != nil {
		return s.storeError(err)
	}
	w.Header().Set("Location", "/subscriptions/"+strconv.FormatInt(sub.ID, 10))
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusCreated, s.subscriptionView(r, sub, true))
}

func (s *Server) getSubscription(w http.ResponseWriter, r *http.Request) error {
	as, id, err := s.alertTarget(r, "subscription")
	if err != nil {
		return err
	}
	sub, err := as.Subscription(r.Context(), id)
	if err != nil {
		return s.subscriptionError(err, id)
	}
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusOK, s.subscriptionView(r, sub, false))
}

func (s *Server) deleteSubscription(w http.ResponseWriter, r *http.Request) error {
	as, id, err := s.alertTarget(r, "subscription")
	if err != nil {
		return err
	}
	if err := as.RemoveSubscription(r.Context(), id); err != nil {
		return s.subscriptionError(err, id)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// listAlerts answers GET /alerts and GET /subscriptions/{id}/alerts:
// state=pending|delivered|dead|feed and limit (at most 1000) filter them.
func (s *Server) listAlerts(w http.ResponseWriter, r *http.Request) error {
	as, err := s.alertStore()
	if err != nil {
		return err
	}
	var q store.AlertQuery
	v := r.URL.Query()
	if _, ok := mux.Vars(r)["id"]; ok {
		if q.SubscriptionID, err = pathID(r, "subscription"); err != nil {
			return err
		}
		if _, err := as.Subscription(r.Context(), q.SubscriptionID); err != nil {
			return s.subscriptionError(err, q.SubscriptionID)
		}
	} else if sub := v.Get("subscription"); sub != "" {
		if q.SubscriptionID, err = strconv.ParseInt(sub, 10, 64); err != nil || q.SubscriptionID <= 0 {
			return badRequest("subscription", "subscription is a subscription id, not %q", sub)
		}
	}
	switch st := v.Get("state"); st {
	case "", store.AlertPending, store.AlertDelivered, store.AlertDead, store.AlertFeed:
		q.State = st
	default:
		return badRequest("state", "state is pending, delivered, dead or feed, not %q", st)
	}
	if q.Limit, err = query.ParseLimit(v.Get("limit"), 100, 1000); err != nil {
		return paramProblem(err)
	}
	list, err := as.ListAlerts(r.Context(), q)
	if err != nil {
		return s.storeError(err)
	}
	out := struct {
		Alerts []alertView `json:"alerts"`
	}{Alerts: make([]alertView, 0, len(list))}
	for _, a := range list {
		out.Alerts = append(out.Alerts, alertViewOf(a))
	}
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusOK, out)
}

// retryAlert answers POST /alerts/{id}/retry: a dead letter is delivered
// again (409 when the alert is not dead).
func (s *Server) retryAlert(w http.ResponseWriter, r *http.Request) error {
	as, id, err := s.alertTarget(r, "alert")
	if err != nil {
		return err
	}
	a, err := as.RetryAlert(r.Context(), id, time.Now())
	switch {
	case errors.Is(err, store.ErrNotFound):
		return notFound("no alert %d", id)
	case errors.Is(err, store.ErrInvalid):
		return &Problem{Type: "about:blank", Title: "Conflict", Status: http.StatusConflict,
			Detail: "alert " + strconv.FormatInt(id, 10) + " is not a dead letter: only dead alerts are retried"}
	case err != nil:
		return s.storeError(err)
	}
	if s.cfg.AlertsChanged != nil {
		s.cfg.AlertsChanged()
	}
	return writeJSON(w, http.StatusOK, alertViewOf(a))
}

// subscriptionFeed answers GET /subscriptions/{id}/feed.atom?key=K: the
// subscription's latest alerts as Atom. The key (feed_url carries it)
// stands in for the write token, which feed readers cannot send; a wrong
// key is a 404, so ids cannot be probed.
func (s *Server) subscriptionFeed(w http.ResponseWriter, r *http.Request) error {
	as, id, err := s.alertTarget(r, "subscription")
	if err != nil {
		return err
	}
	sub, err := as.Subscription(r.Context(), id)
	if err != nil {
		return s.subscriptionError(err, id)
	}
	if !alerts.CheckFeedKey(sub.Secret, r.URL.Query().Get("key")) {
		return notFound("no subscription %d with this key", id)
	}
	list, err := as.ListAlerts(r.Context(), store.AlertQuery{SubscriptionID: id, Limit: 100})
	if err != nil {
		return s.storeError(err)
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Set("Cache-Control", "private, no-cache")
	self := s.url(r, r.URL.Path, url.Values{"key": {r.URL.Query().Get("key")}})
	return alerts.WriteAtom(w, sub, list, s.url(r, "/", nil), self)
}
