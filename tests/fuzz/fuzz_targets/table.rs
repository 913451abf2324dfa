// SPDX-License-Identifier: GPL-2.0
//! The neighbor table under arbitrary operation sequences: frames (mostly
//! valid ones with fuzzed fields), expiry, interface removal, rename,
//! clear. Invariants: never more neighbors than the maximum, counters
//! conserved, every listed neighbor findable and rendered; one new event
//! per neighbor inserted and one delete event per neighbor gone, each
//! encoded into netlink attributes within the bound of a neighbor message
//! (nlmsg::NEIGHBOR_ATTRS_MAX).
#![no_main]

use arbitrary::Arbitrary;
use cdp_host::build::Pdu;
use cdp_host::proto::nlmsg::{self, AttrSink, Full, Nest};
use cdp_host::proto::render;
use cdp_host::proto::table::{
    self, Admin, Config, Events, Gone, IfStats, Neighbor, Outcome, Rx, Slot, Table,
};
use cdp_host::proto::wire::Info;
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
    Admin(u8, Option<(bool, bool)>),
}

/// Netlink attributes in a bounded byte vector.
struct Sink {
    len: usize,
    limit: usize,
    nests: Vec<usize>,
}

impl AttrSink for Sink {
    fn put(&mut self, _: u16, v: &[u8]) -> Result<(), Full> {
        let n = (4 + v.len() + 3) & !3;
        if self.len + n > self.limit {
            return Err(Full);
        }
        self.len += n;
        Ok(())
    }
    fn nest_start(&mut self, ty: u16) -> Result<Nest, Full> {
        self.put(ty, &[])?;
        self.nests.push(self.len);
        Ok(Nest(self.len))
    }
    fn nest_end(&mut self, n: Nest) {
        assert_eq!(self.nests.pop(), Some(n.0));
    }
}

/// Encodes every event as the module does, and counts live neighbors.
struct Enc {
    live: i64,
    now: u64,
}

impl Enc {
    fn sink() -> Sink {
        // The bound of every neighbor message (less the `changed`
        // attribute a change event adds), whatever the PDU.
        Sink {
            len: 0,
            limit: nlmsg::NEIGHBOR_ATTRS_MAX - 8,
            nests: vec![],
        }
    }
}

impl Events for Enc {
    fn on(&self) -> bool {
        true
    }
    fn added(&mut self, nb: &Neighbor, info: &Info) {
        let mut s = Self::sink();
        nlmsg::neighbor(&mut s, nb, info, self.now).expect("fits");
        let mut size = nlmsg::SizeSink::default();
        nlmsg::neighbor(&mut size, nb, info, self.now).expect("counts");
        assert_eq!(size.0, s.len, "the size counted is the size written");
        self.live += 1;
    }
    fn changed(&mut self, nb: &Neighbor, info: &Info, _: u32) {
        nlmsg::neighbor(&mut Self::sink(), nb, info, self.now).expect("fits");
    }
    fn gone(&mut self, nb: &Neighbor, why: Gone) {
        nlmsg::gone(&mut Self::sink(), nb, why).expect("fits");
        self.live -= 1;
    }
    fn refused(&mut self, rx: &Rx<'_>, d: &[u8], p: &[u8]) {
        let mut s = Sink {
            len: 0,
            limit: 512 + d.len() + p.len(),
            nests: vec![],
        };
        nlmsg::refused(&mut s, rx, d, p).expect("fits");
    }
}

fuzz_target!(|ops: Vec<Op>| {
    let max = 8;
    // As in the kernel: a table that starts small and grows to its limit.
    let mut t = Table::new(
        vec![Slot::FREE; 1],
        vec![0u32; 1],
        vec![IfStats::EMPTY; 1],
        Box::new(Info::EMPTY),
        [7, 7],
    )
    .unwrap();
    t.set_limit(max);
    let mut now = 0u64;
    let mut stats_cleared = false;
    let mut enc = Enc { live: 0, now: 0 };
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
                enc.now = now;
                let cfg = Config {
                    verify_checksum: true,
                    rx_default: true,
                };
                let input = t.stats().input;
                if t.receive_with(&rx, &pdu, &cfg, &mut enc) == Outcome::NeedsRoom {
                    // Nothing was counted; the kernel grows the table (or
                    // fails to: no memory) and gives the frame again.
                    assert_eq!(t.stats().input, input);
                    if ttl % 5 == 4 {
                        t.count_no_room(&rx);
                    } else {
                        if t.if_place_wanted(rx.ifindex) {
                            let n = t.ifstats_target([rx.ifindex].into_iter());
                            let _ = t
                                .grow_ifstats(vec![IfStats::EMPTY; n])
                                .ok()
                                .expect("sized for the target");
                        }
                        let n = t.grow_target(1);
                        if n > t.capacity() {
                            let _ = t
                                .grow(vec![Slot::FREE; n], vec![0u32; table::buckets_for(n)])
                                .ok()
                                .expect("sized for the target");
                        }
                        let again = t.receive_with(&rx, &pdu, &cfg, &mut enc);
                        assert_ne!(again, Outcome::NeedsRoom);
                    }
                }
            }
            Op::Advance(ms) => now += u64::from(*ms),
            Op::Expire => {
                let (_, next) = t.expire_range_with(0, t.capacity(), now, &mut enc);
                if let Some(n) = next {
                    assert!(n > now);
                }
            }
            Op::RemoveIf(i, step) => {
                let ifindex = i32::from(*i % 70) + 1;
                let step = usize::from(*step % 8) + 1;
                for from in (0..t.capacity() + step).step_by(step) {
                    t.remove_interface_range_with(ifindex, from, from + step, &mut enc);
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
                    t.clear_range_with(from, from + step, &mut enc);
                }
                assert!(t.is_empty());
            }
            Op::ClearStats => {
                t.clear_stats();
                stats_cleared = true;
            }
            Op::Admin(i, on) => {
                let ifindex = i32::from(*i % 70) + 1;
                // As the kernel does before (NetState::make_if_room).
                if t.if_place_wanted(ifindex) {
                    let n = t.ifstats_target([ifindex].into_iter());
                    let _ = t.grow_ifstats(vec![IfStats::EMPTY; n]);
                }
                let _ = t.set_admin(ifindex, b"ifx", on.map(|(rx, tx)| Admin::new(rx, tx)));
                // Transmission's counters, which the receive path never
                // touches: outside the conservation law.
                t.count_output(ifindex, b"ifx", i % 3 != 0);
            }
        }
        assert_eq!(enc.live, t.len() as i64, "events follow the table");
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
