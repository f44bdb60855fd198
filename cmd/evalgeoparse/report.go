package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"text/tabwriter"
)

// corpusResult is the score of one corpus file.
type corpusResult struct {
	Name string `json:"-"`
	File string `json:"file"`
	metrics
	// BadGoldOffsets counts gold toponyms skipped for offsets outside their text.
	BadGoldOffsets int `json:"bad_gold_offsets"`
	// PredTextMismatches counts predictions whose text is not the body at their span.
	PredTextMismatches int `json:"pred_text_mismatches"`
	docs               []doc
	details            details
}

// writeTable prints one row of metrics per corpus.
func writeTable(w io.Writer, results []corpusResult) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "corpus\tarticles\tgold\tpredicted\tP\tR\tF1\tacc@161\tmedian km\tAUC\te2e acc@161\t")
	for _, r := range results {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n",
			r.Name, r.Articles, r.Gold, r.Predicted,
			fmtRatio(r.Precision), fmtRatio(r.Recall), fmtRatio(r.F1),
			fmtRatio(r.Acc161), fmtKm(r.MedianKm), fmtRatio(r.AUC), fmtRatio(r.E2EAcc161))
	}
	return tw.Flush()
}

// writeJSON prints the results as one JSON object keyed by corpus name.
func writeJSON(w io.Writer, results []corpusResult) error {
	obj := make(map[string]corpusResult, len(results))
	for _, r := range results {
		obj[r.Name] = r
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(obj)
}

// fmtRatio formats a share with three decimals, "-" when undefined.
func fmtRatio(r ratio) string {
	if math.IsNaN(float64(r)) {
		return "-"
	}
	return fmt.Sprintf("%.3f", float64(r))
}

// fmtKm formats a distance with one decimal, "-" when undefined.
func fmtKm(r ratio) string {
	if math.IsNaN(float64(r)) {
		return "-"
	}
	return fmt.Sprintf("%.1f", float64(r))
}

// writeErrors prints the n worst resolution errors and n samples each of missed and
// spurious mentions of one corpus.
func writeErrors(w io.Writer, r corpusResult, n int) {
	if n <= 0 {
		return
	}
	worst := append([]resolutionError(nil), r.details.resolution...)
	sort.SliceStable(worst, func(i, j int) bool { return worst[i].km > worst[j].km })
	fmt.Fprintf(w, "== %s: %d worst resolution errors (of %d resolved)\n", r.Name, min(n, len(worst)), len(worst))
	for _, e := range worst[:min(n, len(worst))] {
		d := r.docs[e.doc]
		pred := "no geometry"
		if e.pred.hasPoint {
			pred = fmt.Sprintf("%.4f,%.4f", e.pred.lat, e.pred.lon)
		}
		fmt.Fprintf(w, "%9.1f km  article %s [%d:%d] %q (%s) gold %.4f,%.4f -> %s %q %s %s %s\n",
			e.km, d.id, e.gold.start, e.gold.end, e.gold.name, e.gold.kind, e.gold.lat, e.gold.lon,
			e.pred.placeID, e.pred.name, e.pred.kind, e.pred.countryCode, pred)
	}
	missed := sample(r.details.missed, n)
	fmt.Fprintf(w, "== %s: %d missed gold toponyms (of %d)\n", r.Name, len(missed), len(r.details.missed))
	for _, m := range missed {
		d := r.docs[m.doc]
		fmt.Fprintf(w, "  article %s [%d:%d] %q (%s): %s\n", d.id, m.gold.start, m.gold.end, m.gold.name, m.gold.kind, snippet(d.text, m.gold.span))
	}
	spurious := sample(r.details.spurious, n)
	fmt.Fprintf(w, "== %s: %d spurious predictions (of %d)\n", r.Name, len(spurious), len(r.details.spurious))
	for _, s := range spurious {
		d := r.docs[s.doc]
		fmt.Fprintf(w, "  article %s [%d:%d] %q -> %s %q %s %s: %s\n", d.id, s.pred.start, s.pred.end, s.pred.text,
			s.pred.placeID, s.pred.name, s.pred.kind, s.pred.countryCode, snippet(d.text, s.pred.span))
	}
}

// sample returns up to n items spread evenly over xs, so the sample is not all from the
// first article.
func sample[T any](xs []T, n int) []T {
	if len(xs) <= n {
		return xs
	}
	out := make([]T, n)
	for i := range out {
		out[i] = xs[i*len(xs)/n]
	}
	return out
}

// snippet returns s around sp on one line, the span in [brackets].
func snippet(text string, sp span) string {
	const width = 40
	r := []rune(text)
	from, to := max(sp.start-width, 0), min(sp.end+width, len(r))
	s := string(r[from:sp.start]) + "[" + string(r[sp.start:sp.end]) + "]" + string(r[sp.end:to])
	return "…" + strings.Join(strings.Fields(s), " ") + "…"
}
