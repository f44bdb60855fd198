package main

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// readAll returns every record of a dictReader as its fields, None columns as "<None>".
func readAll(t *testing.T, in string, cols ...string) [][]string {
	t.Helper()
	dr := newDictReader(strings.NewReader(in))
	var out [][]string
	for {
		row, err := dr.next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		var rec []string
		for _, c := range cols {
			v, inHeader := row.get(c)
			switch {
			case !inHeader:
				rec = append(rec, "<absent>")
			case !v.ok:
				rec = append(rec, "<None>")
			default:
				rec = append(rec, v.s)
			}
		}
		out = append(out, rec)
	}
}

func TestDictReader(t *testing.T) {
	tests := []struct {
		name string
		in   string
		cols []string
		want [][]string
	}{
		{"plain", "a,b\n1,2\n3,4\n", []string{"a", "b"}, [][]string{{"1", "2"}, {"3", "4"}}},
		{"no final newline", "a,b\n1,2", []string{"a", "b"}, [][]string{{"1", "2"}}},
		{"quoted comma and newline", "a,b\n\"x, y\",\"two\nlines\"\n", []string{"a", "b"}, [][]string{{"x, y", "two\nlines"}}},
		{"doubled quote", "a\n\"say \"\"hi\"\"\"\n", []string{"a"}, [][]string{{`say "hi"`}}},
		// The excel dialect is not strict: text after a closing quote joins the field.
		{"text after closing quote", "a,b\n\"x\"y,z\n", []string{"a", "b"}, [][]string{{"xy", "z"}}},
		{"quote inside unquoted field", "a,b\nx\"y,z\n", []string{"a", "b"}, [][]string{{`x"y`, "z"}}},
		{"blank lines skipped", "a\n\n1\n\n\n2\n", []string{"a"}, [][]string{{"1"}, {"2"}}},
		{"short row is None", "a,b,c\n1\n", []string{"a", "b", "c"}, [][]string{{"1", "<None>", "<None>"}}},
		{"empty field is not None", "a,b\n1,\n", []string{"a", "b"}, [][]string{{"1", ""}}},
		{"long row keeps named columns", "a,b\n1,2,3,4\n", []string{"a", "b"}, [][]string{{"1", "2"}}},
		{"absent column", "a\n1\n", []string{"a", "z"}, [][]string{{"1", "<absent>"}}},
		{"duplicate header: the later wins", "a,a\n1,2\n", []string{"a"}, [][]string{{"2"}}},
		{"duplicate header beyond a short row is None", "a,b,a\n1,2\n", []string{"a"}, [][]string{{"<None>"}}},
		// Universal newlines: CRLF and a lone CR end lines, also inside quotes, where they become \n.
		{"crlf", "a,b\r\n1,2\r\n", []string{"a", "b"}, [][]string{{"1", "2"}}},
		{"lone cr", "a,b\r1,2\r3,4", []string{"a", "b"}, [][]string{{"1", "2"}, {"3", "4"}}},
		{"crlf inside quotes", "a\n\"x\r\ny\"\n", []string{"a"}, [][]string{{"x\ny"}}},
		{"unterminated quote ends the file", "a,b\n1,\"open\n", []string{"a", "b"}, [][]string{{"1", "open\n"}}},
		{"nul is a character", "a\nx\x00y\n", []string{"a"}, [][]string{{"x\x00y"}}},
		{"bom stays in the first name", "\ufeffa,b\n1,2\n", []string{"a", "b"}, [][]string{{"<absent>", "2"}}},
		{"header only", "a,b\n", []string{"a"}, nil},
		{"empty", "", []string{"a"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readAll(t, tt.in, tt.cols...)
			if strings.Join(flatten(got), "|") != strings.Join(flatten(tt.want), "|") || len(got) != len(tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func flatten(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, strings.Join(r, ","))
	}
	return out
}

func TestDictReaderFieldLimit(t *testing.T) {
	dr := newDictReader(strings.NewReader("a\n" + strings.Repeat("x", csvFieldLimit+1) + "\n"))
	if _, err := dr.next(); err == nil || !strings.Contains(err.Error(), "field limit") {
		t.Errorf("err = %v, want the field limit", err)
	}
}

func TestDecodeUTF8Replace(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"valid", []byte("Zürich"), "Zürich"},
		{"lone continuation", []byte{'a', 0x80, 'b'}, "a\ufffdb"},
		// A truncated three-byte character is one maximal subpart: one U+FFFD, not two.
		{"truncated sequence", []byte{'a', 0xE2, 0x82, 'b'}, "a\ufffdb"},
		{"truncated at the end", []byte{'a', 0xF0, 0x9F, 0x98}, "a\ufffd"},
		{"overlong lead", []byte{0xC0, 0xAF}, "\ufffd\ufffd"},
		{"surrogate", []byte{0xED, 0xA0, 0x80}, "\ufffd\ufffd\ufffd"},
		{"E0 needs A0..BF", []byte{0xE0, 0x80, 0x80}, "\ufffd\ufffd\ufffd"},
		{"beyond U+10FFFF", []byte{0xF4, 0x90, 0x80, 0x80}, "\ufffd\ufffd\ufffd\ufffd"},
		{"F5 is never a lead", []byte{0xF5, 'x'}, "\ufffdx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := decodeUTF8Replace(tt.in); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func FuzzDictReader(f *testing.F) {
	for _, s := range []string{"a,b\n1,2\n", "a\n\"x\"\"y\"z\r\n\r", "\"", "a,b\n\"1\n2\",\xff\xfe\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		dr := newDictReader(strings.NewReader(in))
		for i := 0; i < 1000; i++ {
			row, err := dr.next()
			if err != nil {
				return
			}
			for _, v := range row.fields {
				if strings.ContainsRune(v, '\r') {
					t.Fatalf("field %q keeps a carriage return", v)
				}
			}
		}
	})
}
