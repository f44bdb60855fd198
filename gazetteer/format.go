package gazetteer

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-polyline"
)

// The compact gazetteer format, one place a line, tab separated, gzipped:
//
//	id kind name alts demonyms lat lon cc admin1 pop fcode city codes geometry
//
// alts and demonyms are '|'-separated; geometry is a (multi)polygon as Google
// encoded polylines (lat,lon at 1e-5 degrees), rings separated by ' ' and
// polygons by ';'. A first line starting with '#' is a header.
const formatColumns = 14

// ErrFormat is wrapped by every error about a malformed gazetteer line.
var ErrFormat = errors.New("malformed gazetteer line")

// readCompact streams places from a compact gazetteer file (gzipped or not).
func readCompact(r io.Reader, fn func(*Place) error) error {
	br := bufio.NewReaderSize(r, 1<<16)
	if head, err := br.Peek(2); err == nil && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("gazetteer gzip: %w", err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 1<<16)
	}
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if text == "" || text[0] == '#' {
			continue
		}
		p, err := parseCompactLine(text)
		if err != nil {
			return fmt.Errorf("gazetteer line %d: %w", line, err)
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("gazetteer read: %w", err)
	}
	return nil
}

func parseCompactLine(text string) (*Place, error) {
	var cols [formatColumns]string
	n := 0
	for n < formatColumns-1 {
		i := strings.IndexByte(text, '\t')
		if i < 0 {
			break
		}
		cols[n] = text[:i]
		text = text[i+1:]
		n++
	}
	cols[n] = text
	n++
	if n != formatColumns {
		return nil, fmt.Errorf("%w: %d columns, want %d", ErrFormat, n, formatColumns)
	}
	if cols[0] == "" || cols[2] == "" {
		return nil, fmt.Errorf("%w: empty id or name", ErrFormat)
	}
	lat, err1 := strconv.ParseFloat(cols[5], 64)
	lon, err2 := strconv.ParseFloat(cols[6], 64)
	if err1 != nil || err2 != nil || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return nil, fmt.Errorf("%w: bad coordinates %q %q", ErrFormat, cols[5], cols[6])
	}
	pop, _ := strconv.ParseInt(cols[9], 10, 64)
	p := &Place{
		ID: cols[0], Kind: Kind(cols[1]), Name: cols[2],
		Alternates: splitList(cols[3]), Demonyms: splitList(cols[4]),
		Point: orb.Point{lon, lat}, CountryCode: cols[7], Admin1: cols[8],
		Population: pop, FeatureCode: cols[10], City: cols[11], Codes: splitList(cols[12]),
	}
	if cols[13] != "" {
		g, err := decodeGeometry(cols[13])
		if err != nil {
			return nil, fmt.Errorf("%w: geometry of %s: %v", ErrFormat, p.ID, err)
		}
		p.Shape = g
	}
	return p, nil
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}

func decodeGeometry(s string) (orb.Geometry, error) {
	var mp orb.MultiPolygon
	for _, ps := range strings.Split(s, ";") {
		var poly orb.Polygon
		for _, rs := range strings.Split(ps, " ") {
			coords, rest, err := polyline.DecodeCoords([]byte(rs))
			if err != nil {
				return nil, err
			}
			if len(rest) != 0 {
				return nil, fmt.Errorf("trailing bytes in ring")
			}
			ring := make(orb.Ring, len(coords))
			for i, c := range coords {
				if c[0] < -90.001 || c[0] > 90.001 || c[1] < -180.001 || c[1] > 180.001 {
					return nil, fmt.Errorf("coordinate out of range")
				}
				// Polyline decoding sums float deltas; snap back to the 1e-5 grid so
				// vertices shared by neighbours stay bit-identical.
				ring[i] = orb.Point{math.Round(c[1]*1e5) / 1e5, math.Round(c[0]*1e5) / 1e5}
			}
			if len(ring) < 4 {
				return nil, fmt.Errorf("ring of %d points", len(ring))
			}
			poly = append(poly, ring)
		}
		mp = append(mp, poly)
	}
	if len(mp) == 1 {
		return mp[0], nil
	}
	return mp, nil
}

// WriteCompact writes one place as a line of the compact gazetteer format.
func WriteCompact(w io.Writer, p *Place) error {
	clean := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' || r == '|' {
				return ' '
			}
			return r
		}, s)
	}
	joinClean := func(ss []string) string {
		out := make([]string, 0, len(ss))
		for _, s := range ss {
			if s = strings.TrimSpace(clean(s)); s != "" {
				out = append(out, s)
			}
		}
		return strings.Join(out, "|")
	}
	_, err := fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\n",
		clean(p.ID), p.Kind, clean(p.Name), joinClean(p.Alternates), joinClean(p.Demonyms),
		strconv.FormatFloat(p.Point[1], 'f', -1, 64), strconv.FormatFloat(p.Point[0], 'f', -1, 64),
		clean(p.CountryCode), clean(p.Admin1), p.Population, clean(p.FeatureCode), clean(p.City), joinClean(p.Codes), encodeGeometry(p.Shape))
	return err
}

func encodeGeometry(g orb.Geometry) string {
	var polys []orb.Polygon
	switch g := g.(type) {
	case orb.Polygon:
		polys = []orb.Polygon{g}
	case orb.MultiPolygon:
		polys = g
	default:
		return ""
	}
	var sb strings.Builder
	for i, p := range polys {
		if i > 0 {
			sb.WriteByte(';')
		}
		for j, r := range p {
			if j > 0 {
				sb.WriteByte(' ')
			}
			coords := make([][]float64, len(r))
			for k, pt := range r {
				coords[k] = []float64{pt[1], pt[0]}
			}
			sb.Write(polyline.EncodeCoords(coords))
		}
	}
	return sb.String()
}
