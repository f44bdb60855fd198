// Package background runs a store's upkeep (such as rebuilding feature
// blocks) off the request path, coalescing bursts of writes.
package background

import (
	"context"
	"time"
)

// Loop runs a store's upkeep (such as rebuilding feature blocks)
// off the request path: a moment after Kick calls stop coming, so a burst
// of writes is handled once, and at least every `every` while they go on.
// Its errors wait for the next round: readers never depend on it.
type Loop struct {
	kick chan struct{}
	stop context.CancelFunc
	done chan struct{}
}

// Start starts running fn as Loop describes, once soon
// for work left from before (another process, an older version), then
// after kicks. every 0 means 10 s; negative means never: it returns nil,
// whose Kick and Stop do nothing.
func Start(every time.Duration, fn func(context.Context) error) *Loop {
	if every < 0 {
		return nil
	}
	if every == 0 {
		every = 10 * time.Second
	}
	ctx, stop := context.WithCancel(context.Background())
	b := &Loop{kick: make(chan struct{}, 1), stop: stop, done: make(chan struct{})}
	settle := min(every, 2*time.Second)
	go func() {
		defer close(b.done)
		for {
			select {
			case <-ctx.Done():
				return
			case <-b.kick:
			}
			deadline := time.NewTimer(every)
		settling:
			for {
				select {
				case <-ctx.Done():
					deadline.Stop()
					return
				case <-b.kick:
				case <-time.After(settle):
					break settling
				case <-deadline.C:
					break settling
				}
			}
			deadline.Stop()
			_ = fn(ctx)
		}
	}()
	b.Kick()
	return b
}

// Kick says there is work; it never blocks. A nil Loop ignores it.
func (b *Loop) Kick() {
	if b == nil {
		return
	}
	select {
	case b.kick <- struct{}{}:
	default:
	}
}

// Stop cancels a run in progress and waits for the goroutine to end.
func (b *Loop) Stop() {
	if b == nil {
		return
	}
	b.stop()
	<-b.done
}
