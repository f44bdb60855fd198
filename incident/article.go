package incident

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// Article is one news article as incidentmap reads it.
type Article struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Body      string    `json:"body"`
	URL       string    `json:"url,omitempty"`
	Published time.Time `json:"published,omitempty"`
	Source    string    `json:"source,omitempty"`
}

// ContentID derives a stable article id from its text, for articles that
// come without one.
func ContentID(title, body string) string {
	h := sha256.New()
	h.Write([]byte(title))
	h.Write([]byte{0})
	h.Write([]byte(body))
	return hex.EncodeToString(h.Sum(nil))[:16]
}
