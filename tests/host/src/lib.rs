// SPDX-License-Identifier: GPL-2.0

//! cdp_rs's protocol code built for the host: the very files the kernel
//! module compiles (`src/proto`), plus frame builders and pcap reading for
//! tests, benchmarks, fuzzers and the in-guest test tool.

#![no_std]
#![warn(missing_docs)]

extern crate std;

#[path = "../../../src/proto/mod.rs"]
pub mod proto;

pub mod build;
pub mod pcap;
