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
	"strconv"
)

// sentence is one line of event_location.jsonl: a sentence and the spans, in code
// points, of the places its event happened at.
type sentence struct {
	text string
	gold bool
	locs []span
	// repaired is locs with token indices re-read (repairSpans); nrepaired counts them.
	repaired  []span
	nrepaired int
}

// span is a half-open range of code points; start and end are compared as numbers.
type span struct{ start, end float64 }

// overlaps is score_roles.py's hit(m, g): the spans share at least part of a code point.
func (m span) overlaps(g span) bool { return m.start < g.end && g.start < m.end }

// readSentences reads event_location.jsonl. With goldOnly it keeps the sentences whose
// "gold" is true, as score_roles.py --gold does; a line without "gold" is then an error.
func readSentences(r io.Reader, goldOnly bool) ([]sentence, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	var out []sentence
	for lineNo := 1; ; lineNo++ {
		line, rerr := br.ReadBytes('\n')
		if rerr != nil && !errors.Is(rerr, io.EOF) {
			return nil, fmt.Errorf("read: %w", rerr)
		}
		if len(line) == 0 && rerr != nil {
			return out, nil
		}
		s, err := parseSentence(line, goldOnly)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", lineNo, err)
		}
		if !goldOnly || s.gold {
			out = append(out, s)
		}
		if rerr != nil {
			return out, nil
		}
	}
}

// parseSentence decodes one line of event_location.jsonl.
func parseSentence(line []byte, needGold bool) (sentence, error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		return sentence{}, fmt.Errorf("malformed JSON: %w", err)
	}
	if dec.More() {
		return sentence{}, errors.New("more than one JSON value")
	}
	var s sentence
	var ok bool
	if s.text, ok = obj["text"].(string); !ok {
		return sentence{}, fmt.Errorf(`"text" is %v, want a string`, obj["text"])
	}
	g, hasGold := obj["gold"]
	if needGold && !hasGold {
		return sentence{}, errors.New(`no "gold"`)
	}
	s.gold = truthy(g)
	locs, ok := obj["locations"].([]any)
	if !ok {
		return sentence{}, fmt.Errorf(`"locations" is %v, want a list`, obj["locations"])
	}
	for i, l := range locs {
		sp, err := spanOf(l)
		if err != nil {
			return sentence{}, fmt.Errorf("location %d: %w", i, err)
		}
		s.locs = append(s.locs, sp)
	}
	s.repaired, s.nrepaired = repairSpans(s.text, s.locs)
	return s, nil
}

// spanOf reads the numeric "start" and "end" of a JSON object.
func spanOf(v any) (span, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return span{}, fmt.Errorf("a %s, want an object", pyType(v))
	}
	start, ok1 := pyNumber(m["start"])
	end, ok2 := pyNumber(m["end"])
	if !ok1 || !ok2 {
		return span{}, fmt.Errorf("start %v, end %v: want numbers", m["start"], m["end"])
	}
	return span{start, end}, nil
}

// rolesResult is the score of the incident role on a set of sentences.
type rolesResult struct {
	Subset    string  `json:"subset"` // "all" or "gold"
	Sentences int     `json:"sentences"`
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	Exact     int     `json:"exact"`
	Recall    float64 `json:"recall"`
	Precision float64 `json:"precision"`
	F1        float64 `json:"f1"`
	ExactRate float64 `json:"exactly_right"`
}

// rolesScorer accumulates score_roles.py's counts.
type rolesScorer struct{ r rolesResult }

// add scores one sentence: gold spans found by an incident-role mention are true
// positives, the others false negatives; incident mentions overlapping no gold span are
// false positives; the sentence is exactly right when neither happens.
func (s *rolesScorer) add(gold, incidents []span) {
	t := 0
	for _, g := range gold {
		for _, m := range incidents {
			if m.overlaps(g) {
				t++
				break
			}
		}
	}
	fp := 0
	for _, m := range incidents {
		hit := false
		for _, g := range gold {
			if m.overlaps(g) {
				hit = true
				break
			}
		}
		if !hit {
			fp++
		}
	}
	s.r.Sentences++
	s.r.TP += t
	s.r.FN += len(gold) - t
	s.r.FP += fp
	if t == len(gold) && fp == 0 {
		s.r.Exact++
	}
}

// result computes the shares as score_roles.py does, 0 where it divides by nothing.
func (s *rolesScorer) result(subset string) rolesResult {
	r := s.r
	r.Subset = subset
	r.Precision = fdiv(r.TP, r.TP+r.FP)
	r.Recall = fdiv(r.TP, r.TP+r.FN)
	if p, rc := r.Precision, r.Recall; p+rc != 0 {
		r.F1 = float64(2*p*rc) / (p + rc)
	}
	r.ExactRate = fdiv(r.Exact, r.Sentences)
	return r
}

// incidentSpans decodes one FeatureCollection of geoparse's output and returns the spans
// of its mentions with role "incident".
func incidentSpans(line []byte, id string) ([]span, error) {
	list, err := featureList(line, id)
	if err != nil || list == nil {
		return nil, err
	}
	var out []span
	for i, v := range list {
		f, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("feature %d is a %s, want an object", i, pyType(v))
		}
		p, ok := f["properties"].(map[string]any)
		if !ok {
			return nil, fmt.Errorf("feature %d: properties is %v, want an object", i, f["properties"])
		}
		if role, _ := p["role"].(string); role != "incident" {
			continue
		}
		sp, err := spanOf(p)
		if err != nil {
			return nil, fmt.Errorf("feature %d: %w", i, err)
		}
		out = append(out, sp)
	}
	return out, nil
}

// rolesReport is the score of the incident role on one sentence file.
type rolesReport struct {
	File               string        `json:"file"`
	Sentences          int           `json:"sentences"`
	Seconds            float64       `json:"seconds"`
	SentencesPerSecond float64       `json:"sentences_per_second"`
	Subsets            []rolesResult `json:"subsets"`
	// RepairedSpans counts the gold spans re-read as token indices; Repaired scores the
	// same subsets against the re-read spans. The reference scorer knows neither.
	RepairedSpans int           `json:"repaired_spans"`
	Repaired      []rolesResult `json:"repaired"`
}

// evalRoles geoparses the sentences of cfg.roles in one run of the binary and scores the
// incident role on all of them and on the gold subset (with -gold, the gold subset
// alone is sent, as score_roles.py --gold does). Each article is geoparsed on its own,
// so the gold subset scores the same in either run.
func evalRoles(ctx context.Context, cfg config) (rolesReport, error) {
	f, err := os.Open(cfg.roles)
	if err != nil {
		return rolesReport{}, err
	}
	sents, err := readSentences(f, cfg.gold)
	f.Close()
	if err != nil {
		return rolesReport{}, fmt.Errorf("%s: %w", cfg.roles, err)
	}
	if len(sents) == 0 {
		return rolesReport{}, fmt.Errorf("%s: no sentences", cfg.roles)
	}
	inputs := make([]articleJSON, len(sents))
	for i, s := range sents {
		inputs[i] = articleJSON{ID: strconv.Itoa(i), Body: s.text}
	}
	var all, gold, allR, goldR rolesScorer
	elapsed, err := runBatch(ctx, cfg.bin, "geoparse", cfg.tempDir, inputs, func(i int, line []byte) error {
		inc, err := incidentSpans(line, strconv.Itoa(i))
		if err != nil {
			return err
		}
		all.add(sents[i].locs, inc)
		allR.add(sents[i].repaired, inc)
		if sents[i].gold {
			gold.add(sents[i].locs, inc)
			goldR.add(sents[i].repaired, inc)
		}
		return nil
	})
	if err != nil {
		return rolesReport{}, err
	}
	rep := rolesReport{
		File: cfg.roles, Sentences: len(sents), Seconds: elapsed.Seconds(),
		SentencesPerSecond: float64(len(sents)) / max(elapsed.Seconds(), 1e-9),
	}
	for _, s := range sents {
		rep.RepairedSpans += s.nrepaired
	}
	if cfg.gold {
		rep.Subsets = append(rep.Subsets, all.result("gold"))
		rep.Repaired = append(rep.Repaired, allR.result("gold"))
	} else {
		rep.Subsets = append(rep.Subsets, all.result("all"))
		rep.Repaired = append(rep.Repaired, allR.result("all"))
		if gold.r.Sentences > 0 {
			rep.Subsets = append(rep.Subsets, gold.result("gold"))
			rep.Repaired = append(rep.Repaired, goldR.result("gold"))
		}
	}
	return rep, nil
}
