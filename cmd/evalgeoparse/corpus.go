package main

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// span is a half-open range [start, end) of Unicode code points in an article's text.
type span struct {
	start, end int
}

// overlap returns how many code points s and o share; 0 when they are disjoint.
func (s span) overlap(o span) int {
	n := min(s.end, o.end) - max(s.start, o.start)
	return max(n, 0)
}

// goldToponym is one annotated place mention of a corpus.
type goldToponym struct {
	span
	// name is the annotated surface form (GWN extractedName, LGL phrase).
	name string
	// kind is the GWN annotation type or the LGL GeoNames feature code.
	kind string
	// ignore marks a mention that is neither gold nor a false positive when predicted:
	// GWN nonLocational=Yes and GWN location expressions without coordinates.
	ignore bool
	// hasPoint says lat and lon hold the gold coordinates.
	hasPoint bool
	lat, lon float64
}

// article is one corpus document with its gold toponyms.
type article struct {
	id   string
	text string
	gold []goldToponym
}

// corpusStats counts what reading a corpus dropped, so the report can say so.
type corpusStats struct {
	// badOffsets counts toponyms whose offsets lie outside their text (skipped).
	badOffsets int
	// textMismatches counts toponyms whose offsets do not cover their annotated name
	// when counted in code points (kept; a sign of an offset convention problem).
	textMismatches int
	// negatives counts GWN annotations of non-toponyms (Non_Toponym, Homonym, Language),
	// which are treated as plain text.
	negatives int
}

// xmlArticle is the union of the GWN and LGL article shapes.
type xmlArticle struct {
	File     string       `xml:"file,attr"`
	DocID    string       `xml:"docid,attr"`
	Text     string       `xml:"text"`
	Toponyms []xmlToponym `xml:"toponyms>toponym"`
}

// xmlToponym is the union of the GWN and LGL toponym shapes.
type xmlToponym struct {
	Start string `xml:"start"`
	End   string `xml:"end"`
	// GWN
	ExtractedName string `xml:"extractedName"`
	Type          string `xml:"type"`
	NonLocational string `xml:"nonLocational"`
	GeonamesID    string `xml:"geonamesID"`
	Latitude      string `xml:"latitude"`
	Longitude     string `xml:"longitude"`
	// LGL
	Phrase string     `xml:"phrase"`
	Gaztag *xmlGaztag `xml:"gaztag"`
}

// xmlGaztag is LGL's resolved GeoNames entry for a toponym.
type xmlGaztag struct {
	GeonameID string `xml:"geonameid,attr"`
	Name      string `xml:"name"`
	FClass    string `xml:"fclass"`
	FCode     string `xml:"fcode"`
	Lat       string `xml:"lat"`
	Lon       string `xml:"lon"`
	Country   string `xml:"country"`
	Admin1    string `xml:"admin1"`
}

// gwnNegativeTypes are GWN annotation types that mark text which is not a place mention;
// a prediction there is a plain false positive.
var gwnNegativeTypes = map[string]bool{"Non_Toponym": true, "Homonym": true, "Language": true}

// readCorpus streams a GWN or LGL XML corpus, calling fn once per <article> in document order.
func readCorpus(r io.Reader, fn func(article) error) (corpusStats, error) {
	var stats corpusStats
	dec := xml.NewDecoder(r)
	seen := map[string]int{}
	n := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return stats, nil
		}
		if err != nil {
			return stats, fmt.Errorf("read xml: %w", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "article" {
			continue
		}
		var xa xmlArticle
		if err := dec.DecodeElement(&xa, &se); err != nil {
			return stats, fmt.Errorf("read article %d: %w", n, err)
		}
		a, err := convertArticle(xa, n, &stats)
		if err != nil {
			return stats, err
		}
		// Ids must be unique so that error reports point at one article.
		if k := seen[a.id]; k > 0 {
			seen[a.id]++
			a.id = fmt.Sprintf("%s#%d", a.id, k+1)
		} else {
			seen[a.id] = 1
		}
		if err := fn(a); err != nil {
			return stats, err
		}
		n++
	}
}

// convertArticle turns the n-th decoded article into an article, classifying its toponyms.
func convertArticle(xa xmlArticle, n int, stats *corpusStats) (article, error) {
	a := article{id: strings.TrimSpace(xa.DocID), text: xa.Text}
	if a.id == "" {
		a.id = strings.TrimSpace(xa.File)
	}
	if a.id == "" {
		a.id = strconv.Itoa(n)
	}
	runes := []rune(a.text)
	for i, xt := range xa.Toponyms {
		start, err1 := strconv.Atoi(strings.TrimSpace(xt.Start))
		end, err2 := strconv.Atoi(strings.TrimSpace(xt.End))
		if err := errors.Join(err1, err2); err != nil {
			return article{}, fmt.Errorf("article %s toponym %d: offsets: %w", a.id, i, err)
		}
		if start < 0 || end <= start || end > len(runes) {
			stats.badOffsets++
			continue
		}
		g := goldToponym{span: span{start, end}}
		var lat, lon string
		if xt.NonLocational != "" || xt.Type != "" || xt.ExtractedName != "" {
			// GeoWebNews. Only toponyms with coordinates are places; the rest are
			// location expressions ("the lot"), demonyms, or non-toponyms.
			g.name, g.kind = xt.ExtractedName, xt.Type
			lat, lon = xt.Latitude, xt.Longitude
			hasCoords := strings.TrimSpace(lat) != "" && strings.TrimSpace(lon) != ""
			switch {
			case strings.EqualFold(strings.TrimSpace(xt.NonLocational), "yes"):
				g.ignore = true
			case hasCoords:
			case gwnNegativeTypes[xt.Type]:
				stats.negatives++
				continue
			default:
				g.ignore = true
			}
		} else {
			g.name = xt.Phrase
			if xt.Gaztag != nil {
				g.kind = xt.Gaztag.FCode
				lat, lon = xt.Gaztag.Lat, xt.Gaztag.Lon
			}
		}
		if !g.ignore && strings.TrimSpace(lat) != "" && strings.TrimSpace(lon) != "" {
			la, err1 := strconv.ParseFloat(strings.TrimSpace(lat), 64)
			lo, err2 := strconv.ParseFloat(strings.TrimSpace(lon), 64)
			if err := errors.Join(err1, err2); err != nil {
				return article{}, fmt.Errorf("article %s toponym %d: coordinates: %w", a.id, i, err)
			}
			if !validLatLon(la, lo) {
				return article{}, fmt.Errorf("article %s toponym %d: coordinates out of range: %v,%v", a.id, i, la, lo)
			}
			g.hasPoint, g.lat, g.lon = true, la, lo
		}
		if g.name != "" && string(runes[start:end]) != g.name {
			stats.textMismatches++
		}
		a.gold = append(a.gold, g)
	}
	return a, nil
}

// validLatLon reports whether lat, lon is a finite position on the globe.
func validLatLon(lat, lon float64) bool {
	return !math.IsNaN(lat) && !math.IsNaN(lon) && lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180
}
