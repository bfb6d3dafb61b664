package workflow

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// refKey is the part of a reference the feature tables assert.
type refKey struct {
	Kind RefKind
	Name string
	File string
	Line int
	Via  Via
	Env  string
}

func refKeys(rs []Reference) []refKey {
	var out []refKey
	for _, r := range rs {
		out = append(out, refKey{r.Kind, r.Name, r.File, r.Line, r.Via, r.EnvVar})
	}
	return out
}

func TestJenkins(t *testing.T) {
	src := `pipeline {
  agent any
  environment {
    REGISTRY = credentials('registry-creds')
  }
  stages {
    stage('Build') {
      steps { sh 'make build' }
    }
    stage('Deploy') {
      steps {
        withCredentials([string(credentialsId: "prod-kube", variable: 'KUBE')]) {
          sh 'kubectl apply -f k8s/'
        }
        sshagent(['deploy-ssh']) { sh 'ssh host true' }
      }
    }
  }
}
`
	p := ParseJenkins("Jenkinsfile", []byte(src))
	type row struct {
		Key   string
		Line  int
		Stage Stage
		Refs  []refKey
	}
	var got []row
	for _, j := range p.Jobs {
		got = append(got, row{j.Key, j.Line, j.Stage, refKeys(j.References)})
	}
	global := refKey{RefJenkinsCredential, "registry-creds", "Jenkinsfile", 4, ViaEnv, ""}
	want := []row{
		{"Build", 7, StageBuild, []refKey{global}},
		{"Deploy", 10, StageDeploy, []refKey{global, {RefJenkinsCredential, "prod-kube", "Jenkinsfile", 12, ViaCredentials, ""}, {RefJenkinsCredential, "deploy-ssh", "Jenkinsfile", 15, ViaCredentials, ""}}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseJenkins jobs (-want +got):\n%s", diff)
	}
	if len(p.Errors) != 0 {
		t.Errorf("errors: %v", p.Errors)
	}
}
