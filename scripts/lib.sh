# SPDX-License-Identifier: GPL-2.0
# Shared settings for cdp_rs scripts: sourced, not run.

CDP_RS_CACHE=${CDP_RS_CACHE:-$HOME/.cache/cdp_rs}
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# The kernel's Rust needs Debian's rustc-web (it ships the matching `core`
# source); rustup's toolchains have no rust-src. libclang 19 for bindgen.
KRUST_ARGS=(LLVM=-19 RUSTC=/usr/bin/rustc
  RUST_LIB_SRC=/usr/lib/rustlib/src/rust/library
  BINDGEN="${CARGO_HOME:-$HOME/.cargo}/bin/bindgen")
export LIBCLANG_PATH=/usr/lib/llvm-19/lib

log() { printf '\033[1m[%s]\033[0m %s\n' "${LOG_TAG:-cdp_rs}" "$*" >&2; }
die() { log "error: $*"; exit 1; }
