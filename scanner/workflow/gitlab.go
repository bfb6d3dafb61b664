package workflow

// ParseGitLab parses a GitLab CI configuration.
func ParseGitLab(path string, content []byte, read ReadFile) (p Pipeline) {
	p = Pipeline{Path: path, Kind: GitLabCI}
	defer recoverParse(&p)
	return p
}
