#!/usr/bin/env bash
# What the latest scan changed (added / removed / modified) and what it could not read.
# Usage: PRIVGRAPH_URL=… PRIVGRAPH_TOKEN=… changes-since-last-scan.sh
set -euo pipefail
query='{
  scans(first: 1, orderBy: [{field: STARTED_AT, direction: DESC}]) {
    edges { node {
      platform target startedAt status coverageGaps
      changes(first: 500) { totalCount edges { node { kind entity entityKey summary } } }
    } }
  }
}'
jq -n --arg q "$query" '{query: $q}' |
  curl -sS --fail-with-body -H "Authorization: Bearer $PRIVGRAPH_TOKEN" -H 'Content-Type: application/json' \
    --data @- "$PRIVGRAPH_URL/graphql" |
  jq -er 'if .errors then error(.errors[0].message) else . end
    | .data.scans.edges[].node
    | "# \(.platform) \(.target) at \(.startedAt): \(.status), \(.changes.totalCount) changes",
      (.coverageGaps // [] | .[] | "! " + .),
      (.changes.edges[].node | "\(.kind)\t\(.entity)\t\(.summary)")'
