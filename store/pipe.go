package store

import (
	"context"

	"github.com/incidentmap/incidentmap/incident"
)

// pipeBatch is how many incidents cross between the goroutines at once.
const pipeBatch = 256

// Pipe streams s.Incidents(q) to fn like s.Incidents does, but reads on
// another goroutine, so a slow consumer (an export writer) and the store's
// decoding run side by side. At most a few batches wait between them, so
// memory stays bounded. fn's error stops the stream and is returned as is.
func Pipe(ctx context.Context, s Store, q Query, fn func(*incident.Incident) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []*incident.Incident, 4)
	readErr := make(chan error, 1)
	go func() {
		defer close(batches)
		batch := make([]*incident.Incident, 0, pipeBatch)
		err := s.Incidents(ctx, q, func(in *incident.Incident) error {
			batch = append(batch, in)
			if len(batch) < pipeBatch {
				return nil
			}
			select {
			case batches <- batch:
			case <-ctx.Done():
				return ctx.Err()
			}
			batch = make([]*incident.Incident, 0, pipeBatch)
			return nil
		})
		if len(batch) > 0 && ctx.Err() == nil {
			// What was read before an error is handed on, as Incidents would.
			select {
			case batches <- batch:
			case <-ctx.Done():
				if err == nil {
					err = ctx.Err()
				}
			}
		}
		readErr <- err
	}()
	var fnErr error
	for batch := range batches {
		if fnErr != nil {
			continue // drain until the reader sees the cancellation
		}
		for _, in := range batch {
			if err := fn(in); err != nil {
				fnErr = err
				cancel()
				break
			}
		}
	}
	err := <-readErr
	if fnErr != nil {
		return fnErr
	}
	return err
}
