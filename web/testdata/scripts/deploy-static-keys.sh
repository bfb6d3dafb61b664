#!/usr/bin/env bash
# Deploy jobs that read long-lived cloud keys (where OIDC would do): repository, workflow, job, key, file:line.
# Usage: PRIVGRAPH_URL=… PRIVGRAPH_TOKEN=… deploy-static-keys.sh
set -euo pipefail
query='{
  jobs(first: 500, where: {stage: DEPLOY, hasUsagesWith: {hasCredentialWith: {staticCloudKey: true}}}) {
    edges { node {
      name
      pipeline { path repository { fullName } }
      usages { file line credential { name kind staticCloudKey } }
    } }
  }
}'
jq -n --arg q "$query" '{query: $q}' |
  curl -sS --fail-with-body -H "Authorization: Bearer $PRIVGRAPH_TOKEN" -H 'Content-Type: application/json' \
    --data @- "$PRIVGRAPH_URL/graphql" |
  jq -er 'if .errors then error(.errors[0].message) else . end
    | .data.jobs.edges[].node as $j
    | $j.usages[] | select(.credential.staticCloudKey)
    | [$j.pipeline.repository.fullName, $j.pipeline.path, $j.name, .credential.name, "\(.file):\(.line)"]
    | @tsv'
