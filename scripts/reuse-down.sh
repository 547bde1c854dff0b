#!/usr/bin/env bash
# Removes every stack HTTP_TEST_REUSE=1 kept running (compose projects httptest-reuse-*) and their keys.
#   usage: bash scripts/reuse-down.sh      (npm run reuse:down)
set -uo pipefail
projects=$( { docker ps -a --filter label=com.docker.compose.project --format '{{.Label "com.docker.compose.project"}}'
              docker network ls --filter label=com.docker.compose.project --format '{{.Label "com.docker.compose.project"}}'; } | grep '^httptest-reuse-' | sort -u)
for project in $projects; do
  ids=$(docker ps -aq --filter "label=com.docker.compose.project=$project")
  [ -n "$ids" ] && docker rm -f -v $ids >/dev/null
  nets=$(docker network ls -q --filter "label=com.docker.compose.project=$project")
  [ -n "$nets" ] && docker network rm $nets >/dev/null
  echo "reuse:down: removed $project"
done
rm -rf "${TMPDIR:-/tmp}"/http-test-reuse-*
[ -z "$projects" ] && echo "reuse:down: no reused stack was running"
exit 0
