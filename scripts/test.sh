#!/usr/bin/env bash
# Runs every test tier: type check, engine and CLI unit tests, LSP protocol tests.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run -s build
npx tsc -b
npm run -s test:unit
npm run -s test:lsp
