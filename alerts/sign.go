package alerts

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The headers of a webhook.
const (
	// HeaderSignature is "v1=" and the hex HMAC-SHA256, keyed with the
	// subscription's secret, of the timestamp, a dot and the body.
	HeaderSignature = "X-Incidentmap-Signature"
	// HeaderTimestamp is when the request was signed, in Unix seconds: a
	// receiver refuses old ones, so a captured request cannot be replayed.
	HeaderTimestamp = "X-Incidentmap-Timestamp"
	// HeaderDelivery is the alert's id, the same on every attempt, so a
	// receiver can drop a repeat.
	HeaderDelivery = "X-Incidentmap-Delivery"
	// HeaderEvent is the payload's event, "incident.created" or
	// "incident.updated".
	HeaderEvent = "X-Incidentmap-Event"
)

// DefaultTolerance is how old a signed request Verify accepts.
const DefaultTolerance = 5 * time.Minute

// Sign returns the HeaderSignature value of body signed at ts.
func Sign(secret string, ts int64, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(strconv.FormatInt(ts, 10)))
	mac.Write([]byte{'.'})
	mac.Write(body)
	return "v1=" + hex.EncodeToString(mac.Sum(nil))
}

// Errors Verify returns.
var (
	ErrNoSignature  = errors.New("webhook: no signature or timestamp")
	ErrBadSignature = errors.New("webhook: signature does not match")
	ErrStale        = errors.New("webhook: timestamp outside the tolerance (a replay?)")
)

// Verify checks a webhook a receiver got: the signature in h matches body
// under secret, and the timestamp is within tolerance of now (0 means
// DefaultTolerance). Receivers written in Go can call it as it is.
func Verify(secret string, h http.Header, body []byte, now time.Time, tolerance time.Duration) error {
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	sig, tsText := h.Get(HeaderSignature), h.Get(HeaderTimestamp)
	if sig == "" || tsText == "" {
		return ErrNoSignature
	}
	ts, err := strconv.ParseInt(tsText, 10, 64)
	if err != nil {
		return ErrNoSignature
	}
	if d := now.Sub(time.Unix(ts, 0)); d > tolerance || d < -tolerance {
		return ErrStale
	}
	want := Sign(secret, ts, body)
	// Several signatures may come during a secret's rotation: any one does.
	for _, s := range strings.Split(sig, ",") {
		if hmac.Equal([]byte(strings.TrimSpace(s)), []byte(want)) {
			return nil
		}
	}
	return ErrBadSignature
}

// FeedKey is the key of a subscription's Atom feed URL, derived from its
// secret so that only who was given the feed URL (or the secret) reads it.
func FeedKey(secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("incidentmap atom feed"))
	return hex.EncodeToString(mac.Sum(nil))[:32]
}

// CheckFeedKey reports whether key is the feed key of secret.
func CheckFeedKey(secret, key string) bool {
	return hmac.Equal([]byte(FeedKey(secret)), []byte(key))
}
