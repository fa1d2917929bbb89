#!/usr/bin/env bash
# Installs what the demo and the tests need, and only what is missing. Safe to run again.
#   scripts/setup.sh            everything
#   scripts/setup.sh --demo     only what the demo needs (no browser, no Python)
set -euo pipefail
cd "$(dirname "$0")/.."

demo_only=false
[ "${1:-}" = "--demo" ] && demo_only=true

step() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
fail() { printf '\033[31msetup failed:\033[0m %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

have cargo || fail "cargo is not installed; install Rust with rustup first"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown || fail "rustup could not add wasm32-unknown-unknown"
fi

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock to the patch version.
want=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
[ -n "$want" ] || fail "no wasm-bindgen version found in Cargo.lock"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
  step "installing wasm-bindgen-cli $want (a few minutes, once)"
  cargo install wasm-bindgen-cli --version "$want" || fail "cargo install wasm-bindgen-cli $want"
fi

# wasm-pack drives the widget build (cargo, wasm-bindgen, wasm-opt); it uses the tools on PATH.
wasm_pack=0.15.1
if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$wasm_pack" ]; then
  step "installing wasm-pack $wasm_pack (a few minutes, once)"
  cargo install wasm-pack --version "$wasm_pack" --locked || fail "cargo install wasm-pack $wasm_pack"
fi

have node && have npm || fail "node and npm are needed (for wasm-opt and the browser tests)"
if ! npm ls --depth=0 >/dev/null 2>&1 || [ ! -d node_modules ]; then
  step "installing node packages (binaryen's wasm-opt, playwright-core, axe-core)"
  npm ci --no-audit --no-fund || fail "npm ci"
fi

if ! $demo_only; then
  if ! have chromium || ! have chromedriver; then
    step "installing Chromium and ChromeDriver from Debian"
    if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq || fail "apt-get update"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null \
      || fail "apt-get install chromium chromium-driver"
  fi
  if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import boto3' 2>/dev/null; then
    step "creating .venv with boto3 (the official AWS SDK, for the conformance test)"
    python3 -m venv .venv || fail "python3 -m venv"
    .venv/bin/pip install --quiet --disable-pip-version-check -r scripts/requirements.txt || fail "pip install boto3"
  fi
fi
step "ready"
