# SPDX-License-Identifier: GPL-2.0
"""Builds what the VM runner and tests need: kernels, cdp_rs.ko, cdptool."""

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CARGO_BIN = os.path.join(os.environ.get("CARGO_HOME", os.path.expanduser("~/.cargo")), "bin")


def log(msg):
    print(f"\033[1m[build]\033[0m {msg}", file=sys.stderr, flush=True)


def kernel(flavour):
    """Path of the built kernel tree of `flavour` (built if not cached)."""
    out = subprocess.run([os.path.join(ROOT, "scripts/kernel"), flavour],
                         stdout=subprocess.PIPE, check=True, text=True)
    return out.stdout.strip().splitlines()[-1]


def kmake(tree, mdir, *targets):
    env = dict(os.environ, LIBCLANG_PATH="/usr/lib/llvm-19/lib")
    cmd = ["make", "-s", "-C", tree, f"M={mdir}", "LLVM=-19",
           "RUSTC=/usr/bin/rustc", "RUST_LIB_SRC=/usr/lib/rustlib/src/rust/library",
           f"BINDGEN={CARGO_BIN}/bindgen", "CONFIG_CDP_RS=m", *targets]
    r = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stdout)
        sys.exit(f"build: module build failed in {mdir}")
    return r.stdout


def sync_sources(dst, srcs):
    """Copy `srcs` (paths relative to ROOT) into `dst`, rewriting only files
    that changed so the kernel build stays incremental."""
    for rel in srcs:
        src = os.path.join(ROOT, rel)
        if os.path.isdir(src):
            for dp, _, files in os.walk(src):
                for f in files:
                    s = os.path.join(dp, f)
                    copy_if_changed(s, os.path.join(dst, os.path.relpath(s, ROOT)))
        else:
            copy_if_changed(src, os.path.join(dst, rel))


def copy_if_changed(s, d):
    os.makedirs(os.path.dirname(d), exist_ok=True)
    data = open(s, "rb").read()
    if os.path.exists(d) and open(d, "rb").read() == data:
        return
    open(d, "wb").write(data)


@contextlib.contextmanager
def locked(name):
    """Holds build/<name>.lock: VM tests run side by side (make check), and
    two builds in one directory would race."""
    os.makedirs(os.path.join(ROOT, "build"), exist_ok=True)
    with open(os.path.join(ROOT, "build", f"{name}.lock"), "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        yield


def module(flavour):
    """cdp_rs.ko built for the `flavour` kernel, in build/mod-<flavour>."""
    tree = kernel(flavour)
    mdir = os.path.join(ROOT, "build", f"mod-{flavour}")
    with locked(f"mod-{flavour}"):
        sync_sources(mdir, ["Kbuild", "Kconfig", "src"])
        log(f"building cdp_rs.ko for the {flavour} kernel")
        kmake(tree, mdir, "modules")
    return os.path.join(mdir, "cdp_rs.ko")


def extra_module(flavour, srcdir):
    """A test module from `srcdir` (with its own Kbuild), for `flavour`."""
    tree = kernel(flavour)
    mdir = os.path.join(ROOT, "build", f"{os.path.basename(srcdir)}-{flavour}")
    with locked(os.path.basename(mdir)):
        for f in os.listdir(os.path.join(ROOT, srcdir)):
            copy_if_changed(os.path.join(ROOT, srcdir, f), os.path.join(mdir, f))
        kmake(tree, mdir, "modules")
    kos = [f for f in os.listdir(mdir) if f.endswith(".ko")]
    return os.path.join(mdir, kos[0])


def cdptool():
    """The statically linked cdptool binary for the guest."""
    hdir = os.path.join(ROOT, "tests/host")
    target = os.path.join(ROOT, "build/cdptool-target")
    env = dict(os.environ, CARGO_TARGET_DIR=target,
               RUSTFLAGS="-C target-feature=+crt-static")
    r = subprocess.run(["cargo", "build", "-q", "--release", "--bin", "cdptool"],
                       cwd=hdir, env=env)
    if r.returncode != 0:
        sys.exit("build: cdptool build failed")
    return os.path.join(target, "release/cdptool")


def cdpctl():
    """cdpctl (src/cdpctl), statically linked: for the guest, and what
    `make cdpctl` leaves in build/cdpctl (about 10 s from scratch)."""
    target = os.path.join(ROOT, "build/cdpctl-target")
    triple = "x86_64-unknown-linux-gnu"
    # With --target, RUSTFLAGS reach the binary's crates only, not the
    # proc-macros (which cannot be static).
    env = dict(os.environ, CARGO_TARGET_DIR=target,
               RUSTFLAGS="-C target-feature=+crt-static")
    with locked("cdpctl"):
        r = subprocess.run(["cargo", "build", "-q", "--release", "--target", triple],
                           cwd=os.path.join(ROOT, "src/cdpctl"), env=env)
        if r.returncode != 0:
            sys.exit("build: cdpctl build failed")
        out = os.path.join(ROOT, "build", "cdpctl")
        shutil.copy(os.path.join(target, triple, "release", "cdpctl"), out)
    return out
