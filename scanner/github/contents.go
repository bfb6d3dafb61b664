package github

import (
	"context"
	"encoding/base64"
	"fmt"
	"io/fs"
	"net/url"
	"strings"

	gh "github.com/google/go-github/v60/github"

	"github.com/privgraph/privgraph/scanner"
)

// readCodeOwners parses the CODEOWNERS GitHub uses (the first of its three
// locations) and adds GitHub's own error report for it.
func (rc *repoScan) readCodeOwners(ctx context.Context, r *gqlRepo, repo *scanner.Repository) error {
	for i, b := range []*gqlBlob{r.CO1, r.CO2, r.CO3} {
		if b == nil {
			continue
		}
		p := scanner.CodeOwnersPaths[i]
		text, err := rc.blobText(ctx, p, b)
		if err != nil {
			return err
		}
		file := scanner.ParseCodeOwners(p, text)
		var report gh.CodeownersErrors
		if _, err := rc.get(ctx, rc.path("codeowners/errors"), &report); err != nil {
			rc.unread(err, "codeowners", rc.full)
			if err := rc.classify(err, rc.full+": CODEOWNERS errors", needContents); err != nil {
				return err
			}
		}
		for _, e := range report.Errors {
			msg := fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Kind)
			if e.Suggestion != nil && *e.Suggestion != "" {
				msg += ": " + *e.Suggestion
			}
			file.Errors = append(file.Errors, bounded(msg, 500))
		}
		repo.CodeOwners = append(repo.CodeOwners, file)
		return nil
	}
	return nil
}

// blobText returns a GraphQL blob's text, fetching it over REST when
// GraphQL truncated it.
func (rc *repoScan) blobText(ctx context.Context, p string, b *gqlBlob) ([]byte, error) {
	if b.IsBinary {
		return nil, nil
	}
	if b.Text != nil && !b.IsTruncated {
		return []byte(*b.Text), nil
	}
	if b.ByteSize > maxFileBytes {
		rc.addGap(fmt.Sprintf("%s: %s is larger than %d bytes and was not read", rc.full, p, maxFileBytes))
		return nil, nil
	}
	text, err := rc.readContent(ctx, p)
	if err != nil && !isNotExist(err) {
		return nil, err
	}
	return text, nil
}

// readContent fetches one file at the default branch through the contents
// API. A missing file is fs.ErrNotExist.
func (rc *repoScan) readContent(ctx context.Context, p string) ([]byte, error) {
	var escaped []string
	for _, seg := range strings.Split(p, "/") {
		escaped = append(escaped, url.PathEscape(seg))
	}
	var fc gh.RepositoryContent
	_, err := rc.get(ctx, rc.path("contents/%s", strings.Join(escaped, "/")), &fc)
	if err != nil {
		if !isGitHubStatus(err, 404) {
			rc.unread(err, contentPart(p), rc.full)
		}
		if cerr := rc.classify(err, rc.full+": file "+p, needContents); cerr != nil {
			return nil, cerr
		}
		// classify recorded a gap; a 404 is just a missing file.
		if isGitHubStatus(err, 404) {
			rc.lastGap()
		}
		return nil, fmt.Errorf("%s: %w", p, fs.ErrNotExist)
	}
	if fc.GetSize() > maxFileBytes {
		return nil, fmt.Errorf("%s: larger than %d bytes: %w", p, maxFileBytes, fs.ErrNotExist)
	}
	if fc.GetEncoding() == "base64" && fc.Content != nil {
		b, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(*fc.Content, "\n", ""))
		if err != nil {
			return nil, fmt.Errorf("%s: content is not base64: %w", p, fs.ErrNotExist)
		}
		return b, nil
	}
	text, err := fc.GetContent()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, fs.ErrNotExist)
	}
	return []byte(text), nil
}

func isNotExist(err error) bool {
	return err != nil && strings.Contains(err.Error(), fs.ErrNotExist.Error())
}

// contentPart is the part of the inventory a repository file belongs to.
func contentPart(p string) string {
	if strings.HasSuffix(p, "CODEOWNERS") {
		return "codeowners"
	}
	return "pipelines"
}
