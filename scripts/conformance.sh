#!/usr/bin/env bash
# Drives the emulator with the official AWS SDK for Python (boto3) through all 11 operations and
# its exceptions: proof that the SDKs parse what the emulator answers.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
cargo build -p connect-emulator --bin connect-emulator
exec .venv/bin/python crates/emulator/tests/boto3_conformance.py --binary target/debug/connect-emulator
