package analysis

import (
	"net/url"
	"strings"
	"time"
)

func ruleCredentialNotRotated() rule {
	return rule{
		id: "credential-not-rotated", severity: Medium, facts: []string{factSecrets, factTokens},
		description: "a secret or token was last updated more than 90 days ago, or a token has no expiry or expires more than a year out",
		check:       checkNotRotated,
	}
}

const rotateAfter = 90 * 24 * time.Hour

func isToken(kind string) bool {
	switch kind {
	case "DEPLOY_TOKEN", "PROJECT_ACCESS_TOKEN", "GROUP_ACCESS_TOKEN":
		return true
	}
	return false
}

func checkNotRotated(s *snapshot) []candidate {
	var out []candidate
	for _, ci := range s.creds {
		c := ci.c
		if !c.Active || !(isStoredSecret(ci) || isToken(string(c.Kind)) || c.Kind == "DEPLOY_KEY") {
			continue
		}
		why := rotationProblem(ci, s.now)
		if why == "" {
			continue
		}
		cand := forCred("", Medium, ci)
		cand.title = "`" + c.Name + "` " + why
		cand.remediation = rotateFix(ci, why)
		out = append(out, cand)
	}
	return out
}

// rotationProblem says what is wrong with a credential's age, or "".
func rotationProblem(ci *credInfo, now time.Time) string {
	c := ci.c
	if isToken(string(c.Kind)) {
		switch {
		case c.ExpiresAt == nil:
			return "never expires"
		case c.ExpiresAt.Sub(now) > 366*24*time.Hour:
			return "expires more than a year from now (" + c.ExpiresAt.Format("2006-01-02") + ")"
		}
	}
	last := c.UpdatedAt
	if last == nil {
		last = c.CreatedAt
	}
	if last != nil && now.Sub(*last) > rotateAfter {
		return "was last rotated on " + last.Format("2006-01-02") + ", more than 90 days ago"
	}
	return ""
}

// rotateFix says how to rotate the credential where it is stored, by kind
// and platform, with the names and paths the scan read.
func rotateFix(ci *credInfo, why string) string {
	c := ci.c
	name := c.Name
	expiry := ""
	if isToken(string(c.Kind)) && (c.ExpiresAt == nil || strings.HasPrefix(why, "expires")) {
		expiry = " with an expiry of at most a year"
	}
	switch c.Kind {
	case "ACTIONS_SECRET", "DEPENDABOT_SECRET":
		return githubSecretRotateFix(ci)
	case "CI_VARIABLE":
		return gitlabVariableRotateFix(ci)
	case "DEPLOY_KEY":
		return deployKeyRotateFix(ci)
	case "PROJECT_ACCESS_TOKEN", "GROUP_ACCESS_TOKEN":
		where, api := "the project", "projects/"+projectRef(ci)
		if c.Kind == "GROUP_ACCESS_TOKEN" {
			where, api = "the group", "groups/"+groupRef(ci)
		}
		where += " " + gitlabTarget(ci)
		return "Rotate the " + strings.ToLower(strings.ReplaceAll(string(c.Kind), "_", " ")) + " `" + name + "`" + expiry + ": in " + where +
			" open **Settings → Access tokens** and choose *Rotate* (API: `POST /" + api + "/access_tokens/" + tokenID(ci) +
			"/rotate` with `expires_at=YYYY-MM-DD`, at most a year out). Rotation revokes the old token at once: " +
			"store the new value wherever the old one was used (CI/CD variables, other systems) in the same change. " +
			"Better: where the consumer supports it, use the job's `CI_JOB_TOKEN` or an ID token (`id_tokens:`) instead."
	case "DEPLOY_TOKEN":
		where, api := "the project", "projects/"+projectRef(ci)
		if c.Scope == "OWNER" {
			where, api = "the group", "groups/"+groupRef(ci)
		}
		where += " " + gitlabTarget(ci)
		scopes := ""
		for _, p := range c.Permissions {
			scopes += "&scopes[]=" + p
		}
		return "Deploy tokens cannot be rotated in place: create a new one and revoke `" + name + "`. In " + where +
			" open **Settings → Repository → Deploy tokens**, add a token" + expiry + " and the same scopes (API: `POST /" + api +
			"/deploy_tokens` with `name=" + name + scopes + "&expires_at=YYYY-MM-DD`), store its username and value where the old one was used, " +
			"then revoke the old token (`DELETE /" + api + "/deploy_tokens/" + tokenID(ci) + "`)."
	case "APP_INSTALLATION":
		app := name
		if c.Edges.Identity != nil {
			app = c.Edges.Identity.Name
		}
		return "Installation tokens of `" + app + "` expire within the hour; what ages is the app's private key. " +
			"In the app's settings (**Developer settings → GitHub Apps → " + app + " → Private keys**) generate a new key, " +
			"store it wherever the old one is used, then delete the old key there."
	case "JENKINS_CREDENTIAL":
		return "Issue a new value for `" + name + "` where it comes from and revoke the old one there, then update it in the Jenkins credentials store " +
			"that holds it (**Manage Jenkins → Credentials**, or the folder's **Credentials**; open `" + name + "` → *Update*), keeping the id `" + name +
			"` so `credentials('" + name + "')` and `withCredentials` keep working."
	}
	return "Rotate `" + name + "`: issue a new value, store it in the same place, and revoke the old one" + expiry + "."
}

// githubSecretRotateFix: a GitHub secret is a copy of a value issued
// elsewhere; a new value replaces it with PUT (encrypted with the public key
// of the place it is stored in).
func githubSecretRotateFix(ci *credInfo) string {
	c := ci.c
	kind, menu := "actions", "Actions"
	if c.Kind == "DEPENDABOT_SECRET" {
		kind, menu = "dependabot", "Dependabot"
	}
	var where, api string
	switch {
	case c.Scope == "OWNER" && ci.owner != nil:
		where = "**Organization settings → Secrets and variables → " + menu + "** of " + ci.owner.Name
		api = "/orgs/" + ci.owner.Name + "/" + kind + "/secrets"
	case c.Scope == "ENVIRONMENT" && ci.env != nil:
		where = "**Settings → Environments → " + ci.env.e.Name + " → Environment secrets** of " + ci.env.repo.r.FullName
		api = "/repos/" + ci.env.repo.r.FullName + "/environments/" + ci.env.e.Name + "/secrets"
	case ci.repo != nil:
		where = "**Settings → Secrets and variables → " + menu + "** of " + ci.repo.r.FullName
		api = "/repos/" + ci.repo.r.FullName + "/" + kind + "/secrets"
	default:
		return "Rotate `" + c.Name + "`: issue a new value where it comes from, replace the secret with it, and revoke the old value."
	}
	fix := "Rotate `" + c.Name + "`: issue a new value where it comes from, replace the secret in " + where +
		" (API: `PUT " + api + "/" + c.Name + "` with `encrypted_value` sealed with `GET " + api + "/public-key`"
	if c.Scope == "OWNER" {
		fix += ", keeping its `visibility`"
	}
	fix += "), then revoke the old value where it was issued."
	if c.Kind == "ACTIONS_SECRET" {
		fix += " Better: where the service accepts it, use OIDC (`permissions: id-token: write`) or a GitHub App token, which expire within the hour."
	}
	return fix
}

func gitlabVariableRotateFix(ci *credInfo) string {
	c := ci.c
	filter := ""
	if c.EnvironmentScope != "" && c.EnvironmentScope != "*" {
		filter = "?filter[environment_scope]=" + url.QueryEscape(c.EnvironmentScope)
	}
	var where, api string
	switch {
	case c.Scope == "INSTANCE":
		where, api = "**Admin area → Settings → CI/CD → Variables**", "/admin/ci/variables/"+c.Name
		filter = ""
	case c.Scope == "OWNER" && ci.owner != nil:
		where, api = "**Settings → CI/CD → Variables** of group "+ci.owner.Name, "/groups/"+groupRef(ci)+"/variables/"+c.Name
	case ci.repo != nil:
		where, api = "**Settings → CI/CD → Variables** of project "+ci.repo.r.FullName, "/projects/"+projectRef(ci)+"/variables/"+c.Name
	default:
		return "Rotate `" + c.Name + "`: issue a new value where it comes from, update the CI/CD variable with it, and revoke the old value."
	}
	return "Rotate `" + c.Name + "`: issue a new value where it comes from, update the variable in " + where +
		" (API: `PUT " + api + filter + "` with the new `value`), then revoke the old value where it was issued. " +
		"Better: where the service accepts it, use an ID token (`id_tokens:`) for OIDC instead of a stored secret."
}

func deployKeyRotateFix(ci *credInfo) string {
	c := ci.c
	repo := "the repository"
	if ci.repo != nil {
		repo = ci.repo.r.FullName
	}
	readOnly, canPush := "true", "false"
	if !c.ReadOnly {
		readOnly, canPush = "false", "true"
	}
	if ci.platform() == "GITLAB" {
		return "Deploy keys cannot be rotated in place: generate a new key pair, add its public key to " + repo +
			" (**Settings → Repository → Deploy keys**; API: `POST /projects/" + projectRef(ci) + "/deploy_keys` with `title`, `key`, `can_push=" + canPush +
			"` and `expires_at`), install the private key where `" + c.Name + "` is used, then delete the old key (`DELETE /projects/" + projectRef(ci) +
			"/deploy_keys/" + tokenID(ci) + "`)."
	}
	return "Deploy keys cannot be rotated in place: generate a new key pair, add its public key to " + repo +
		" (**Settings → Deploy keys → Add deploy key**; API: `POST /repos/" + repo + "/keys` with `title`, `key` and `read_only: " + readOnly +
		"`), install the private key where `" + c.Name + "` is used, then delete the old key (`DELETE /repos/" + repo + "/keys/" + keyID(ci) + "`)."
}

// credentialID is the platform's id of a token or key, kept at the end of
// its key ("…#42"), or "".
func credentialID(ci *credInfo) string {
	k := ci.c.Key
	i := strings.LastIndex(k, "#")
	if i < 0 || i == len(k)-1 {
		return ""
	}
	for _, r := range k[i+1:] {
		if r < '0' || r > '9' {
			return ""
		}
	}
	return k[i+1:]
}

func tokenID(ci *credInfo) string {
	if id := credentialID(ci); id != "" {
		return id
	}
	return ":token_id"
}

func keyID(ci *credInfo) string {
	if id := credentialID(ci); id != "" {
		return id
	}
	return "{key_id}"
}

// projectRef is the project's URL-encoded path, as GitLab's API takes for :id.
func projectRef(ci *credInfo) string {
	if ci.repo != nil {
		return url.PathEscape(ci.repo.r.FullName)
	}
	return ":id"
}

func groupRef(ci *credInfo) string {
	if ci.owner != nil {
		return url.PathEscape(ci.owner.Name)
	}
	return ":id"
}

// gitlabTarget names the project or group the credential belongs to.
func gitlabTarget(ci *credInfo) string {
	if ci.c.Scope == "OWNER" || ci.c.Kind == "GROUP_ACCESS_TOKEN" {
		if ci.owner != nil {
			return ci.owner.Name
		}
		return ""
	}
	if ci.repo != nil {
		return ci.repo.r.FullName
	}
	return ""
}
