package gazetteer

import (
	"context"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
)

var (
	sharedOnce sync.Once
	sharedG    *Gazetteer
	sharedErr  error
)

// testGazetteer loads the embedded gazetteer once per test binary.
func testGazetteer(tb testing.TB) *Gazetteer {
	tb.Helper()
	sharedOnce.Do(func() { sharedG, sharedErr = LoadDefault() })
	if sharedErr != nil {
		tb.Fatal(sharedErr)
	}
	return sharedG
}

// seedArticle reads the article the project started from; CI always has it.
func seedArticle(tb testing.TB) string {
	tb.Helper()
	b, err := os.ReadFile("../../shared/seeds/000_d7ef42fada8a821f.txt")
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("CI must have ../shared: %v", err)
		}
		tb.Skipf("seed article not available: %v", err)
	}
	return string(b)
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		g, err := Load(context.Background(), Options{})
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MB")
		runtime.KeepAlive(g)
	}
}

// BenchmarkTag measures geoparsing throughput on news-sized articles; the
// MB/s column is the figure the target (10 MB/s a core) speaks of.
func BenchmarkTag(b *testing.B) {
	g := testGazetteer(b)
	text := seedArticle(b)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		g.Tag(text)
	}
}

// BenchmarkTagLarge measures one long text (many articles joined).
func BenchmarkTagLarge(b *testing.B) {
	g := testGazetteer(b)
	text := strings.Repeat(seedArticle(b)+"\n\n", 200)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		g.Tag(text)
	}
}

// variantText is conflict reporting of the kind that leans on spelling
// variants and unknown village names, written for this benchmark.
const variantText = `Shelling hit Kfar Nabl village and the outskirts of Maarat al-Numan in southern Idleb on Tuesday, while
government aircraft struck Khan Sheikhoun and Al-Tamanah. Iraqi troops searched farms near Haweeja in Kirkuk
province. In Somalia, gunmen attacked soldiers near Bar-Sanguun village (Kismaayo, Lower Juba). Mortar rounds
fell on Arbin and Hamouriya in Eastern Ghouta, Syria; Deir-ez-Zor and Dayr az Zawr reported clashes.
`

// BenchmarkTagVariants measures tagging text full of transliterated and
// unknown names, where the variant lookups run.
func BenchmarkTagVariants(b *testing.B) {
	g := testGazetteer(b)
	text := strings.Repeat(variantText, 10)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		g.Tag(text)
	}
}
