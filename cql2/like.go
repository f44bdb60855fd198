package cql2

import "unicode/utf8"

// MatchLike reports whether s matches the CQL2 LIKE pattern, case
// sensitively: % matches any run of characters, _ one character, and \
// makes the next character literal. It implements the cql2_like function
// the SQLite store registers.
func MatchLike(s, pattern string) bool {
	// Greedy matching with one backtrack point at the last %, which is
	// linear for all but adversarial patterns and never recursive.
	si, pi := 0, 0
	starP, starS := -1, 0
	for si < len(s) {
		if pi < len(pattern) {
			pc, pn := utf8.DecodeRuneInString(pattern[pi:])
			switch pc {
			case '%':
				starP, starS = pi+pn, si
				pi += pn
				continue
			case '_':
				_, sn := utf8.DecodeRuneInString(s[si:])
				si += sn
				pi += pn
				continue
			case '\\':
				if pi+pn < len(pattern) {
					pi += pn
					pc, pn = utf8.DecodeRuneInString(pattern[pi:])
				}
			}
			sc, sn := utf8.DecodeRuneInString(s[si:])
			if sc == pc && (sc != utf8.RuneError || s[si:si+sn] == pattern[pi:pi+pn]) {
				si += sn
				pi += pn
				continue
			}
		}
		if starP < 0 {
			return false
		}
		_, sn := utf8.DecodeRuneInString(s[starS:])
		starS += sn
		si, pi = starS, starP
	}
	for pi < len(pattern) && pattern[pi] == '%' {
		pi++
	}
	return pi == len(pattern)
}
