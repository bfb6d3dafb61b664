package workflow

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func aliasBomb() string {
	var b strings.Builder
	b.WriteString("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    env:\n      l0: &l0 [\"${{ secrets.X }}\", \"${{ secrets.X }}\", \"${{ secrets.X }}\", \"${{ secrets.X }}\", \"${{ secrets.X }}\", \"${{ secrets.X }}\", \"${{ secrets.X }}\", \"${{ secrets.X }}\", \"${{ secrets.X }}\"]\n")
	for i := 1; i < 10; i++ {
		b.WriteString("      l" + itoa(i) + ": &l" + itoa(i) + " [")
		for k := 0; k < 9; k++ {
			if k > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*l" + itoa(i-1))
		}
		b.WriteString("]\n")
	}
	b.WriteString("    steps:\n      - run: echo\n")
	return b.String()
}

func itoa(i int) string { return string(rune('0' + i)) }

func deepMapping(levels int) string {
	var b strings.Builder
	b.WriteString("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n    env:\n")
	for i := 0; i < levels; i++ {
		b.WriteString(strings.Repeat(" ", 6+i) + "k:\n")
	}
	return b.String()
}

// TestBadInput: every defect yields a precise error (file, line where there
// is one, what was wrong), no panic, and bounded time.
func TestBadInput(t *testing.T) {
	huge := "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: |\n" + strings.Repeat("          echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n", 20<<20/50)
	tests := []struct {
		name     string
		path     string
		content  string
		wantLine int
		wantMsg  string
	}{
		{"invalid yaml", ".github/workflows/a.yml", "on: push\njobs:\n  a: [\n", 3, "invalid YAML"},
		{"jobs is a list", ".github/workflows/a.yml", "on: push\njobs:\n  - a\n", 3, "jobs must be a mapping, got a list"},
		{"job is a scalar", ".github/workflows/a.yml", "on: push\njobs:\n  a: 3\n", 3, `job "a" must be a mapping, got a scalar`},
		{"steps not a list", ".github/workflows/a.yml", "on: push\njobs:\n  a:\n    runs-on: x\n    steps: {}\n", 5, `steps of job "a" must be a list`},
		{"unknown workflow key", ".github/workflows/a.yml", "on: push\nfoo: 1\njobs:\n  a:\n    runs-on: x\n    steps: [run: echo]\n", 2, `unknown workflow key "foo"`},
		{"unknown job key", ".github/workflows/a.yml", "on: push\njobs:\n  a:\n    runs-on: x\n    stepz: []\n", 5, `unknown key "stepz" in job "a"`},
		{"bad permission", ".github/workflows/a.yml", "on: push\npermissions:\n  contents: all\njobs:\n  a:\n    runs-on: x\n    steps: [run: echo]\n", 3, `permission "contents" must be read, write or none`},
		{"duplicate job", ".github/workflows/a.yml", "on: push\njobs:\n  a:\n    runs-on: x\n    steps: [run: echo]\n  a:\n    runs-on: y\n    steps: [run: echo]\n", 6, `key "a" is defined twice (first at line 3)`},
		{"20 MB file", ".github/workflows/a.yml", huge, 0, "larger than the"},
		{"alias bomb", ".github/workflows/a.yml", aliasBomb(), 0, "too many nodes"},
		{"deep flow nesting", ".github/workflows/a.yml", "on: push\njobs: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n", 0, "levels deep"},
		{"deep block nesting", ".github/workflows/a.yml", deepMapping(200), 0, "levels deep"},
		{"gitlab invalid yaml", ".gitlab-ci.yml", "build:\n  script: [\n", 2, "invalid YAML"},
		{"gitlab job not a mapping", ".gitlab-ci.yml", "build: 3\n", 1, `job "build" must be a mapping`},
		{"gitlab extends missing", ".gitlab-ci.yml", "build:\n  extends: .nope\n  script: [make]\n", 2, `extends ".nope", which is not defined`},
		{"gitlab extends cycle", ".gitlab-ci.yml", ".a:\n  extends: .b\n.b:\n  extends: .a\nbuild:\n  extends: .a\n  script: [make]\n", 0, "too deep or in a cycle"},
		{"gitlab alias bomb", ".gitlab-ci.yml", gitlabBomb(), 0, "too many nodes"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			p := Parse(tc.path, []byte(tc.content), nil)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("Parse took %v, want bounded time", d)
			}
			var found *ParseError
			for i, e := range p.Errors {
				if strings.Contains(e.Message, "internal parser error") {
					t.Fatalf("panic: %v", e)
				}
				if strings.Contains(e.Message, tc.wantMsg) && found == nil {
					found = &p.Errors[i]
				}
			}
			if found == nil {
				t.Fatalf("Parse errors = %v, want one containing %q", p.Errors, tc.wantMsg)
			}
			if found.File != tc.path || (tc.wantLine > 0 && found.Line != tc.wantLine) {
				t.Errorf("error at %s:%d, want %s:%d", found.File, found.Line, tc.path, tc.wantLine)
			}
		})
	}
}

// fuzzSeeds adds every corpus file of one platform to f.
func fuzzSeeds(f *testing.F, platform string) {
	f.Helper()
	for _, c := range corpus(f) {
		if !strings.Contains(c.repo, string(filepath.Separator)+platform+string(filepath.Separator)) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(c.repo, c.path))
		if err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(aliasBomb()))
}

func fuzzCheck(t *testing.T, p Pipeline) {
	for _, e := range p.Errors {
		if strings.Contains(e.Message, "internal parser error") {
			t.Fatalf("panic: %v", e)
		}
	}
	for _, j := range p.Jobs {
		for _, r := range j.References {
			if len(r.Expression) > maxExpression {
				t.Fatalf("expression longer than %d bytes", maxExpression)
			}
		}
	}
}

func FuzzParseGitHub(f *testing.F) {
	fuzzSeeds(f, "github")
	f.Fuzz(func(t *testing.T, b []byte) {
		fuzzCheck(t, ParseGitHub(".github/workflows/f.yml", b, func(string) ([]byte, error) { return b, nil }))
	})
}

func FuzzParseGitLab(f *testing.F) {
	fuzzSeeds(f, "gitlab")
	f.Fuzz(func(t *testing.T, b []byte) {
		fuzzCheck(t, ParseGitLab(".gitlab-ci.yml", b, func(string) ([]byte, error) { return b, nil }))
	})
}

func gitlabBomb() string {
	var b strings.Builder
	b.WriteString(".l0: &l0 [\"echo $X\", \"echo $X\", \"echo $X\", \"echo $X\", \"echo $X\", \"echo $X\", \"echo $X\", \"echo $X\", \"echo $X\"]\n")
	for i := 1; i < 10; i++ {
		b.WriteString(".l" + itoa(i) + ": &l" + itoa(i) + " [")
		for k := 0; k < 9; k++ {
			if k > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*l" + itoa(i-1))
		}
		b.WriteString("]\n")
	}
	b.WriteString("build:\n  script: *l9\n")
	return b.String()
}

// TestWrongTypes feeds a wrong type to every key the parsers read: no
// panic, and a pipeline comes back (with errors where the type matters).
func TestWrongTypes(t *testing.T) {
	values := []string{"3", "[a, b]", "{a: b}", "null", "''"}
	github := []string{
		"on: %s\njobs:\n  a:\n    runs-on: x\n    steps: [run: echo]\n",
		"on: push\npermissions: %s\njobs:\n  a:\n    runs-on: x\n    steps: [run: echo]\n",
		"on: push\nenv: %s\njobs:\n  a:\n    runs-on: x\n    steps: [run: echo]\n",
		"on: push\njobs: %s\n",
		"on: push\njobs:\n  a: %s\n",
		"on: push\njobs:\n  a:\n    runs-on: %s\n    steps: [run: echo]\n",
		"on: push\njobs:\n  a:\n    runs-on: x\n    environment: %s\n    needs: %s\n    steps: [run: echo]\n",
		"on: push\njobs:\n  a:\n    runs-on: x\n    strategy: %s\n    container: %s\n    services: %s\n    steps: [run: echo]\n",
		"on: push\njobs:\n  a:\n    runs-on: x\n    steps: %s\n",
		"on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: %s\n        with: %s\n        env: %s\n        run: %s\n",
		"on: push\njobs:\n  a:\n    uses: %s\n    secrets: %s\n    with: %s\n",
	}
	gitlab := []string{
		"include: %s\njob:\n  script: [echo]\n",
		"variables: %s\ndefault: %s\njob:\n  script: [echo]\n",
		"job:\n  extends: %s\n  script: %s\n",
		"job:\n  rules: %s\n  only: %s\n  when: %s\n  script: [echo]\n",
		"job:\n  environment: %s\n  tags: %s\n  image: %s\n  services: %s\n  script: [echo]\n",
		"job:\n  id_tokens: %s\n  secrets: %s\n  trigger: %s\n  needs: %s\n  inherit: %s\n",
		"job:\n  script:\n    - !reference %s\n",
	}
	run := func(path, tmpl string) {
		for _, v := range values {
			src := strings.ReplaceAll(tmpl, "%s", v)
			p := Parse(path, []byte(src), func(string) ([]byte, error) { return []byte(src), nil })
			for _, e := range p.Errors {
				if strings.Contains(e.Message, "internal parser error") {
					t.Errorf("Parse(%q): %v", src, e)
				}
			}
		}
	}
	for _, tmpl := range github {
		run(".github/workflows/a.yml", tmpl)
	}
	for _, tmpl := range gitlab {
		run(".gitlab-ci.yml", tmpl)
	}
}
