#!/usr/bin/env bash
# Installs what the build and the tests need on a fresh machine, and nothing that is already there:
# the wasm32 target, wasm-bindgen-cli at the Cargo.lock version, npm packages from the lockfile and,
# with --browser, Debian's Chromium and chromedriver. Safe to run again: each step checks first.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "setup: $*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

wb_version=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
[ -n "$wb_version" ] || { echo "setup: no wasm-bindgen version in Cargo.lock" >&2; exit 1; }
if ! wasm-bindgen --version 2>/dev/null | grep -qF "$wb_version"; then
  log "installing wasm-bindgen-cli $wb_version (about 100 s)"
  cargo install wasm-bindgen-cli --version "$wb_version" --no-default-features --force
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund
fi

if [ "${1:-}" = "--browser" ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  log "installing Debian's chromium and chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi
