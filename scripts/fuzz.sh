#!/usr/bin/env bash
# `npm run fuzz`: long mutation-fuzzing runs of every untrusted-input reader (tests/fuzz.rs), one
# target after another. FUZZ_SECONDS per target (default 60) and FUZZ_SEED (default: from the clock).
set -euo pipefail
cd "$(dirname "$0")/.."
export FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
export FUZZ_SEED="${FUZZ_SEED:-$(date +%s)}"
cargo test --release --test fuzz -- --test-threads=1 --nocapture
