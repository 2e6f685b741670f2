#!/usr/bin/env bash
# Runs every test tier: type check, engine and CLI unit tests, LSP protocol tests, then the VS Code
# host tiers (VSIX package check, in-host mocha, UI tests), and prints one closing count line.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

echo "=== build and type check"
npm run -s build
npx tsc -b
npx tsc -p media/src   # the webview script has its own DOM-typed project

status=0
run() { # name, command...: runs a tier, keeps its output for the closing count
  local name=$1; shift
  echo "=== $name"
  "$@" 2>&1 | tee "$log/$name.txt" || status=1
}
run unit npm run -s test:unit
run lsp npm run -s test:lsp
run host node scripts/e2e/run-all.mjs

# node:test's spec reporter closes with "ℹ pass N" / "ℹ fail N"; the host tiers with "e2e: N passed, N failed".
passed=0; failed=0
for f in "$log/unit.txt" "$log/lsp.txt"; do
  passed=$((passed + $(sed -n 's/^ℹ pass \([0-9]*\)$/\1/p' "$f" | tail -1)))
  failed=$((failed + $(sed -n 's/^ℹ fail \([0-9]*\)$/\1/p' "$f" | tail -1)))
done
e2e=$(sed -n 's/^e2e: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$log/host.txt" | tail -1)
if [ -n "$e2e" ]; then passed=$((passed + ${e2e% *})); failed=$((failed + ${e2e#* })); fi
[ "$failed" -eq 0 ] || status=1
echo "all tiers: $passed passed, $failed failed"
exit $status
