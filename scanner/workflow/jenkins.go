package workflow

// ParseJenkins parses a declarative Jenkinsfile.
func ParseJenkins(path string, content []byte) (p Pipeline) {
	p = Pipeline{Path: path, Kind: Jenkins}
	defer recoverParse(&p)
	return p
}
