package main

import (
	"math"
	"slices"
	"strconv"
)

const (
	// earthRadiusKm is the mean Earth radius the literature measures errors with.
	earthRadiusKm = 6371.0
	// aucMaxKm normalises the AUC: ln(1+err)/ln(aucMaxKm), about half the circumference.
	aucMaxKm = 20039.0
	// accuracyKm is the "within 161 km" (100 miles) threshold.
	accuracyKm = 161.0
)

// doc is one article's gold toponyms and the geoparser's predictions for it.
type doc struct {
	id   string
	text string
	gold []goldToponym
	pred []prediction
}

// ratio is a metric in [0, 1] or a distance; NaN when undefined (nothing to measure),
// which JSON encodes as null.
type ratio float64

// MarshalJSON encodes NaN as null.
func (r ratio) MarshalJSON() ([]byte, error) {
	f := float64(r)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'f', -1, 64), nil
}

// metrics are the scores of one corpus.
type metrics struct {
	Articles int `json:"articles"`
	// Gold counts scored gold toponyms; Ignored counts those skipped (nonLocational and
	// GWN location expressions).
	Gold    int `json:"gold"`
	Ignored int `json:"ignored_gold"`
	// Predicted counts predictions, except those overlapping only ignored gold.
	Predicted int   `json:"predicted"`
	Matched   int   `json:"matched"`
	Precision ratio `json:"precision"`
	Recall    ratio `json:"recall"`
	F1        ratio `json:"f1"`
	// GoldWithCoords counts scored gold toponyms that have coordinates; Resolved counts
	// those matched, the population of Acc161, MedianKm and AUC. Unresolved counts matched
	// ones whose prediction had no geometry (scored as the largest possible error).
	GoldWithCoords int   `json:"gold_with_coords"`
	Resolved       int   `json:"resolution_n"`
	Unresolved     int   `json:"unresolved"`
	Acc161         ratio `json:"acc_at_161"`
	MedianKm       ratio `json:"median_km"`
	AUC            ratio `json:"auc"`
	E2EAcc161      ratio `json:"e2e_acc_at_161"`
}

// resolutionError is one matched gold toponym with coordinates and how far off its
// prediction was.
type resolutionError struct {
	doc  int
	gold goldToponym
	pred prediction
	km   float64
}

// located is a gold toponym or prediction left unmatched.
type located struct {
	doc  int
	gold *goldToponym
	pred *prediction
}

// details lists the individual errors behind metrics, for -errors.
type details struct {
	resolution []resolutionError
	missed     []located
	spurious   []located
}

// score matches each document's predictions to its gold toponyms and computes the
// recognition, resolution and end-to-end metrics over all of them.
func score(docs []doc) (metrics, details) {
	m := metrics{Articles: len(docs)}
	var d details
	for di, dc := range docs {
		pairs := match(dc.gold, dc.pred)
		matchedG := make(map[int]bool, len(pairs))
		matchedP := make(map[int]bool, len(pairs))
		for _, p := range pairs {
			matchedG[p.g], matchedP[p.p] = true, true
		}
		for gi := range dc.gold {
			g := &dc.gold[gi]
			switch {
			case g.ignore:
				m.Ignored++
				continue
			case !matchedG[gi]:
				d.missed = append(d.missed, located{doc: di, gold: g})
			}
			m.Gold++
			if g.hasPoint {
				m.GoldWithCoords++
			}
		}
		for pi := range dc.pred {
			p := &dc.pred[pi]
			if !matchedP[pi] && overlapsIgnored(dc.gold, p.span) {
				continue
			}
			m.Predicted++
			if !matchedP[pi] {
				d.spurious = append(d.spurious, located{doc: di, pred: p})
			}
		}
		m.Matched += len(pairs)
		for _, pr := range pairs {
			g, p := dc.gold[pr.g], dc.pred[pr.p]
			if !g.hasPoint {
				continue
			}
			km := aucMaxKm
			if p.hasPoint {
				km = haversineKm(g.lat, g.lon, p.lat, p.lon)
			} else {
				m.Unresolved++
			}
			d.resolution = append(d.resolution, resolutionError{doc: di, gold: g, pred: p, km: km})
		}
	}
	m.Precision = div(m.Matched, m.Predicted)
	m.Recall = div(m.Matched, m.Gold)
	// 2PR/(P+R) = 2TP/(gold+predicted), which stays defined when either is 0.
	m.F1 = div(2*m.Matched, m.Gold+m.Predicted)
	kms := make([]float64, len(d.resolution))
	for i, e := range d.resolution {
		kms[i] = e.km
	}
	m.Resolved = len(kms)
	var within int
	m.Acc161, m.MedianKm, m.AUC, within = summarize(kms)
	m.E2EAcc161 = div(within, m.GoldWithCoords)
	return m, d
}

// summarize returns the accuracy within 161 km, the median and the AUC of resolution
// errors in km, and how many errors are within 161 km; NaN metrics for no errors.
func summarize(kms []float64) (acc, median, auc ratio, within int) {
	if len(kms) == 0 {
		nan := ratio(math.NaN())
		return nan, nan, nan, 0
	}
	var sumLog float64
	for _, km := range kms {
		if km <= accuracyKm {
			within++
		}
		// Capped at 1: an unresolved mention counts as the largest possible error.
		sumLog += min(math.Log1p(km)/math.Log(aucMaxKm), 1)
	}
	s := slices.Clone(kms)
	slices.Sort(s)
	mid := len(s) / 2
	med := s[mid]
	if len(s)%2 == 0 {
		med = (s[mid-1] + s[mid]) / 2
	}
	n := float64(len(kms))
	return ratio(float64(within) / n), ratio(med), ratio(sumLog / n), within
}

// overlapsIgnored reports whether s overlaps a gold toponym marked ignore.
func overlapsIgnored(gold []goldToponym, s span) bool {
	for _, g := range gold {
		if g.ignore && g.overlap(s) > 0 {
			return true
		}
	}
	return false
}

// div returns a/b, NaN when b is 0.
func div(a, b int) ratio {
	if b == 0 {
		return ratio(math.NaN())
	}
	return ratio(float64(a) / float64(b))
}

// haversineKm returns the great-circle distance in km between two lat/lon points.
func haversineKm(lat1, lon1, lat2, lon2 float64) float64 {
	const rad = math.Pi / 180
	dLat := (lat2 - lat1) * rad
	dLon := (lon2 - lon1) * rad
	h := math.Pow(math.Sin(dLat/2), 2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Pow(math.Sin(dLon/2), 2)
	return 2 * earthRadiusKm * math.Asin(math.Min(1, math.Sqrt(h)))
}
