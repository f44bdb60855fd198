package store

import (
	"context"
	"time"
)

// Background runs a store's upkeep (such as rebuilding feature blocks)
// off the request path: a moment after Kick calls stop coming, so a burst
// of writes is handled once, and at least every `every` while they go on.
// Its errors wait for the next round: readers never depend on it.
type Background struct {
	kick chan struct{}
	stop context.CancelFunc
	done chan struct{}
}

// StartBackground starts running fn as Background describes, once soon
// for work left from before (another process, an older version), then
// after kicks. every 0 means 10 s; negative means never: it returns nil,
// whose Kick and Stop do nothing.
func StartBackground(every time.Duration, fn func(context.Context) error) *Background {
	if every < 0 {
		return nil
	}
	if every == 0 {
		every = 10 * time.Second
	}
	ctx, stop := context.WithCancel(context.Background())
	b := &Background{kick: make(chan struct{}, 1), stop: stop, done: make(chan struct{})}
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

// Kick says there is work; it never blocks. A nil Background ignores it.
func (b *Background) Kick() {
	if b == nil {
		return
	}
	select {
	case b.kick <- struct{}{}:
	default:
	}
}

// Stop cancels a run in progress and waits for the goroutine to end.
func (b *Background) Stop() {
	if b == nil {
		return
	}
	b.stop()
	<-b.done
}
