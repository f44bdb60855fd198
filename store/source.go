package store

import (
	"context"
	"errors"
	"time"
)

// DefaultSourceInterval is how often a source is polled when its Interval
// is zero.
const DefaultSourceInterval = 15 * time.Minute

// ErrSourceExists is returned when a source's URL is registered already.
var ErrSourceExists = errors.New("source already registered")

// Source is a feed (RSS 2.0, Atom, JSON Feed) polled for articles, with the
// health of its polls.
type Source struct {
	ID       int64
	URL      string
	Name     string
	Interval time.Duration
	Paused   bool
	Created  time.Time

	// LastSuccess is when a poll last got the feed (200 or 304).
	LastSuccess time.Time
	// LastError and LastErrorAt describe the last failed poll; a
	// successful poll leaves them, so a flapping source shows its cause.
	LastError   string
	LastErrorAt time.Time
	// ItemsSeen and ItemsNew count the entries of the last successful
	// poll and those of them that were new articles.
	ItemsSeen int
	ItemsNew  int
	// TotalNew counts every new article the source ever brought.
	TotalNew int64
	// NextPoll is when the source is due.
	NextPoll time.Time
	// Failures counts consecutive failed polls (0 after a success).
	Failures int

	// ETag and LastModified are the validators of the last 200, sent back
	// for a conditional GET.
	ETag         string
	LastModified string
	// ClaimedBy holds the lease on the source until ClaimedUntil: the
	// worker polling it now.
	ClaimedBy    string
	ClaimedUntil time.Time
}

// PollResult is the outcome of one poll of a source.
type PollResult struct {
	At time.Time
	// Err is the failure, "" for a success.
	Err string
	// ItemsSeen and ItemsNew count the entries read and the new articles
	// among them (a success only).
	ItemsSeen, ItemsNew int
	// ETag and LastModified are the response's validators (a 200 only;
	// empty keeps those stored).
	ETag, LastModified string
	// NextPoll is when the source is due again.
	NextPoll time.Time
	// Title is the feed's title: it names a source added without a name.
	Title string
}

// Sources is implemented by stores that keep the feeds to poll. Several
// workers may share one store: ClaimSources leases each due source to one
// of them.
type Sources interface {
	// AddSource registers src (URL, Name, Interval, Paused) and returns it
	// as stored, due at once; ErrSourceExists when its URL is taken.
	AddSource(ctx context.Context, src Source) (Source, error)
	// Source returns one source; ErrNotFound when there is none.
	Source(ctx context.Context, id int64) (Source, error)
	// ListSources returns every source, by id.
	ListSources(ctx context.Context) ([]Source, error)
	// SetSourcePaused pauses or resumes a source and returns it.
	SetSourcePaused(ctx context.Context, id int64, paused bool) (Source, error)
	// RemoveSource deletes a source; ErrNotFound when there is none.
	RemoveSource(ctx context.Context, id int64) error
	// ClaimSources leases up to n sources that are due at now, not paused
	// and not leased, to worker by until now+lease, in one statement, so
	// two workers never claim the same source.
	ClaimSources(ctx context.Context, by string, now time.Time, lease time.Duration, n int) ([]Source, error)
	// RecordPoll stores the outcome of a poll by worker by and ends its
	// lease; a source removed meanwhile is ignored.
	RecordPoll(ctx context.Context, id int64, by string, p PollResult) error
	// SeenItem reports the article stored for the first of keys (an
	// entry's GUID, URL or content hash) already seen.
	SeenItem(ctx context.Context, keys []string) (articleID string, ok bool, err error)
	// MarkItems records keys as seen, standing for articleID.
	MarkItems(ctx context.Context, sourceID int64, articleID string, keys []string) error
}
