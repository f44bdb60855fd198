// Package stream tells a stream's callback error from the store's own, so
// the caller gets its error back as it was and the store's comes wrapped.
package stream

import (
	"errors"
	"fmt"
)

// callerError carries the error of a stream's callback through the
// store's own error handling, so that it reaches the caller as it was.
type callerError struct{ err error }

func (e callerError) Error() string { return e.err.Error() }
func (e callerError) Unwrap() error { return e.err }

// FromCaller marks err, returned by the callback of a stream (Incidents,
// StreamGeoJSON), as the caller's own; nil stays nil.
func FromCaller(err error) error {
	if err == nil {
		return nil
	}
	return callerError{err}
}

// Error is what a stream returns for err: the callback's own error
// (marked with FromCaller) as it was, the store's wrapped with what.
func Error(what string, err error) error {
	var ce callerError
	if errors.As(err, &ce) {
		return ce.err
	}
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}
