package feeds

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/gazetteer"
	"github.com/incidentmap/incidentmap/ingest"
)

// benchTowns are places the embedded gazetteer holds; the sentences around
// them are written for this benchmark.
var benchTowns = []string{"Mogadishu", "Kismayo", "Mosul", "Kirkuk", "Aden", "Marib", "Idlib", "Aleppo", "Goma", "Maiduguri"}

// benchFeed is an RSS document of n new entries, each a short report of
// its own, numbered from first so no two rounds share an entry.
func benchFeed(first, n int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench Wire</title><link>https://bench.example/</link>`)
	for i := first; i < first+n; i++ {
		town := benchTowns[i%len(benchTowns)]
		fmt.Fprintf(&b, `<item><title>Report %d from %s</title><link>https://bench.example/news/%d</link><guid>bench-%d</guid>`+
			`<pubDate>Mon, 08 May 2023 09:30:00 +0000</pubDate><description><![CDATA[<p>Gunmen attacked a checkpoint near %s on Sunday, killing %d soldiers, officials said.</p>`+
			`<p>Residents said shelling continued overnight in the outskirts, and the road to the market stayed closed on Monday while an inquiry began (report %d).</p>]]></description></item>`,
			i, town, i, i, town, 1+i%7, i)
	}
	b.WriteString(`</channel></rss>`)
	return []byte(b.String())
}

// BenchmarkPollEndToEnd: entries processed per second end to end, a feed
// fetched from a local server, its entries cleaned, read for incidents and
// stored in SQLite (`go test -bench PollEndToEnd ./feeds/`).
func BenchmarkPollEndToEnd(b *testing.B) {
	g, err := gazetteer.LoadDefault()
	if err != nil {
		b.Fatal(err)
	}
	const perPoll = 200
	st, fs := openStore(b), newFeedServer(b)
	addSource(b, st, fs.URL+"/bench.xml")
	c := &clock{t: time.Now().Add(time.Second)}
	p := newPoller(st, &ingest.Pipeline{Gazetteer: g, Store: st}, c, "bench")
	ctx := context.Background()
	entries := 0
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		fs.set("/bench.xml", benchFeed(i*perPoll, perPoll), 0)
		c.add(time.Hour)
		b.StartTimer()
		if _, err := p.RunOnce(ctx); err != nil {
			b.Fatal(err)
		}
		entries += perPoll
	}
	b.ReportMetric(float64(entries)/b.Elapsed().Seconds(), "entries/s")
	if stats, err := st.Stats(ctx); err != nil || stats.Articles < int64(entries) {
		b.Errorf("%d articles stored of %d entries (%v)", stats.Articles, entries, err)
	}
}
