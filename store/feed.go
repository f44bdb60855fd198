package store

import (
	"context"
	"time"
)

// Reasons a Tombstone gives for an incident leaving the public layers.
const (
	ReasonMerged   = "merged"   // merged into another incident (MergedInto names it)
	ReasonDeleted  = "deleted"  // deleted by an analyst
	ReasonRejected = "rejected" // rejected in review: retrievable, but in no public layer
)

// Tombstone is an incident that left the public layers, for a consumer
// mirroring them: drop ID (or, for a merge, fold it into MergedInto).
type Tombstone struct {
	ID string `json:"id"`
	// Time is when it left (the incident's updated time).
	Time       time.Time `json:"time"`
	Reason     string    `json:"reason"`
	MergedInto string    `json:"merged_into,omitempty"`
}

// TombstoneReason is the Reason of an incident of status and mergedInto,
// or "" when it is in the public layers.
func TombstoneReason(status, mergedInto string) string {
	switch {
	case status == StatusDeleted && mergedInto != "":
		return ReasonMerged
	case status == StatusDeleted:
		return ReasonDeleted
	case status == StatusRejected:
		return ReasonRejected
	}
	return ""
}

// Feed is implemented by stores that serve a change feed: Query's
// UpdatedSince gives what changed, Tombstones what left.
type Feed interface {
	// Tombstones streams the incidents that left the public layers
	// (merged, deleted or rejected) after since, or ever when since is
	// zero, oldest first (by time, then id), to fn; fn's error stops the
	// stream and is returned. An incident that comes back (a rejection
	// undone) is no tombstone any more: it shows in UpdatedSince.
	Tombstones(ctx context.Context, since time.Time, fn func(Tombstone) error) error
}
