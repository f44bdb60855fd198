package gazetteer

import (
	"bufio"
	"compress/gzip"
	"io"
)

// readLines calls fn for each line of a gzipped or plain stream.
func readLines(r io.Reader, fn func(string)) error {
	br := bufio.NewReader(r)
	if head, err := br.Peek(2); err == nil && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return err
		}
		defer zr.Close()
		br = bufio.NewReader(zr)
	}
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 1<<16), 1<<24)
	for sc.Scan() {
		fn(sc.Text())
	}
	return sc.Err()
}
