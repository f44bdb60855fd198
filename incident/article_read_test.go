package incident

import (
	"errors"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

func TestReadArticlesAppliesOneRule(t *testing.T) {
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	given := ReadOptions{Published: day("2024-05-01"), URL: "https://given.example/"}
	tests := []struct {
		name      string
		input     string
		jsonl     bool
		opt       ReadOptions
		published time.Time
		url       string
	}{
		{"text, nothing given", "Title\nRockets hit Erbil.", false, ReadOptions{}, time.Time{}, ""},
		{"text, both given", "Title\nRockets hit Erbil.", false, given, day("2024-05-01"), "https://given.example/"},
		{"json's own kept", `{"title":"t","body":"b","published":"2023-01-02","url":"https://own.example/"}`, false, ReadOptions{}, day("2023-01-02"), "https://own.example/"},
		{"given published overrides, url fills in only", `{"title":"t","body":"b","published":"2023-01-02","url":"https://own.example/"}`, false, given, day("2024-05-01"), "https://own.example/"},
		{"jsonl too", `{"title":"t","body":"b","published":"2023-01-02"}` + "\n", true, given, day("2024-05-01"), "https://given.example/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := 0
			err := ReadArticles(strings.NewReader(tt.input), tt.jsonl, tt.opt, func(line int, a Article, err error) error {
				n++
				if err != nil {
					return err
				}
				if (line > 0) != tt.jsonl {
					t.Errorf("line %d", line)
				}
				if !a.Published.Equal(tt.published) || a.URL != tt.url {
					t.Errorf("published %v url %q, want %v %q", a.Published, a.URL, tt.published, tt.url)
				}
				return nil
			})
			if err != nil || n != 1 {
				t.Fatalf("%d articles, %v", n, err)
			}
		})
	}
}

func TestReadArticleErrors(t *testing.T) {
	boom := errors.New("boom")
	_, _, err := ReadArticle(iotest.ErrReader(boom))
	var re *ReadError
	if !errors.As(err, &re) || !errors.Is(err, boom) {
		t.Errorf("reader failing: %v, want a *ReadError wrapping it", err)
	}
	if _, _, err := ReadArticle(strings.NewReader("  \n")); !errors.Is(err, ErrEmpty) || errors.As(err, &re) {
		t.Errorf("empty input: %v, want ErrEmpty", err)
	}
	err = ReadArticles(strings.NewReader("Title only\n"), false, ReadOptions{}, func(line int, a Article, err error) error { return err })
	if !errors.Is(err, ErrNoBody) {
		t.Errorf("title only: %v, want ErrNoBody", err)
	}
}
