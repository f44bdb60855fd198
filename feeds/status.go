package feeds

import (
	"time"

	"github.com/incidentmap/incidentmap/store"
)

// Status is a source as GET /sources and `sources list --json` show it.
type Status struct {
	ID       int64  `json:"id"`
	URL      string `json:"url"`
	Name     string `json:"name,omitempty"`
	Interval string `json:"interval"`
	Paused   bool   `json:"paused"`
	// State is "paused", "pending" (never polled), "ok", "failing" or
	// "stale" (failing for StaleAfter or longer).
	State       string     `json:"state"`
	Created     time.Time  `json:"created"`
	LastSuccess *time.Time `json:"last_success"`
	LastError   string     `json:"last_error,omitempty"`
	LastErrorAt *time.Time `json:"last_error_at,omitempty"`
	ItemsSeen   int        `json:"items_seen"`
	ItemsNew    int        `json:"items_new"`
	TotalNew    int64      `json:"total_new"`
	NextPoll    *time.Time `json:"next_poll,omitempty"`
	Failures    int        `json:"consecutive_failures"`
	Stale       bool       `json:"stale"`
}

// StatusOf describes src at now.
func StatusOf(src store.Source, now time.Time) Status {
	st := Status{ID: src.ID, URL: src.URL, Name: src.Name, Interval: src.Interval.String(), Paused: src.Paused,
		Created: src.Created, LastSuccess: timePtr(src.LastSuccess), LastError: src.LastError,
		LastErrorAt: timePtr(src.LastErrorAt), ItemsSeen: src.ItemsSeen, ItemsNew: src.ItemsNew,
		TotalNew: src.TotalNew, Failures: src.Failures, Stale: Stale(src, now)}
	if !src.Paused {
		st.NextPoll = timePtr(src.NextPoll)
	}
	switch {
	case src.Paused:
		st.State = "paused"
	case st.Stale:
		st.State = "stale"
	case src.Failures > 0:
		st.State = "failing"
	case src.LastSuccess.IsZero():
		st.State = "pending"
	default:
		st.State = "ok"
	}
	return st
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// ParseInterval reads a polling interval: a Go duration of one minute to
// one week; "" means store.DefaultSourceInterval.
func ParseInterval(s string) (time.Duration, error) {
	if s == "" {
		return store.DefaultSourceInterval, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, err
	}
	if d < time.Minute || d > 7*24*time.Hour {
		return 0, errInterval
	}
	return d.Round(time.Second), nil
}

var errInterval = errorString("interval must be between 1m and 168h")

type errorString string

func (e errorString) Error() string { return string(e) }
