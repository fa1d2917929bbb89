#!/usr/bin/env bash
# Builds the widget for the browser: dist/connect_chat_widget_bg.wasm and its JS glue.
#   scripts/build-widget.sh            release build, size-optimised with wasm-opt
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

out=dist
cargo build --release --target wasm32-unknown-unknown -p connect-chat-widget
wasm-bindgen --target web --no-typescript --out-dir "$out" \
  target/wasm32-unknown-unknown/release/connect_chat_widget.wasm
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals "$out/connect_chat_widget_bg.wasm" -o "$out/connect_chat_widget_bg.wasm"
for f in "$out"/connect_chat_widget_bg.wasm "$out"/connect_chat_widget.js; do
  printf '%-40s %8d bytes, %7d gzip\n' "$f" "$(wc -c <"$f")" "$(gzip -9c "$f" | wc -c)"
done
