#!/usr/bin/env bash
# Runs the porting check on every example under examples/ (each on every stack) and compares the red cells
# with the ones the example is written to turn red (examples/<name>/expected-red.txt: "spec file | stack").
# Where a behaviour differs between the runtimes, examples/<name>/expected-red.<runtime>.txt (the runtime of this
# run: HTTP_TEST_RUNTIME, else http-test.env's) replaces it.
# Prints one line per example and exits non-zero if any example is red elsewhere, or not red where it should.
#   usage: bash scripts/check-examples.sh [NAME ...]      (npm run check:examples)
set -uo pipefail
cd "$(dirname "$0")/.."
names=("$@")
[ ${#names[@]} -eq 0 ] && names=($(ls examples))
status=0
runtime=${HTTP_TEST_RUNTIME:-$(sed -n 's/^HTTP_TEST_RUNTIME=//p' http-test.env 2>/dev/null | tail -1)}
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
  expected_file="$dir/expected-red.txt"
  [ -n "$runtime" ] && [ -f "$dir/expected-red.$runtime.txt" ] && expected_file="$dir/expected-red.$runtime.txt"
  expected=$(grep -v '^#' "$expected_file" | sed '/^\s*$/d' | sort)
  if [ ! -f "$matrix/matrix.json" ]; then
    echo "✗ $name: the run wrote no matrix (see $log)"; status=1; continue
  fi
  if [ "$red" == "$expected" ]; then
    echo "✓ $name: red exactly where expected ($(echo "$expected" | sed '/^$/d' | wc -l) cells) in $((SECONDS - started)) s"
    rm -rf "$matrix"
  else
    echo "✗ $name: red cells differ from $expected_file (run log: $log)"
    diff <(echo "$expected") <(echo "$red") | sed 's/^/    /'
    status=1
  fi
done
exit $status
