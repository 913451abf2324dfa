# SPDX-License-Identifier: GPL-2.0
#
# cdp_rs out of tree. `make` builds cdp_rs.ko against the cached test kernel
# (built on first use), then cdpctl (build/cdpctl) if cargo is on PATH;
# `make KDIR=/path/to/built/tree` against any built,
# Rust-enabled 6.12 or 7.x tree, such as a Debian kernel's headers prepared by
# scripts/prepare-headers. See README.md for demo, check, bench and fuzz.

SHELL := /bin/bash
KDIR ?= $(shell scripts/kernel test)
ifneq ($(wildcard $(KDIR)/.cdp_rs_built),)
# One of the project's cached kernels (scripts/kernel): clang 19, Debian's
# rustc-web and bindgen-cli from crates.io, as it was built.
LLVM ?= -19
KMAKE = $(MAKE) -C $(KDIR) M=$(CURDIR) LLVM=$(LLVM) \
	RUSTC=/usr/bin/rustc RUST_LIB_SRC=/usr/lib/rustlib/src/rust/library \
	BINDGEN=$(HOME)/.cargo/bin/bindgen CONFIG_CDP_RS=m
KCHECK = true
export LIBCLANG_PATH ?= /usr/lib/llvm-19/lib
else
# Any other tree, such as a distribution's headers (/lib/modules/REL/build):
# the toolchain on PATH (or RUSTC=, BINDGEN=, CC=, LLVM= as for any kernel
# module), checked first against the one the kernel was built with.
KMAKE = $(MAKE) -C $(KDIR) M=$(CURDIR) CONFIG_CDP_RS=m \
	$(if $(LLVM),LLVM=$(LLVM)) $(if $(RUSTC),RUSTC=$(RUSTC)) $(if $(BINDGEN),BINDGEN=$(BINDGEN))
KCHECK = sh scripts/prepare-headers --check-tree $(KDIR)
endif

.PHONY: all modules clippy clean setup demo check test fuzz bench cdpctl deb

# Seconds per fuzz target for `make fuzz`.
FUZZ_SECONDS ?= 300

# `make`: the module, then cdpctl when cargo is there (`modules`, which
# DKMS runs, builds the module alone).
all: modules
	@if command -v cargo >/dev/null; then $(MAKE) --no-print-directory cdpctl; \
	else echo "cdpctl not built: no cargo on PATH (apt install cargo; then make cdpctl)"; fi

modules:
	@$(KCHECK)
	$(KMAKE) modules

# The whole module (sys/ included) through the kernel's CLIPPY=1 build, with
# the clippy-driver that matches rustc-web (Debian's rust-web-clippy).
clippy:
	@$(KCHECK)
	$(KMAKE) CLIPPY=1 CLIPPY_DRIVER=/usr/bin/clippy-driver modules

# cdpctl, the command-line tool over the cdp generic netlink family
# (src/cdpctl, a cargo crate; statically linked): build/cdpctl.
cdpctl:
	python3 -c "import sys; sys.path.insert(0, 'scripts'); import cdp_build; print(cdp_build.cdpctl())"

# The Debian packages cdp-rs-dkms and cdpctl, in build/deb.
deb: setup
	scripts/deb

clean:
	-$(KMAKE) clean
	rm -rf build tests/host/target

setup:
	scripts/setup

demo: setup
	scripts/demo

check test: setup
	scripts/check

fuzz: setup
	scripts/fuzz $(FUZZ_SECONDS)

bench: setup
	scripts/bench
