#!/usr/bin/env bash
# Runs the end-to-end tests (tests/e2e/*.test.mjs) in headless Chromium against the emulator.
# Builds the widget only when dist/ is missing (the test command builds it once), uses the
# newest emulator binary already built (the test command's cargo test builds one) or builds the
# debug one (CONNECT_EMULATOR_BIN picks another), starts it
# on free ports, assembles the site, runs the tests, and stops everything. Bounded in time.
#   scripts/e2e.sh                 every test file
#   scripts/e2e.sh chat faults     only tests/e2e/chat.test.mjs and tests/e2e/faults.test.mjs
# Prints "e2e: N passed, N failed, N skipped" last; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
limit=${E2E_TIMEOUT:-900}

if [ ! -f dist/connect_chat_widget_bg.wasm ] || [ ! -f dist/connect_chat_widget.js ]; then
  scripts/build-widget.sh || exit 1
fi
emulator=${CONNECT_EMULATOR_BIN:-}
if [ -z "$emulator" ]; then
  # The newest one built (the test command's cargo test builds target/debug's).
  emulator=$(ls -t target/debug/connect-emulator target/release/connect-emulator \
    target/emu/debug/connect-emulator target/emu/release/connect-emulator 2>/dev/null | head -n 1)
fi
if [ -z "$emulator" ]; then
  cargo build -p connect-emulator || exit 1
  emulator=target/debug/connect-emulator
fi

work=target/e2e
site=$work/site
rm -rf "$site"
rm -f "$work/emulator.out"
mkdir -p "$site" "$work"

emulator_pid=""
cleanup() {
  if [ -n "$emulator_pid" ]; then
    kill "$emulator_pid" 2>/dev/null
    wait "$emulator_pid" 2>/dev/null
  fi
}
trap cleanup EXIT INT TERM

# The emulator prints one JSON line with its URLs; everything after goes to the log.
"$emulator" --host 127.0.0.1 --port 0 --agent scripted --static "$site" >"$work/emulator.out" 2>"$work/emulator.log" &
emulator_pid=$!
urls=""
for _ in $(seq 1 100); do
  urls=$(head -n 1 "$work/emulator.out" 2>/dev/null)
  [ -n "$urls" ] && break
  kill -0 "$emulator_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$urls" ]; then
  echo "e2e: the emulator did not start ($emulator); its log:" >&2
  cat "$work/emulator.log" >&2
  echo "e2e: 0 passed, 1 failed"
  exit 1
fi
echo "emulator ($emulator): $urls"
scripts/site.sh "$site" --urls "$urls" --tests || exit 1

files=()
if [ $# -gt 0 ]; then
  for name in "$@"; do files+=("tests/e2e/$name.test.mjs"); done
else
  files=(tests/e2e/*.test.mjs)
fi

# One file at a time: faults injected through the control API reach every chat.
E2E_URLS=$urls E2E_SITE=$site E2E_WORK=$work timeout --kill-after=10 "$limit" \
  node --test --test-concurrency=1 --test-timeout=240000 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$work/results.tap" \
    "${files[@]}"
status=$?

count() { grep -aE "^# $1 [0-9]+" "$work/results.tap" | tail -n 1 | awk '{print $3}'; }
pass=$(count pass); fail=$(count fail); cancelled=$(count cancelled); skip=$(count skipped); todo=$(count todo)
pass=${pass:-0}; skip=${skip:-0}
# A cancelled test (its file timed out or crashed) counts as failed.
fail=$(( ${fail:-0} + ${cancelled:-0} ))
[ "${todo:-0}" -eq 0 ] && todo=""
[ "$status" -ne 0 ] && [ "$fail" -eq 0 ] && fail=1
[ "$fail" -gt 0 ] && echo "e2e: details in $work/results.tap; the emulator's log is $work/emulator.log"
echo "e2e: $pass passed, $fail failed, $skip skipped${todo:+, $todo todo}"
[ "$status" -eq 0 ] && [ "$fail" -eq 0 ]
