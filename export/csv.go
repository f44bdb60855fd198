package export

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/incidentmap/incidentmap/incident"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// csvHeader is ACLED's export columns, in ACLED's order, for the fields we
// have, then ours: injuries, confidence, place_id, country_code, wkt (the
// representative POINT of every row: one geometry type, so QGIS's CSV
// import, which keeps the rows of the first row's type only, takes every
// row; GDAL reads it with GEOM_POSSIBLE_NAMES=wkt), geometry_wkt (the
// full geometry: a point, a border line or a region polygon), status (the
// review status) and updated (when a store last changed it, RFC 3339;
// empty outside a store).
//
// Mapping notes:
//   - event_id_cnty is the incident id.
//   - assoc_actor_1 holds all associated actors ("; "-separated, as ACLED
//     does); we do not know which side they are associated with, so
//     assoc_actor_2 stays empty.
//   - iso is the ISO 3166-1 numeric code, derived from country_code (alpha-2)
//     through CLDR's UN M.49 table, which equals ISO numeric for countries;
//     country is CLDR's English name for it ("Syria", "Iraq"), which may
//     differ from ACLED's spelling for a few countries.
//   - source is the sources' names (or URLs when unnamed), "; "-separated.
//   - timestamp is ACLED's record time as Unix seconds; we use the latest
//     source's publication time, empty when no source has one.
//   - fatalities and injuries are empty when the text does not say.
func csvHeader() []string {
	return []string{
		"event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
		"actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "iso", "country", "admin1",
		"location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
		"timestamp", "injuries", "confidence", "place_id", "country_code", "wkt", "geometry_wkt",
		"status", "updated",
	}
}

// csvWriter writes RFC 4180 CSV with ACLED's column names.
type csvWriter struct {
	w      *csv.Writer
	row    []string
	buf    []byte
	names  display.Namer
	n      int
	closed bool
}

func newCSVWriter(w io.Writer) *csvWriter {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // RFC 4180
	return &csvWriter{w: cw, row: make([]string, len(csvHeader())), names: display.English.Regions()}
}

// Write implements Writer.
func (c *csvWriter) Write(inc *incident.Incident) error {
	if c.closed {
		return ErrClosed
	}
	if c.n == 0 {
		if err := c.w.Write(csvHeader()); err != nil {
			return err
		}
	}
	c.n++
	r := c.row
	r[0] = inc.ID
	if inc.EventDate.IsZero() {
		r[1], r[2] = "", ""
	} else {
		r[1] = formatDate(inc.EventDate)
		r[2] = strconv.Itoa(inc.EventDate.UTC().Year())
	}
	r[3] = strconv.Itoa(inc.TimePrecision)
	r[4] = inc.EventType
	r[5] = inc.SubEventType
	r[6] = inc.Actor1
	r[7] = strings.Join(inc.AssocActors, "; ")
	r[8] = inc.Actor2
	r[9] = ""
	r[10], r[11] = c.country(inc.CountryCode)
	r[12] = inc.Admin1
	r[13] = inc.Location
	r[14] = string(appendCoord(nil, inc.Point.Lat()))
	r[15] = string(appendCoord(nil, inc.Point.Lon()))
	r[16] = strconv.Itoa(inc.GeoPrecision)
	r[17] = sourceNames(inc.Sources)
	r[18] = inc.Notes
	r[19] = optionalInt(inc.Fatalities)
	r[20] = latestPublished(inc.Sources)
	r[21] = optionalInt(inc.Injuries)
	r[22] = strconv.FormatFloat(inc.Confidence, 'f', -1, 64)
	r[23] = inc.PlaceID
	r[24] = inc.CountryCode
	point, _, _ := shapesOf(inc)
	c.buf = appendWKT(c.buf[:0], point)
	r[25] = string(c.buf)
	c.buf = appendWKT(c.buf[:0], geometryOf(inc))
	r[26] = string(c.buf)
	r[27] = statusOf(inc)
	r[28] = updatedOf(inc)
	return c.w.Write(r)
}

// Close implements Writer.
func (c *csvWriter) Close() error {
	if c.closed {
		return ErrClosed
	}
	c.closed = true
	if c.n == 0 {
		if err := c.w.Write(csvHeader()); err != nil {
			return err
		}
	}
	c.w.Flush()
	return c.w.Error()
}

// country returns the ISO 3166-1 numeric code and English name of an
// alpha-2 country code, or empty strings when it is not a known region.
func (c *csvWriter) country(alpha2 string) (iso, name string) {
	if alpha2 == "" {
		return "", ""
	}
	reg, err := language.ParseRegion(alpha2)
	if err != nil || !reg.IsCountry() {
		return "", ""
	}
	if m := reg.M49(); m > 0 {
		iso = strconv.Itoa(m)
	}
	return iso, c.names.Name(reg)
}

func optionalInt(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func sourceNames(sources []incident.Source) string {
	var b strings.Builder
	for _, s := range sources {
		name := s.SourceName
		if name == "" {
			name = s.URL
		}
		if name == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("; ")
		}
		b.WriteString(name)
	}
	return b.String()
}

func latestPublished(sources []incident.Source) string {
	var latest int64
	for _, s := range sources {
		if !s.Published.IsZero() && s.Published.Unix() > latest {
			latest = s.Published.Unix()
		}
	}
	if latest == 0 {
		return ""
	}
	return strconv.FormatInt(latest, 10)
}
