package tiles

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/incidentmap/incidentmap/incident"
)

// Live keeps an Index in step with a data source that changes: it builds
// the first index on demand, and rebuilds when the source's version
// changes, one build at a time however many callers ask. A small source is
// rebuilt before answering; a large one in the background, paced, while
// the previous index answers.
type Live struct {
	// Version returns the source's current data version and how many
	// incidents it holds.
	Version func(ctx context.Context) (version string, incidents int64, err error)
	// Scan streams every incident of the source, for a build.
	Scan func(ctx context.Context, fn func(*incident.Incident) error) error
	// SyncBelow is the source size under which a stale index is rebuilt
	// before answering; 0 means 50,000.
	SyncBelow int64
	// Logger reports builds; nil discards.
	Logger *slog.Logger

	mu       sync.Mutex
	ix       *Index
	version  string
	building chan struct{} // closed when the running build ends; nil when none runs
	buildErr error
	built    time.Time     // when the current index was published
	took     time.Duration // how long building it took, without a paced build's pauses
}

// rebuildBatch is how many incidents a paced rebuild reads between pauses.
const rebuildBatch = 10000

// Index returns an index for the source's current version, or the
// previous one while a large rebuild runs, and the version it shows.
// Callers that find no index wait for the build under way rather than
// each building their own.
func (l *Live) Index(ctx context.Context) (*Index, string, error) {
	version, n, err := l.Version(ctx)
	if err != nil {
		return nil, "", err
	}
	l.mu.Lock()
	if l.ix != nil && (l.version == version || n >= l.syncBelow()) {
		// A large source rebuilds in the background, and not more often than
		// every ten times a build takes (at least 10 s), so a steady stream of
		// writes does not keep a core busy rebuilding: tiles lag writes by
		// that much, and their ETags say which version they show.
		due := time.Since(l.built) >= max(10*time.Second, 10*l.took)
		if l.version != version && l.building == nil && due {
			l.building = make(chan struct{})
			go l.build(version, l.building, true)
		}
		ix, v := l.ix, l.version
		l.mu.Unlock()
		return ix, v, nil
	}
	done := l.building
	if done == nil {
		done = make(chan struct{})
		l.building = done
		go l.build(version, done, false)
	}
	l.mu.Unlock()
	select {
	case <-done:
	case <-ctx.Done():
		return nil, "", ctx.Err()
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ix == nil {
		return nil, "", l.buildErr
	}
	return l.ix, l.version, nil
}

// Invalidate makes the next Index call that finds the source changed
// start a rebuild at once, however recently the last one ended.
func (l *Live) Invalidate() {
	l.mu.Lock()
	l.built = time.Time{}
	l.mu.Unlock()
}

// Building reports whether a build is under way.
func (l *Live) Building() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.building != nil
}

func (l *Live) syncBelow() int64 {
	if l.SyncBelow > 0 {
		return l.SyncBelow
	}
	return 50000
}

func (l *Live) logger() *slog.Logger {
	if l.Logger != nil {
		return l.Logger
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// build reads every incident into a new index for version, then publishes
// it and wakes the callers waiting on done. A paced build (a rebuild while
// the old index answers) pauses after each batch of incidents as long as
// the batch took, so it takes at most about half a core and requests keep
// the rest: on a 2-core machine a million-incident rebuild at full speed
// is a core for 15-25 s, which every request felt.
func (l *Live) build(version string, done chan struct{}, paced bool) {
	ctx := context.Background()
	var work time.Duration // reading and indexing, without the pauses
	start := time.Now()
	ix, err := BuildIndex(ctx, func(fn func(*incident.Incident) error) error {
		n := 0
		return l.Scan(ctx, func(inc *incident.Incident) error {
			if err := fn(inc); err != nil {
				return err
			}
			if n++; paced && n%rebuildBatch == 0 {
				d := time.Since(start)
				work += d
				time.Sleep(d)
				start = time.Now()
			}
			return nil
		})
	})
	work += time.Since(start)
	l.mu.Lock()
	defer l.mu.Unlock()
	if err != nil {
		l.logger().Error("tile index build failed", "err", err)
	} else {
		l.ix, l.version = ix, version
		l.built, l.took = time.Now(), work
		l.logger().Info("tile index built", "incidents", ix.Len(), "bytes", ix.Bytes(), "version", version)
	}
	l.buildErr = err
	l.building = nil
	close(done)
}
