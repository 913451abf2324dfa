# SPDX-License-Identifier: GPL-2.0
#
# cdp_rs out of tree. `make` builds cdp_rs.ko against the cached test kernel
# (built on first use); `make KDIR=/path/to/built/tree` against any built,
# Rust-enabled 6.12 tree. See README.md for demo, check, bench and fuzz.

SHELL := /bin/bash
KDIR ?= $(shell scripts/kernel test)
# Must match how $(KDIR) was built; the cached kernels use LLVM=-19.
LLVM ?= -19
KMAKE = $(MAKE) -C $(KDIR) M=$(CURDIR) LLVM=$(LLVM) \
	RUSTC=/usr/bin/rustc RUST_LIB_SRC=/usr/lib/rustlib/src/rust/library \
	BINDGEN=$(HOME)/.cargo/bin/bindgen CONFIG_CDP_RS=m

export LIBCLANG_PATH ?= /usr/lib/llvm-19/lib

.PHONY: all modules clippy clean setup demo check test fuzz bench cdpctl

# Seconds per fuzz target for `make fuzz`.
FUZZ_SECONDS ?= 300

all modules:
	$(KMAKE) modules

# The whole module (sys/ included) through the kernel's CLIPPY=1 build, with
# the clippy-driver that matches rustc-web (Debian's rust-web-clippy).
clippy:
	$(KMAKE) CLIPPY=1 CLIPPY_DRIVER=/usr/bin/clippy-driver modules

# cdpctl, the command-line tool over the cdp generic netlink family
# (src/cdpctl, a cargo crate; statically linked): build/cdpctl.
cdpctl:
	python3 -c "import sys; sys.path.insert(0, 'scripts'); import cdp_build; print(cdp_build.cdpctl())"

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
