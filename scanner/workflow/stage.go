package workflow

func classifyGitHub(j *Job) (Stage, string) {
	return StageUnknown, "no evidence"
}
