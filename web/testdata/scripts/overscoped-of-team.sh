#!/usr/bin/env bash
# Over-scoped credentials of one team: name, scope, who needs it, who can read it, why.
# Usage: PRIVGRAPH_URL=https://privgraph.example PRIVGRAPH_TOKEN=pgt_… overscoped-of-team.sh TEAM_SLUG
set -euo pipefail
team=${1:?usage: $0 TEAM_SLUG}
query='query($team: String!) {
  credentials(first: 500, where: {overScoped: true, team: $team}) {
    totalCount
    edges { node { name kind scope neededBy exposedTo overScopeReasons repository { fullName } } }
  }
}'
jq -n --arg q "$query" --arg team "$team" '{query: $q, variables: {team: $team}}' |
  curl -sS --fail-with-body -H "Authorization: Bearer $PRIVGRAPH_TOKEN" -H 'Content-Type: application/json' \
    --data @- "$PRIVGRAPH_URL/graphql" |
  jq -er 'if .errors then error(.errors[0].message) else . end
    | .data.credentials.edges[].node
    | [.name, .scope, (.repository.fullName // "-"), "needed by " + ((.neededBy // []) | join(",")),
       "exposed to " + ((.exposedTo // []) | join(",")), ((.overScopeReasons // []) | join(" "))]
    | @tsv'
