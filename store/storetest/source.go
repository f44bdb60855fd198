package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/incidentmap/incidentmap/store"
)

var sourceTests = []struct {
	name string
	fn   func(t *testing.T, s store.Sources)
}{
	{"SourceLifecycle", testSourceLifecycle},
	{"SourceClaim", testSourceClaim},
	{"SourceClaimConcurrent", testSourceClaimConcurrent},
	{"SourcePollHealth", testSourcePollHealth},
	{"FeedItems", testFeedItems},
}

func runSources(t *testing.T, open func(t *testing.T) store.Store) {
	for _, tt := range sourceTests {
		t.Run(tt.name, func(t *testing.T) {
			s, ok := open(t).(store.Sources)
			if !ok {
				t.Skip("the store keeps no sources")
			}
			tt.fn(t, s)
		})
	}
}

func testSourceLifecycle(t *testing.T, s store.Sources) {
	ctx := context.Background()
	a, err := s.AddSource(ctx, store.Source{URL: "https://example.org/a.xml", Name: "A"})
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == 0 || a.Interval != store.DefaultSourceInterval || a.Paused || a.Created.IsZero() || a.NextPoll.IsZero() {
		t.Errorf("added %+v: want an id, the default interval, due now", a)
	}
	if _, err := s.AddSource(ctx, store.Source{URL: "https://example.org/a.xml"}); !errors.Is(err, store.ErrSourceExists) {
		t.Errorf("adding a URL twice: %v, want ErrSourceExists", err)
	}
	b, err := s.AddSource(ctx, store.Source{URL: "https://example.org/b.json", Interval: time.Hour, Paused: true})
	if err != nil {
		t.Fatal(err)
	}
	if b.Interval != time.Hour || !b.Paused {
		t.Errorf("added %+v: want interval 1h, paused", b)
	}
	list, err := s.ListSources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != a.ID || list[1].ID != b.ID || list[0].Name != "A" {
		t.Errorf("list = %+v", list)
	}
	b, err = s.SetSourcePaused(ctx, b.ID, false)
	if err != nil || b.Paused {
		t.Errorf("resume: %+v, %v", b, err)
	}
	if _, err := s.SetSourcePaused(ctx, 999999, true); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("pause of a missing source: %v, want ErrNotFound", err)
	}
	if err := s.RemoveSource(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveSource(ctx, a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("remove twice: %v, want ErrNotFound", err)
	}
	if _, err := s.Source(ctx, a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("removed source: %v, want ErrNotFound", err)
	}
	got, err := s.Source(ctx, b.ID)
	if err != nil || got.URL != "https://example.org/b.json" {
		t.Errorf("source %d = %+v, %v", b.ID, got, err)
	}
}

func testSourceClaim(t *testing.T, s store.Sources) {
	ctx := context.Background()
	a, _ := s.AddSource(ctx, store.Source{URL: "https://example.org/1"})
	p, _ := s.AddSource(ctx, store.Source{URL: "https://example.org/2", Paused: true})
	now := time.Now().Add(time.Second)
	got, err := s.ClaimSources(ctx, "w1", now, time.Minute, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != a.ID || got[0].ClaimedBy != "w1" {
		t.Fatalf("claim = %+v, want only source %d (source %d is paused)", got, a.ID, p.ID)
	}
	if again, _ := s.ClaimSources(ctx, "w2", now, time.Minute, 10); len(again) != 0 {
		t.Errorf("claimed a leased source again: %+v", again)
	}
	// A lease that ran out (a worker that died) frees the source.
	if late, _ := s.ClaimSources(ctx, "w2", now.Add(2*time.Minute), time.Minute, 10); len(late) != 1 {
		t.Errorf("after the lease: claimed %d, want 1", len(late))
	}
	// Only the worker holding the lease records; the record ends it.
	if err := s.RecordPoll(ctx, a.ID, "w1", store.PollResult{At: now, Err: "stale worker", NextPoll: now}); err != nil {
		t.Fatal(err)
	}
	if src, _ := s.Source(ctx, a.ID); src.LastError != "" || src.ClaimedBy != "w2" {
		t.Errorf("a worker without the lease recorded: %+v", src)
	}
	if err := s.RecordPoll(ctx, a.ID, "w2", store.PollResult{At: now, NextPoll: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if src, _ := s.Source(ctx, a.ID); src.ClaimedBy != "" || !src.ClaimedUntil.IsZero() {
		t.Errorf("lease not ended: %+v", src)
	}
	if due, _ := s.ClaimSources(ctx, "w3", now.Add(30*time.Minute), time.Minute, 10); len(due) != 0 {
		t.Errorf("claimed a source not due: %+v", due)
	}
}

func testSourceClaimConcurrent(t *testing.T, s store.Sources) {
	ctx := context.Background()
	const n = 20
	for i := range n {
		if _, err := s.AddSource(ctx, store.Source{URL: "https://example.org/c/" + string(rune('a'+i))}); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now().Add(time.Second)
	var mu sync.Mutex
	claimed := map[int64]int{}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				got, err := s.ClaimSources(ctx, "worker"+string(rune('0'+w)), now, time.Minute, 3)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				for _, src := range got {
					claimed[src.ID]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(claimed) != n {
		t.Errorf("claimed %d sources, want %d", len(claimed), n)
	}
	for id, c := range claimed {
		if c != 1 {
			t.Errorf("source %d claimed %d times", id, c)
		}
	}
}

func testSourcePollHealth(t *testing.T, s store.Sources) {
	ctx := context.Background()
	src, _ := s.AddSource(ctx, store.Source{URL: "https://example.org/h"})
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	poll := func(p store.PollResult) store.Source {
		t.Helper()
		if got, err := s.ClaimSources(ctx, "w", time.Now().Add(time.Hour), time.Minute, 1); err != nil || len(got) != 1 {
			t.Fatalf("claim: %v, %v", got, err)
		}
		if err := s.RecordPoll(ctx, src.ID, "w", p); err != nil {
			t.Fatal(err)
		}
		out, err := s.Source(ctx, src.ID)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	got := poll(store.PollResult{At: at, ItemsSeen: 5, ItemsNew: 3, ETag: `"v1"`, LastModified: "Sun, 01 Mar 2026 11:00:00 GMT", NextPoll: at, Title: "Feed title"})
	if got.Name != "Feed title" {
		t.Errorf("a source added without a name is named %q, want the feed's title", got.Name)
	}
	if !got.LastSuccess.Equal(at) || got.ItemsSeen != 5 || got.ItemsNew != 3 || got.TotalNew != 3 || got.ETag != `"v1"` ||
		got.LastModified != "Sun, 01 Mar 2026 11:00:00 GMT" || !got.NextPoll.Equal(at) {
		t.Errorf("after a success: %+v", got)
	}
	got = poll(store.PollResult{At: at.Add(time.Minute), Err: "503 Service Unavailable", NextPoll: at})
	got = poll(store.PollResult{At: at.Add(2 * time.Minute), Err: "timeout", NextPoll: at})
	if got.Failures != 2 || got.LastError != "timeout" || !got.LastErrorAt.Equal(at.Add(2*time.Minute)) || !got.LastSuccess.Equal(at) {
		t.Errorf("after two failures: %+v", got)
	}
	// A 304 keeps the validators and resets the failures; the error stays
	// on record.
	got = poll(store.PollResult{At: at.Add(3 * time.Minute), ItemsSeen: 0, NextPoll: at, Title: "Renamed feed"})
	if got.Failures != 0 || got.ETag != `"v1"` || got.LastError != "timeout" || got.TotalNew != 3 || got.Name != "Feed title" {
		t.Errorf("after a 304: %+v", got)
	}
}

func testFeedItems(t *testing.T, s store.Sources) {
	ctx := context.Background()
	if _, ok, err := s.SeenItem(ctx, []string{"guid:1", "url:x"}); ok || err != nil {
		t.Errorf("unseen item: ok %v, err %v", ok, err)
	}
	if err := s.MarkItems(ctx, 1, "art1", []string{"guid:1", "url:x", "hash:h"}); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkItems(ctx, 2, "art2", []string{"url:x", "guid:2"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		keys []string
		want string
	}{
		{[]string{"guid:9", "url:x"}, "art1"},
		{[]string{"hash:h"}, "art1"},
		{[]string{"guid:2"}, "art2"},
		{[]string{"guid:3", "guid:2", "hash:h"}, "art2"},
	} {
		id, ok, err := s.SeenItem(ctx, tc.keys)
		if err != nil || !ok || id != tc.want {
			t.Errorf("SeenItem(%v) = %q, %v, %v; want %q", tc.keys, id, ok, err, tc.want)
		}
	}
}
