package query

import (
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/store"
)

// EncodeCursor writes a page cursor.
func EncodeCursor(c store.Cursor) string {
	return base64.RawURLEncoding.EncodeToString([]byte(c.EventDate.Format("2006-01-02") + "|" + c.ID))
}

// DecodeCursor reads a page cursor written by EncodeCursor.
func DecodeCursor(s string) (store.Cursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) > 256 {
		return store.Cursor{}, fmt.Errorf("the cursor is not one this server wrote")
	}
	d, id, ok := strings.Cut(string(b), "|")
	t, err := time.Parse("2006-01-02", d)
	if !ok || err != nil || id == "" {
		return store.Cursor{}, fmt.Errorf("the cursor is not one this server wrote")
	}
	return store.Cursor{EventDate: t, ID: id}, nil
}
