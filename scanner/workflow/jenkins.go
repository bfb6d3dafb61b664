package workflow

import (
	"fmt"
	"regexp"
	"strings"
)

var (
	jkStage       = regexp.MustCompile(`\bstage\s*\(\s*(?:'([^']*)'|"([^"]*)")\s*\)\s*\{`)
	jkCredentials = regexp.MustCompile(`\bcredentials\s*\(\s*(?:'([^']*)'|"([^"]*)")\s*\)`)
	jkCredID      = regexp.MustCompile(`\bcredentialsId\s*:\s*(?:'([^']*)'|"([^"]*)")`)
	// sshagent(['id']), sshagent(credentials: ['id']), withAWS(credentials: 'id')
	jkCredArg     = regexp.MustCompile(`\b(?:sshagent\s*\(\s*(?:credentials\s*:\s*)?\[\s*|withAWS\s*\([^)]*\bcredentials\s*:\s*)(?:'([^']*)'|"([^"]*)")`)
	jkEnvironment = regexp.MustCompile(`\benvironment\s*\{`)
)

// jkBlock is one stage('name') { … } of a declarative Jenkinsfile.
type jkBlock struct {
	name       string
	start, end int // byte offsets of the block body
	line       int
}

// ParseJenkins parses a declarative Jenkinsfile: one job per stage, with
// the credentials('id') and withCredentials(credentialsId: 'id') it reads.
// Credentials bound in the pipeline-level environment {} reach every stage.
// No Groovy is evaluated.
func ParseJenkins(path string, content []byte) (p Pipeline) {
	p = Pipeline{Path: path, Kind: Jenkins}
	defer recoverParse(&p)
	if len(content) > MaxFileSize {
		p.Errors = append(p.Errors, ParseError{File: path, Message: fmt.Sprintf("file is %d bytes, larger than the %d bytes limit; not parsed", len(content), MaxFileSize)})
		return p
	}
	src := string(content)
	blocks := jkStages(src)
	if len(blocks) == 0 {
		p.Errors = append(p.Errors, ParseError{File: path, Message: "no stage('name') { … } blocks found (only declarative pipelines are read)"})
		return p
	}
	global := markGlobal(jkRefs(path, src, 0, len(src), blocks, true))
	for i, b := range blocks {
		if jkHasChild(blocks, i) {
			continue
		}
		j := Job{Key: b.name, Name: b.name, Line: b.line}
		j.References = append(j.References, global...)
		j.References = append(j.References, jkRefs(path, src, b.start, b.end, nil, false)...)
		j.Detail.Steps = []Step{{Name: b.name, Line: b.line, Run: clip(src[b.start:b.end], maxRun)}}
		j.Stage, j.StageReason = classify(&j, path, "", "", nil, nil)
		p.Jobs = append(p.Jobs, j)
	}
	return p
}

// jkStages finds stage blocks and their extent by brace matching.
func jkStages(src string) []jkBlock {
	var out []jkBlock
	for _, m := range jkStage.FindAllStringSubmatchIndex(src, 256) {
		name := groupOf(src, m)
		end := matchBrace(src, m[1])
		out = append(out, jkBlock{name: name, start: m[1], end: end, line: 1 + strings.Count(src[:m[0]], "\n")})
	}
	return out
}

// jkHasChild reports a stage that contains other stages (parallel/stages
// groups): its children are the jobs.
func jkHasChild(blocks []jkBlock, i int) bool {
	for k, b := range blocks {
		if k != i && b.start > blocks[i].start && b.end <= blocks[i].end {
			return true
		}
	}
	return false
}

// matchBrace returns the offset of the brace closing the block opened just
// before from, skipping quoted strings and comments.
func matchBrace(src string, from int) int {
	depth := 1
	for i := from; i < len(src); i++ {
		switch c := src[i]; c {
		case '\'', '"':
			if e := strings.IndexByte(src[i+1:], c); e >= 0 {
				i += e + 1
			}
		case '/':
			if i+1 < len(src) && src[i+1] == '/' {
				if e := strings.IndexByte(src[i:], '\n'); e >= 0 {
					i += e
				}
			}
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return len(src)
}

// jkRefs returns the credentials read in src[start:end]; with outside set
// only those outside every stage block (the pipeline's environment).
func jkRefs(path, src string, start, end int, blocks []jkBlock, outside bool) []Reference {
	var out []Reference
	body := src[start:end]
	for _, re := range []*regexp.Regexp{jkCredentials, jkCredID, jkCredArg} {
		for _, m := range re.FindAllStringSubmatchIndex(body, 512) {
			at := start + m[0]
			if outside && jkInside(blocks, at) {
				continue
			}
			id := groupOf(body, m)
			via := ViaCredentials
			if jkInEnvironment(src, at) {
				via = ViaEnv
			}
			out = append(out, Reference{Kind: RefJenkinsCredential, Name: id, File: path, Line: 1 + strings.Count(src[:at], "\n"), Expression: clip(body[m[0]:m[1]], maxExpression), Via: via})
		}
	}
	return out
}

func jkInside(blocks []jkBlock, at int) bool {
	for _, b := range blocks {
		if at >= b.start && at < b.end {
			return true
		}
	}
	return false
}

// groupOf returns the first matched of groups 1 and 2 (single or double
// quoted).
func groupOf(s string, m []int) string {
	if m[2] >= 0 {
		return s[m[2]:m[3]]
	}
	if len(m) > 5 && m[4] >= 0 {
		return s[m[4]:m[5]]
	}
	return ""
}

// jkInEnvironment reports an offset inside an environment { … } block.
func jkInEnvironment(src string, at int) bool {
	for _, m := range jkEnvironment.FindAllStringIndex(src[:at], 64) {
		if at < matchBrace(src, m[1]) {
			return true
		}
	}
	return false
}
