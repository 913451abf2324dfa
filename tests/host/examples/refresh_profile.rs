// SPDX-License-Identifier: GPL-2.0
//! 100k refreshes of 64 known neighbors, for instruction-level profiling
//! (valgrind --tool=callgrind).
use cdp_host::build::Pdu;
use cdp_host::proto::table::{Config, Rx};
use std::hint::black_box;

fn main() {
    let max = 256;
    let mut t = cdp_host::host_table(max, 1);
    let pdus: Vec<Vec<u8>> = (0..64)
        .map(|i| Pdu::switch(&format!("sw1-{i}"), "Gi0/1").bytes())
        .collect();
    let rx = Rx {
        ifindex: 2,
        ifname: b"v1",
        upper: b"",
        vlan: None,
        src_mac: [2, 0, 0, 0, 0, 1],
        now_ms: 0,
    };
    let cfg = Config {
        verify_checksum: true,
    };
    for _ in 0..1600 {
        for p in &pdus {
            black_box(t.receive(&rx, black_box(p), &cfg));
        }
    }
}
