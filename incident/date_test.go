package incident

import (
	"testing"
	"time"
)

func TestResolveDate(t *testing.T) {
	pub := time.Date(2021, 6, 28, 0, 0, 0, 0, time.UTC) // a Monday
	d := func(y int, m time.Month, day int) string {
		return time.Date(y, m, day, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
	}
	tests := []struct {
		text string
		pub  time.Time
		want string
		prec int
	}{
		{"A rocket attack targeted U.S. forces in Syria Monday", pub, d(2021, 6, 28), 1},
		{"in a late Sunday statement", pub, d(2021, 6, 27), 1},
		{"Sunday's strikes were the second", pub, d(2021, 6, 27), 1},
		{"On Friday, gunmen attacked", pub, d(2021, 6, 25), 1},
		{"last Monday", pub, d(2021, 6, 21), 1},
		{"Overnight, the U.S. struck", pub, d(2021, 6, 27), 1},
		{"the operation last night", pub, d(2021, 6, 27), 1},
		{"yesterday", pub, d(2021, 6, 27), 1},
		{"earlier today", pub, d(2021, 6, 28), 1},
		{"three days ago", pub, d(2021, 6, 25), 1},
		{"last week", pub, d(2021, 6, 21), 2},
		{"on June 15", pub, d(2021, 6, 15), 1},
		// A span of days is its middle day, as ACLED dates it; two days in
		// a row the first.
		// Numeric dates: the only valid reading, else the one on or
		// before publication nearest to it.
		{"gunmen attacked the post on 02/22/2021", pub, d(2021, 2, 22), 1},
		{"gunmen attacked the post on 12/03/2021", pub, d(2021, 3, 12), 1},
		{"late Thursday [06/02/2005]", time.Date(2005, 6, 4, 0, 0, 0, 0, time.UTC), d(2005, 6, 2), 1},
		{"on 5/6/21 militants struck", pub, d(2021, 6, 5), 1},
		{"Between 1 and 7 June 2021, jets struck", pub, d(2021, 6, 4), 2},
		{"Between June 10th and 17th, the army shelled", pub, d(2021, 6, 14), 2},
		{"from 3 to 9 June, fighters raided", pub, d(2021, 6, 6), 2},
		{"between 19 and 20 June 2021", pub, d(2021, 6, 19), 1},
		{"During the week of 14 June 2021, militants shelled", pub, d(2021, 6, 14), 2},
		{"on July 4", pub, d(2020, 7, 4), 1},
		{"15 June 2019", pub, d(2019, 6, 15), 1},
		{"on the 21st of June", pub, d(2021, 6, 21), 1},
		{"gunmen struck on the 3 of Feb", pub, d(2021, 2, 3), 1},
		{"on September 11, 2001", pub, d(2001, 9, 11), 1},
		{"a drone strike in January 2020", pub, d(2020, 1, 1), 3},
		{"Around 5 March 2019 (month of), gunmen killed", pub, d(2019, 3, 5), 3},
		{"On Monday, March 4, 2019, forces shelled", pub, d(2019, 3, 4), 1},
		{"on Wednesday, 6 March 2019, jets struck", pub, d(2019, 3, 6), 1},
		{"Reported on Saturday, 26 June 2020, a soldier", pub, d(2021, 6, 26), 1},
		{"clashes on Friday, June 26, 2021, left", pub, d(2021, 6, 25), 1},
		{"early on Sunday (6 June), jets struck", pub, d(2021, 6, 6), 1},
		{"on Sunday the 6th of June jets struck", pub, d(2021, 6, 6), 1},
		{"on the night of 5-6 June 2020, jets struck", pub, d(2020, 6, 5), 1},
		{"jets struck the province over the weekend", pub, d(2021, 6, 26), 2},
		{"the army said it had killed 40 militants last weekend", pub, d(2021, 6, 26), 2},
		{"Around 5 March 2019 (week of), gunmen killed", pub, d(2019, 3, 5), 2},
		{"Around 5 March 2019 (as reported), gunmen killed", pub, d(2019, 3, 5), 1},
		{"In late February, the U.S.", pub, d(2021, 2, 25), 2},
		{"in early March", pub, d(2021, 3, 5), 2},
		{"by mid-May", pub, d(2021, 5, 15), 2},
		{"in Iraq since April", pub, d(2021, 4, 1), 3},
		{"in 2019", pub, d(2019, 1, 1), 3},
		{"on 2021-06-20", pub, d(2021, 6, 20), 1},
		{"in December", pub, d(2020, 12, 1), 3},
		{"Monday", time.Time{}, "", 0},
		{"June 15", time.Time{}, "", 0},
		{"in January 2020", time.Time{}, d(2020, 1, 1), 3},
		{"they may attack", pub, "", 0},
		{"forces march on", pub, "", 0},
		{"no date here", pub, "", 0},
		{"June 31", pub, "", 0},
		{"the villages of Tal Hamra and Kafr Jan.", pub, "", 0},
		{"December brought heavy rain", pub, "", 0},
		{"between December and January", pub, d(2020, 12, 1), 3},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			day, prec, ok := ResolveDate(tt.text, tt.pub)
			if tt.want == "" {
				if ok {
					t.Fatalf("got %s p%d, want none", day.Format("2006-01-02"), prec)
				}
				return
			}
			if !ok || day.Format("2006-01-02") != tt.want || prec != tt.prec {
				t.Errorf("got %s p%d ok=%v, want %s p%d", day.Format("2006-01-02"), prec, ok, tt.want, tt.prec)
			}
		})
	}
}

func TestResolveDateSince(t *testing.T) {
	for _, tt := range []struct {
		text  string
		since bool
	}{
		{"attacks in Iraq since April", true},
		{"40 fighters have died since fighting started on 20 June", true},
		{"40 fighters have died since the clashes began on 20 June", true},
		{"fighting started on 20 June in Kirkuk", false},
		{"clashes erupted on 20 June in Kirkuk", false},
		{"12 fighters died a day since the fighting that began June 3rd", true},
		{"15 fighters died each day since the latest phase of fighting that began June 3rd", true},
		{"the fighting began June 3rd near Kirkuk", false},
	} {
		toks := tokenize(tt.text)
		ds := findDates(toks, 0, len(toks), time.Date(2021, 6, 28, 0, 0, 0, 0, time.UTC))
		if len(ds) != 1 || ds[0].since != tt.since {
			t.Errorf("%q: got %+v, want one date with since=%v", tt.text, ds, tt.since)
		}
	}
}
