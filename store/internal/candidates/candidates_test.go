package candidates

import (
	"testing"

	"github.com/incidentmap/incidentmap/incident"
	"github.com/incidentmap/incidentmap/store"
)

func cand(id string, v store.Verdict, score float64) Candidate[int64] {
	return Candidate[int64]{In: incident.Incident{ID: id}, M: store.Match{Verdict: v, Score: score, Reason: "r"}}
}

func TestPick(t *testing.T) {
	for _, tc := range []struct {
		name    string
		add     []Candidate[int64]
		same    string
		suggest []string // ids, best first
		reasons []string
	}{
		{name: "none"},
		{name: "distinct ones are dropped", add: []Candidate[int64]{cand("a", store.Distinct, 0.1)}},
		{name: "one same", add: []Candidate[int64]{cand("a", store.Uncertain, 0.5), cand("b", store.Same, 0.9)}, same: "b"},
		{name: "two same are questions, before uncertain ones",
			add:     []Candidate[int64]{cand("u", store.Uncertain, 0.99), cand("b", store.Same, 0.8), cand("a", store.Same, 0.9)},
			suggest: []string{"a", "b", "u"},
			reasons: []string{"one of several incidents it could be", "one of several incidents it could be", "r"}},
		{name: "by score, then id, at most three",
			add: []Candidate[int64]{cand("d", store.Uncertain, 0.5), cand("c", store.Uncertain, 0.5),
				cand("b", store.Uncertain, 0.7), cand("a", store.Uncertain, 0.1)},
			suggest: []string{"b", "c", "d"}, reasons: []string{"r", "r", "r"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s Set[int64]
			for _, c := range tc.add {
				s.Add(c)
			}
			same, suggest := s.Pick()
			if got := ""; same != nil {
				got = same.In.ID
				if got != tc.same {
					t.Errorf("same %q, want %q", got, tc.same)
				}
			} else if tc.same != "" {
				t.Errorf("no same, want %q", tc.same)
			}
			if len(suggest) != len(tc.suggest) {
				t.Fatalf("%d suggestions, want %v", len(suggest), tc.suggest)
			}
			for i, c := range suggest {
				if c.In.ID != tc.suggest[i] || c.M.Reason != tc.reasons[i] {
					t.Errorf("suggestion %d: %s %q, want %s %q", i, c.In.ID, c.M.Reason, tc.suggest[i], tc.reasons[i])
				}
			}
		})
	}
}
