// SPDX-License-Identifier: GPL-2.0

//! The protocol half of cdp_rs: safe Rust that needs nothing but `core`.
//!
//! The same files are compiled into the kernel module and into the host crate
//! under `tests/host`, where unit tests, benchmarks and fuzzers run them.

pub mod advert;
pub mod fixed;
pub mod nl;
pub mod nlmsg;
pub mod render;
pub mod table;
pub mod wire;
