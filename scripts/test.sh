#!/usr/bin/env bash
# `npm test`: installs what is missing (scripts/setup.sh), then runs every suite in order: formatting and
# lints, native Rust tests, the build, wasm tests in Node and headless Chromium against the emulator,
# the JS suites against the built package, and the size budget.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "setup"
bash scripts/setup.sh --browser

step "cargo fmt and clippy (native and wasm32)"
cargo fmt --check
cargo clippy --all-targets -q -- -D warnings
cargo clippy --all-targets -q --target wasm32-unknown-unknown --features emulator-tests -- -D warnings

step "native Rust tests"
cargo test

step "build pkg/"
node scripts/build.mjs --skip-setup

step "wasm tests in Node and headless Chromium, against the emulator"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER=/usr/bin/chromedriver
node scripts/with-emulator.mjs cargo test --target wasm32-unknown-unknown --features emulator-tests

step "JS suites: emulator, package, pages built with bundlers, Deno, Bun and workerd, the command line, reliability, scripts on a fresh clone, dashboard in Chromium (node --test)"
node --test tests/emulator/ tests/js/ tests/bundlers/ tests/runtimes/ tests/cli/ tests/reliability/ tests/scripts/ tests/www/

step "size budget (gzip -9 of what a page loads)"
node scripts/size-budget.mjs
