#!/usr/bin/env bash
# Installs what fuzzing needs (cargo-fuzz), skipping what is already there. scripts/fuzz.sh calls
# it: `make fuzz`, and the time-boxed fuzz layer of `make test` (so CI installs it once per machine).
# libFuzzer needs unstable compiler flags: the nightly toolchain when it is installed, else the
# stable one with RUSTC_BOOTSTRAP=1 (scripts/fuzz.sh decides; no toolchain is downloaded here).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

if ! cargo fuzz --version >/dev/null 2>&1; then
  printf '\n== %s\n' "cargo install cargo-fuzz --locked"
  cargo install cargo-fuzz --locked
fi
