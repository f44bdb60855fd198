package incident

import (
	"flag"
	"sync"
	"testing"

	"github.com/incidentmap/incidentmap/gazetteer"
)

var update = flag.Bool("update", false, "rewrite golden files")

var (
	gazOnce sync.Once
	gaz     *gazetteer.Gazetteer
	gazErr  error
)

// testGazetteer loads the embedded gazetteer once per test binary.
func testGazetteer(tb testing.TB) *gazetteer.Gazetteer {
	tb.Helper()
	gazOnce.Do(func() { gaz, gazErr = gazetteer.LoadDefault() })
	if gazErr != nil {
		tb.Fatal(gazErr)
	}
	return gaz
}
