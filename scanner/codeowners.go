package scanner

import (
	"bufio"
	"bytes"
	"fmt"
	"path"
	"strings"
)

// CodeOwnersPaths are the places GitHub and GitLab look for CODEOWNERS, in
// the order they look (the first one found wins on both platforms).
var CodeOwnersPaths = []string{".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS"}

// maxCodeOwnersBytes bounds the file read, as GitHub does (3 MB).
const maxCodeOwnersBytes = 3 << 20

// ParseCodeOwners reads a CODEOWNERS file: one rule per line (pattern then
// owners), comments and blank lines skipped, GitLab [Section] headers
// accepted (their default owners apply to rules without owners).
func ParseCodeOwners(file string, content []byte) CodeOwnersFile {
	out := CodeOwnersFile{Path: file}
	if len(content) > maxCodeOwnersBytes {
		out.Errors = append(out.Errors, fmt.Sprintf("%s: file is larger than 3 MB and was not read", file))
		return out
	}
	var sectionOwners []string
	sc := bufio.NewScanner(bytes.NewReader(content))
	sc.Buffer(make([]byte, 0, 64*1024), maxCodeOwnersBytes)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if i := strings.Index(line, " #"); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") || strings.HasPrefix(line, "^[") {
			end := strings.LastIndex(line, "]")
			if end < 0 {
				out.Errors = append(out.Errors, fmt.Sprintf("%s:%d: section header without a closing ]", file, n))
				continue
			}
			sectionOwners = strings.Fields(line[end+1:])
			continue
		}
		fields := strings.Fields(line)
		rule := CodeOwnersRule{Pattern: fields[0], Owners: fields[1:], Line: n}
		if len(rule.Owners) == 0 {
			rule.Owners = sectionOwners
		}
		for _, o := range rule.Owners {
			if !strings.HasPrefix(o, "@") && !strings.Contains(o, "@") {
				out.Errors = append(out.Errors, fmt.Sprintf("%s:%d: owner %q is neither @user, @org/team nor an email address", file, n, o))
			}
		}
		out.Rules = append(out.Rules, rule)
	}
	if err := sc.Err(); err != nil {
		out.Errors = append(out.Errors, fmt.Sprintf("%s: %v", file, err))
	}
	return out
}

// OwnersOf returns the owners of a repository path under the rules: the last
// matching rule wins, as on GitHub and GitLab. Nil when no rule matches or
// the matching rule has no owners (which unsets ownership).
func OwnersOf(rules []CodeOwnersRule, file string) []string {
	var owners []string
	for _, r := range rules {
		if matchCodeOwners(r.Pattern, file) {
			owners = r.Owners
		}
	}
	return owners
}

// matchCodeOwners implements the gitignore-style matching CODEOWNERS uses,
// for the forms that occur in practice: `*`, `*.ext`, `/dir/`, `dir/`,
// `/path/file`, `dir/**`, `**/name` and plain names.
func matchCodeOwners(pattern, file string) bool {
	file = strings.TrimPrefix(file, "/")
	anchored := strings.HasPrefix(pattern, "/") || strings.Contains(strings.TrimSuffix(pattern, "/"), "/")
	p := strings.TrimPrefix(pattern, "/")
	if p == "*" || p == "**" || p == "**/*" {
		return true
	}
	if strings.HasSuffix(p, "/**") {
		p = strings.TrimSuffix(p, "**")
	}
	if strings.HasSuffix(p, "/") { // a directory: everything below it
		dir := strings.TrimSuffix(p, "/")
		if anchored {
			return file == dir || strings.HasPrefix(file, dir+"/") || globPrefix(dir, file)
		}
		for _, seg := range prefixes(file) {
			if ok, _ := path.Match(dir, path.Base(seg)); ok {
				return true
			}
		}
		return false
	}
	if strings.HasPrefix(p, "**/") {
		p = strings.TrimPrefix(p, "**/")
		anchored = strings.Contains(p, "/")
		if !anchored {
			ok, _ := path.Match(p, path.Base(file))
			return ok
		}
	}
	if anchored {
		if ok, _ := path.Match(p, file); ok {
			return true
		}
		// a pattern naming a directory without a trailing slash
		return strings.HasPrefix(file, p+"/") || globPrefix(p, file)
	}
	// unanchored: matches the name at any depth, or a directory at any depth
	for _, seg := range prefixes(file) {
		if ok, _ := path.Match(p, path.Base(seg)); ok {
			return true
		}
	}
	return false
}

// prefixes returns a/b/c -> [a, a/b, a/b/c].
func prefixes(file string) []string {
	parts := strings.Split(file, "/")
	out := make([]string, 0, len(parts))
	for i := range parts {
		out = append(out, strings.Join(parts[:i+1], "/"))
	}
	return out
}

// globPrefix reports whether a glob directory pattern matches a leading part of file.
func globPrefix(dir, file string) bool {
	if !strings.ContainsAny(dir, "*?[") {
		return false
	}
	for _, seg := range prefixes(file) {
		if ok, _ := path.Match(dir, seg); ok && seg != file {
			return true
		}
	}
	return false
}
