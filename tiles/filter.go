package tiles

import (
	"slices"
	"strings"
	"time"
)

// Filter selects the incidents a tile shows; the zero Filter selects all.
// It mirrors the parts of store.Query the Index can evaluate itself.
type Filter struct {
	// From and To bound event_date by day, inclusive; zero is open.
	From, To time.Time
	// Types keeps incidents whose event_type or sub_event_type is one of
	// them (exact match, as in the store).
	Types []string
	// Match, when set, keeps only incidents whose id it accepts. It is for
	// conditions only the store can evaluate (actor, text, region, CQL2):
	// either build it from the set of ids the store returns for the filter
	// (one query per filter, then every tile of that filter is fast), or
	// serve such tiles with Incidents and a Source instead of the Index.
	// A Match filter makes every tile a scan of the records in range, and
	// such tiles must not be cached under Key alone.
	Match func(id string) bool
}

// Key is a canonical string for the filter's From, To and Types, for cache
// keys. It cannot describe Match: callers using Match add their own key.
func (f Filter) Key() string {
	var b strings.Builder
	if !f.From.IsZero() {
		b.WriteString(f.From.UTC().Format(time.DateOnly))
	}
	b.WriteByte('/')
	if !f.To.IsZero() {
		b.WriteString(f.To.UTC().Format(time.DateOnly))
	}
	if len(f.Types) > 0 {
		ts := slices.Clone(f.Types)
		slices.Sort(ts)
		ts = slices.Compact(ts)
		b.WriteByte('|')
		b.WriteString(strings.Join(ts, "\x1f"))
	}
	return b.String()
}

// compiledFilter is a Filter resolved against an index's codes.
type compiledFilter struct {
	all      bool // selects everything: pyramid aggregates can be used as is
	none     bool // selects nothing
	fromDay  uint16
	toDay    uint16
	anyType  bool
	typeOK   []bool // by event type code
	subOK    []bool // by sub event type code
	fullMask uint32 // event types accepted whole
	anyMask  uint32 // event types that may have accepted records
	match    func(id string) bool
}

// dayOf returns days since the Unix epoch of t's UTC date.
func dayOf(t time.Time) int64 {
	return t.UTC().Unix() / 86400
}
