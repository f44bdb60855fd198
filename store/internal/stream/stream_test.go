package stream

import (
	"errors"
	"fmt"
	"testing"
)

func TestStreamError(t *testing.T) {
	mine := errors.New("client went away")
	if err := Error("geojson", fmt.Errorf("row 7: %w", FromCaller(mine))); err != mine {
		t.Errorf("the caller's error came back as %v", err)
	}
	dbErr := errors.New("disk I/O error")
	if err := Error("geojson", dbErr); !errors.Is(err, dbErr) || err.Error() != "geojson: disk I/O error" {
		t.Errorf("the store's error came back as %v", err)
	}
	if Error("geojson", nil) != nil || FromCaller(nil) != nil {
		t.Error("nil is not nil")
	}
}
