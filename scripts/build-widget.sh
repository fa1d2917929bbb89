#!/usr/bin/env bash
# Builds the widget for the browser with wasm-pack (--target web): dist/connect_chat_widget_bg.wasm
# and its JS glue dist/connect_chat_widget.js. wasm-pack runs cargo, then wasm-bindgen and wasm-opt
# from PATH (the wasm-bindgen-cli matching Cargo.lock, npm's binaryen; --mode no-install: it never
# downloads them); wasm-opt's flags are in Cargo.toml, [package.metadata.wasm-pack.profile.release].
#   scripts/build-widget.sh            release build, size-optimised with wasm-opt
# When the raw wasm, the tools and the wasm-opt flags are those of the last build, wasm-bindgen and
# wasm-opt are skipped (dist/.build-stamp holds their hash): a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

out=dist
raw=target/wasm32-unknown-unknown/release/connect_chat_widget.wasm
stamp=$out/.build-stamp

# Panic locations name their source files. Where this machine keeps the crates is no business
# of the shipped wasm, and every path repeats it: each becomes `crates.io/tachys-0.2.19/src/...`
# (the standard library's paths come precompiled and stay). Both cargo runs below (ours and
# wasm-pack's) read this variable, so wasm-pack's is still a no-op.
remaps=()
for dir in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
  remaps+=("--remap-path-prefix=${dir%/}=crates.io")
done
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="${remaps[*]}"

# The same cargo invocation wasm-pack makes, so its own build below is a no-op.
CARGO_BUILD_TARGET=wasm32-unknown-unknown cargo build --lib --release -p connect-chat-widget

inputs() {
  sha256sum "$raw" | cut -d' ' -f1
  wasm-bindgen --version
  wasm-opt --version
  wasm-pack --version
  sed -n '/^\[package.metadata.wasm-pack/,/^\[/p' Cargo.toml
}
want=$(inputs | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] &&
  [ -f "$out/connect_chat_widget_bg.wasm" ] && [ -f "$out/connect_chat_widget.js" ]; then
  echo "build-widget: the raw wasm is unchanged since $out/ was written; wasm-bindgen and wasm-opt skipped"
else
  rm -f "$stamp"
  wasm-pack --log-level error build --release --target web --mode no-install --no-pack --no-typescript \
    --out-dir "$out" --out-name connect_chat_widget . -- -p connect-chat-widget
  echo "$want" >"$stamp"
fi
for f in "$out"/connect_chat_widget_bg.wasm "$out"/connect_chat_widget.js; do
  printf '%-40s %8d bytes, %7d gzip\n' "$f" "$(wc -c <"$f")" "$(gzip -9c "$f" | wc -c)"
done
