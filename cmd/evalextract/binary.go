package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"time"

	"github.com/incidentmap/incidentmap/internal/tailbuf"
)

// runBatch writes inputs as JSON Lines to a temporary file, runs `bin sub --jsonl FILE`
// once over them, as users and the reference scorers do, and hands fn each output line
// with the position of its input, in order, as it arrives. It returns how long the
// binary ran. Output must be one non-blank line per input.
func runBatch[T any](ctx context.Context, bin, sub, tempDir string, inputs []T, fn func(i int, line []byte) error) (time.Duration, error) {
	f, err := os.CreateTemp(tempDir, "evalextract-*.jsonl")
	if err != nil {
		return 0, fmt.Errorf("create input file: %w", err)
	}
	defer os.Remove(f.Name())
	bw := bufio.NewWriter(f)
	for i := range inputs {
		b, err := json.Marshal(inputs[i])
		if err != nil {
			f.Close()
			return 0, fmt.Errorf("encode input %d: %w", i, err)
		}
		bw.Write(b)
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return 0, fmt.Errorf("write %s: %w", f.Name(), err)
	}
	if err := f.Close(); err != nil {
		return 0, fmt.Errorf("write %s: %w", f.Name(), err)
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, sub, "--jsonl", f.Name())
	stderr := &tailbuf.Buffer{Max: 4096}
	cmd.Stderr = stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return 0, fmt.Errorf("run %s: %w", bin, err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, fmt.Errorf("run %s: %w", bin, err)
	}
	n, atEOF, readErr := readLines(stdout, len(inputs), fn)
	if readErr != nil && !atEOF {
		// Stop the binary rather than wait for output nobody reads.
		cancel()
		_ = cmd.Wait()
		return 0, fmt.Errorf("%s %s output: %w%s", bin, sub, readErr, stderr.Suffix())
	}
	// Output ended: a failed exit explains short or truncated output best.
	if err := cmd.Wait(); err != nil {
		return 0, fmt.Errorf("%s %s --jsonl %s: %w%s", bin, sub, f.Name(), err, stderr.Suffix())
	}
	elapsed := time.Since(start)
	if readErr != nil {
		return 0, fmt.Errorf("%s %s output: %w%s", bin, sub, readErr, stderr.Suffix())
	}
	if n != len(inputs) {
		return 0, fmt.Errorf("%s %s: %d results for %d inputs%s", bin, sub, n, len(inputs), stderr.Suffix())
	}
	return elapsed, nil
}

// readLines calls fn on each non-blank line of r, at most want of them. It returns how
// many it handed on and whether r was read to its end.
func readLines(r io.Reader, want int, fn func(i int, line []byte) error) (n int, atEOF bool, err error) {
	br := bufio.NewReaderSize(r, 1<<20)
	for {
		// ReadBytes has no line length limit: a region's polygon can take megabytes.
		line, rerr := br.ReadBytes('\n')
		eof := errors.Is(rerr, io.EOF)
		if rerr != nil && !eof {
			return n, false, fmt.Errorf("read: %w", rerr)
		}
		if len(bytes.TrimSpace(line)) > 0 {
			if n == want {
				return n, eof, fmt.Errorf("more results than the %d inputs sent", want)
			}
			if err := fn(n, line); err != nil {
				return n, eof, fmt.Errorf("line %d: %w", n+1, err)
			}
			n++
		}
		if eof {
			return n, true, nil
		}
	}
}

// checkID checks the top-level "id" of an output line against the input's, so that
// output out of input order is an error instead of wrong figures.
func checkID(got any, want string) error {
	s, ok := got.(string)
	if !ok {
		return fmt.Errorf(`top-level "id" is %v, want %q`, got, want)
	}
	if s != want {
		return fmt.Errorf("id %q, want %q (output out of input order?)", s, want)
	}
	return nil
}
