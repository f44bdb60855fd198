package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestLoopbackAddr(t *testing.T) {
	for _, tc := range []struct {
		addr string
		ok   bool
	}{
		{"127.0.0.1:6060", true},
		{"[::1]:6060", true},
		{"localhost:6060", true},
		{"127.0.0.2:0", true},
		{":6060", false},
		{"0.0.0.0:6060", false},
		{"192.168.1.5:6060", false},
		{"example.com:6060", false},
		{"127.0.0.1", false},
	} {
		t.Run(tc.addr, func(t *testing.T) {
			if err := loopbackAddr(tc.addr); (err == nil) != tc.ok {
				t.Errorf("loopbackAddr(%q) = %v, want ok=%v", tc.addr, err, tc.ok)
			}
		})
	}
}

func TestPprofHandler(t *testing.T) {
	srv := httptest.NewServer(pprofHandler())
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	n, _ := resp.Body.Read(buf)
	b.Write(buf[:n])
	if resp.StatusCode != 200 || !strings.Contains(b.String(), "goroutine profile") {
		t.Fatalf("goroutine profile: %d %q", resp.StatusCode, b.String())
	}
	if resp, err := http.Get(srv.URL + "/incidents"); err != nil || resp.StatusCode != 404 {
		t.Fatalf("the profiles' mux serves only /debug/pprof/: %v %v", resp.StatusCode, err)
	}
}
