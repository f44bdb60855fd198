package tailbuf

import "testing"

func TestBufferKeepsTheTail(t *testing.T) {
	b := &Buffer{Max: 8}
	if b.Suffix() != "" {
		t.Fatalf("empty buffer suffix %q", b.Suffix())
	}
	for _, s := range []string{"first line\n", "second\n", "  last  \n"} {
		if n, err := b.Write([]byte(s)); n != len(s) || err != nil {
			t.Fatalf("Write(%q) = %d, %v", s, n, err)
		}
	}
	if got, want := b.Suffix(), "\nstderr:\nlast"; got != want {
		t.Errorf("Suffix() = %q, want %q", got, want)
	}
}
