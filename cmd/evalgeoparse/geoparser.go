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
	"strings"

	"github.com/incidentmap/incidentmap/internal/tailbuf"
)

// prediction is one place mention the geoparser reported.
type prediction struct {
	span
	text, placeID, name, kind, countryCode, role string
	confidence                                   float64
	// hasPoint says lat and lon hold the representative point of the resolved place;
	// false when the feature had no geometry.
	hasPoint bool
	lat, lon float64
}

// jsonArticle is one line of the geoparser's --jsonl input.
type jsonArticle struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Body  string `json:"body"`
}

// writeJSONL writes one article a line in the geoparser's --jsonl input format.
func writeJSONL(w io.Writer, articles []article) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	for _, a := range articles {
		if err := enc.Encode(jsonArticle{ID: a.id, Body: a.text}); err != nil {
			return fmt.Errorf("encode article %s: %w", a.id, err)
		}
	}
	return bw.Flush()
}

// runGeoparser runs `bin geoparse --jsonl` once over all articles and returns the
// predictions of each article, in input order.
func runGeoparser(ctx context.Context, bin, tempDir string, articles []article) ([][]prediction, error) {
	f, err := os.CreateTemp(tempDir, "evalgeoparse-*.jsonl")
	if err != nil {
		return nil, fmt.Errorf("create input file: %w", err)
	}
	defer os.Remove(f.Name())
	if err := writeJSONL(f, articles); err != nil {
		f.Close()
		return nil, fmt.Errorf("write %s: %w", f.Name(), err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("write %s: %w", f.Name(), err)
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "geoparse", "--jsonl", f.Name())
	stderr := &tailbuf.Buffer{Max: 4096}
	cmd.Stderr = stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("run %s: %w", bin, err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("run %s: %w", bin, err)
	}
	preds, atEOF, readErr := readPredictions(stdout, articles)
	if readErr != nil && !atEOF {
		// Stop the geoparser rather than wait for output nobody reads.
		cancel()
		_ = cmd.Wait()
		return nil, fmt.Errorf("%s geoparse output: %w%s", bin, readErr, stderr.Suffix())
	}
	// Output ended: a failed exit explains short or truncated output best.
	if err := cmd.Wait(); err != nil {
		return nil, fmt.Errorf("%s geoparse --jsonl %s: %w%s", bin, f.Name(), err, stderr.Suffix())
	}
	if readErr != nil {
		return nil, fmt.Errorf("%s geoparse output: %w%s", bin, readErr, stderr.Suffix())
	}
	return preds, nil
}

// readPredictions reads one FeatureCollection a line from r, checking each against the
// article sent in the same position. atEOF reports whether r was read to its end.
func readPredictions(r io.Reader, articles []article) (preds [][]prediction, atEOF bool, err error) {
	br := bufio.NewReaderSize(r, 1<<20)
	out := make([][]prediction, 0, len(articles))
	for lineNo := 1; ; lineNo++ {
		// ReadBytes has no line length limit: a country polygon can take megabytes.
		line, rerr := br.ReadBytes('\n')
		eof := errors.Is(rerr, io.EOF)
		if rerr != nil && !eof {
			return nil, false, fmt.Errorf("read: %w", rerr)
		}
		if len(bytes.TrimSpace(line)) > 0 {
			if len(out) == len(articles) {
				return nil, eof, fmt.Errorf("line %d: more FeatureCollections than the %d articles sent", lineNo, len(articles))
			}
			a := articles[len(out)]
			p, perr := parseFeatureCollection(line, a)
			if perr != nil {
				return nil, eof, fmt.Errorf("line %d (article %s): %w", lineNo, a.id, perr)
			}
			out = append(out, p)
		}
		if eof {
			break
		}
	}
	if len(out) != len(articles) {
		return nil, true, fmt.Errorf("got %d FeatureCollections for %d articles", len(out), len(articles))
	}
	return out, true, nil
}

// featureCollectionJSON is the geoparser's output for one article.
type featureCollectionJSON struct {
	Type     string        `json:"type"`
	ID       *string       `json:"id"`
	Features []featureJSON `json:"features"`
}

// featureJSON is one place mention.
type featureJSON struct {
	Type       string        `json:"type"`
	Geometry   *geometryJSON `json:"geometry"`
	Properties struct {
		Text        string          `json:"text"`
		Start       *int            `json:"start"`
		End         *int            `json:"end"`
		PlaceID     json.RawMessage `json:"place_id"`
		Name        string          `json:"name"`
		Kind        string          `json:"kind"`
		CountryCode string          `json:"country_code"`
		Role        string          `json:"role"`
		Confidence  float64         `json:"confidence"`
		Lat         *float64        `json:"lat"`
		Lon         *float64        `json:"lon"`
	} `json:"properties"`
}

// geometryJSON is a GeoJSON geometry with its coordinates left undecoded.
type geometryJSON struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
	Geometries  []geometryJSON  `json:"geometries"`
}

// parseFeatureCollection decodes one output line for article a.
func parseFeatureCollection(line []byte, a article) ([]prediction, error) {
	var fc featureCollectionJSON
	if err := json.Unmarshal(line, &fc); err != nil {
		return nil, fmt.Errorf("malformed JSON: %w", err)
	}
	if fc.Type != "FeatureCollection" {
		return nil, fmt.Errorf("type %q, want FeatureCollection", fc.Type)
	}
	if fc.ID == nil {
		return nil, errors.New(`no top-level "id"`)
	}
	if *fc.ID != a.id {
		return nil, fmt.Errorf("id %q, want %q (output out of input order?)", *fc.ID, a.id)
	}
	n := len([]rune(a.text))
	preds := make([]prediction, 0, len(fc.Features))
	for i, f := range fc.Features {
		pr := f.Properties
		if f.Type != "Feature" {
			return nil, fmt.Errorf("feature %d: type %q, want Feature", i, f.Type)
		}
		if pr.Start == nil || pr.End == nil {
			return nil, fmt.Errorf("feature %d: missing start or end", i)
		}
		if *pr.Start < 0 || *pr.End <= *pr.Start || *pr.End > n {
			return nil, fmt.Errorf("feature %d: span [%d,%d) outside the %d code points of the body", i, *pr.Start, *pr.End, n)
		}
		p := prediction{
			span: span{*pr.Start, *pr.End},
			text: pr.Text, name: pr.Name, kind: pr.Kind,
			countryCode: pr.CountryCode, role: pr.Role, confidence: pr.Confidence,
		}
		p.placeID = placeID(pr.PlaceID)
		lat, lon, ok, err := representativePoint(f.Geometry, pr.Lat, pr.Lon)
		if err != nil {
			return nil, fmt.Errorf("feature %d (%q): geometry: %w", i, pr.Text, err)
		}
		p.hasPoint, p.lat, p.lon = ok, lat, lon
		preds = append(preds, p)
	}
	return preds, nil
}

// placeID formats a place_id given as a JSON string or number; "" when absent or null.
func placeID(raw json.RawMessage) string {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s
	}
	// A number keeps its literal digits; float64 would turn 2657896 into 2.657896e+06.
	if t := strings.TrimSpace(string(raw)); t != "null" {
		return t
	}
	return ""
}

// representativePoint returns the point to measure a resolved place by: a Point itself;
// otherwise the lat/lon properties when both are present, else the centre of the
// geometry's bounding box. ok is false for a null geometry without lat/lon.
func representativePoint(g *geometryJSON, propLat, propLon *float64) (lat, lon float64, ok bool, err error) {
	hasProps := propLat != nil && propLon != nil
	if hasProps && !validLatLon(*propLat, *propLon) {
		return 0, 0, false, fmt.Errorf("lat/lon properties out of range: %v,%v", *propLat, *propLon)
	}
	if g == nil || (g.Type == "" && len(g.Coordinates) == 0) {
		if hasProps {
			return *propLat, *propLon, true, nil
		}
		return 0, 0, false, nil
	}
	if g.Type != "Point" && hasProps {
		return *propLat, *propLon, true, nil
	}
	var b bbox
	if err := b.addGeometry(g); err != nil {
		return 0, 0, false, err
	}
	if b.empty() {
		return 0, 0, false, nil
	}
	lat, lon = (b.minLat+b.maxLat)/2, (b.minLon+b.maxLon)/2
	return lat, lon, true, nil
}

// bbox is a longitude/latitude bounding box; the zero value holds no positions.
type bbox struct {
	n                              int
	minLon, minLat, maxLon, maxLat float64
}

func (b *bbox) empty() bool { return b.n == 0 }

// add extends b to cover one position.
func (b *bbox) add(lon, lat float64) {
	if b.n == 0 {
		b.minLon, b.maxLon, b.minLat, b.maxLat = lon, lon, lat, lat
	} else {
		b.minLon, b.maxLon = min(b.minLon, lon), max(b.maxLon, lon)
		b.minLat, b.maxLat = min(b.minLat, lat), max(b.maxLat, lat)
	}
	b.n++
}

// wantDepth is how deeply each GeoJSON geometry type nests its positions.
var wantDepth = map[string]int{
	"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3,
}

// addGeometry extends b to cover every position of g.
func (b *bbox) addGeometry(g *geometryJSON) error {
	if g.Type == "GeometryCollection" {
		for i := range g.Geometries {
			if err := b.addGeometry(&g.Geometries[i]); err != nil {
				return err
			}
		}
		return nil
	}
	depth, ok := wantDepth[g.Type]
	if !ok {
		return fmt.Errorf("unknown type %q", g.Type)
	}
	var coords any
	if err := json.Unmarshal(g.Coordinates, &coords); err != nil {
		return fmt.Errorf("%s coordinates: %w", g.Type, err)
	}
	return b.addCoords(coords, depth, g.Type)
}

// addCoords walks nested coordinate arrays down to positions depth levels below.
func (b *bbox) addCoords(v any, depth int, typ string) error {
	arr, ok := v.([]any)
	if !ok {
		return fmt.Errorf("%s coordinates: want an array, got %T", typ, v)
	}
	if depth > 0 {
		for _, e := range arr {
			if err := b.addCoords(e, depth-1, typ); err != nil {
				return err
			}
		}
		return nil
	}
	if len(arr) < 2 {
		return fmt.Errorf("%s position has %d numbers, want at least 2", typ, len(arr))
	}
	lon, ok1 := arr[0].(float64)
	lat, ok2 := arr[1].(float64)
	if !ok1 || !ok2 || !validLatLon(lat, lon) {
		return fmt.Errorf("%s position %v is not a longitude, latitude pair", typ, arr)
	}
	b.add(lon, lat)
	return nil
}
