// SPDX-License-Identifier: GPL-2.0

//! The netlink side without a kernel: the attributes a neighbor is encoded
//! into, the table's events, and the receive admin status.

use cdp_host::build::{self, Pdu};
use cdp_host::proto::nl::{attr_address as aa, attr_neighbor as an, attr_tlv as at, field};
use cdp_host::proto::nlmsg::{self, AttrSink, Full, Nest, SizeSink};
use cdp_host::proto::table::{Admin, Config, Events, Gone, Neighbor, Outcome, Refusal, Rx};
use cdp_host::proto::wire::{self, tlv, Info};

/// Netlink attributes in a byte vector, as `nla_put` lays them out, with a
/// size limit like an skb's.
struct VecSink {
    buf: Vec<u8>,
    limit: usize,
}

impl AttrSink for VecSink {
    fn put(&mut self, ty: u16, value: &[u8]) -> Result<(), Full> {
        let len = 4 + value.len();
        let padded = (len + 3) & !3;
        if self.buf.len() + padded > self.limit {
            return Err(Full);
        }
        self.buf.extend_from_slice(&(len as u16).to_ne_bytes());
        self.buf.extend_from_slice(&ty.to_ne_bytes());
        self.buf.extend_from_slice(value);
        self.buf.resize(self.buf.len() + padded - len, 0);
        Ok(())
    }
    fn nest_start(&mut self, ty: u16) -> Result<Nest, Full> {
        let at = self.buf.len();
        self.put(ty | 0x8000, &[])?;
        Ok(Nest(at))
    }
    fn nest_end(&mut self, nest: Nest) {
        let len = (self.buf.len() - nest.0) as u16;
        self.buf[nest.0..nest.0 + 2].copy_from_slice(&len.to_ne_bytes());
    }
}

/// (type, payload) of each attribute at one level.
fn attrs(mut b: &[u8]) -> Vec<(u16, &[u8])> {
    let mut out = vec![];
    while b.len() >= 4 {
        let len = u16::from_ne_bytes([b[0], b[1]]) as usize;
        let ty = u16::from_ne_bytes([b[2], b[3]]) & 0x7fff;
        assert!(
            len >= 4 && len <= b.len(),
            "attribute length {len} within {}",
            b.len()
        );
        out.push((ty, &b[4..len]));
        b = &b[((len + 3) & !3).min(b.len())..];
    }
    assert!(b.is_empty());
    out
}

fn one<'a>(a: &[(u16, &'a [u8])], ty: u16) -> &'a [u8] {
    let v: Vec<_> = a.iter().filter(|(t, _)| *t == ty).collect();
    assert_eq!(v.len(), 1, "one attribute {ty}");
    v[0].1
}

fn rx(ifindex: i32, now_ms: u64) -> Rx<'static> {
    Rx {
        ifindex,
        ifname: b"eth0",
        upper: b"bond0",
        vlan: Some(20),
        src_mac: [0, 0x18, 0xba, 0x98, 0x68, 0x8f],
        now_ms,
    }
}

const CFG: Config = Config {
    verify_checksum: true,
    rx_default: true,
};

/// A PDU whose strings exceed what the decoder keeps and whose unknown TLV
/// is longer than the detail file shows.
fn big_pdu() -> Vec<u8> {
    let long_id = "d".repeat(200);
    Pdu::new()
        .tlv(tlv::DEVICE_ID, long_id.as_bytes())
        .tlv(
            tlv::ADDRESSES,
            &build::addresses(&[
                build::ipv4([192, 0, 2, 1]),
                build::ipv6([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
            ]),
        )
        .tlv(tlv::PORT_ID, b"Gi\x001/0/1 \xff")
        .tlv(tlv::CAPABILITIES, &0x28u32.to_be_bytes())
        .tlv(tlv::VERSION, "v".repeat(700).as_bytes())
        .tlv(tlv::PLATFORM, b"first")
        .tlv(tlv::PLATFORM, b"second")
        .tlv(tlv::LOCATION, b"\x02Rack 9")
        .tlv(0x4242, &(0u8..100).collect::<Vec<u8>>())
        .bytes()
}

fn decoded(pdu: &[u8]) -> (Box<Neighbor>, Box<Info>) {
    let mut t = cdp_host::host_table(4, 1);
    assert_eq!(t.receive(&rx(7, 1000), pdu, &CFG), Outcome::Inserted);
    let mut nb = Box::new(Neighbor::EMPTY);
    nb.copy_from(t.iter().next().unwrap());
    let mut info = Box::new(Info::EMPTY);
    assert!(nb.decode(&mut info));
    (nb, info)
}

#[test]
fn neighbor_attributes_are_lossless() {
    let pdu = big_pdu();
    let (nb, info) = decoded(&pdu);
    let mut s = VecSink {
        buf: vec![],
        limit: usize::MAX,
    };
    nlmsg::neighbor(&mut s, &nb, &info, 4000).unwrap();
    assert!(s.buf.len() <= nlmsg::neighbor_size(pdu.len()));
    // What the module counts before allocating an event is what it writes.
    let mut size = SizeSink::default();
    nlmsg::neighbor(&mut size, &nb, &info, 4000).unwrap();
    assert_eq!(size.0, s.buf.len());
    let a = attrs(&s.buf);
    assert_eq!(one(&a, an::IFINDEX), &7u32.to_ne_bytes());
    assert_eq!(one(&a, an::IFNAME), b"eth0\0");
    assert_eq!(one(&a, an::UPPER), b"bond0\0");
    assert_eq!(one(&a, an::VLAN), &20u16.to_ne_bytes());
    // Raw and whole, where the detail file shows 128 and 512 bytes.
    assert_eq!(one(&a, an::DEVICE_ID), "d".repeat(200).as_bytes());
    assert_eq!(one(&a, an::SW_VERSION).len(), 700);
    assert_eq!(one(&a, an::PORT_ID), b"Gi\x001/0/1 \xff");
    // The last of two platform TLVs, as the decoder keeps.
    assert_eq!(one(&a, an::PLATFORM), b"second");
    assert_eq!(one(&a, an::LOCATION_TYPE), &[2]);
    assert_eq!(one(&a, an::LOCATION), b"Rack 9");
    assert_eq!(one(&a, an::CAPABILITIES), &0x28u32.to_ne_bytes());
    assert_eq!(one(&a, an::AGE_MS), &3000u64.to_ne_bytes());
    let addrs: Vec<_> = a.iter().filter(|(t, _)| *t == an::ADDRESS).collect();
    assert_eq!(addrs.len(), 2);
    assert_eq!(one(&attrs(addrs[0].1), aa::IPV4), &[192, 0, 2, 1]);
    assert_eq!(
        one(&attrs(addrs[1].1), aa::IPV6)[..4],
        [0x20, 0x01, 0x0d, 0xb8]
    );
    let unk = attrs(one(&a, an::UNKNOWN_TLV));
    assert_eq!(one(&unk, at::TYPE), &0x4242u16.to_ne_bytes());
    assert_eq!(one(&unk, at::VALUE).len(), 100);
}

#[test]
fn a_full_message_is_an_error_never_a_panic() {
    let pdu = big_pdu();
    let (nb, info) = decoded(&pdu);
    for limit in 0..2000 {
        let mut s = VecSink { buf: vec![], limit };
        let _ = nlmsg::neighbor(&mut s, &nb, &info, 4000);
        assert!(s.buf.len() <= limit);
    }
}

#[derive(Default)]
struct Record {
    on: bool,
    log: Vec<String>,
}

impl Events for Record {
    fn on(&self) -> bool {
        self.on
    }
    fn added(&mut self, nb: &Neighbor, _: &Info) {
        self.log
            .push(format!("new {}", String::from_utf8_lossy(nb.device_id())));
    }
    fn changed(&mut self, nb: &Neighbor, _: &Info, fields: u32) {
        self.log.push(format!(
            "change {} {fields:#x}",
            String::from_utf8_lossy(nb.device_id())
        ));
    }
    fn gone(&mut self, nb: &Neighbor, why: Gone) {
        self.log.push(format!(
            "gone {} {why:?}",
            String::from_utf8_lossy(nb.device_id())
        ));
    }
    fn refused(&mut self, _: &Rx<'_>, d: &[u8], _: &[u8]) {
        self.log
            .push(format!("refused {}", String::from_utf8_lossy(d)));
    }
}

#[test]
fn events_follow_the_table() {
    let mut t = cdp_host::host_table(2, 3);
    let mut ev = Record {
        on: true,
        ..Default::default()
    };
    let a = Pdu::switch("a", "p1").bytes();
    let a2 = Pdu::switch("a", "p1")
        .tlv(tlv::PLATFORM, b"other")
        .tlv(tlv::MTU, &9000u32.to_be_bytes())
        .bytes();
    let b = Pdu {
        ttl: 1,
        ..Pdu::switch("b", "p2")
    }
    .bytes();
    let c = Pdu::switch("c", "p3").bytes();
    let d = Pdu::switch("d", "p4").bytes();
    t.receive_with(&rx(1, 0), &a, &CFG, &mut ev);
    t.receive_with(&rx(1, 0), &a, &CFG, &mut ev); // unchanged: nothing
    t.receive_with(&rx(1, 0), &a2, &CFG, &mut ev);
    t.receive_with(&rx(1, 0), &b, &CFG, &mut ev);
    t.receive_with(&rx(1, 0), &c, &CFG, &mut ev); // full
    t.expire_range_with(0, 4, 1500, &mut ev);
    t.receive_with(&rx(2, 1500), &c, &CFG, &mut ev);
    t.remove_interface_range_with(2, 0, 4, &mut ev);
    let mut a0 = Pdu::switch("a", "p1");
    a0.ttl = 0;
    t.receive_with(&rx(1, 1600), &a0.bytes(), &CFG, &mut ev);
    t.receive_with(&rx(1, 1600), &d, &CFG, &mut ev);
    t.clear_range_with(0, 4, &mut ev);
    let changed = format!("change a {:#x}", field::PLATFORM | field::MTU);
    assert_eq!(
        ev.log,
        [
            "new a",
            changed.as_str(),
            "new b",
            "refused c",
            "gone b AgedOut",
            "new c",
            "gone c IfaceRemoved",
            "gone a TtlZero",
            "new d",
            "gone d Cleared",
        ]
    );
}

#[test]
fn changed_fields_names_what_differs() {
    let base = Pdu::switch("a", "p1");
    let v = |p: &Pdu| p.bytes();
    assert_eq!(wire::changed_fields(&v(&base), &v(&base)), 0);
    let mut v1 = base.clone();
    v1.version = 1;
    assert_eq!(wire::changed_fields(&v(&base), &v(&v1)), field::CDP_VERSION);
    let more = base.clone().tlv(0x7777, b"x");
    assert_eq!(
        wire::changed_fields(&v(&base), &v(&more)),
        field::UNKNOWN_TLV
    );
    // Another holdtime is not content.
    let mut ttl = base.clone();
    ttl.ttl = 10;
    assert_eq!(wire::changed_fields(&v(&base), &v(&ttl)), 0);
}

#[test]
fn admin_status_drops_and_counts() {
    let mut t = cdp_host::host_table(4, 5);
    let a = Pdu::switch("a", "p1").bytes();
    assert!(t.set_admin(3, b"eth3", Some(Admin::Disabled)));
    assert_eq!(
        t.receive(&rx(3, 0), &a, &CFG),
        Outcome::Refused(Refusal::Disabled)
    );
    assert_eq!(t.len(), 0);
    assert_eq!(t.stats().disabled, 1);
    assert_eq!(
        t.stats().input,
        t.stats().v1_input + t.stats().v2_input + t.stats().refused()
    );
    // Other interfaces follow the default.
    assert_eq!(t.receive(&rx(4, 0), &a, &CFG), Outcome::Inserted);
    let off = Config {
        rx_default: false,
        ..CFG
    };
    assert_eq!(
        t.receive(&rx(5, 0), &a, &off),
        Outcome::Refused(Refusal::Disabled)
    );
    assert!(t.set_admin(3, b"eth3", Some(Admin::Rx)));
    assert_eq!(t.receive(&rx(3, 0), &a, &off), Outcome::Inserted);
    assert_eq!(t.admin(3), Some(Admin::Rx));
    assert_eq!(t.ifstats_of(3).unwrap().stats.disabled, 1);
    // Transmit only drops received frames too; rx-tx receives.
    assert!(t.set_admin(6, b"eth6", Some(Admin::Tx)));
    assert_eq!(
        t.receive(&rx(6, 0), &a, &CFG),
        Outcome::Refused(Refusal::Disabled)
    );
    assert!(t.set_admin(6, b"eth6", Some(Admin::RxTx)));
    assert_eq!(t.receive(&rx(6, 0), &a, &CFG), Outcome::Inserted);
    assert!(t.any_tx());
    // Sent advertisements count as output, version 2; failures as
    // encapsulation failures, outside the input conservation law.
    t.count_output(6, b"eth6", true);
    t.count_output(6, b"eth6", false);
    let s = t.ifstats_of(6).unwrap().stats;
    assert_eq!((s.output, s.v2_output, s.encaps_failed), (1, 1, 1));
    assert_eq!(t.stats().output, 1);
    assert_eq!(
        t.stats().input,
        t.stats().v1_input + t.stats().v2_input + t.stats().refused()
    );
}
