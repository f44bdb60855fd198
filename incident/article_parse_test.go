package incident

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestParseArticle(t *testing.T) {
	day := time.Date(2021, 6, 28, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		in      string
		want    Article
		wantErr error
		errText string
	}{
		{name: "json date", in: `{"id":"a1","title":"T","body":"B text","url":"http://x","published":"2021-06-28","source":"VOA"}`,
			want: Article{ID: "a1", Title: "T", Body: "B text", URL: "http://x", Published: day, Source: "VOA"}},
		{name: "json rfc3339", in: ` {"title":"T","body":"B","published":"2021-06-28T02:00:00+02:00"}`,
			want: Article{ID: ContentID("T", "B"), Title: "T", Body: "B", Published: day}},
		{name: "text", in: "\n  Title line  \n\nBody one.\nBody two.\n",
			want: Article{ID: ContentID("Title line", "Body one.\nBody two."), Title: "Title line", Body: "Body one.\nBody two."}},
		{name: "empty", in: " \n\t ", wantErr: ErrEmpty},
		{name: "json no body", in: `{"title":"T"}`, wantErr: ErrNoBody},
		{name: "json empty body", in: `{"title":"T","body":"  "}`, wantErr: ErrNoBody},
		{name: "text title only", in: "Just a title\n", wantErr: ErrNoBody},
		{name: "broken json", in: `{"title":"T","body":`, errText: "parse article json"},
		{name: "trailing data", in: `{"body":"b"} {"body":"c"}`, errText: "data after"},
		{name: "bad published", in: `{"body":"b","published":"June 28"}`, errText: "published"},
		{name: "control chars", in: "T\nA\x00B\x07C",
			want: Article{ID: ContentID("T", "A B C"), Title: "T", Body: "A B C"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseArticle([]byte(tt.in))
			switch {
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			case tt.errText != "":
				if err == nil || !strings.Contains(err.Error(), tt.errText) {
					t.Fatalf("err = %v, want %q", err, tt.errText)
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			if !got.Published.Equal(tt.want.Published) {
				t.Errorf("published = %v, want %v", got.Published, tt.want.Published)
			}
			got.Published, tt.want.Published = time.Time{}, time.Time{}
			if got != tt.want {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseArticleInvalidUTF8(t *testing.T) {
	a, err := ParseArticle([]byte("Ti\xfftle\nBo\xfedy"))
	if err != nil {
		t.Fatal(err)
	}
	if !utf8.ValidString(a.Title) || !utf8.ValidString(a.Body) || !strings.Contains(a.Body, "\uFFFD") {
		t.Errorf("not replaced: %q %q", a.Title, a.Body)
	}
}

func TestParseArticleTooLarge(t *testing.T) {
	big := make([]byte, MaxArticleSize+1)
	for i := range big {
		big[i] = 'a'
	}
	if _, err := ParseArticle(big); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
}

func TestReadJSONL(t *testing.T) {
	in := `{"id":"a","body":"one"}

not json
{"id":"b","body":"two"}
{"id":"c"}`
	type row struct {
		line int
		id   string
		err  bool
	}
	var got []row
	err := ReadJSONL(strings.NewReader(in), func(line int, a Article, err error) error {
		got = append(got, row{line, a.ID, err != nil})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []row{{1, "a", false}, {3, "", true}, {4, "b", false}, {5, "", true}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d = %v, want %v", i, got[i], want[i])
		}
	}
	stop := errors.New("stop")
	if err := ReadJSONL(strings.NewReader(in), func(int, Article, error) error { return stop }); err != stop {
		t.Errorf("err = %v, want stop", err)
	}
}

func TestReadJSONLTooLong(t *testing.T) {
	in := `{"body":"` + strings.Repeat("x", MaxArticleSize+10) + "\"}\n{\"id\":\"ok\",\"body\":\"b\"}\n"
	var ids []string
	var errs int
	err := ReadJSONL(strings.NewReader(in), func(line int, a Article, err error) error {
		if errors.Is(err, ErrTooLarge) {
			errs++
		}
		ids = append(ids, a.ID)
		return nil
	})
	if err != nil || errs != 1 || len(ids) != 2 || ids[1] != "ok" {
		t.Fatalf("err=%v errs=%d ids=%v", err, errs, ids)
	}
}

func FuzzParseArticle(f *testing.F) {
	f.Add([]byte(`{"id":"x","title":"T","body":"B","published":"2021-06-28"}`))
	f.Add([]byte("Title\nBody"))
	f.Add([]byte("{"))
	f.Add([]byte("\xff\xfe\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := ParseArticle(data)
		if err != nil {
			return
		}
		if a.Body == "" || a.ID == "" {
			t.Fatalf("accepted article without body or id: %+v", a)
		}
		if !utf8.ValidString(a.Body) || !utf8.ValidString(a.Title) {
			t.Fatalf("invalid UTF-8 kept: %q", a.Body)
		}
	})
}
