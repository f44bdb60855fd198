package web_test

import (
	"os/exec"
	"testing"
)

// TestPageModules runs the page's own unit tests (web/test/*.test.mjs:
// the time controls' dates and the URL's datetime, the regional totals'
// classes and colours) with Node's test runner, which make web needs
// anyway.
func TestPageModules(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		skipOrFail(t, "node is not installed (make web needs it too)")
	}
	out, err := exec.Command(node, "--test", "test/").CombinedOutput()
	if err != nil {
		t.Fatalf("node --test test/: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
