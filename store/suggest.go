package store

import (
	"context"
	"time"
)

// States of a merge suggestion.
const (
	SuggestionOpen      = "open"
	SuggestionAccepted  = "accepted"
	SuggestionDismissed = "dismissed"
)

// Suggestion is a pair of incidents a Matcher found Uncertain at ingest:
// maybe one event, for a reviewer to merge (accept) or keep apart
// (dismiss).
type Suggestion struct {
	ID int64 `json:"id"`
	// Incident is the one the later report made; Other the stored one it
	// may be, which survives an accepted merge.
	Incident string    `json:"incident"`
	Other    string    `json:"other"`
	Score    float64   `json:"score"`
	Reason   string    `json:"reason"`
	Created  time.Time `json:"created"`
	State    string    `json:"state"`
	// DecidedBy and Decided say who accepted or dismissed it, and when.
	DecidedBy string    `json:"decided_by,omitempty"`
	Decided   time.Time `json:"decided,omitempty"`
}

// Suggester is implemented by stores that group reports with a Matcher and
// keep the uncertain pairs as merge suggestions.
type Suggester interface {
	// Suggestions streams the open suggestions whose two incidents are
	// both still there (not merged away or deleted), oldest first.
	Suggestions(ctx context.Context, fn func(Suggestion) error) error
	// Decide accepts (merging Incident into Other, as MergeInto does, by
	// by) or dismisses suggestion id, in one transaction, and returns it
	// decided with the incident that survives (Other when accepted).
	// ErrNotFound when there is no such suggestion; ErrInvalid when it is
	// decided already or one of its incidents is gone.
	Decide(ctx context.Context, id int64, accept bool, by string) (Suggestion, error)
}
