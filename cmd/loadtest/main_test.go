package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

func TestLoopbackOnly(t *testing.T) {
	for _, ok := range []string{"http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:8080", "http://127.3.4.5"} {
		if err := loopback(ok); err != nil {
			t.Errorf("%s refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"http://10.0.0.1", "http://192.168.1.2:80", "http://example.org", "http://8.8.8.8"} {
		if err := loopback(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func TestTileOf(t *testing.T) {
	if x, y := tileOf(44.3661, 33.3152, 6); x != 39 || y != 25 {
		t.Errorf("tileOf(Baghdad, 6) = %d,%d, want 39,25", x, y)
	}
	if x, y := tileOf(180, -90, 2); x != 3 || y != 3 {
		t.Errorf("edge clamps to %d,%d", x, y)
	}
}

func TestReportFlagsServerErrors(t *testing.T) {
	var m vegeta.Metrics
	now := time.Now()
	m.Add(&vegeta.Result{Code: 200, Timestamp: now, Latency: time.Millisecond})
	m.Add(&vegeta.Result{Code: 503, Timestamp: now, Latency: time.Millisecond})
	m.Close()
	var buf bytes.Buffer
	if err := report(&buf, false, &m, map[string]*vegeta.Metrics{"x": &m}, memPeak{RSS: 64 << 20, Heap: 32 << 20}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "FAIL: 1 responses") || !strings.Contains(buf.String(), "p90 ms") || !strings.Contains(buf.String(), "64 MB") || !strings.Contains(buf.String(), "heap in use: 32 MB") {
		t.Errorf("report:\n%s", buf.String())
	}
}
