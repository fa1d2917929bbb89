#!/usr/bin/env bash
# Runs the widget's browser tests (tests/web.rs: shell, components, hostile content, and a whole
# chat) in headless Chromium with wasm-pack test and wasm-bindgen-test, against a running emulator.
#   scripts/browser-tests.sh [FILTER]   only the tests whose names contain FILTER
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

cargo build -p connect-emulator --bin connect-emulator || exit 1
work=target/browser-tests
mkdir -p "$work"
target/debug/connect-emulator --port 0 --agent scripted >"$work/emulator.out" 2>"$work/emulator.log" &
emulator_pid=$!
trap 'kill $emulator_pid 2>/dev/null; wait $emulator_pid 2>/dev/null' EXIT INT TERM

url=""
for _ in $(seq 1 100); do
  url=$(head -n 1 "$work/emulator.out" 2>/dev/null | sed -n 's/.*"participant_url":"\([^"]*\)".*/\1/p')
  [ -n "$url" ] && break
  kill -0 "$emulator_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "browser-tests: the emulator did not start; its log:" >&2
  cat "$work/emulator.log" >&2
  exit 1
fi
echo "emulator: $url"

# The tests read the emulator's URL at build time. wasm-pack runs them with wasm-bindgen's test
# runner, which drives Debian's Chromium through its chromedriver (both found on PATH; with
# --mode no-install wasm-pack downloads nothing) with the capabilities in webdriver.json. The
# runner gives the whole suite 20 s by default; on a busy 2-core machine a whole chat through the
# widget can take longer, so it gets more (a hung test still ends the run).
CONNECT_EMULATOR_URL="$url" WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-180}" \
  timeout 1200 wasm-pack --log-level error test --headless --chrome --mode no-install . \
  -p connect-chat-widget --test web -- "$@"
