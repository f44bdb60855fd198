package alerts

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/incidentmap/incidentmap/store"
)

// AtomFeed is the document WriteAtom writes (RFC 4287).
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomEntry struct {
	ID       string       `xml:"id"`
	Title    string       `xml:"title"`
	Updated  string       `xml:"updated"`
	Links    []atomLink   `xml:"link"`
	Summary  string       `xml:"summary"`
	Category []atomCat    `xml:"category"`
	Point    string       `xml:"http://www.georss.org/georss point,omitempty"`
	Content  *atomContent `xml:"content,omitempty"`
}

type atomCat struct {
	Term string `xml:"term,attr"`
}

type atomContent struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

// WriteAtom writes sub's alerts (newest first) as an Atom feed. base is
// the server's URL ("https://host"), self the feed's own URL.
func WriteAtom(w io.Writer, sub store.Subscription, alerts []store.Alert, base, self string) error {
	f := atomFeed{
		ID:      "tag:incidentmap,2026:subscription:" + strconv.FormatInt(sub.ID, 10),
		Title:   "incidentmap alerts",
		Updated: sub.Created.UTC().Format(time.RFC3339),
		Author:  atomPerson{Name: "incidentmap"},
		Links:   []atomLink{{Rel: "self", Type: "application/atom+xml", Href: self}},
		Entries: []atomEntry{},
	}
	if sub.Name != "" {
		f.Title += ": " + sub.Name
	}
	if len(alerts) > 0 {
		f.Updated = alerts[0].Created.UTC().Format(time.RFC3339)
	}
	for _, a := range alerts {
		f.Entries = append(f.Entries, entryOf(a, base))
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("atom: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// entryOf is the Atom entry of one alert, from its payload.
func entryOf(a store.Alert, base string) atomEntry {
	var p struct {
		Event    string `json:"event"`
		Incident struct {
			Properties struct {
				EventDate    string  `json:"event_date"`
				EventType    string  `json:"event_type"`
				SubEventType string  `json:"sub_event_type"`
				Location     string  `json:"location"`
				Fatalities   *int    `json:"fatalities"`
				Notes        string  `json:"notes"`
				Lat          float64 `json:"lat"`
				Lon          float64 `json:"lon"`
			} `json:"properties"`
		} `json:"incident"`
	}
	_ = json.Unmarshal(a.Payload, &p) // a payload is the worker's own JSON
	pr := p.Incident.Properties
	title := pr.SubEventType
	if title == "" {
		title = pr.EventType
	}
	if pr.Location != "" {
		title += " in " + pr.Location
	}
	if pr.EventDate != "" {
		title += " (" + pr.EventDate + ")"
	}
	if pr.Fatalities != nil {
		title += ": " + strconv.Itoa(*pr.Fatalities) + " killed"
	}
	if a.Event == EventUpdated {
		title = "Updated: " + title
	}
	item := strings.TrimRight(base, "/") + "/collections/incidents/items/" + a.IncidentID
	e := atomEntry{
		ID:      "tag:incidentmap,2026:alert:" + strconv.FormatInt(a.SubscriptionID, 10) + ":" + strconv.FormatInt(a.Seq, 10),
		Title:   strings.TrimSpace(title),
		Updated: a.Created.UTC().Format(time.RFC3339),
		Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: item},
			{Rel: "alternate", Type: "application/geo+json", Href: item + "?f=json"}},
		Summary: pr.Notes,
		Content: &atomContent{Type: "application/json", Body: string(a.Payload)},
	}
	for _, c := range []string{pr.EventType, pr.SubEventType} {
		if c != "" {
			e.Category = append(e.Category, atomCat{Term: c})
		}
	}
	if pr.Lat != 0 || pr.Lon != 0 {
		e.Point = strconv.FormatFloat(pr.Lat, 'f', -1, 64) + " " + strconv.FormatFloat(pr.Lon, 'f', -1, 64)
	}
	return e
}
