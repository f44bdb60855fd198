package gazetteer

import "strings"

// The romanisations of one Arabic, Persian, Pashto or Somali name differ in
// regular ways: the article (al-, el-, ash-, az-...), vowels (Deir, Dayr,
// Dair; Idleb, Idlib; Zour, Zor), doubled letters (Hassakeh, Hasakah), the
// feminine ending (-ah, -eh, -a), and digraphs for one sound (kh/k, q/k,
// dh/d, th/t, French ch and dj). translit folds those differences away so
// that variants compare letter by letter; skeleton keeps only its consonants
// to index names by.

// translitWords are whole words spelt two ways that the letter rules miss.
// "Abul" and "Abil" are "Abu" and "Abi" run into the article after them
// ("Abul Duhur", "Abu al-Duhur").
var translitWords = map[string]string{
	"kfar": "kafr", "tell": "tal", "tall": "tal", "jebel": "jabal", "djebel": "jabal",
	"abul": "abu", "abil": "abi",
}

// arabicRespellings returns a folded name as the other romanisations of
// two Arabic letters write it: th and dh as z (ظ, also ذ in Levantine
// speech: "Thohur", "Zuhur"), and g as q (ق as Iraq, the Gulf and Yemen
// say it: "Shirgat", "Sharqat"), each alone, then both; none for a name
// with neither.
var emphaticZ = strings.NewReplacer("th", "z", "dh", "z")

func arabicRespellings(folded string) []string {
	var out []string
	z := folded
	if strings.Contains(folded, "th") || strings.Contains(folded, "dh") {
		z = emphaticZ.Replace(folded)
		out = append(out, z)
	}
	if strings.Contains(folded, "g") && !strings.Contains(folded, "gh") && !strings.Contains(folded, "ng") {
		out = append(out, strings.ReplaceAll(folded, "g", "q"))
		if z != folded {
			out = append(out, strings.ReplaceAll(z, "g", "q"))
		}
	}
	return out
}

// translit folds a normalized name (see normalizeName) into the key that
// transliteration variants share: "deir ez zor" and "dayr az zawr" become
// "dayrzur", "al hasakah" and "hassakeh" both "hasaka".
func translit(folded string) string {
	var buf [64]byte
	return string(appendTranslit(buf[:0], folded))
}

// appendTranslit appends the translit key of folded to dst. Letter rules,
// in order: the feminine ending (-ah, -eh, -e) is -a; French tch, sch and
// ch are sh; dj is j; kh, gh, dh, th, ph lose their h; ck, c and q are k;
// ou and oo are u, and so are aw, au and ow before a consonant ("Zawr",
// "Zour"; before a vowel the w is a consonant: "Sawa"); ee is i; ei, ey
// and ai are ay; o is u and e is i. Doubled letters count once.
func appendTranslit(dst []byte, folded string) []byte {
	start := len(dst)
	for len(folded) > 0 {
		w := folded
		if k := strings.IndexByte(folded, ' '); k >= 0 {
			w, folded = folded[:k], folded[k+1:]
		} else {
			folded = ""
		}
		if w == "" || articles[w] {
			continue
		}
		if r, ok := translitWords[w]; ok {
			w = r
		}
		end := len(w)
		fem := false
		if end > 3 && w[end-1] == 'h' && (w[end-2] == 'a' || w[end-2] == 'e') {
			end, fem = end-2, true
		} else if end > 3 && w[end-1] == 'e' {
			end, fem = end-1, true
		}
		dst = appendTranslitLetters(dst, start, w[:end])
		if fem {
			dst = putTranslit(dst, start, 'a')
		}
	}
	return dst
}

// putTranslit appends c to dst unless it repeats the last letter of
// dst[start:]: doubled letters count once.
func putTranslit(dst []byte, start int, c byte) []byte {
	if len(dst) == start || dst[len(dst)-1] != c {
		dst = append(dst, c)
	}
	return dst
}

// appendTranslitLetters appends the letters of the word w to dst by the
// letter rules of appendTranslit; start is where the key began in dst.
// Long because the letter rules read best as one switch over the letter.
func appendTranslitLetters(dst []byte, start int, w string) []byte {
	put := func(c byte) {
		dst = putTranslit(dst, start, c)
	}
	at := func(i int) byte {
		if i < len(w) {
			return w[i]
		}
		return 0
	}
	for i := 0; i < len(w); i++ {
		c, n1, n2 := w[i], at(i+1), at(i+2)
		switch c {
		case 't':
			if n1 == 'c' && n2 == 'h' {
				put('s')
				put('h')
				i += 2
			} else if n1 == 'h' {
				put('t')
				i++
			} else {
				put('t')
			}
		case 's':
			if n1 == 'c' && n2 == 'h' {
				put('s')
				put('h')
				i += 2
			} else {
				put('s')
			}
		case 'c':
			switch n1 {
			case 'h':
				put('s')
				put('h')
				i++
			case 'k':
				put('k')
				i++
			default:
				put('k')
			}
		case 'd':
			switch n1 {
			case 'j':
				put('j')
				i++
			case 'h':
				put('d')
				i++
			default:
				put('d')
			}
		case 'k', 'g', 'p':
			if n1 == 'h' {
				if c == 'p' {
					c = 'f'
				}
				i++
			}
			put(c)
		case 'q':
			put('k')
		case 'a', 'o':
			switch {
			case c == 'o' && (n1 == 'u' || n1 == 'o'):
				put('u')
				i++
			case (n1 == 'w' || n1 == 'u') && !isVowel(n2):
				put('u')
				i++
			case c == 'a' && n1 == 'i':
				put('a')
				put('y')
				i++
			case c == 'o':
				put('u')
			default:
				put('a')
			}
		case 'e':
			switch n1 {
			case 'e':
				put('i')
				i++
			case 'i', 'y':
				put('a')
				put('y')
				i++
			default:
				put('i')
			}
		default:
			put(c)
		}
	}
	return dst
}

// skeleton reduces a folded name to the consonants of its translit key, the
// index key for spelling variants: "deir ez zor", "dayr az zawr" and "deir
// al zour" all become "drzr". The vowels, and w and y beside consonants, are
// what romanisations disagree on most.
func skeleton(folded string) string {
	var buf [64]byte
	t := appendTranslit(buf[:0], folded)
	b := make([]byte, 0, len(t))
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c == 'a' || c == 'i' || c == 'u':
		case (c == 'w' || c == 'y') && !(i > 0 && i+1 < len(t) && isVowel(t[i-1]) && isVowel(t[i+1])):
			// Only a w or y between vowels is a consonant ("Hawija", "Otaya").
		default:
			if n := len(b); n == 0 || b[n-1] != c {
				b = append(b, c)
			}
		}
	}
	return string(b)
}

func isVowel(c byte) bool { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' }

// nameSimilarity compares two folded names, 1 for the same: plain is the
// normalised edit distance of the names without articles and spaces, tr
// the greater of plain and that of their translit keys. Names must begin
// alike (both with a vowel, or with the same consonant), and short ones
// must be equal.
func nameSimilarity(a, b string) (plain, tr float64) {
	return newVariantQuery(a).similarity(b)
}

// variantQuery is a folded name prepared for comparison with many others.
type variantQuery struct {
	plain, tr string
}

func newVariantQuery(folded string) variantQuery {
	return variantQuery{stripArticles(folded), translit(folded)}
}

// similarity is nameSimilarity of the query and a folded name.
func (q variantQuery) similarity(name string) (plain, tr float64) {
	var buf [64]byte
	plain = closeness(q.plain, stripArticles(name))
	t := appendTranslit(buf[:0], name)
	return plain, max(plain, closeness(q.tr, string(t)))
}

// closeness is 1 less the edit distance over the longer length, 0 for
// names that begin differently, short names that differ at all, and
// lengths too far apart to reach 0.75.
func closeness(x, y string) float64 {
	if x == "" || y == "" || (x[0] != y[0] && !(isVowel(x[0]) && isVowel(y[0]))) {
		return 0
	}
	n := max(len(x), len(y))
	if n <= 4 && x != y {
		return 0 // one letter changes too much of a short name
	}
	if d := len(x) - len(y); d*4 > n || -d*4 > n {
		return 0
	}
	return 1 - float64(levenshtein(x, y))/float64(n)
}

// stripArticles joins a folded name's words, leaving out articles.
func stripArticles(s string) string {
	if !strings.Contains(s, " ") {
		if articles[s] {
			return ""
		}
		return s
	}
	var sb strings.Builder
	for _, w := range strings.Fields(s) {
		if !articles[w] {
			sb.WriteString(w)
		}
	}
	return sb.String()
}

func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
