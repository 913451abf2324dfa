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
CACHE = os.environ.get("CDP_RS_CACHE", os.path.expanduser("~/.cache/cdp_rs"))


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


def is_build_output(name):
    """What an in-place `make` leaves beside the sources (objects, .cmd
    files, generated bindings): never copied, or a copy would overwrite
    the objects of the build it is copied into and force a relink (or mix
    in objects built for another kernel)."""
    return name.startswith(".") or name.endswith(
        (".o", ".ko", ".mod", ".mod.c", ".order", ".symvers", "bindings_generated.rs"))


def sync_sources(dst, srcs):
    """Copy `srcs` (paths relative to ROOT) into `dst`, rewriting only files
    that changed so the kernel build stays incremental. Sources only: build
    outputs and src/cdpctl (a user-space crate) are left out."""
    for rel in srcs:
        src = os.path.join(ROOT, rel)
        if os.path.isdir(src):
            for dp, dirs, files in os.walk(src):
                dirs[:] = [d for d in dirs if os.path.relpath(os.path.join(dp, d), ROOT) != "src/cdpctl"]
                files = [f for f in files if not is_build_output(f)]
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
        # Warnings (if any) go on: make check reads them here.
        sys.stdout.write(kmake(tree, mdir, "modules"))
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


@contextlib.contextmanager
def _cache_locked(name):
    """Holds $CDP_RS_CACHE/cargo/<name>.lock: the cached cargo build
    directories are shared by every clone on the machine, and a binary one
    clone built must not be replaced by another's before it is copied out."""
    os.makedirs(os.path.join(CACHE, "cargo"), exist_ok=True)
    with open(os.path.join(CACHE, "cargo", f"{name}.lock"), "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        yield


def _static_build(name, cwd, args, built):
    """`cargo build --release ARGS` in CWD, statically linked, in the cached
    build directory $CDP_RS_CACHE/cargo/NAME (a clean clone compiles only
    its own crates); the binary BUILT (relative to it) is copied to
    build/NAME, which is returned."""
    target = os.path.join(CACHE, "cargo", name)
    env = dict(os.environ, CARGO_TARGET_DIR=target,
               RUSTFLAGS="-C target-feature=+crt-static")
    out = os.path.join(ROOT, "build", name)
    os.makedirs(os.path.join(ROOT, "build"), exist_ok=True)
    with _cache_locked(name):
        r = subprocess.run(["cargo", "build", "-q", "--release", *args], cwd=cwd, env=env)
        if r.returncode != 0:
            sys.exit(f"build: {name} build failed")
        shutil.copy(os.path.join(target, built), out + ".tmp")
        os.replace(out + ".tmp", out)
    return out


def cdptool():
    """The statically linked cdptool binary for the guest (build/cdptool)."""
    return _static_build("cdptool", os.path.join(ROOT, "tests/host"),
                         ["--bin", "cdptool"], "release/cdptool")


def cdpctl():
    """cdpctl (src/cdpctl), statically linked: for the guest, and what
    `make cdpctl` leaves in build/cdpctl (about 10 s from scratch)."""
    triple = "x86_64-unknown-linux-gnu"
    # With --target, RUSTFLAGS reach the binary's crates only, not the
    # proc-macros (which cannot be static).
    with locked("cdpctl"):
        return _static_build("cdpctl", os.path.join(ROOT, "src/cdpctl"),
                             ["--target", triple], f"{triple}/release/cdpctl")


# Debian's stock kernels (scripts/debian-root): the unmodified kernel image,
# its own modules, and cdp_rs.ko built by DKMS from the cdp-rs-dkms package.

STOCK_SUITES = ("trixie", "sid")

# The stock kernel's modules the VM tests use (virtio-net, veth, VLAN,
# bridge, bond, tun, macvlan, dummy), loaded with their dependencies.
STOCK_GUEST_MODULES = ("virtio_net", "veth", "8021q", "bridge", "bonding", "tun",
                       "macvlan", "dummy")


def debian_root(suite, *args):
    out = subprocess.run([os.path.join(ROOT, "scripts/debian-root"), suite, *args],
                         stdout=subprocess.PIPE, check=True, text=True)
    return out.stdout.strip().splitlines()[-1]


def stock_kernel(suite):
    """(release, vmlinuz) of the suite's stock kernel."""
    rel, kdir = debian_root(suite, "--kernel").split()
    return rel, os.path.join(kdir, "usr/lib/modules", rel, "vmlinuz")


def _hash_files(paths):
    import hashlib
    h = hashlib.sha256()
    for p in paths:
        h.update(p.encode() + b"\0")
        h.update(open(os.path.join(ROOT, p), "rb").read())
    return h.hexdigest()[:16]


def deb():
    """The cdp-rs-dkms package of the current tree (make deb), rebuilt only
    when what goes into it changed."""
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                           cwd=ROOT, stdout=subprocess.PIPE, check=True, text=True).stdout.split()
    # What goes into the packages.
    files = sorted(f for f in files if os.path.isfile(os.path.join(ROOT, f)) and (
        f.startswith(("src/", "debian/")) or f in (
            "Kbuild", "Kconfig", "Makefile", "dkms.conf", "scripts/prepare-headers",
            "scripts/deb")))
    cdpctl()
    key = _hash_files(files + ["build/cdpctl"])
    out = os.path.join(ROOT, "build/deb")
    stamp = os.path.join(ROOT, "build/deb.key")
    with locked("deb"):
        debs = [f for f in os.listdir(out) if f.startswith("cdp-rs-dkms_")] if os.path.isdir(out) else []
        if not (debs and os.path.exists(stamp) and open(stamp).read() == key):
            log("building the Debian packages (make deb)")
            r = subprocess.run([os.path.join(ROOT, "scripts/deb")], stdout=subprocess.DEVNULL)
            if r.returncode != 0:
                sys.exit("build: make deb failed")
            open(stamp, "w").write(key)
            debs = [f for f in os.listdir(out) if f.startswith("cdp-rs-dkms_")]
    return os.path.join(out, debs[0])


def stock_module(suite):
    """cdp_rs.ko for the suite's stock kernel, built as a user gets it:
    the cdp-rs-dkms package installed with apt into the Debian system, whose
    DKMS builds it (the first time also preparing the headers, 2-3 min).
    In build/stock-<suite>/cdp_rs.ko; the install log next to it."""
    import hashlib
    pkg = deb()
    rel, _ = stock_kernel(suite)
    out = os.path.join(ROOT, "build", f"stock-{suite}")
    os.makedirs(out, exist_ok=True)
    ko = os.path.join(out, "cdp_rs.ko")
    key = hashlib.sha256(open(pkg, "rb").read() + rel.encode()).hexdigest()[:16]
    stamp = os.path.join(out, "module.key")
    with locked(f"stock-{suite}"):
        if os.path.exists(ko) and os.path.exists(stamp) and open(stamp).read() == key:
            return ko
        root = debian_root(suite)
        shutil.copy(pkg, os.path.join(root, "tmp", os.path.basename(pkg)))
        log(f"installing {os.path.basename(pkg)} in the Debian {suite} system "
            f"(apt; DKMS builds cdp_rs.ko for {rel})")
        logf = os.path.join(out, "install.log")
        built = os.path.join(root, f"lib/modules/{rel}/updates/dkms")
        with open(logf, "w") as f:
            # The previous version goes first, as on an upgrade, and its
            # module must go with it.
            r = subprocess.run([os.path.join(ROOT, "scripts/debian-root"), suite, "--run",
                                "sh", "-c", "! dpkg -s cdp-rs-dkms >/dev/null 2>&1 || "
                                "apt-get remove -y cdp-rs-dkms"],
                               stdout=f, stderr=subprocess.STDOUT)
            left = [x for x in os.listdir(built) if x.startswith("cdp_rs.ko")] if os.path.isdir(built) else []
            f.write(f"@@REMOVED rc={r.returncode} left={','.join(left) or 'none'}\n")
            f.flush()
            if r.returncode != 0 or left:
                sys.exit(f"build: removing cdp-rs-dkms left {left} (log: {logf})")
            r = subprocess.run([os.path.join(ROOT, "scripts/debian-root"), suite, "--run",
                                "apt-get", "install", "-y", f"/tmp/{os.path.basename(pkg)}"],
                               stdout=f, stderr=subprocess.STDOUT)
        text = open(logf).read()
        cands = [f for f in os.listdir(built) if f.startswith("cdp_rs.ko")] if os.path.isdir(built) else []
        if r.returncode != 0 or not cands or "Error" in text:
            sys.stderr.write(text[-3000:])
            sys.exit(f"build: installing cdp-rs-dkms did not build cdp_rs.ko for {rel} (log: {logf})")
        src = os.path.join(built, cands[0])
        _unpack_module(src, ko)
        open(stamp, "w").write(key)
    return ko


def _unpack_module(src, dst):
    if src.endswith(".xz"):
        subprocess.run(f"xz -dc '{src}' > '{dst}'", shell=True, check=True)
    elif src.endswith(".zst"):
        subprocess.run(["zstd", "-qdf", src, "-o", dst], check=True)
    else:
        shutil.copy(src, dst)


# What a guest booting the Debian system as its root (scripts/vm
# --debian-root) also needs: 9p for the read-only root, overlay for a
# writable tmpfs over it.
DEBROOT_GUEST_MODULES = ("9pnet_virtio", "9p", "overlay")

# Debian packages put in the Debian system for --debian-root guests: the
# programs the cdpctl package works with, as users run them (systemd units).
DEBROOT_PACKAGES = ("snmpd", "snmp", "prometheus-node-exporter", "iproute2", "python3")


def debian_userland(suite):
    """The Debian system, with the cdpctl package of the current tree and
    DEBROOT_PACKAGES installed with apt, for a guest that boots it under
    systemd. Reinstalled only when the package changed. Returns the root."""
    import glob
    import hashlib
    deb()
    pkgs = sorted(glob.glob(os.path.join(ROOT, "build", "deb", "cdpctl_*.deb")))
    if not pkgs:
        sys.exit("build: make deb made no cdpctl package")
    pkg = pkgs[-1]
    root = debian_root(suite)
    out = os.path.join(ROOT, "build", f"stock-{suite}")
    os.makedirs(out, exist_ok=True)
    key = hashlib.sha256(open(pkg, "rb").read() + " ".join(DEBROOT_PACKAGES).encode()).hexdigest()[:16]
    stamp = os.path.join(root, "var/lib/cdp-rs-userland.key")
    with locked(f"stock-{suite}"):
        if os.path.exists(stamp) and open(stamp).read() == key:
            return root
        shutil.copy(pkg, os.path.join(root, "tmp", os.path.basename(pkg)))
        log(f"installing {os.path.basename(pkg)} and {', '.join(DEBROOT_PACKAGES)} "
            f"in the Debian {suite} system (apt)")
        logf = os.path.join(out, "userland.log")
        with open(logf, "w") as f:
            # dpkg -i: the same version again is reinstalled (apt would
            # keep the old build).
            r = subprocess.run([os.path.join(ROOT, "scripts/debian-root"), suite, "--run",
                                "sh", "-c", "apt-get install -y --no-install-recommends "
                                + " ".join(DEBROOT_PACKAGES)
                                + f" && dpkg -i /tmp/{os.path.basename(pkg)}"],
                               stdout=f, stderr=subprocess.STDOUT)
        if r.returncode != 0:
            sys.stderr.write(open(logf).read()[-3000:])
            sys.exit(f"build: installing cdpctl and {DEBROOT_PACKAGES} failed (log: {logf})")
        open(stamp, "w").write(key)
    return root


def stock_guest_modules(suite, extra=()):
    """The stock kernel's own modules the tests need (and `extra`),
    uncompressed, in an order that loads each after its dependencies."""
    rel, vmlinuz = stock_kernel(suite)
    kmods = os.path.join(os.path.dirname(vmlinuz), "kernel")
    out = os.path.join(ROOT, "build", f"stock-{suite}", "mods-" + rel)
    index = {}
    for dp, _, files in os.walk(kmods):
        for f in files:
            name = f.split(".ko")[0].replace("-", "_")
            index[name] = os.path.join(dp, f)
    order = []

    def visit(name):
        name = name.replace("-", "_")
        if name in order:
            return
        if name not in index:
            sys.exit(f"build: the {rel} kernel has no module {name}")
        deps = subprocess.run(["modinfo", "-F", "depends", index[name]], check=True,
                              stdout=subprocess.PIPE, text=True).stdout.strip()
        for d in filter(None, deps.split(",")):
            visit(d)
        order.append(name)

    with locked(f"stock-{suite}-mods"):
        for m in STOCK_GUEST_MODULES + tuple(extra):
            visit(m)
        os.makedirs(out, exist_ok=True)
        paths = []
        for name in order:
            dst = os.path.join(out, name + ".ko")
            if not os.path.exists(dst):
                _unpack_module(index[name], dst + ".tmp")
                os.rename(dst + ".tmp", dst)
            paths.append(dst)
    return paths


def stock_make(suite, target="modules"):
    """`make KDIR=<the stock kernel's headers> TARGET` in the Debian system,
    on a copy of the module's sources (incremental): the build a user runs
    by hand, with Debian's toolchain for that kernel. Returns (rc, output)."""
    rel, _ = stock_kernel(suite)
    root = debian_root(suite)
    mdir = os.path.join(root, "build/cdp_rs")
    with locked(f"stock-{suite}-make"):
        sync_sources(mdir, ["Kbuild", "Kconfig", "Makefile", "scripts/prepare-headers", "src"])
        cached = None
        if target == "clippy":
            # Lint everything, not only what changed since the last build.
            # The verdict is a function of the sources, the kernel and the
            # toolchain: kept under that key in the Debian system, and
            # reused while none of them changed.
            import hashlib
            files = sorted(os.path.relpath(os.path.join(dp, f), mdir)
                           for dp, _, fs in os.walk(mdir) for f in fs
                           if f.endswith((".rs", ".c", ".h", ".yaml")) or f in ("Kbuild", "Makefile")
                           if f != "bindings_generated.rs")
            h = hashlib.sha256(rel.encode())
            for f in files:
                h.update(f.encode() + open(os.path.join(mdir, f), "rb").read())
            tools = subprocess.run([os.path.join(ROOT, "scripts/debian-root"), suite, "--run",
                                    "dpkg-query", "-W", "rustc", "rust-clippy", "bindgen"],
                                   stdout=subprocess.PIPE, text=True).stdout
            h.update(tools.encode())
            cached = os.path.join(root, "build/clippy-verdicts", h.hexdigest()[:20])
            if os.path.exists(cached):
                return 0, open(cached).read()
            with contextlib.suppress(FileNotFoundError):
                os.remove(os.path.join(mdir, "src/cdp_main.o"))
        r = subprocess.run([os.path.join(ROOT, "scripts/debian-root"), suite, "--run",
                            "make", "-s", "-C", "/build/cdp_rs", f"KDIR=/lib/modules/{rel}/build",
                            target], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        clean = not any(l.startswith(("warning", "error")) for l in r.stdout.splitlines())
        if cached and r.returncode == 0 and clean:
            os.makedirs(os.path.dirname(cached), exist_ok=True)
            open(cached, "w").write(r.stdout + "(a clean verdict for these sources, reused)\n")
    return r.returncode, r.stdout
