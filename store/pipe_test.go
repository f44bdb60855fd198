package store

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/incidentmap/incidentmap/incident"
)

// listStore is a Store whose Incidents lists n incidents; the other
// methods are not used.
type listStore struct {
	Store
	n       int
	err     error // returned after all incidents, if set
	stopped *bool
}

func (l listStore) Incidents(ctx context.Context, q Query, fn func(*incident.Incident) error) error {
	for i := range l.n {
		if err := ctx.Err(); err != nil {
			*l.stopped = true
			return err
		}
		if err := fn(&incident.Incident{ID: fmt.Sprint(i)}); err != nil {
			*l.stopped = true
			return err
		}
	}
	return l.err
}

func TestPipe(t *testing.T) {
	for _, n := range []int{0, 1, pipeBatch - 1, pipeBatch, pipeBatch*3 + 7} {
		stopped := false
		var got []string
		err := Pipe(context.Background(), listStore{n: n, stopped: &stopped}, Query{}, func(in *incident.Incident) error {
			got = append(got, in.ID)
			return nil
		})
		if err != nil || len(got) != n {
			t.Fatalf("n=%d: %d incidents, %v", n, len(got), err)
		}
		for i, id := range got {
			if id != fmt.Sprint(i) {
				t.Fatalf("n=%d: incident %d is %s", n, i, id)
			}
		}
	}
	// The consumer's error stops the reader and comes back as is.
	stopped := false
	boom := errors.New("disk full")
	calls := 0
	err := Pipe(context.Background(), listStore{n: 100 * pipeBatch, stopped: &stopped}, Query{}, func(*incident.Incident) error {
		if calls++; calls == 10 {
			return boom
		}
		return nil
	})
	if err != boom || calls != 10 || !stopped {
		t.Errorf("consumer error: got %v after %d calls, reader stopped %v", err, calls, stopped)
	}
	// The reader's error comes back after what it read.
	readErr := errors.New("connection lost")
	n := 0
	err = Pipe(context.Background(), listStore{n: 5, err: readErr, stopped: new(bool)}, Query{}, func(*incident.Incident) error {
		n++
		return nil
	})
	if !errors.Is(err, readErr) || n != 5 {
		t.Errorf("reader error: got %v after %d incidents", err, n)
	}
}
