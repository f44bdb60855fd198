package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/incidentmap/incidentmap/"

// parseDir parses the non-test Go files of dir.
func parseDir(t *testing.T, dir string) map[string]*ast.File {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]*ast.File{}
	fset := token.NewFileSet()
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files[p] = f
	}
	return files
}

func imports(f *ast.File) []string {
	var out []string
	for _, im := range f.Imports {
		p, _ := strconv.Unquote(im.Path.Value)
		out = append(out, p)
	}
	return out
}

// TestLayout checks the dependency rules of DESIGN.md's Layout table that
// the issue 10 restructuring established: only serve starts the server,
// api writes no SQL, the conformance suite needs no exporter, and cql2,
// query and store import only what they may.
func TestLayout(t *testing.T) {
	for p, f := range parseDir(t, ".") {
		for _, im := range imports(f) {
			if im == module+"api" && filepath.Base(p) != "cmd_serve.go" {
				t.Errorf("%s imports api: only serve starts the server", p)
			}
		}
	}
	sql := regexp.MustCompile(`\b(SELECT|WHERE|FROM)\b|\bi\.[a-z_]+\b`)
	for p, f := range parseDir(t, "api") {
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && sql.MatchString(lit.Value) {
				t.Errorf("%s holds SQL: %s", p, lit.Value)
			}
			return true
		})
	}
	allowed := map[string][]string{
		"cql2":            {"geo"},
		"aggregate":       {"query", "store"},
		"query":           {"geo", "gazetteer", "cql2", "store", "incident"},
		"store":           {"geo", "incident", "cql2", "internal/"},
		"store/sqlite":    {"geo", "incident", "cql2", "store", "internal/"},
		"store/postgis":   {"geo", "incident", "cql2", "store", "internal/"},
		"store/storetest": {"geo", "incident", "cql2", "store", "internal/"},
		"feeds":           {"incident", "store", "internal/"},
		"alerts":          {"geo", "gazetteer", "query", "store", "feeds"},
		// The basemap knows nothing of incidents or HTTP routing; its test
		// archives are encoded by the tiles package.
		"basemap":             {},
		"basemap/pmtilestest": {"tiles"},
	}
	for dir, ok := range allowed {
		for p, f := range parseDir(t, dir) {
			for _, im := range imports(f) {
				rest, ours := strings.CutPrefix(im, module)
				if !ours {
					continue
				}
				fine := false
				for _, a := range ok {
					fine = fine || rest == a || strings.HasPrefix(rest, a+"/") || (strings.HasSuffix(a, "/") && strings.Contains(rest, a))
				}
				if !fine {
					t.Errorf("%s imports %s; %s may import %v", p, rest, dir, ok)
				}
			}
		}
	}
}

// TestReadmeLayout keeps the README's Layout table true to the tree: every
// package is listed, itself or under a listed folder ("store/"), and every
// path listed exists.
func TestReadmeLayout(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## Layout\n")
	if !ok {
		t.Fatal("README.md has no Layout section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	tick := regexp.MustCompile("`([^`]+)`")
	var listed []string
	for _, line := range strings.Split(section, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 3 || !strings.HasPrefix(strings.TrimSpace(cells[1]), "`") {
			continue
		}
		for _, m := range tick.FindAllStringSubmatch(cells[1], -1) {
			listed = append(listed, m[1])
		}
	}
	for _, l := range listed {
		if m, _ := filepath.Glob(strings.TrimSuffix(l, "/")); len(m) == 0 {
			t.Errorf("README Layout lists %s, which is not in the tree", l)
		}
	}
	err = filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		name := d.Name()
		if p != "." && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "node_modules") {
			return filepath.SkipDir
		}
		if p == "." || !hasGoPackage(t, p) {
			return nil
		}
		p = filepath.ToSlash(p)
		for _, l := range listed {
			if l == p || l == p+"/" || (strings.HasSuffix(l, "/") && strings.HasPrefix(p, l)) {
				return nil
			}
		}
		t.Errorf("package %s is missing from README's Layout table", p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// hasGoPackage reports whether dir holds non-test Go files.
func hasGoPackage(t *testing.T, dir string) bool {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range m {
		if !strings.HasSuffix(p, "_test.go") {
			return true
		}
	}
	return false
}
