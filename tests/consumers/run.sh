#!/usr/bin/env bash
# The package as npm users get it: packs www/ (building the widget first if dist/ is missing)
# and runs the consumer tests (tests/consumers/*.test.mjs), each a fresh minimal app that
# installs the tarball, against the emulator through scripts/e2e.sh.
#   tests/consumers/run.sh               every consumer
#   tests/consumers/run.sh vite next     only vite.test.mjs and next.test.mjs
# Prints "e2e: N passed, N failed, N skipped" last; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/../.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

if [ ! -f dist/connect_chat_widget_bg.wasm ] || [ ! -f dist/connect_chat_widget.js ]; then
  scripts/build-widget.sh || exit 1
fi
out=$PWD/target/consumers
mkdir -p "$out"
rm -f "$out"/connect-chat-widget-*.tgz
name=$(cd www && npm pack --silent --pack-destination "$out") || { echo "consumers: npm pack failed"; exit 1; }
export CONSUMER_TARBALL=$out/$name
echo "consumers: $CONSUMER_TARBALL"

names=()
if [ $# -gt 0 ]; then
  names=("$@")
else
  for f in tests/consumers/*.test.mjs; do names+=("$(basename "$f" .test.mjs)"); done
fi
# scripts/e2e.sh runs tests/e2e/NAME.test.mjs; these live next door.
exec scripts/e2e.sh "${names[@]/#/../consumers/}"
