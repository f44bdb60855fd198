package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
)

// ratio is a share that may be undefined (NaN, nothing to measure), which JSON encodes
// as null and text leaves out.
type ratio float64

// MarshalJSON encodes NaN as null.
func (r ratio) MarshalJSON() ([]byte, error) {
	if f := float64(r); !math.IsNaN(f) && !math.IsInf(f, 0) {
		return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
	}
	return []byte("null"), nil
}

// defined reports whether r measured something.
func (r ratio) defined() bool { return !math.IsNaN(float64(r)) }

// div returns a/b, NaN when b is 0.
func div(a, b int) ratio {
	if b == 0 {
		return ratio(math.NaN())
	}
	return ratio(float64(a) / float64(b))
}

// writeText prints the report for a reader; shares have the reference scorers' precision.
func writeText(w io.Writer, rep report) error {
	if a := rep.ACLED; a != nil {
		fmt.Fprintf(w, "ACLED %s (%s): %d notes, %.2f MB; extract %.1f s, %.0f notes/s\n",
			filepath.Base(a.File), a.Types, a.Notes, a.MB, a.Seconds, a.NotesPerSecond)
		fmt.Fprintf(w, "  found (located + dated)   %d/%d = %.3f\n", a.Found, a.Notes, a.Recall)
		for _, s := range a.ByGeoPrecision {
			fmt.Fprintf(w, "    geo_precision %-3s       %d/%d = %.3f\n", s.GeoPrecision, s.Found, s.Notes, s.Recall)
		}
		fmt.Fprintf(w, "  no incident at all        %d\n", a.NoIncident)
		fmt.Fprintf(w, "  wrong place or date       %d\n", a.WrongPlaceOrDate)
		if a.Found > 0 {
			fmt.Fprintf(w, "  of found: event_type %.3f (%d)", float64(a.EventType), a.EventTypeRight)
			if a.SubEventType.defined() {
				fmt.Fprintf(w, ", sub_event_type %.3f (%d/%d)", float64(a.SubEventType), a.SubEventTypeOK, a.SubEventTypeN)
			}
			fmt.Fprintf(w, ", fatalities exact %.3f (%d)\n", float64(a.Fatalities), a.FatalitiesExact)
		}
		fmt.Fprintf(w, "  extra incidents per note  %.2f (%d matching nothing of %d predicted)\n", a.ExtraPerNote, a.Extra, a.Predicted)
	}
	if r := rep.Roles; r != nil {
		fmt.Fprintf(w, "roles %s: %d sentences; geoparse %.1f s, %.0f sentences/s\n",
			filepath.Base(r.File), r.Sentences, r.Seconds, r.SentencesPerSecond)
		for _, s := range r.Subsets {
			fmt.Fprintf(w, "  %-4s %d sentences: incident-role recall %.3f, precision %.3f, F1 %.3f; sentences exactly right %.3f (tp %d, fp %d, fn %d, exact %d)\n",
				s.Subset, s.Sentences, s.Recall, s.Precision, s.F1, s.ExactRate, s.TP, s.FP, s.FN, s.Exact)
		}
		if r.RepairedSpans > 0 {
			fmt.Fprintf(w, "  %d gold spans are token indices written as character offsets; re-read as tokens (the reference scorer does not):\n", r.RepairedSpans)
			for _, s := range r.Repaired {
				fmt.Fprintf(w, "  %-4s repaired: incident-role recall %.3f, precision %.3f, F1 %.3f; sentences exactly right %.3f (tp %d, fp %d, fn %d)\n",
					s.Subset, s.Recall, s.Precision, s.F1, s.ExactRate, s.TP, s.FP, s.FN)
			}
		}
	}
	return nil
}

// writeJSON prints the report as one indented JSON object.
func writeJSON(w io.Writer, rep report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

// writeMisses prints the misses kept for -show: the gold and what was extracted instead.
func writeMisses(w io.Writer, r acledResult) {
	for _, m := range r.misses {
		id := m.n.row.getOr("event_id_cnty", "").s
		if id == "" {
			id = m.n.row.getOr("data_id", "").s
		}
		loc, _ := m.n.row.get("location")
		sub, _ := m.n.row.get("sub_event_type")
		gp, _ := m.n.row.get("geo_precision")
		tp, _ := m.n.row.get("time_precision")
		got := "no incident"
		if !m.none {
			got = ""
			for i, g := range m.got {
				if i > 0 {
					got += "; "
				}
				got += fmt.Sprintf("%v %v %v", g[0], g[1], g[2])
			}
		}
		fmt.Fprintf(w, "MISS %s: gold %s %s (%v,%v; geo %s, time %s) %s/%s; got %s\n     %s\n",
			id, m.n.date, loc.s, m.n.lat, m.n.lon, gp.s, tp.s, m.n.eventType.s, sub.s, got, snippet(pyStrip(m.n.notes), 300))
	}
}

// snippet returns the first n code points of s.
func snippet(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
