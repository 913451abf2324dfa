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
    assert!(s.buf.len() <= nlmsg::NEIGHBOR_ATTRS_MAX);
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

/// `nb`'s neighbor message attributes, checked against the bound: at most
/// [`nlmsg::NEIGHBOR_ATTRS_MAX`] with the 8 bytes of `changed` a change
/// event adds, and what is counted is what is written.
fn encode_bounded(nb: &Neighbor, info: &Info) -> Vec<u8> {
    let mut s = VecSink {
        buf: vec![],
        limit: usize::MAX,
    };
    nlmsg::neighbor(&mut s, nb, info, 4000).unwrap();
    let mut size = SizeSink::default();
    nlmsg::neighbor(&mut size, nb, info, 4000).unwrap();
    assert_eq!(size.0, s.buf.len());
    assert!(
        s.buf.len() + 8 <= nlmsg::NEIGHBOR_ATTRS_MAX,
        "{} bytes of attributes, bound {}",
        s.buf.len() + 8,
        nlmsg::NEIGHBOR_ATTRS_MAX
    );
    s.buf
}

/// A PDU with a device ID, a port ID and `n` empty TLVs of unknown types
/// 0x1000, 0x1001...
fn empty_unknowns(n: u16) -> Vec<u8> {
    let mut p = Pdu::new()
        .tlv(tlv::DEVICE_ID, b"many")
        .tlv(tlv::PORT_ID, b"P1");
    for i in 0..n {
        p = p.tlv(0x1000 + i, b"");
    }
    p.bytes()
}

#[test]
fn the_bound_fits_a_dump() {
    // A 4 KiB page less the largest skb_shared_info (CONFIG_MAX_SKB_FRAGS
    // 45), 256 bytes of it kept to spare: the figures README gives.
    assert_eq!(nlmsg::DUMP_SKB_MIN, 3328);
    assert_eq!(nlmsg::NEIGHBOR_MSG_MAX, 2888);
    assert_eq!(nlmsg::NEIGHBOR_MSG_LIMIT, 3072);
}

#[test]
fn hundreds_of_empty_unknown_tlvs_fit_a_dump() {
    // The frame of issue 23: 360 empty unknown TLVs were 5.8 KB of
    // attributes, more than a dump's skb.
    let pdu = empty_unknowns(360);
    assert!(pdu.len() <= wire::PDU_MAX);
    let (nb, info) = decoded(&pdu);
    let buf = encode_bounded(&nb, &info);
    let a = attrs(&buf);
    let unk: Vec<_> = a.iter().filter(|(t, _)| *t == an::UNKNOWN_TLV).collect();
    assert_eq!(unk.len(), nlmsg::UNKNOWN_TLVS_SENT_MAX);
    // The first ones, in order, whole.
    for (i, (_, v)) in unk.iter().enumerate() {
        let u = attrs(v);
        assert_eq!(one(&u, at::TYPE), &(0x1000 + i as u16).to_ne_bytes());
        assert_eq!(one(&u, at::VALUE), b"");
    }
    assert_eq!(one(&a, an::TRUNCATED), b"");
    // The count is all of them.
    assert_eq!(one(&a, an::UNKNOWN_TLVS), &360u32.to_ne_bytes());
    assert_eq!(one(&a, an::DEVICE_ID), b"many");
}

#[test]
fn truncated_only_when_something_was_left_out() {
    for (n, flag) in [(0, false), (31, false), (32, false), (33, true)] {
        let (nb, info) = decoded(&empty_unknowns(n));
        let buf = encode_bounded(&nb, &info);
        let a = attrs(&buf);
        let unk = a.iter().filter(|(t, _)| *t == an::UNKNOWN_TLV).count();
        assert_eq!(unk, usize::from(n).min(nlmsg::UNKNOWN_TLVS_SENT_MAX));
        assert_eq!(
            a.iter().any(|(t, _)| *t == an::TRUNCATED),
            flag,
            "{n} unknown TLVs"
        );
    }
    // The PDU that fills everything else carries no flag either.
    let (nb, info) = decoded(&big_pdu());
    let buf = encode_bounded(&nb, &info);
    assert!(!attrs(&buf).iter().any(|(t, _)| *t == an::TRUNCATED));
}

/// An address record of another protocol with a `len`-byte address.
fn other_addr(len: usize) -> Vec<u8> {
    let mut r = vec![1, 1, 0x81];
    r.extend_from_slice(&(len as u16).to_be_bytes());
    r.extend(std::iter::repeat(0xab).take(len));
    r
}

/// The largest neighbor message we can build: every decoded list and
/// payload at its capacity, names of 15 bytes, a VLAN, 32 empty unknown
/// TLVs (4 wire bytes become 16), the rest of the PDU in strings whose
/// lengths leave 3 bytes of padding each.
fn worst_pdu(unknown: u16) -> Vec<u8> {
    let addrs = build::addresses(&[
        other_addr(20),
        other_addr(16),
        other_addr(16),
        other_addr(16),
    ]);
    let power = {
        let mut v = vec![0, 1, 0, 2];
        for w in [15400u32, 30000, 60000, 90000] {
            v.extend_from_slice(&w.to_be_bytes());
        }
        v
    };
    let mut hello = vec![0, 0, 0x0c, 0x01, 0x12];
    hello.extend_from_slice(&[0x55; 32]);
    let mut p = Pdu::new()
        .tlv(tlv::ADDRESSES, &addrs)
        .tlv(tlv::MGMT_ADDRESSES, &addrs)
        .tlv(tlv::CAPABILITIES, &0x7ffu32.to_be_bytes())
        .tlv(
            tlv::PREFIXES,
            &[
                10, 0, 0, 0, 8, 10, 1, 0, 0, 16, 10, 2, 0, 0, 16, 10, 3, 0, 0, 24,
            ],
        )
        .tlv(tlv::HELLO, &hello)
        .tlv(tlv::NATIVE_VLAN, &1u16.to_be_bytes())
        .tlv(tlv::DUPLEX, &[1])
        .tlv(tlv::VOIP_VLAN_REPLY, &[1, 0, 100])
        .tlv(tlv::VOIP_VLAN_QUERY, &[1, 0, 101])
        .tlv(tlv::POWER, &15400u16.to_be_bytes())
        .tlv(tlv::MTU, &9000u32.to_be_bytes())
        .tlv(tlv::TRUST_BITMAP, &[1])
        .tlv(tlv::UNTRUSTED_COS, &[2])
        .tlv(tlv::POWER_REQUESTED, &power)
        .tlv(tlv::POWER_AVAILABLE, &power)
        .tlv(tlv::SPARE_PAIR_POE, &[1]);
    for i in 0..unknown {
        p = p.tlv(0x2000 + i, b"");
    }
    // The strings share what is left: values of 4k + 1 bytes.
    let strings = [
        tlv::DEVICE_ID,
        tlv::PORT_ID,
        tlv::VERSION,
        tlv::PLATFORM,
        tlv::VTP_DOMAIN,
        tlv::SYSTEM_NAME,
        tlv::SYSTEM_OID,
        tlv::LOCATION,
    ];
    let used = p.bytes().len();
    let each = (wire::PDU_MAX - used) / strings.len() - 4;
    let each = each - (each % 4) + 1 - 4;
    for (k, ty) in strings.iter().enumerate() {
        // The location's type byte comes first: one more byte for its text.
        let n = if *ty == tlv::LOCATION { each + 1 } else { each };
        p = p.tlv(*ty, &vec![b'a' + k as u8; n]);
    }
    let pdu = p.bytes();
    assert!(pdu.len() <= wire::PDU_MAX, "{} bytes", pdu.len());
    pdu
}

#[test]
fn the_worst_neighbor_fits_a_dump() {
    for unknown in [0, 32, 33, 200] {
        let pdu = worst_pdu(unknown);
        let mut t = cdp_host::host_table(4, 1);
        let rx = Rx {
            ifindex: 7,
            ifname: b"enp0s31f6abcdef",
            upper: b"br-0123456789ab",
            vlan: Some(4094),
            src_mac: [2, 0, 0, 0, 0, 1],
            now_ms: 1000,
        };
        assert_eq!(t.receive(&rx, &pdu, &CFG), Outcome::Inserted);
        let mut nb = Box::new(Neighbor::EMPTY);
        nb.copy_from(t.iter().next().unwrap());
        let mut info = Box::new(Info::EMPTY);
        assert!(nb.decode(&mut info));
        assert_eq!(info.addrs.as_slice().len(), wire::ADDRS_MAX);
        assert_eq!(info.mgmt_addrs.as_slice().len(), wire::ADDRS_MAX);
        assert_eq!(info.prefixes.as_slice().len(), wire::PREFIXES_MAX);
        let buf = encode_bounded(&nb, &info);
        let a = attrs(&buf);
        assert_eq!(
            a.iter().any(|(t, _)| *t == an::TRUNCATED),
            usize::from(unknown) > nlmsg::UNKNOWN_TLVS_SENT_MAX
        );
        // Every field is there, whole.
        for ty in [
            an::UPPER,
            an::VLAN,
            an::HELLO,
            an::VOIP_VLAN_QUERY,
            an::POWER_AVAILABLE,
        ] {
            one(&a, ty);
        }
        assert_eq!(
            a.iter().filter(|(t, _)| *t == an::ADDRESS).count(),
            wire::ADDRS_MAX
        );
        eprintln!(
            "worst case with {unknown} unknown TLVs: {} of {} bytes of attributes",
            buf.len() + 8,
            nlmsg::NEIGHBOR_ATTRS_MAX
        );
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
