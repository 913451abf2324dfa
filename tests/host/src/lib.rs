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

use proto::table::{self, IfStats, Slot, Table};
use proto::wire::Info;
use std::boxed::Box;
use std::vec;
use std::vec::Vec;

/// A neighbor table over heap storage, as the module builds one over
/// kernel allocations.
pub type HostTable = Table<Vec<Slot>, Vec<u32>, Vec<IfStats>, Box<Info>>;

/// A table for `max` neighbors.
pub fn host_table(max: usize, seed: u32) -> HostTable {
    Table::new(
        vec![Slot::FREE; table::slots_for(max)],
        vec![0u32; table::buckets_for(max)],
        vec![IfStats::EMPTY; table::IFSTATS_MAX],
        Box::new(Info::EMPTY),
        [u64::from(seed), u64::from(seed).rotate_left(32) ^ 0x5eed],
    )
    .expect("storage sized by slots_for/buckets_for")
}
