#!/usr/bin/env bash
# `npm run test:node-matrix`: the process-level suites (runtime helper, codemod outputs as real
# processes, the CLI) under Node 22 and 24, the binaries the npm registry ships (the `node`
# package), installed once into .cache/node-matrix. vitest itself runs on that Node, and PATH
# starts with its bin/, so every process the tests spawn (process.execPath, tsx, npx) is that
# Node too. Node 20 runs them in `npm test`. Usage: scripts/test-node-matrix.sh [major…]
set -euo pipefail
cd "$(dirname "$0")/.."

majors=("$@")
[ ${#majors[@]} -gt 0 ] || majors=(22 24)
cache=.cache/node-matrix
suites=(
  tests/runtime
  tests/codemods/graceful-main-process.test.ts
  tests/codemods/thread-signal-e2e.test.ts
  tests/cli
)

missing=()
for major in "${majors[@]}"; do
  [ -x "$cache/node_modules/node$major/bin/node" ] || missing+=("node$major@npm:node@$major")
done
if [ ${#missing[@]} -gt 0 ]; then
  mkdir -p "$cache"
  [ -f "$cache/package.json" ] || echo '{ "private": true }' >"$cache/package.json"
  # The `node` package installs the platform's binary from its preinstall script.
  (cd "$cache" && npm install --no-save --no-audit --no-fund --foreground-scripts=false "${missing[@]}" >&2)
fi

# The CLI tests run the built CLI: build once, with the Node that runs npm.
[ -f packages/graceful-shutdown-cli/dist/cli/main.js ] || npm run --silent build >&2

status=0
for major in "${majors[@]}"; do
  bin="$PWD/$cache/node_modules/node$major/bin"
  echo "== Node $("$bin/node" --version): ${suites[*]}"
  if ! PATH="$bin:$PATH" "$bin/node" node_modules/vitest/vitest.mjs run "${suites[@]}"; then
    echo "== Node $("$bin/node" --version): FAILED"
    status=1
  fi
done
exit $status
