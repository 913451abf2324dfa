// SPDX-License-Identifier: GPL-2.0
//! Structure-aware: arbitrary TLV sequences (known and unknown types, right
//! and wrong lengths) built into a PDU with a valid checksum, so the fuzzer
//! spends its time inside the TLV decoders rather than on the checksum.
//! Whatever the table accepts is encoded as a neighbor message within the
//! bound every dump has room for.
#![no_main]

use arbitrary::Arbitrary;
use cdp_host::build::Pdu;
use cdp_host::proto::nlmsg::{self, SizeSink};
use cdp_host::proto::table::{Config, Outcome, Rx};
use cdp_host::proto::wire::{self, Info};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Tlv {
    ty: u8,
    high_type: bool,
    /// Lie about the length by this much (0 mostly).
    len_delta: i8,
    value: Vec<u8>,
}

#[derive(Arbitrary, Debug)]
struct Input {
    version: u8,
    ttl: u8,
    with_device_id: bool,
    tlvs: Vec<Tlv>,
}

fuzz_target!(|inp: Input| {
    let mut p = Pdu::new();
    p.version = 1 + inp.version % 3;
    p.ttl = inp.ttl;
    if inp.with_device_id {
        p = p.tlv(1, b"fuzz");
    }
    for t in inp.tlvs.iter().take(64) {
        let ty = if t.high_type {
            0x1000 | u16::from(t.ty)
        } else {
            u16::from(t.ty % 0x20)
        };
        let v: Vec<u8> = t.value.iter().take(600).copied().collect();
        if t.len_delta == 0 || t.len_delta.unsigned_abs() > 8 {
            p = p.tlv(ty, &v);
        } else {
            let len = (v.len() as i32 + 4 + i32::from(t.len_delta)).clamp(0, 0xffff) as u16;
            let mut raw = ty.to_be_bytes().to_vec();
            raw.extend_from_slice(&len.to_be_bytes());
            raw.extend_from_slice(&v);
            p = p.raw(&raw);
        }
    }
    let bytes = p.bytes();
    if bytes.len() > wire::PDU_MAX {
        return;
    }
    let mut info = Box::new(Info::EMPTY);
    let r = wire::parse(&bytes, true, &mut info);
    if let Ok(s) = r {
        assert!(!info.device_id.is_empty());
        assert!(s.unknown_tlvs as usize >= info.unknown.as_slice().len());
        let mut t = cdp_host::host_table(1, 1);
        let rx = Rx {
            ifindex: 1,
            ifname: b"enp0s31f6abcdef",
            upper: b"br-0123456789ab",
            vlan: Some(4094),
            src_mac: [2, 0, 0, 0, 0, 1],
            now_ms: 0,
        };
        let cfg = Config {
            verify_checksum: true,
            rx_default: true,
        };
        if t.receive(&rx, &bytes, &cfg) == Outcome::Inserted {
            let nb = t.iter().next().expect("inserted");
            assert!(nb.decode(&mut info));
            let mut size = SizeSink::default();
            nlmsg::neighbor(&mut size, nb, &info, 0).expect("counts");
            // With the `changed` attribute of a change event.
            assert!(size.0 + 8 <= nlmsg::NEIGHBOR_ATTRS_MAX, "{} bytes", size.0);
        }
    }
});
