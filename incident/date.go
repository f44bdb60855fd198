package incident

import (
	"strconv"
	"strings"
	"time"
)

// dateExpr is one date expression found among a sentence's tokens.
type dateExpr struct {
	lo, hi int       // token span [lo, hi)
	day    time.Time // UTC midnight
	prec   int       // 1 day, 2 within a week or part of a month, 3 month or longer
	since  bool      // "since April": a period, not a day
	// year: the expression writes its year ("16 March 2019"), so that a
	// date after it without one ("on 18 March") is read in its year.
	year bool
}

var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday,
	"thursday": time.Thursday, "friday": time.Friday, "saturday": time.Saturday,
}

var months = map[string]time.Month{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
	"september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
	"oct": 10, "nov": 11, "dec": 12,
}

// ResolveDate finds the first date expression in text and resolves it against
// the publication date: weekdays ("Monday", "late Sunday") are the latest such
// day on or before published, "overnight" and "last night" the day before,
// "June 15" that day in the published year (the year before if that would lie
// ahead), "in January 2020" the month's first day at precision 3, "late
// February" precision 2. Expressions that need a publication date yield
// nothing when published is zero. It never panics.
func ResolveDate(text string, published time.Time) (day time.Time, precision int, ok bool) {
	toks := tokenize(text)
	ds := findDates(toks, 0, len(toks), published)
	if len(ds) == 0 {
		return time.Time{}, 0, false
	}
	return ds[0].day, ds[0].prec, true
}

func midnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// namedForDate are what a date names in Arab and other cities: "the 22 May
// hospital", "26 September Street", "the 14 October University".
var namedForDate = map[string]bool{
	"hospital": true, "street": true, "square": true, "school": true, "stadium": true, "bridge": true,
	"hotel": true, "university": true, "avenue": true, "road": true, "district": true, "neighborhood": true,
	"neighbourhood": true, "camp": true, "park": true, "roundabout": true, "mosque": true, "brigade": true,
	"movement": true, "coalition": true, "revolution": true, "city": true, "division": true, "battalion": true,
	"regiment": true, "corps": true, "front": true, "newspaper": true,
}

// dateLeads come before a date used as one: "on 22 May", "since 1 June".
var dateLeads = map[string]bool{
	"on": true, "since": true, "until": true, "till": true, "by": true, "from": true, "before": true,
	"after": true, "during": true, "early": true, "late": true, "mid": true, "last": true,
}

// findDates returns the date expressions among toks[lo:hi].
func findDates(toks []tok, lo, hi int, published time.Time) []dateExpr {
	return findDatesNear(toks, lo, hi, published, time.Time{})
}

// findDatesNear is findDates with anchor, the day of an event the text
// dated with its year before (zero for none): a day written without a
// year is the one nearest the anchor ("On 14 March 2019, ... Two days
// later, on 16 March" is in 2019 whenever the report came out), never
// after publication.
func findDatesNear(toks []tok, lo, hi int, published, anchor time.Time) []dateExpr {
	var out []dateExpr
	pub := time.Time{}
	if !published.IsZero() && published.Year() > 1 && published.Year() < 10000 {
		pub = midnight(published.UTC())
	}
	word := func(i int) string {
		if i < lo || i >= hi || !toks[i].word {
			return ""
		}
		return toks[i].low
	}
	for i := lo; i < hi; i++ {
		t := toks[i]
		if !t.word {
			continue
		}
		if d, n, ok := dateAt(toks, i, hi, pub, anchor, word); ok {
			if namedForDate[word(i+n)] && !dateLeads[word(i-1)] && !dateLeads[word(i-2)] && !dateLeads[word(i-3)] {
				// "at the 22 May hospital", "in 26 September Street": a name;
				// "on 22 May hospital staff struck" stays a date.
				i += n - 1
				continue
			}
			if word(i-1) == "since" || word(i-2) == "since" || sinceStart(toks, i, word) {
				d.since = true
				d.prec = 3
			}
			d.lo = i
			if q := word(i - 1); q == "late" || q == "early" || q == "mid" || q == "last" {
				d.lo = i - 1
			}
			d.hi = i + n
			spanOfDays(toks, &d, i, word)
			// "during the week of 4 May": that week.
			if word(d.lo-1) == "of" && word(d.lo-2) == "week" || word(d.lo-2) == "of" && word(d.lo-3) == "week" {
				d.prec = max(d.prec, 2)
			}
			// ACLED's notes mark a date known only to its week or month:
			// "Around 5 March 2019 (month of)".
			if k := d.hi; k+3 < len(toks) && k+3 < hi+3 && toks[k].text == "(" && toks[k+2].low == "of" && toks[k+3].text == ")" {
				switch toks[k+1].low {
				case "week":
					d.prec, d.hi = max(d.prec, 2), k+4
				case "month":
					d.prec, d.hi = max(d.prec, 3), k+4
				}
			}
			out = append(out, d)
			i += n - 1
		}
	}
	return out
}

// spanOfDays reads a span of days around the date d whose month is at
// token i: "between 1 and 7 May 2020", "between February 20th and 27th",
// "from 3 to 9 June". ACLED dates a span of days by its middle day at
// precision 2, and two days in a row by the first.
func spanOfDays(toks []tok, d *dateExpr, i int, word func(int) string) {
	if d.prec != 1 {
		return
	}
	first, last := 0, d.day.Day()
	switch {
	case dayNumber(word(i-1)) > 0 && (word(i-2) == "and" && word(i-4) == "between" || word(i-2) == "to" && word(i-4) == "from"):
		first = dayNumber(word(i - 3)) // "between 1 and 7 May"
		if first > 0 {
			d.lo = i - 4
		}
	case (word(d.hi) == "and" && word(i-1) == "between" || word(d.hi) == "to" && word(i-1) == "from") && dayNumber(word(d.hi+1)) > 0:
		first, last = d.day.Day(), dayNumber(word(d.hi+1)) // "between February 20th and 27th"
		if last > first {
			d.lo, d.hi = i-1, d.hi+2
		}
	}
	if first <= 0 || last <= first {
		return
	}
	d.day = d.day.AddDate(0, 0, first-d.day.Day())
	if last-first > 1 {
		d.day, d.prec = d.day.AddDate(0, 0, (last-first+1)/2), 2
	}
}

// slashDate reads a numeric date, "03/12/2021" or "12/3/21", as month/day
// or day/month: the only valid reading, else the one on or before pub
// nearest to it (month/day, as American wires write, when pub is unknown).
func slashDate(w string, pub time.Time) (time.Time, bool) {
	parts := strings.Split(w, "/")
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || len(p) == 0 || len(p) > 4 {
			return time.Time{}, false
		}
		n[i] = v
	}
	y := n[2]
	switch {
	case len(parts[2]) == 2:
		y += 2000
		if !pub.IsZero() && y > pub.Year()+1 {
			y -= 100
		}
	case len(parts[2]) != 4 || y < 1900 || y > 2200:
		return time.Time{}, false
	}
	valid := func(m, d int) (time.Time, bool) {
		if m < 1 || m > 12 || d < 1 || d > 31 {
			return time.Time{}, false
		}
		t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		return t, t.Day() == d
	}
	md, okMD := valid(n[0], n[1])
	dm, okDM := valid(n[1], n[0])
	switch {
	case okMD && okDM && md != dm && !pub.IsZero():
		// Either reads; a report tells of what has happened.
		aMD, aDM := !md.After(pub), !dm.After(pub)
		if aMD != aDM {
			if aDM {
				return dm, true
			}
			return md, true
		}
		if pub.Sub(dm).Abs() < pub.Sub(md).Abs() {
			return dm, true
		}
		return md, true
	case okMD:
		return md, true
	case okDM:
		return dm, true
	}
	return time.Time{}, false
}

// dayNumber reads a day of the month ("7", "20th"), or 0.
func dayNumber(w string) int {
	if w == "" || w[0] < '0' || w[0] > '9' {
		return 0 // no number: spare Atoi's error
	}
	v, err := strconv.Atoi(strings.TrimRight(w, "stndrh"))
	if err != nil || v < 1 || v > 31 {
		return 0
	}
	return v
}

// dateAt tries a date expression starting at token i; n is how many tokens it
// spans.
func dateAt(toks []tok, i, hi int, pub, anchor time.Time, word func(int) string) (d dateExpr, n int, ok bool) {
	w := word(i)
	t := toks[i]
	// ISO date.
	if t.num && len(w) == 10 && w[4] == '-' && w[7] == '-' {
		if day, err := time.Parse("2006-01-02", w); err == nil {
			return dateExpr{day: day, prec: 1, year: true}, 1, true
		}
	}
	// "12/03/2021": day and month in either order; the reading on or
	// before publication nearest to it.
	if t.num && i+4 < hi && toks[i+1].text == "/" && toks[i+2].num && toks[i+3].text == "/" && toks[i+4].num {
		if day, ok := slashDate(w+"/"+toks[i+2].low+"/"+toks[i+4].low, pub); ok {
			return dateExpr{day: day, prec: 1, year: true}, 5, true
		}
	}
	// "over the weekend", "last weekend": the Saturday before publication,
	// give or take a day.
	if (w == "weekend" || w == "weekend's") && (word(i-1) == "the" || word(i-1) == "last" || word(i-1) == "this" || word(i-1) == "past") {
		if pub.IsZero() {
			return dateExpr{}, 0, false
		}
		back := (int(pub.Weekday()) - int(time.Saturday) + 7) % 7
		if back < 2 && word(i-1) == "last" {
			back += 7 // "last weekend", said on the weekend: the one before
		}
		return dateExpr{day: pub.AddDate(0, 0, -back), prec: 2}, 1, true
	}
	if days, prec, isRel := relativeDays(w, i, word); isRel {
		if pub.IsZero() {
			return dateExpr{}, 0, false
		}
		return dateExpr{day: pub.AddDate(0, 0, days), prec: prec}, 1, true
	}
	// Weekdays and months are written with a capital, unless a part of
	// the month leads ("mid-february", "early march"); years are numbers.
	if !t.cap && !t.num {
		if q := word(i - 1); !strings.Contains(w, "-") && q != "early" && q != "mid" && q != "late" {
			return dateExpr{}, 0, false
		}
	}
	// Weekdays: the latest such day on or before publication.
	if wd, isDay := weekdays[base(w)]; isDay && t.cap {
		// "On Monday, March 4, 2019", "Wednesday 6 March": the date the
		// weekday names.
		j := i + 1
		if j < hi && (toks[j].text == "," || toks[j].text == "(") {
			j++ // "Sunday (3 March)"
		}
		if word(j) == "the" && j+1 < hi {
			j++ // "Sunday the 3rd of March"
		}
		if j+1 < hi && toks[j].num && len(strings.TrimRight(word(j), "stndrh")) <= 2 {
			j++ // the day before its month, "3rd of March"
			if word(j) == "of" && j+1 < hi {
				j++
			}
		}
		var named dateExpr
		namedN := 0
		if j < hi && toks[j].cap {
			if _, isMonth := months[base(word(j))]; isMonth {
				if d, n2, ok := dateAt(toks, j, hi, pub, anchor, word); ok {
					named, namedN = d, j-i+n2
				}
			}
		}
		if namedN > 0 && (named.prec > 1 || named.day.Weekday() == wd || pub.IsZero()) {
			return named, namedN, true
		}
		if pub.IsZero() {
			return dateExpr{}, 0, false
		}
		back := (int(pub.Weekday()) - int(wd) + 7) % 7
		if back == 0 && word(i-1) == "last" {
			back = 7
		}
		day := pub.AddDate(0, 0, -back)
		if namedN > 0 {
			// The weekday and the date disagree: a slip of the day or the
			// year ("Friday, Feb 24" for the 23rd, "Saturday, 17 February
			// 2017" in 2018) when the weekday's day is that near; the date
			// otherwise.
			if diff := named.day.Sub(day).Hours() / 24; diff > 7 || diff < -7 {
				if named.day.Month() != day.Month() || named.day.Day() != day.Day() {
					return named, namedN, true
				}
			}
			return dateExpr{day: day, prec: 1}, namedN, true
		}
		return dateExpr{day: day, prec: 1}, 1, true
	}
	part, mw := monthPart(w, word(i-1))
	if m, isMonth := months[mw]; isMonth && (t.cap || part != "") {
		return monthDate(toks, i, hi, pub, anchor, word, m, mw, part)
	}
	// A bare year after in/since/during: "in 2019".
	if t.num && len(w) == 4 {
		if v, err := strconv.Atoi(w); err == nil && v >= 1900 && v <= 2200 {
			switch word(i - 1) {
			case "in", "since", "during":
				return dateExpr{day: time.Date(v, 1, 1, 0, 0, 0, 0, time.UTC), prec: 3}, 1, true
			}
		}
	}
	return dateExpr{}, 0, false
}

// relativeDays reads a day counted from publication in the word w at token
// i: "yesterday", "last week", "three days ago". It returns the days to add
// to the publication day and the precision of the date.
func relativeDays(w string, i int, word func(int) string) (days, prec int, ok bool) {
	switch w {
	case "overnight", "yesterday":
		return -1, 1, true
	case "today", "tonight":
		return 0, 1, true
	case "night":
		if word(i-1) == "last" {
			return -1, 1, true
		}
	case "week":
		switch word(i - 1) {
		case "last", "past":
			return -7, 2, true
		case "this":
			return -2, 2, true
		}
	case "days", "day", "weeks", "week's":
		if word(i+1) == "ago" && i > 0 {
			k, ok := parseCount(word(i - 1))
			if w == "day" && word(i-1) == "a" {
				k, ok = 1, true
			}
			if ok && k < 400 {
				if strings.HasPrefix(w, "week") {
					return -7 * k, 2, true
				}
				return -k, 1, true
			}
		}
	}
	return 0, 0, false
}

// monthPart reads the part of the month that leads the word w or comes as
// the word before it (prev), and the month's word mw without it: part of a
// month, "mid-February", is one token.
func monthPart(w, prev string) (part, mw string) {
	mw = w
	for _, p := range []string{"early-", "mid-", "late-"} {
		if strings.HasPrefix(w, p) {
			part, mw = strings.TrimSuffix(p, "-"), w[len(p):]
		}
	}
	if part == "" && (prev == "early" || prev == "mid" || prev == "late") {
		part = prev
	}
	return part, strings.TrimSuffix(mw, ".")
}

// monthDate reads the date around the month m, written mw, at token i, with
// the part of the month part ("early", "mid", "late" or "").
func monthDate(toks []tok, i, hi int, pub, anchor time.Time, word func(int) string, m time.Month, mw, part string) (dateExpr, int, bool) {
	dayNum, year, n := monthDayYear(toks, i, hi, word)
	// A month alone wants a date preposition: "May" and "March" are words
	// too, and a month's short form ends names ("Hadir Jan").
	if dayNum == 0 && year == 0 && part == "" {
		switch word(i - 1) {
		case "in", "since", "of", "during", "until", "last", "early", "late", "mid":
		case "this", "next", "by", "from", "before", "after", "through", "throughout", "till", "and", "or", "to", "between":
			if mw == "may" || mw == "march" || mw == "mar" {
				return dateExpr{}, 0, false
			}
		default:
			return dateExpr{}, 0, false
		}
	}
	prec, dd := 3, 1
	switch {
	case dayNum > 0:
		prec, dd = 1, dayNum
	case part == "early":
		prec, dd = 2, 5
	case part == "mid":
		prec, dd = 2, 15
	case part == "late":
		prec, dd = 2, 25
	}
	given := year != 0
	if year == 0 {
		if pub.IsZero() {
			return dateExpr{}, 0, false
		}
		year = pub.Year()
		if time.Date(year, m, 1, 0, 0, 0, 0, time.UTC).After(pub) || time.Date(year, m, dd, 0, 0, 0, 0, time.UTC).After(pub) && prec == 1 {
			year--
		}
		if !anchor.IsZero() && anchor.Year() < year {
			year = nearestYear(anchor, m, dd, year)
		}
	}
	day := time.Date(year, m, dd, 0, 0, 0, 0, time.UTC)
	if day.Month() != m { // June 31
		return dateExpr{}, 0, false
	}
	return dateExpr{day: day, prec: prec, year: given}, n, true
}

// nearestYear returns the year, from the anchor's year before it to
// latest, that puts month m's day dd nearest the anchor.
func nearestYear(anchor time.Time, m time.Month, dd, latest int) int {
	best, bestGap := latest, time.Duration(-1)
	for y := anchor.Year() - 1; y <= anchor.Year()+1 && y <= latest; y++ {
		gap := time.Date(y, m, dd, 0, 0, 0, 0, time.UTC).Sub(anchor)
		if gap < 0 {
			gap = -gap
		}
		if bestGap < 0 || gap < bestGap {
			best, bestGap = y, gap
		}
	}
	return best
}

// monthDayYear reads the day and the year written around the month at
// token i, 0 where there is none, and how many tokens from i on the date
// spans: "June 15, 2021", "15 June 2021".
func monthDayYear(toks []tok, i, hi int, word func(int) string) (dayNum, year, n int) {
	n = 1
	k := i + 1
	if k < hi && toks[k].text == "." {
		k++
		n++
	}
	if v, err := strconv.Atoi(strings.TrimRight(word(k), "stndrh")); err == nil && v >= 1 && v <= 31 && toks[k].num {
		dayNum = v
		n = k - i + 1
		k++
	}
	kk := k
	if kk < hi && toks[kk].text == "," {
		kk++
	}
	if v, err := strconv.Atoi(word(kk)); err == nil && v >= 1900 && v <= 2200 && len(word(kk)) == 4 {
		year = v
		n = kk - i + 1
	}
	// Day before the month: "15 June 2021", "the 21st of January".
	if dayNum == 0 {
		j := i - 1
		if word(j) == "of" {
			j--
		}
		w := strings.TrimRight(word(j), "stndrh")
		if k := strings.IndexAny(w, "-/"); k > 0 {
			w = w[:k] // "the night of 3-4 March": its first day
		}
		if v, err := strconv.Atoi(w); err == nil && v >= 1 && v <= 31 && j >= 0 && toks[j].num {
			dayNum = v
		}
	}
	return dayNum, year, n
}

var numberWords = map[string]int{
	"no": 0, "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
	"fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
	"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
	"ninety": 90, "hundred": 100, "dozen": 12, "a dozen": 12, "single": 1, "both": 2,
	// ACLED's reading of counts reports leave vague.
	"dozens": 12, "hundreds": 100,
}

// parseCount reads "12", "1,200", "five", "twenty-two".
func parseCount(w string) (int, bool) {
	if w == "" {
		return 0, false
	}
	if w[0] >= '0' && w[0] <= '9' {
		v, err := strconv.Atoi(strings.ReplaceAll(w, ",", ""))
		if err != nil || v > 1_000_000 {
			return 0, false
		}
		return v, true
	}
	if a, b, ok := strings.Cut(w, "-"); ok {
		x, ok1 := numberWords[a]
		y, ok2 := numberWords[b]
		if ok1 && ok2 && x >= 20 && y < 10 {
			return x + y, true
		}
		return 0, false
	}
	v, ok := numberWords[w]
	return v, ok
}

// sinceStart: "since fighting started on 20 February", "since the
// fighting that began January 31st": the date after "started" or "began"
// starts the period a "since" a few words before it counts from.
func sinceStart(toks []tok, i int, word func(int) string) bool {
	if i > 0 && toks[i-1].num {
		i-- // "on 20 June" is read at its month
	}
	j := i - 1
	if word(j) == "on" {
		j-- // "began on 20 June", "began 20 June"
	}
	if w := word(j); w != "started" && w != "began" && w != "erupted" && w != "begun" && w != "start" && w != "began," {
		return false
	}
	for k := j - 1; k >= 0 && k >= j-8; k-- {
		if !toks[k].word {
			return false
		}
		if toks[k].low == "since" {
			return true
		}
	}
	return false
}
