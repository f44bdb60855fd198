package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// evalDir holds the evaluation sets and the reference scorers; CI always has it.
const evalDir = "../../../shared/eval"

// needReference returns the reference scorers' directory and python3, skipping the test
// when either is missing, except on CI, which has both.
func needReference(t *testing.T) (dir, python string) {
	t.Helper()
	ci := os.Getenv("CI") == "true"
	if testing.Short() && !ci {
		t.Skip("runs the reference scorers")
	}
	if _, err := os.Stat(filepath.Join(evalDir, "score_acled.py")); err != nil {
		if ci {
			t.Fatalf("CI must have ../shared/eval: %v", err)
		}
		t.Skipf("no reference scorers: %v", err)
	}
	python, err := exec.LookPath("python3")
	if err != nil {
		if ci {
			t.Fatalf("CI must have python3: %v", err)
		}
		t.Skip("no python3")
	}
	return evalDir, python
}

// TestAgreesWithReferenceScorers runs this scorer and score_acled.py / score_roles.py on
// the same input with the same binary and compares every figure both print: first with
// the fake binary on the made-up notes and sentences in testdata, then with incidentmap
// built from this tree on a prefix of the ACLED notes and the gold sentences.
func TestAgreesWithReferenceScorers(t *testing.T) {
	dir, python := needReference(t)
	scoreACLED, scoreRoles := filepath.Join(dir, "score_acled.py"), filepath.Join(dir, "score_roles.py")

	t.Run("made-up notes, fake binary", func(t *testing.T) {
		cfg := fakeConfig(t, "ok")
		for _, types := range []string{"pv", "all"} {
			cfg.types = types
			compare(t, cfg, python, scoreACLED, scoreRoles, []string{"--types", types}, nil)
		}
		cfg.types, cfg.gold = "pv", true
		compare(t, cfg, python, scoreACLED, scoreRoles, nil, []string{"--gold"})
	})

	t.Run("evaluation sets, built binary", func(t *testing.T) {
		bin := filepath.Join(t.TempDir(), "incidentmap")
		build := exec.Command("go", "build", "-o", bin, "../..")
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
		cfg := config{
			bin: bin, acled: filepath.Join(dir, "acled/acled_me_2018.csv"), types: "pv", limit: 300,
			roles: filepath.Join(dir, "event_location/event_location.jsonl"), gold: true, tempDir: t.TempDir(),
		}
		compare(t, cfg, python, scoreACLED, scoreRoles, []string{"--limit", "300"}, []string{"--gold"})
	})
}

// compare runs run(cfg) and the two reference scorers with the extra arguments, side by
// side, and fails on any figure that differs.
func compare(t *testing.T, cfg config, python, scoreACLED, scoreRoles string, acledArgs, rolesArgs []string) {
	t.Helper()
	var wg sync.WaitGroup
	var pyACLED, pyRoles string
	var errACLED, errRoles error
	wg.Add(1)
	go func() {
		defer wg.Done()
		// The reference scorers are run one after the other, beside ours, on two cores.
		pyACLED, errACLED = runPython(python, append([]string{scoreACLED, cfg.bin, cfg.acled}, acledArgs...)...)
		pyRoles, errRoles = runPython(python, append([]string{scoreRoles, cfg.bin, cfg.roles}, rolesArgs...)...)
	}()
	cfg.json = true
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), cfg, &stdout, &stderr)
	wg.Wait()
	if err != nil {
		t.Fatalf("evalextract: %v\n%s", err, stderr.String())
	}
	if errACLED != nil || errRoles != nil {
		t.Fatalf("reference scorers: %v; %v", errACLED, errRoles)
	}
	ours := ourFigures(t, cfg, stdout.Bytes())
	ref := figures{referenceACLED(t, pyACLED), referenceRoles(t, pyRoles)}
	if ours.ACLED != ref.ACLED {
		t.Errorf("%s (%s): ACLED figures differ\nours:      %s\nreference: %s\nscore_acled.py said:\n%s", cfg.acled, strings.Join(acledArgs, " "), ours.ACLED, ref.ACLED, pyACLED)
	}
	if ours.Roles != ref.Roles {
		t.Errorf("%s (%s): role figures differ\nours:      %s\nreference: %s\nscore_roles.py said:\n%s", cfg.roles, strings.Join(rolesArgs, " "), ours.Roles, ref.Roles, pyRoles)
	}
	t.Logf("agree: %s | %s", ref.ACLED, ref.Roles)
}

// runPython runs a reference scorer and returns its standard output.
func runPython(python string, args ...string) (string, error) {
	cmd := exec.Command(python, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%s: %w\n%s%s", filepath.Base(args[0]), err, stdout.String(), stderr.String())
	}
	return stdout.String(), nil
}

// figures are the shared figures of one run, as text in the reference scorers' formats.
type figures struct{ ACLED, Roles string }

var (
	refNotes   = regexp.MustCompile(`(?m)^\S+: (\d+) notes \((\w+)\);`)
	refFound   = regexp.MustCompile(`(?m)^found \(located \+ dated\) (\d+)/(\d+) = ([0-9.]+); no incident at all (\d+); misses \{(.*)\}$`)
	refOfFound = regexp.MustCompile(`(?m)^of found: event_type ([0-9.]+)(?:, sub_event_type ([0-9.]+))?, fatalities exact ([0-9.]+)$`)
	refExtra   = regexp.MustCompile(`(?m)^extra incidents per note ([0-9.]+) \(predicted (\d+)\)$`)
	refMiss    = regexp.MustCompile(`'([a-z ]+)': (\d+)`)
	refRoles   = regexp.MustCompile(`(?m)^(\d+) sentences: (incident-role recall [0-9.]+, precision [0-9.]+, F1 [0-9.]+; sentences exactly right [0-9.]+)$`)
)

// referenceACLED extracts score_acled.py's figures.
func referenceACLED(t *testing.T, out string) string {
	t.Helper()
	n, f, x := refNotes.FindStringSubmatch(out), refFound.FindStringSubmatch(out), refExtra.FindStringSubmatch(out)
	if n == nil || f == nil || x == nil {
		t.Fatalf("cannot read score_acled.py's output:\n%s", out)
	}
	misses := map[string]string{}
	for _, m := range refMiss.FindAllStringSubmatch(f[5], -1) {
		misses[m[1]] = m[2]
	}
	of := "-"
	if o := refOfFound.FindStringSubmatch(out); o != nil {
		of = fmt.Sprintf("type %s sub %s fatalities %s", o[1], orDash(o[2]), o[3])
	}
	return fmt.Sprintf("notes %s (%s) found %s/%s = %s; none %s, wrong %s; %s; extra %s, predicted %s",
		n[1], n[2], f[1], f[2], f[3], f[4], orZero(misses["wrong place or date"]), of, x[1], x[2])
}

// referenceRoles extracts score_roles.py's figures.
func referenceRoles(t *testing.T, out string) string {
	t.Helper()
	m := refRoles.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("cannot read score_roles.py's output:\n%s", out)
	}
	return m[1] + " sentences: " + m[2]
}

// ourFigures formats our JSON report's figures as referenceACLED and referenceRoles
// read the reference scorers', with the same format verbs as their f-strings.
func ourFigures(t *testing.T, cfg config, out []byte) figures {
	t.Helper()
	var rep report
	if err := json.Unmarshal(out, &rep); err != nil || rep.ACLED == nil || rep.Roles == nil {
		t.Fatalf("cannot read our report (%v):\n%s", err, out)
	}
	a := rep.ACLED
	of := "-"
	if a.Found > 0 {
		sub := "-"
		if a.SubEventTypeN > 0 { // NaN became null, which decodes as 0
			sub = fmt.Sprintf("%.3f", float64(a.SubEventType))
		}
		of = fmt.Sprintf("type %.3f sub %s fatalities %.3f", float64(a.EventType), sub, float64(a.Fatalities))
	}
	var fig figures
	fig.ACLED = fmt.Sprintf("notes %d (%s) found %d/%d = %.3f; none %d, wrong %d; %s; extra %.2f, predicted %d",
		a.Notes, a.Types, a.Found, a.Notes, a.Recall, a.NoIncident, a.WrongPlaceOrDate, of, a.ExtraPerNote, a.Predicted)
	want := "all"
	if cfg.gold {
		want = "gold"
	}
	for _, r := range rep.Roles.Subsets {
		if r.Subset == want {
			fig.Roles = fmt.Sprintf("%d sentences: incident-role recall %.3f, precision %.3f, F1 %.3f; sentences exactly right %.3f",
				r.Sentences, r.Recall, r.Precision, r.F1, r.ExactRate)
		}
	}
	return fig
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func orZero(s string) string {
	if s == "" {
		return "0"
	}
	return s
}
