// SPDX-License-Identifier: GPL-2.0
//! The neighbor table under arbitrary operation sequences: frames (mostly
//! valid ones with fuzzed fields), expiry, interface removal, rename,
//! clear. Invariants: never more neighbors than the maximum, counters
//! conserved, every listed neighbor findable and rendered.
#![no_main]

use arbitrary::Arbitrary;
use cdp_host::build::Pdu;
use cdp_host::proto::render;
use cdp_host::proto::table::{Config, Rx};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Op {
    Frame {
        ifindex: u8,
        dev: u8,
        port: u8,
        ttl: u8,
        raw: Option<Vec<u8>>,
    },
    Advance(u16),
    Expire,
    /// Interface removal, rename and clear walk the table in pieces of
    /// `step % 8 + 1` slots, as the module does with its lock.
    RemoveIf(u8, u8),
    Rename(u8, u8),
    Clear(u8),
    ClearStats,
}

fuzz_target!(|ops: Vec<Op>| {
    let max = 8;
    let mut t = cdp_host::host_table(max, 7);
    let mut now = 0u64;
    let mut stats_cleared = false;
    for op in ops.iter().take(256) {
        match op {
            Op::Frame {
                ifindex,
                dev,
                port,
                ttl,
                raw,
            } => {
                let pdu = match raw {
                    Some(r) => r.iter().take(1500).copied().collect(),
                    None => {
                        let mut p =
                            Pdu::switch(&format!("d{}", dev % 16), &format!("p{}", port % 4));
                        p.ttl = *ttl % 8;
                        p.bytes()
                    }
                };
                let name = format!("if{}", ifindex % 70);
                let rx = Rx {
                    ifindex: i32::from(*ifindex % 70) + 1,
                    ifname: name.as_bytes(),
                    upper: b"",
                    vlan: None,
                    src_mac: [2, 0, 0, 0, 0, *dev],
                    now_ms: now,
                };
                t.receive(
                    &rx,
                    &pdu,
                    &Config {
                        verify_checksum: true,
                        rx_default: true,
                    },
                );
            }
            Op::Advance(ms) => now += u64::from(*ms),
            Op::Expire => {
                let (_, next) = t.expire(now);
                if let Some(n) = next {
                    assert!(n > now);
                }
            }
            Op::RemoveIf(i, step) => {
                let ifindex = i32::from(*i % 70) + 1;
                let step = usize::from(*step % 8) + 1;
                for from in (0..t.capacity() + step).step_by(step) {
                    t.remove_interface_range(ifindex, from, from + step);
                }
                t.forget_interface(ifindex);
                assert!(t.iter().all(|n| n.ifindex != ifindex));
            }
            Op::Rename(i, step) => {
                let ifindex = i32::from(*i % 70) + 1;
                let step = usize::from(*step % 8) + 1;
                for from in (0..t.capacity()).step_by(step) {
                    t.rename_interface_range(ifindex, b"renamed", from, from + step);
                }
            }
            Op::Clear(step) => {
                let step = usize::from(*step % 8) + 1;
                for from in (0..t.capacity()).step_by(step) {
                    t.clear_range(from, from + step);
                }
                assert!(t.is_empty());
            }
            Op::ClearStats => {
                t.clear_stats();
                stats_cleared = true;
            }
        }
        assert!(t.len() <= max);
        assert_eq!(t.iter().count(), t.len());
        let s = t.stats();
        if !stats_cleared {
            assert_eq!(s.input, s.v1_input + s.v2_input + s.refused());
            assert_eq!(s.inserted, t.len() as u64 + s.deleted + s.aged_out);
        }
    }
    let mut out = String::new();
    let mut info = Box::new(cdp_host::proto::wire::Info::EMPTY);
    for nb in t.iter() {
        // Every neighbor's PDU was validated on arrival.
        assert!(nb.decode(&mut info));
        render::neighbor_row(&mut out, nb, &info, now).unwrap();
        render::neighbor_detail(&mut out, nb, &info, now).unwrap();
    }
});
