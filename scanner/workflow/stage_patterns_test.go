package workflow

import "testing"

// TestTaskTargetTest checks the task-runner target evidence: a target
// named for tests counts, a directory given to -C or a word that merely
// contains "test" does not.
func TestTaskTargetTest(t *testing.T) {
	for _, c := range []struct {
		run  string
		want bool
	}{
		{"make jaeger-v2-storage-integration-test", true},
		{"make -j4 build test", true},
		{"mage test:fixtureContainerImages", true},
		{"make lint-nocommit", true},
		{"make kind-e2e-test", true},
		{"rake spec", true},
		{"make test && make build", true},
		{"make -C test/e2e-image", false},
		{"make add-latest-icons", false},
		{"bundle exec rake check:package_size", false},
		{"make REGISTRY=x NAME=y push", false},
		{"make latest", false},
		{"makefile-test", false},
	} {
		if got := taskTargetTest.re.MatchString(c.run); got != c.want {
			t.Errorf("task target test evidence in %q = %v, want %v", c.run, got, c.want)
		}
	}
}
