package background

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

func TestBackground(t *testing.T) {
	var runs atomic.Int32
	done := make(chan struct{}, 10)
	bg := Start(20*time.Millisecond, func(ctx context.Context) error {
		runs.Add(1)
		done <- struct{}{}
		return nil
	})
	select { // the first run, for work left from before
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("no run 10 s after the start")
	}
	for range 5 { // a burst of kicks is one run
		bg.Kick()
	}
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("no run 10 s after a kick")
	}
	bg.Kick()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("no second run")
	}
	bg.Stop()
	n := runs.Load()
	bg.Kick() // after Stop: ignored, never blocks
	if n < 3 || n > 4 {
		t.Errorf("%d runs for the start and two bursts", n)
	}
	if off := Start(-1, func(context.Context) error { panic("ran") }); off != nil {
		t.Error("a negative interval started a background task")
	} else {
		off.Kick()
		off.Stop()
	}
}
