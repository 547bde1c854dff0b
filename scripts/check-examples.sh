#!/usr/bin/env bash
# Runs the porting check on every example under examples/ (each on every stack) and compares the red cells
# with the ones the example is written to turn red (examples/<name>/expected-red.txt: "spec file | stack", or
# "[trixie] spec file | stack" for a cell red on that runtime only).
# Prints one line per example and exits non-zero if any example is red elsewhere, or not red where it should.
#   usage: bash scripts/check-examples.sh [NAME ...]      (npm run check:examples)
set -uo pipefail
cd "$(dirname "$0")/.."
names=("$@")
[ ${#names[@]} -eq 0 ] && names=($(ls examples))
status=0
for name in "${names[@]}"; do
  dir="examples/$name"
  [ -f "$dir/example.env" ] || { echo "check-examples: $dir has no example.env" >&2; status=1; continue; }
  matrix=$(mktemp -d /tmp/http-test-example-matrix.XXXXXX)
  log="$matrix/run.log"
  started=$SECONDS
  # The example's settings, one KEY=VALUE a line (values may contain spaces).
  ( set -a; while IFS= read -r line; do case "$line" in ''|\#*) ;; *) export "${line%%=*}=${line#*=}" ;; esac; done < "$dir/example.env"
    HTTP_TEST_MATRIX_DIR="$matrix" npx playwright test >"$log" 2>&1 )
  red=$(node -e '
    const m = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const out = [];
    for (const r of m.rows) for (const [stack, c] of Object.entries(r.cells)) if (c.verdict === "failed") out.push(`${r.spec} | ${stack}`);
    console.log([...new Set(out)].sort().join("\n"));' "$matrix/matrix.json" 2>/dev/null)
  # A line may name the one runtime it holds on, `[trixie] spec | stack`: a behaviour one runtime's packages
  # decide (Debian 12 has no simple-websocket, so no WebSocket to hold). The runtime is the run's own cells'.
  runtime=$(node -e '
    const m = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const r of m.rows) for (const c of Object.values(r.cells)) if (c.runtime) { console.log(c.runtime); process.exit(0); }' "$matrix/matrix.json" 2>/dev/null)
  expected=$(grep -v '^#' "$dir/expected-red.txt" | sed '/^\s*$/d' | sed -E "s/^\[${runtime:-none}\] //" | grep -v '^\[' | sort)
  if [ ! -f "$matrix/matrix.json" ]; then
    echo "✗ $name: the run wrote no matrix (see $log)"; status=1; continue
  fi
  if [ "$red" == "$expected" ]; then
    echo "✓ $name: red exactly where expected ($(echo "$expected" | sed '/^$/d' | wc -l) cells) in $((SECONDS - started)) s"
    rm -rf "$matrix"
  else
    echo "✗ $name: red cells differ from $dir/expected-red.txt (run log: $log)"
    diff <(echo "$expected") <(echo "$red") | sed 's/^/    /'
    status=1
  fi
done
exit $status
