package github

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/privgraph/privgraph/scanner/transport"
)

// reposQuery reads a page of repositories with everything GraphQL can give
// in one request: metadata, the default branch, the workflow files and
// CODEOWNERS at HEAD, environment and deploy key counts (to skip REST calls
// for repositories without any), branch protection rules and rulesets.
// Nested connections are sized to keep a page of 50 repositories well
// under GitHub's 500,000-node limit (about 92,000 here); a repository with
// more rules than a page holds gets a gap.
const reposQuery = `query($org: String!, $first: Int!, $after: String) {
  organization(login: $org) {
    repositories(first: $first, after: $after, orderBy: {field: NAME, direction: ASC}) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        databaseId name nameWithOwner url visibility isArchived isFork
        defaultBranchRef { name }
        workflows: object(expression: "HEAD:.github/workflows") {
          ... on Tree { entries { name type object { ... on Blob { byteSize isBinary isTruncated text } } } }
        }
        co1: object(expression: "HEAD:.github/CODEOWNERS") { ...file }
        co2: object(expression: "HEAD:CODEOWNERS") { ...file }
        co3: object(expression: "HEAD:docs/CODEOWNERS") { ...file }
        environments(first: 1) { totalCount }
        deployKeys(first: 1) { totalCount }
        branchProtectionRules(first: 20) {
          totalCount
          nodes {
            pattern requiresApprovingReviews requiredApprovingReviewCount requiresCodeOwnerReviews
            dismissesStaleReviews isAdminEnforced allowsForcePushes allowsDeletions requiresCommitSignatures
            requiredStatusCheckContexts
            pushAllowances(first: 20) { nodes { actor { ...actor } } }
            bypassPullRequestAllowances(first: 20) { nodes { actor { ...actor } } }
          }
        }
        rulesets(first: 20, includeParents: true) {
          totalCount
          nodes {
            databaseId name target enforcement
            source { __typename ... on Organization { login } ... on Repository { nameWithOwner } }
            conditions { refName { include exclude } }
            rules(first: 30) {
              nodes {
                type
                parameters {
                  __typename
                  ... on PullRequestParameters { requiredApprovingReviewCount requireCodeOwnerReview dismissStaleReviewsOnPush }
                  ... on RequiredStatusChecksParameters { requiredStatusChecks { context } }
                }
              }
            }
            bypassActors(first: 20) { nodes { bypassMode organizationAdmin repositoryRoleName actor { ...actor } } }
          }
        }
      }
    }
  }
}
fragment file on Blob { byteSize isBinary isTruncated text }
fragment actor on Node { __typename ... on App { slug } ... on Team { slug } ... on User { login } }`

type gqlBlob struct {
	ByteSize    int     `json:"byteSize"`
	IsBinary    bool    `json:"isBinary"`
	IsTruncated bool    `json:"isTruncated"`
	Text        *string `json:"text"`
}

type gqlActor struct {
	Typename string `json:"__typename"`
	Slug     string `json:"slug"`
	Login    string `json:"login"`
}

func (a *gqlActor) String() string {
	if a == nil {
		return ""
	}
	switch a.Typename {
	case "Team":
		return "team:" + a.Slug
	case "App":
		return "app:" + a.Slug
	case "User":
		return "user:" + a.Login
	}
	return strings.ToLower(a.Typename)
}

type gqlActors struct {
	Nodes []struct {
		Actor *gqlActor `json:"actor"`
	} `json:"nodes"`
}

type gqlProtectionRule struct {
	Pattern                      string    `json:"pattern"`
	RequiresApprovingReviews     bool      `json:"requiresApprovingReviews"`
	RequiredApprovingReviewCount int       `json:"requiredApprovingReviewCount"`
	RequiresCodeOwnerReviews     bool      `json:"requiresCodeOwnerReviews"`
	DismissesStaleReviews        bool      `json:"dismissesStaleReviews"`
	IsAdminEnforced              bool      `json:"isAdminEnforced"`
	AllowsForcePushes            bool      `json:"allowsForcePushes"`
	AllowsDeletions              bool      `json:"allowsDeletions"`
	RequiresCommitSignatures     bool      `json:"requiresCommitSignatures"`
	RequiredStatusCheckContexts  []string  `json:"requiredStatusCheckContexts"`
	PushAllowances               gqlActors `json:"pushAllowances"`
	BypassPullRequestAllowances  gqlActors `json:"bypassPullRequestAllowances"`
}

type gqlRuleset struct {
	DatabaseID  int64  `json:"databaseId"`
	Name        string `json:"name"`
	Target      string `json:"target"`
	Enforcement string `json:"enforcement"`
	Source      struct {
		Typename      string `json:"__typename"`
		Login         string `json:"login"`
		NameWithOwner string `json:"nameWithOwner"`
	} `json:"source"`
	Conditions struct {
		RefName *struct {
			Include []string `json:"include"`
			Exclude []string `json:"exclude"`
		} `json:"refName"`
	} `json:"conditions"`
	Rules struct {
		Nodes []struct {
			Type       string `json:"type"`
			Parameters *struct {
				Typename                     string `json:"__typename"`
				RequiredApprovingReviewCount int    `json:"requiredApprovingReviewCount"`
				RequireCodeOwnerReview       bool   `json:"requireCodeOwnerReview"`
				DismissStaleReviewsOnPush    bool   `json:"dismissStaleReviewsOnPush"`
				RequiredStatusChecks         []struct {
					Context string `json:"context"`
				} `json:"requiredStatusChecks"`
			} `json:"parameters"`
		} `json:"nodes"`
	} `json:"rules"`
	BypassActors struct {
		Nodes []struct {
			BypassMode         string    `json:"bypassMode"`
			OrganizationAdmin  bool      `json:"organizationAdmin"`
			RepositoryRoleName *string   `json:"repositoryRoleName"`
			Actor              *gqlActor `json:"actor"`
		} `json:"nodes"`
	} `json:"bypassActors"`
}

// gqlRepo is one repository node of reposQuery.
type gqlRepo struct {
	DatabaseID       int64  `json:"databaseId"`
	Name             string `json:"name"`
	NameWithOwner    string `json:"nameWithOwner"`
	URL              string `json:"url"`
	Visibility       string `json:"visibility"`
	IsArchived       bool   `json:"isArchived"`
	IsFork           bool   `json:"isFork"`
	DefaultBranchRef *struct {
		Name string `json:"name"`
	} `json:"defaultBranchRef"`
	Workflows *struct {
		Entries []struct {
			Name   string   `json:"name"`
			Type   string   `json:"type"`
			Object *gqlBlob `json:"object"`
		} `json:"entries"`
	} `json:"workflows"`
	CO1          *gqlBlob `json:"co1"`
	CO2          *gqlBlob `json:"co2"`
	CO3          *gqlBlob `json:"co3"`
	Environments struct {
		TotalCount int `json:"totalCount"`
	} `json:"environments"`
	DeployKeys struct {
		TotalCount int `json:"totalCount"`
	} `json:"deployKeys"`
	BranchProtectionRules struct {
		TotalCount int                 `json:"totalCount"`
		Nodes      []gqlProtectionRule `json:"nodes"`
	} `json:"branchProtectionRules"`
	Rulesets struct {
		TotalCount int          `json:"totalCount"`
		Nodes      []gqlRuleset `json:"nodes"`
	} `json:"rulesets"`
}

func (r *gqlRepo) defaultBranch() string {
	if r.DefaultBranchRef == nil {
		return ""
	}
	return r.DefaultBranchRef.Name
}

type reposPage struct {
	Data *struct {
		Organization *struct {
			Repositories struct {
				TotalCount int `json:"totalCount"`
				PageInfo   struct {
					HasNextPage bool   `json:"hasNextPage"`
					EndCursor   string `json:"endCursor"`
				} `json:"pageInfo"`
				Nodes []*gqlRepo `json:"nodes"`
			} `json:"repositories"`
		} `json:"organization"`
	} `json:"data"`
	Errors []struct {
		Type    string `json:"type"`
		Message string `json:"message"`
	} `json:"errors"`
}

// listRepositories pages through the organization's repositories. A
// failure here fails the scan: without the list, nothing can be trusted.
func (st *scan) listRepositories(ctx context.Context) ([]*gqlRepo, error) {
	var out []*gqlRepo
	var after *string
	limited := 0
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		body := map[string]any{"query": reposQuery, "variables": map[string]any{"org": st.org, "first": st.opts.PageSize, "after": after}}
		req, err := st.client.NewRequest(http.MethodPost, st.graphqlURL, body)
		if err != nil {
			return nil, fmt.Errorf("build GraphQL request: %w", err)
		}
		var page reposPage
		if _, err := st.client.Do(transport.Idempotent(ctx), req, &page); err != nil {
			st.unread(err, "repositories", "")
			if cerr := st.classify(decodeErr(err), "repositories (GraphQL)", needMetadata); cerr != nil {
				return nil, cerr
			}
			return nil, fmt.Errorf("list repositories of %s: %s", st.org, st.lastGap())
		}
		if rateLimited(page) && limited < 3 {
			// GraphQL's point limit answers 200 with RATE_LIMITED and the
			// X-RateLimit headers: the transport now waits for the reset.
			limited++
			continue
		}
		if page.Data == nil || page.Data.Organization == nil {
			msg := "no data"
			if len(page.Errors) > 0 {
				msg = page.Errors[0].Message
			}
			return nil, fmt.Errorf("list repositories of %s through GraphQL: %s; the token needs %s", st.org, bounded(msg, 300), needMetadata)
		}
		// Field errors with data (a token that may not read branch
		// protection, say) leave those fields empty: gaps, not failures.
		for _, e := range page.Errors {
			st.addGap(fmt.Sprintf("repositories (GraphQL): %s; some protection or key fields may be missing (the token needs %s)",
				bounded(e.Message, 200), needRepoAdmin))
		}
		repos := page.Data.Organization.Repositories
		for _, r := range repos.Nodes {
			if r == nil || (st.opts.SkipArchived && r.IsArchived) {
				continue
			}
			out = append(out, r)
		}
		if st.opts.Progress != nil {
			requests, notModified, waits := st.counts()
			st.opts.Progress(Progress{ReposTotal: len(out), Requests: requests, NotModified: notModified, RateLimitWaits: waits})
		}
		if !repos.PageInfo.HasNextPage || repos.PageInfo.EndCursor == "" {
			return out, nil
		}
		c := repos.PageInfo.EndCursor
		after = &c
	}
}

func rateLimited(p reposPage) bool {
	for _, e := range p.Errors {
		if e.Type == "RATE_LIMITED" {
			return true
		}
	}
	return false
}

// lastGap pops the gap classify just recorded, for an error message.
func (st *scan) lastGap() string {
	st.mu.Lock()
	defer st.mu.Unlock()
	n := len(st.facts.Gaps)
	if n == 0 {
		return "GitHub did not answer"
	}
	g := st.facts.Gaps[n-1]
	st.facts.Gaps = st.facts.Gaps[:n-1]
	return g
}

func bounded(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
