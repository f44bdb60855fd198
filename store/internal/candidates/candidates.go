// Package candidates ranks the stored incidents the matcher compared a
// new report with: the one event the report is, or the questions for a
// reviewer. Each store reads the candidates with its own SQL.
package candidates

import (
	"slices"
	"strings"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
)

// MaxSuggestions bounds the suggestions one report makes, the best first.
const MaxSuggestions = 3

// Candidate is a stored incident the matcher compared a report with; Key
// is what the store finds its row by (struct{} where the id does).
type Candidate[K any] struct {
	Key K
	In  incident.Incident
	M   store.Match
}

// Set gathers candidates by the matcher's verdict.
type Set[K any] struct {
	same, uncertain []Candidate[K]
}

// Add keeps c if the matcher found it Same or Uncertain.
func (s *Set[K]) Add(c Candidate[K]) {
	switch c.M.Verdict {
	case store.Same:
		s.same = append(s.same, c)
	case store.Uncertain:
		s.uncertain = append(s.uncertain, c)
	}
}

// Pick returns the one candidate the matcher finds Same, if just one is,
// else the Uncertain ones and the Same ones (two events the report could
// each be make it a question for a reviewer, not a merge), best first, at
// most MaxSuggestions.
func (s *Set[K]) Pick() (*Candidate[K], []Candidate[K]) {
	if len(s.same) == 1 {
		return &s.same[0], nil
	}
	uncertain := s.uncertain
	for _, c := range s.same {
		c.M.Reason = "one of several incidents it could be"
		uncertain = append(uncertain, c)
	}
	slices.SortFunc(uncertain, func(x, y Candidate[K]) int {
		switch {
		case x.M.Verdict != y.M.Verdict:
			return int(y.M.Verdict) - int(x.M.Verdict)
		case x.M.Score > y.M.Score:
			return -1
		case x.M.Score < y.M.Score:
			return 1
		}
		return strings.Compare(x.In.ID, y.In.ID)
	})
	if len(uncertain) > MaxSuggestions {
		uncertain = uncertain[:MaxSuggestions]
	}
	return nil, uncertain
}
