#!/usr/bin/env bash
# Runs every test of the project: formatting and lints, the native Rust tests (protocol crate,
# session, emulator), the boto3 conformance run against the emulator, the widget's browser tests in
# headless Chromium, the release build of the widget, the npm package in fresh apps (Vite, webpack,
# Next.js, Node, TypeScript, a CDN copy), and the end-to-end tests (Playwright) against it.
# Installs what is missing first.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

scripts/setup.sh || exit 1

logs=target/test-logs
mkdir -p "$logs"
failed_stages=()
passed=0
failed=0

# Runs one stage, shows its output, and adds up the tests it reports.
stage() {
  local name=$1; shift
  local log="$logs/$name.log"
  printf '\n\033[1m== %s ==\033[0m\n' "$name"
  "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  # cargo test / wasm-bindgen-test: "test result: ok. 12 passed; 0 failed"; others: "12 passed, 0 failed"
  local p f
  p=$(grep -aoE '[0-9]+ passed' "$log" | awk '{s+=$1} END {print s+0}')
  f=$(grep -aoE '[0-9]+ failed' "$log" | awk '{s+=$1} END {print s+0}')
  if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
    # node's test runner (TAP): "# pass 5" / "# fail 0"
    p=$(grep -aE '^# pass [0-9]+' "$log" | awk '{s+=$3} END {print s+0}')
    f=$(grep -aE '^# fail [0-9]+' "$log" | awk '{s+=$3} END {print s+0}')
  fi
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$status" -ne 0 ]; then
    failed_stages+=("$name")
    [ "$f" -eq 0 ] && failed=$((failed + 1))
  fi
}

stage fmt cargo fmt --all -- --check
stage clippy cargo clippy --workspace --all-targets -- -D warnings
stage clippy-wasm cargo clippy -p connect-chat-widget --target wasm32-unknown-unknown -- -D warnings
stage rust-tests cargo test --workspace
stage boto3-conformance scripts/conformance.sh
stage bench-harness node --test bench/test
stage browser-tests scripts/browser-tests.sh
stage widget-build scripts/build-widget.sh
stage consumers tests/consumers/run.sh
stage e2e scripts/e2e.sh

echo
if [ ${#failed_stages[@]} -gt 0 ]; then
  echo "failed stages: ${failed_stages[*]} (logs in $logs/)"
fi
echo "all: $passed passed, $failed failed"
[ ${#failed_stages[@]} -eq 0 ]
