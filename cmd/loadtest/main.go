// Command loadtest drives a running incidentmap server on loopback with a
// realistic mix of reads (tiles, /incidents pages, OGC items with filters,
// exports) and concurrent ingest, for a bounded time, and reports
// throughput, latency percentiles per kind of request, errors and the
// server's peak memory. It refuses any target that is not on this machine.
//
//	go run ./cmd/loadtest -url http://127.0.0.1:8080 -duration 60s -rate 200 -token T
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"math/rand"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "the server (loopback only)")
	duration := flag.Duration("duration", 60*time.Second, "how long to attack (at most 10m)")
	rate := flag.Int("rate", 200, "requests per second")
	token := flag.String("token", os.Getenv("INCIDENTMAP_TOKEN"), "write token; without one, no ingest load")
	tiles := flag.Bool("tiles", true, "include vector tiles in the mix")
	export := flag.Bool("export", true, "include exports in the mix")
	jsonOut := flag.Bool("json", false, "print the report as JSON")
	flag.Parse()
	if err := run(*base, *duration, *rate, *token, *tiles, *export, *jsonOut); err != nil {
		log.Fatal(err)
	}
}

// loopback refuses any host that is not this machine.
func loopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("refusing to load %s: only loopback targets (127.0.0.0/8, ::1, localhost)", host)
	}
	return nil
}

type kind struct {
	name    string
	weight  int
	targets func(r *rand.Rand) vegeta.Target
}

func run(base string, duration time.Duration, rate int, token string, withTiles, withExport, jsonOut bool) error {
	if err := loopback(base); err != nil {
		return err
	}
	if duration <= 0 || duration > 10*time.Minute {
		return fmt.Errorf("-duration must be between 0 and 10m")
	}
	ext, err := waitForServer(base, withTiles)
	if err != nil {
		return err
	}
	kinds := requestMix(base, ext, token, withTiles, withExport)
	total := 0
	for _, k := range kinds {
		total += k.weight
	}
	rnd := rand.New(rand.NewSource(1))
	var mu sync.Mutex
	names := map[string]string{} // URL prefix -> kind, for the report
	targeter := func(t *vegeta.Target) error {
		mu.Lock()
		defer mu.Unlock()
		n := rnd.Intn(total)
		for _, k := range kinds {
			if n < k.weight {
				*t = k.targets(rnd)
				names[t.Method+" "+t.URL] = k.name
				return nil
			}
			n -= k.weight
		}
		return nil
	}

	// Sample the server's memory from /metrics while attacking.
	ctx, cancel := context.WithCancel(context.Background())
	peak := watchMemory(ctx, base)

	attacker := vegeta.NewAttacker(vegeta.Timeout(30*time.Second), vegeta.KeepAlive(true), vegeta.Workers(32), vegeta.MaxWorkers(256))
	per := map[string]*vegeta.Metrics{}
	var all vegeta.Metrics
	for res := range attacker.Attack(targeter, vegeta.Rate{Freq: rate, Per: time.Second}, duration, "incidentmap") {
		mu.Lock()
		k := names[res.Method+" "+res.URL]
		mu.Unlock()
		if per[k] == nil {
			per[k] = &vegeta.Metrics{}
		}
		per[k].Add(res)
		all.Add(res)
	}
	all.Close()
	cancel()
	peakMem := <-peak
	for _, m := range per {
		m.Close()
	}
	return report(os.Stdout, jsonOut, &all, per, peakMem)
}

// waitForServer waits for the server at base to answer (and, withTiles,
// for its tile index) and returns the extent of its incidents, which
// steers the boxes and tiles asked for.
func waitForServer(base string, withTiles bool) ([]float64, error) {
	// Where the data is: the collection's extent steers boxes and tiles.
	var coll struct {
		Extent struct {
			Spatial struct {
				Bbox [][]float64 `json:"bbox"`
			} `json:"spatial"`
		} `json:"extent"`
	}
	var err error
	for i := 0; i < 300; i++ { // the server may still be starting
		if err = getJSON(base+"/collections/incidents", &coll); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		return nil, fmt.Errorf("the server does not answer: %w", err)
	}
	// Warm-up: the first tile waits for the server's tile index; measure the
	// steady state, not the start.
	if withTiles {
		for i := 0; i < 120; i++ {
			if resp, err := http.Get(base + "/tiles/0/0/0.mvt"); err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == 200 {
					break
				}
			}
			time.Sleep(500 * time.Millisecond)
		}
	}
	ext := []float64{-180, -60, 180, 75}
	if len(coll.Extent.Spatial.Bbox) > 0 && len(coll.Extent.Spatial.Bbox[0]) == 4 {
		ext = coll.Extent.Spatial.Bbox[0]
	}
	return ext, nil
}

// requestMix returns the kinds of request a run sends, with their weights:
// pages, OGC items, and as asked tiles, exports and ingests.
func requestMix(base string, ext []float64, token string, withTiles, withExport bool) []kind {
	box := func(r *rand.Rand, size float64) string {
		x := ext[0] + r.Float64()*max(ext[2]-ext[0]-size, 0)
		y := ext[1] + r.Float64()*max(ext[3]-ext[1]-size, 0)
		return fmt.Sprintf("%.3f,%.3f,%.3f,%.3f", x, y, x+size, y+size)
	}
	years := []string{"2015", "2017", "2019", "2020", "2021", "2022", "2023", "2024"}
	kinds := []kind{
		{"incidents", 30, func(r *rand.Rand) vegeta.Target {
			return get(base + "/incidents?limit=500&bbox=" + box(r, 2+r.Float64()*10))
		}},
		{"ogc-items", 25, func(r *rand.Rand) vegeta.Target {
			y := years[r.Intn(len(years))]
			f := url.QueryEscape(fmt.Sprintf("fatalities > %d AND T_INTERSECTS(event_date, INTERVAL('%s-01-01','%s-12-31'))", r.Intn(5), y, y))
			return get(base + "/collections/incidents/items?limit=100&filter=" + f + "&bbox=" + box(r, 5+r.Float64()*20))
		}},
	}
	if withTiles {
		kinds = append(kinds, kind{"tiles", 40, func(r *rand.Rand) vegeta.Target {
			z := []int{2, 4, 6, 8, 10, 12, 14}[r.Intn(7)]
			lon := ext[0] + r.Float64()*(ext[2]-ext[0])
			lat := ext[1] + r.Float64()*(ext[3]-ext[1])
			x, y := tileOf(lon, lat, z)
			return get(fmt.Sprintf("%s/tiles/%d/%d/%d.mvt", base, z, x, y))
		}})
	}
	if withExport {
		kinds = append(kinds, kind{"export", 2, func(r *rand.Rand) vegeta.Target {
			f := []string{"geojson", "csv", "gpkg", "fgb"}[r.Intn(4)]
			return get(base + "/export." + f + "?bbox=" + box(r, 1))
		}})
	}
	if token != "" {
		// Article ids differ from run to run: the same ids again would be
		// stored already (200, no write) when a run reuses LOAD_DB.
		run := strconv.FormatInt(time.Now().UnixNano(), 36)
		kinds = append(kinds, kind{"ingest", 3, func(r *rand.Rand) vegeta.Target {
			n := r.Int63()
			body, _ := json.Marshal(map[string]string{
				"id": "load-" + run + "-" + strconv.FormatInt(n, 36), "title": "Load test",
				"body":      fmt.Sprintf("A rocket attack hit Mosul on Monday, killing %d people, officials said.", n%9+1),
				"published": fmt.Sprintf("2024-%02d-%02d", n%12+1, n%27+1),
			})
			h := http.Header{}
			h.Set("Authorization", "Bearer "+token)
			h.Set("Content-Type", "application/json")
			return vegeta.Target{Method: "POST", URL: base + "/articles", Body: body, Header: h}
		}})
	}
	return kinds
}

// watchMemory samples the server's memory from /metrics until ctx ends,
// then sends the peak.
func watchMemory(ctx context.Context, base string) <-chan memPeak {
	peak := make(chan memPeak, 1)
	go func() {
		var p memPeak
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			if m, err := serverMemory(base); err == nil {
				p.RSS, p.Heap = max(p.RSS, m.RSS), max(p.Heap, m.Heap)
			}
			select {
			case <-ctx.Done():
				peak <- p
				return
			case <-t.C:
			}
		}
	}()
	return peak
}

func report(w io.Writer, jsonOut bool, all *vegeta.Metrics, per map[string]*vegeta.Metrics, peak memPeak) error {
	type row struct {
		Kind       string         `json:"kind"`
		Requests   uint64         `json:"requests"`
		Throughput float64        `json:"throughput_per_s"`
		P50ms      float64        `json:"p50_ms"`
		P90ms      float64        `json:"p90_ms"`
		P99ms      float64        `json:"p99_ms"`
		Errors     int            `json:"errors"`
		Status5xx  int            `json:"status_5xx"`
		Codes      map[string]int `json:"codes"`
	}
	mk := func(name string, m *vegeta.Metrics) row {
		r := row{Kind: name, Requests: m.Requests, Throughput: m.Throughput,
			P50ms: float64(m.Latencies.P50) / 1e6, P90ms: float64(m.Latencies.P90) / 1e6, P99ms: float64(m.Latencies.P99) / 1e6, Errors: len(m.Errors), Codes: m.StatusCodes}
		for code, n := range m.StatusCodes {
			if strings.HasPrefix(code, "5") || code == "0" {
				r.Status5xx += n
			}
		}
		return r
	}
	var rows []row
	for k, m := range per {
		rows = append(rows, mk(k, m))
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].Kind < rows[j].Kind })
	total := mk("all", all)
	if jsonOut {
		return json.NewEncoder(w).Encode(map[string]any{"kinds": rows, "total": total, "peak_rss_mb": peak.RSS / (1 << 20), "peak_heap_mb": peak.Heap / (1 << 20)})
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%-10s %9s %10s %9s %9s %9s %7s %6s  codes\n", "kind", "requests", "ok/s", "p50 ms", "p90 ms", "p99 ms", "errors", "5xx")
	for _, r := range append(rows, total) {
		fmt.Fprintf(bw, "%-10s %9d %10.1f %9.2f %9.2f %9.2f %7d %6d  %v\n", r.Kind, r.Requests, r.Throughput, r.P50ms, r.P90ms, r.P99ms, r.Errors, r.Status5xx, r.Codes)
	}
	fmt.Fprintf(bw, "server peak resident memory: %.0f MB (Go heap in use: %.0f MB; the rest is mostly the memory-mapped database, shared with the page cache)\n",
		peak.RSS/(1<<20), peak.Heap/(1<<20))
	if total.Status5xx > 0 {
		fmt.Fprintf(bw, "FAIL: %d responses were 5xx or failed\n", total.Status5xx)
	}
	return bw.Flush()
}

func get(u string) vegeta.Target { return vegeta.Target{Method: "GET", URL: u} }

func tileOf(lon, lat float64, z int) (int, int) {
	n := float64(int(1) << z)
	x := int((lon + 180) / 360 * n)
	latR := lat * math.Pi / 180
	y := int((1 - math.Asinh(math.Tan(latR))/math.Pi) / 2 * n)
	clamp := func(v int) int { return min(max(v, 0), int(n)-1) }
	return clamp(x), clamp(y)
}

func getJSON(u string, v any) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// memPeak is the most memory the server held, in bytes: resident (which
// counts the SQLite file's mapped pages) and the Go heap in use.
type memPeak struct{ RSS, Heap float64 }

// serverMemory reads process_resident_memory_bytes and
// go_memstats_heap_inuse_bytes from the server's Prometheus metrics.
func serverMemory(base string) (memPeak, error) {
	var m memPeak
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		return m, err
	}
	defer resp.Body.Close()
	found := 0
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		for name, dst := range map[string]*float64{"process_resident_memory_bytes ": &m.RSS, "go_memstats_heap_inuse_bytes ": &m.Heap} {
			if v, ok := strings.CutPrefix(line, name); ok {
				if *dst, err = strconv.ParseFloat(strings.TrimSpace(v), 64); err != nil {
					return m, err
				}
				found++
			}
		}
	}
	if found < 2 {
		return m, fmt.Errorf("no process_resident_memory_bytes or go_memstats_heap_inuse_bytes")
	}
	return m, sc.Err()
}
