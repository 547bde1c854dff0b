#!/usr/bin/env bash
# Order independence: every spec passes whatever ran before it on its stack.
#   1. every spec file alone, first on a stack of its own (a project per stack and file);
#   2. the whole suite on each stack, files in a shuffled order (Playwright's --shuffle; the seed is printed,
#      HTTP_TEST_ORDER_SEED=<seed> repeats an order). The normal run is the third order: file order.
# Extra arguments go to every `playwright test` (e.g. --project=nginx, a spec file).
# Reports of these runs go to a temporary folder: reports/matrix keeps the last normal run.
#   usage: bash scripts/check-order.sh [playwright args]      (npm run check:order)
set -uo pipefail
cd "$(dirname "$0")/.."
seed="${HTTP_TEST_ORDER_SEED:-$RANDOM}"
export HTTP_TEST_MATRIX_DIR
HTTP_TEST_MATRIX_DIR=$(mktemp -d /tmp/http-test-order.XXXXXX)
trap 'rm -rf "$HTTP_TEST_MATRIX_DIR"' EXIT
failed=()

echo "check-order: 1/2 every spec file alone, first on a stack of its own"
# One worker: "first on a stack of its own" and "in this order" mean one test after the other.
HTTP_TEST_EACH_FILE_ALONE=1 npx playwright test --workers=1 "$@" || failed+=("alone")

# One run per stack: a shuffle across stacks would restart a stack at every switch.
projects=$(npx playwright test --list "$@" 2>/dev/null | sed -n 's/^ *\[\([a-z-]*\)\] ›.*/\1/p' | sort -u)
for project in $projects; do
  echo "check-order: 2/2 $project, files in a shuffled order (seed $seed)"
  npx playwright test --workers=1 --project="$project" --shuffle="$seed" "$@" || failed+=("$project shuffled (seed $seed)")
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "check-order: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "check-order: every spec passed alone and in a shuffled order (seed $seed)"
