package workflow

import (
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// jobRefs records the variables a job reads that are neither predefined
// nor defined in the files: in its variables, scripts, image and services;
// and its external secrets (Vault and the like).
func (gp *glParser) jobRefs(j *Job, v glJobView, inheritVars bool) {
	for _, gv := range v.variables(inheritVars) {
		if gv.value == nil {
			continue
		}
		refs := gp.varRefs(gv.src, gv.value, ViaVariables, nil, nil)
		if gv.global {
			refs = markGlobal(refs)
		}
		j.References = appendCapped(j.References, refs, maxJobRefs)
	}
	// Script lines in order: a variable assigned by an earlier line (or
	// earlier in the same line) is the script's own, not a credential.
	local := map[string]bool{}
	for _, k := range []string{"before_script", "script", "after_script"} {
		val, ok := v.get(k)
		if !ok {
			continue
		}
		for _, l := range gp.lines(val, 0) {
			assigned := scriptAssignments(l.n.Value)
			j.References = appendCapped(j.References, gp.varRefs(l.src, l.n, ViaScript, local, assigned), maxJobRefs)
			for name := range assigned {
				local[name] = true
			}
		}
	}
	for _, k := range []string{"image", "services"} {
		if val, ok := v.get(k); ok {
			val.src.walkStrings(val.n, nil, func(_ []string, n *yaml.Node) {
				j.References = appendCapped(j.References, gp.varRefs(val.src, n, ViaImage, nil, nil), maxJobRefs)
			})
		}
	}
	j.References = appendCapped(j.References, gp.externalSecrets(v.merged("secrets")), maxJobRefs)
	j.References = moveJobTokenUses(j)
}

// refJobToken marks a $CI_JOB_TOKEN read inside the parser; such reads
// are moved to Detail.JobTokenUses and never leave the package as
// references (the ingest would take an unknown kind for a secret).
const refJobToken RefKind = "gitlab_job_token"

// moveJobTokenUses moves the job token reads of j.References to
// j.Detail.JobTokenUses and returns the other references.
func moveJobTokenUses(j *Job) []Reference {
	out := j.References[:0]
	for _, r := range j.References {
		if r.Kind != refJobToken {
			out = append(out, r)
			continue
		}
		if len(j.Detail.JobTokenUses) < maxJobItems {
			j.Detail.JobTokenUses = append(j.Detail.JobTokenUses, TokenUse{File: r.File, Line: r.Line, Expression: r.Expression, Via: string(r.Via)})
		}
	}
	return out
}

// varRefs returns the $VAR, ${VAR} and %VAR% reads in one scalar that name
// neither a predefined variable nor one defined in the files or script
// (local: assigned by an earlier line; assigned: name -> offset of an
// assignment in this scalar, which hides reads after it). Names with
// lower-case letters are taken for shell variables: CI/CD variables that
// hold credentials are upper case by convention.
func (gp *glParser) varRefs(src *source, n *yaml.Node, via Via, local map[string]bool, assigned map[string]int) []Reference {
	n = deref(n)
	if n == nil || n.Kind != yaml.ScalarNode || !strings.ContainsAny(n.Value, "$%") {
		return nil
	}
	var out []Reference
	from := 0
	for _, sv := range shellVars(n.Value) {
		if at, ok := assigned[sv.name]; ok && at < sv.pos {
			continue
		}
		if sv.name == "CI_JOB_TOKEN" && !gp.defined[sv.name] && !local[sv.name] {
			ln := src.lineAt(n, sv.pos, sv.text, from)
			from = ln
			out = append(out, Reference{Kind: refJobToken, Name: sv.name, File: src.path, Line: ln, Expression: clip(sv.text, maxExpression), Via: via})
			continue
		}
		if IsPredefinedGitLabVariable(sv.name) || gp.defined[sv.name] || local[sv.name] || isShellVariable(sv.name) || strings.ToUpper(sv.name) != sv.name {
			continue
		}
		ln := src.lineAt(n, sv.pos, sv.text, from)
		from = ln
		out = append(out, Reference{Kind: RefVariable, Name: sv.name, File: src.path, Line: ln, Expression: clip(sv.text, maxExpression), Via: via})
	}
	return out
}

// externalSecrets records secrets: entries (Vault, Azure Key Vault, GCP
// Secret Manager, AWS…): the variable they fill and where they come from.
func (gp *glParser) externalSecrets(secrets []glPair) []Reference {
	var out []Reference
	for _, kv := range secrets {
		src := kv.src
		from := "external"
		for _, k := range []string{"vault", "azure_key_vault", "gcp_secret_manager", "akeyless", "aws_secrets_manager", "gitlab_secrets_manager"} {
			if n := src.get(kv.value, k); n != nil {
				from = k
				if s, ok := scalar(n); ok {
					from += ": " + s
				} else if p := str(src.get(n, "path")); p != "" {
					from += ": " + p + "/" + str(src.get(n, "field"))
				} else if nm := str(src.get(n, "name")); nm != "" {
					from += ": " + nm
				}
			}
		}
		out = append(out, Reference{Kind: RefExternalSecret, Name: kv.key, File: src.path, Line: line(kv.keyN), Expression: clip(from, maxExpression), Via: ViaSecrets})
	}
	return out
}

var assignRE = regexp.MustCompile(`(?:^|[;&|]\s*|\bexport\s+|\blocal\s+|\bdeclare\s+(?:-\w+\s+)*|\bfor\s+|\bread\s+(?:-\w+\s+)*)([A-Za-z_][A-Za-z0-9_]*)(?:=|\s+in\b|\s*$)`)

// scriptAssignments returns the variable names a script assigns (X=…,
// export X=…, for X in, read X) with the offset of the first assignment.
func scriptAssignments(s string) map[string]int {
	out := map[string]int{}
	off := 0
	for _, l := range strings.SplitAfter(s, "\n") {
		trimmed := strings.TrimLeft(l, " \t")
		base := off + len(l) - len(trimmed)
		if !strings.Contains(trimmed, "=") && !strings.Contains(trimmed, "for ") && !strings.Contains(trimmed, "read ") {
			off += len(l)
			continue
		}
		for _, m := range assignRE.FindAllStringSubmatchIndex(trimmed, -1) {
			name := trimmed[m[2]:m[3]]
			if _, ok := out[name]; !ok {
				out[name] = base + m[3]
			}
		}
		off += len(l)
	}
	return out
}

// shellVariables are set by the shell or the runner's environment, not
// by CI settings.
var shellVariables = []string{"HOME", "PATH", "PWD", "OLDPWD", "USER", "SHELL", "HOSTNAME", "TMPDIR", "TEMP", "TMP", "LANG", "LC_ALL", "RANDOM", "UID", "EUID", "IFS", "PPID", "SECONDS", "LINENO", "BASH_SOURCE", "BASH_VERSION", "OSTYPE", "TERM", "GOPATH", "GOROOT", "GOCACHE", "GOOS", "GOARCH", "JAVA_HOME", "ANDROID_HOME", "ANDROID_SDK_ROOT", "PYTHONPATH", "VIRTUAL_ENV", "NVM_DIR", "CARGO_HOME", "RUSTUP_HOME", "DEBIAN_FRONTEND", "DOCKER_HOST", "DOCKER_TLS_CERTDIR", "DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY", "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "NPROC", "MAKEFLAGS", "SUDO_USER", "USERPROFILE", "APPDATA", "LOCALAPPDATA", "ProgramFiles", "SystemRoot", "ComSpec", "WINDIR", "PROCESSOR_ARCHITECTURE", "NUMBER_OF_PROCESSORS", "LASTEXITCODE", "ERRORLEVEL", "CD", "DATE", "TIME", "PSScriptRoot", "PSVersionTable", "ErrorActionPreference", "ProgressPreference", "true", "false", "null", "_"}

func isShellVariable(name string) bool {
	return slices.Contains(shellVariables, name)
}

// secretLikeName matches variable names that say they hold a secret.
var secretLikeName = regexp.MustCompile(`(?i)(TOKEN|SECRET|PASSWORD|PASSWD|PASS$|_PAT$|_PAT_|KEY|CREDENTIAL|AUTH|CERT|PRIVATE)`)

// IsPredefinedGitLabVariable reports whether name is one of GitLab's
// predefined CI/CD variables (https://docs.gitlab.com/ci/variables/predefined_variables/):
// the CI_* family, the documented GITLAB_* and CHAT_* names (GITLAB_CI,
// GITLAB_USER_LOGIN…; a user-defined GITLAB_TOKEN is not predefined), CI,
// KUBECONFIG, TRIGGER_PAYLOAD, runner feature flags (FF_*) and the runner
// settings documented as variables (GIT_STRATEGY, GIT_DEPTH…), and any other
// GITLAB_* name that does not say it holds a secret.
func IsPredefinedGitLabVariable(name string) bool {
	if strings.HasPrefix(name, "CI_") || strings.HasPrefix(name, "FF_") {
		return true
	}
	// DESIGN.md: GitLab's GITLAB_* variables are platform variables, not
	// credentials — but projects name their own tokens GITLAB_TOKEN_RELEASE
	// and the like: a GITLAB_* name that says it holds a secret stays one.
	if strings.HasPrefix(name, "GITLAB_") && !secretLikeName.MatchString(name) {
		return true
	}
	switch name {
	case "CI", "KUBECONFIG", "TRIGGER_PAYLOAD", "CHAT_CHANNEL", "CHAT_INPUT", "CHAT_USER_ID",
		"GITLAB_CI", "GITLAB_FEATURES", "GITLAB_USER_EMAIL", "GITLAB_USER_ID", "GITLAB_USER_LOGIN", "GITLAB_USER_NAME", "RUNNER_TEMP_PROJECT_DIR", "ARTIFACT_DOWNLOAD_ATTEMPTS", "GET_SOURCES_ATTEMPTS", "RESTORE_CACHE_ATTEMPTS", "EXECUTOR_JOB_SECTION_ATTEMPTS", "GIT_STRATEGY", "GIT_DEPTH", "GIT_SUBMODULE_STRATEGY", "GIT_SUBMODULE_DEPTH", "GIT_SUBMODULE_PATHS", "GIT_SUBMODULE_UPDATE_FLAGS", "GIT_CLEAN_FLAGS", "GIT_FETCH_EXTRA_FLAGS", "GIT_CHECKOUT", "GIT_CLONE_PATH", "GIT_LFS_SKIP_SMUDGE", "TRANSFER_METER_FREQUENCY", "CACHE_COMPRESSION_LEVEL", "ARTIFACT_COMPRESSION_LEVEL", "CACHE_FALLBACK_KEY", "CACHE_REQUEST_TIMEOUT":
		return true
	}
	return false
}
