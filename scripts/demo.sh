#!/usr/bin/env bash
# Runs the demo: builds the widget and the emulator, then serves the demo page with a scripted
# agent on http://127.0.0.1:8700/ (PORT=... picks another port) and says which address to
# open. The agent console, to answer by hand, is at /agent. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

scripts/setup.sh --demo
scripts/build-widget.sh
scripts/site.sh target/site
cargo build --release -p connect-emulator
exec node scripts/serve.mjs target/site --emulator target/release/connect-emulator --port "${PORT:-8700}"
