#!/usr/bin/env bash
# Runs the benchmarks and writes bench/results.json and bench/results.md: first-load size
# (with a per-crate breakdown of the wasm), start-up, latency, a 10,000-item chat, the
# official amazon-connect-chatjs side by side in the same browser, and the emulator under load.
#   scripts/bench.sh              install what is missing, build once, measure (about 6 minutes
#                                 after the builds)
#   scripts/bench.sh --no-build   measure the dist/ and target/release/connect-emulator there are
# Benchmarks measure, they do not judge: this script exits 0 even when a figure is over its
# budget or cannot be taken (the table then says "n/a (reason)"). Every step is time-bounded.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

build=true
[ "${1:-}" = "--no-build" ] && build=false

step() { printf '\033[1mbench:\033[0m %s\n' "$*"; }
warn() { printf '\033[33mbench:\033[0m %s\n' "$*" >&2; }

step "checking tools (scripts/setup.sh)"
timeout 1800 scripts/setup.sh || warn "setup did not finish; measuring what can be measured"

if [ ! -d bench/node_modules/amazon-connect-chatjs ] || [ ! -d bench/node_modules/ws ]; then
  step "installing the harness's node packages (amazon-connect-chatjs, ws) in bench/"
  (cd bench && timeout 600 npm ci --no-audit --no-fund) || warn "npm ci in bench/ failed"
fi

# A copy of dist/ taken right after the build: a build someone else starts meanwhile rewrites
# dist/ file by file, and the measured glue and wasm must come from one build.
snapshot() {
  mkdir -p bench/.work/dist &&
    cp dist/connect_chat_widget.js dist/connect_chat_widget_bg.wasm bench/.work/dist/ &&
    node -e '
      const fs = require("fs");
      import("./bench/lib/wasm.mjs").then(({ missingGlue }) => {
        const m = missingGlue(fs.readFileSync("bench/.work/dist/connect_chat_widget_bg.wasm"),
          fs.readFileSync("bench/.work/dist/connect_chat_widget.js", "utf8"));
        process.exit(m.length ? 1 : 0);
      });'
}

if $build; then
  step "building the widget (scripts/build-widget.sh)"
  for attempt in 1 2; do
    if timeout 1800 scripts/build-widget.sh && snapshot; then
      export BENCH_DIST="$PWD/bench/.work/dist"
      break
    fi
    warn "dist/ is missing or its glue and wasm differ (another build at the same time?)"
  done
  step "building the emulator (release)"
  timeout 1800 cargo build --release -p connect-emulator || warn "the emulator did not build; its figures will be n/a"
fi

# The size breakdown needs function names: the same wasm-bindgen + wasm-opt as dist/ (the flags
# wasm-pack takes from Cargo.toml), with -g so the name section survives (dist/ is left as it is).
raw=target/wasm32-unknown-unknown/release/connect_chat_widget.wasm
work=bench/.work
read -r -a opt_flags <<<"$(sed -n 's/^wasm-opt = \[\(.*\)\]$/\1/p' Cargo.toml | tr -d '",')"
if [ -f "$raw" ]; then
  step "optimising a copy of the wasm that keeps its names, for the per-crate breakdown"
  mkdir -p "$work"
  if timeout 300 wasm-bindgen --target web --no-typescript --out-dir "$work" "$raw" &&
    timeout 600 wasm-opt "${opt_flags[@]}" -g "$work/connect_chat_widget_bg.wasm" -o "$work/names.wasm"; then
    export BENCH_NAMES_WASM="$PWD/$work/names.wasm"
  else
    warn "could not optimise the named copy; the breakdown uses the wasm before wasm-opt"
  fi
fi

if [ -z "${BENCH_DIST:-}" ] && snapshot 2>/dev/null; then
  export BENCH_DIST="$PWD/bench/.work/dist"
fi

step "measuring (node bench/run.mjs)"
timeout 1500 node bench/run.mjs || warn "the harness stopped early (exit $?); see the output above"

if [ -f bench/results.md ]; then
  cat bench/results.md
fi
exit 0
