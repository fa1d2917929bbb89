#!/usr/bin/env bash
# Runs the demo: builds the widget and the emulator, then serves the demo page with a scripted
# agent. Open the page URL it prints; open /agent on the emulator to answer by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

scripts/setup.sh --demo
scripts/build-widget.sh
scripts/site.sh target/site
cargo build --release -p connect-emulator
echo
echo "Starting the emulator; the line below lists its URLs. Open page_url in a browser."
echo "Type /help in the chat to see what the scripted agent can do. Ctrl-C stops it."
exec target/release/connect-emulator --agent scripted --static target/site --port "${PORT:-8700}"
