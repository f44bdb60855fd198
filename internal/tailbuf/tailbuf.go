// Package tailbuf keeps the last bytes written to it: a child process's
// final complaints reach an error message without holding a whole log in
// memory.
package tailbuf

import (
	"strings"
	"sync"
)

// Buffer keeps the last Max bytes written to it; safe for concurrent use.
type Buffer struct {
	Max int
	mu  sync.Mutex
	buf []byte
}

// Write implements io.Writer.
func (t *Buffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > t.Max {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-t.Max:]...)
	}
	return len(p), nil
}

// Suffix formats what is kept for appending to an error message: "" when
// nothing was written, else a new line, "stderr:" and the text.
func (t *Buffer) Suffix() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := strings.TrimSpace(string(t.buf))
	if s == "" {
		return ""
	}
	return "\nstderr:\n" + s
}
