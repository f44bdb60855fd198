package main

import (
	"fmt"
	"testing"
)

func TestRepairSpans(t *testing.T) {
	tests := []struct {
		name string
		text string
		locs []span
		want []string // the text each span covers after repair
		n    int
	}{
		// Tokens: In(0) Ferrow(1) ,(2) some(3) 2,000(4) people(5) marched(6) .(7)
		{"empty span is a token index", "In Ferrow, some 2,000 people marched.", []span{{1, 1}}, []string{"Ferrow"}, 1},
		// Tokens: A(0) bomb(1) went(2) off(3) in(4) Kestrel(5) Bay(6) ...
		{"two tokens, end inclusive", "A bomb went off in Kestrel Bay on Monday.", []span{{5, 6}}, []string{"Kestrel Bay"}, 1},
		{"a character span of a place stays", "A bomb went off in Kestrel Bay on Monday.", []span{{19, 30}}, []string{"Kestrel Bay"}, 0},
		{"lower-case prefix of a name stays", "Shells hit al-Qarnat on Monday.", []span{{11, 20}}, []string{"al-Qarnat"}, 0},
		// "U.S." is one token, "'s" another: Ferrow(0) 's(1) mayor(2) met(3) U.S.(4) envoys(5) in(6) Zqarta(7)
		{"initialisms and clitics", "Ferrow's mayor met U.S. envoys in Zqarta.", []span{{7, 7}}, []string{"Zqarta"}, 1},
		{"a cut mid-word is re-read", "Rebels took Ferrow and Zqarta.", []span{{2, 3}}, []string{"Ferrow and"}, 1},
		{"index past the last token stays", "Rebels took Ferrow.", []span{{9, 9}}, []string{""}, 0},
		{"re-reading that is no place stays", "Rebels took it.", []span{{1, 1}}, []string{""}, 0},
		{"code points, not bytes", "Café owners in Zqarta marched.", []span{{3, 3}}, []string{"Zqarta"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, n := repairSpans(tt.text, tt.locs)
			r := []rune(tt.text)
			var texts []string
			for _, s := range got {
				texts = append(texts, string(r[int(s.start):int(s.end)]))
			}
			if fmt.Sprint(texts) != fmt.Sprint(tt.want) {
				t.Errorf("repaired to %q, want %q", texts, tt.want)
			}
			if n != tt.n {
				t.Errorf("repaired %d, want %d", n, tt.n)
			}
			if tt.n == 0 && fmt.Sprint(got) != fmt.Sprint(tt.locs) {
				t.Errorf("spans changed to %v, want %v kept", got, tt.locs)
			}
		})
	}
}

func TestPlaceLike(t *testing.T) {
	tests := []struct {
		text string
		s, e int
		want bool
	}{
		{"in Ferrow today", 3, 9, true},
		{"in Ferrow today", 4, 9, false}, // starts mid-word
		{"in Ferrow today", 3, 8, false}, // ends mid-word
		{"in Ferrow today", 3, 3, false}, // empty
		{"on Route 58 now", 3, 11, true},
		{"on the road", 3, 11, false}, // no capital
		{"at 1070 now", 3, 7, true},   // starts with a digit
		{"in Ferrow", 3, 12, false},   // past the end
	}
	for _, tt := range tests {
		if got := placeLike([]rune(tt.text), tt.s, tt.e); got != tt.want {
			t.Errorf("placeLike(%q, %d, %d) = %v, want %v", tt.text, tt.s, tt.e, got, tt.want)
		}
	}
}
