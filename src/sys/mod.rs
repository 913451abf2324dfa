// SPDX-License-Identifier: GPL-2.0

//! The thin unsafe layer: the kernel C APIs the 6.12 `kernel` crate lacks
//! (packet_type, procfs with seq_file, netdevice notifiers, pernet
//! operations, multicast lists, timers, BH-disabling locks), each wrapped in
//! a small safe type. Nothing outside this directory uses `unsafe`.
//!
//! The bindings are generated at build time from `bindings.h` (see Kbuild),
//! so struct layouts always match the kernel being built against.

pub(crate) mod bh;
pub(crate) mod net;
pub(crate) mod notifier;
pub(crate) mod packet;
pub(crate) mod params;
pub(crate) mod pernet;
pub(crate) mod proc;
pub(crate) mod timer;

#[allow(
    dead_code,
    missing_docs,
    non_camel_case_types,
    non_snake_case,
    non_upper_case_globals,
    unreachable_pub,
    clippy::all,
    clippy::undocumented_unsafe_blocks,
    unsafe_op_in_unsafe_fn,
    improper_ctypes
)]
pub(crate) mod bindings {
    // Blocked by the kernel's bindgen_parameters, mapped as the kernel's own
    // bindings crate maps them.
    type __kernel_size_t = usize;
    type __kernel_ssize_t = isize;
    type __kernel_ptrdiff_t = isize;

    include!("bindings_generated.rs");
}
