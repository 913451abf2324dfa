// SPDX-License-Identifier: GPL-2.0

//! Decoder tests: the real captures against tcpdump's decodes, frames built
//! for every TLV, the checksum quirk and every malformation.

use cdp_host::build::{self, addresses, ipv4, ipv6, Pdu};
use cdp_host::pcap;
use cdp_host::proto::wire::{self, has, tlv, Error, Info};

fn data(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../data/{}", env!("CARGO_MANIFEST_DIR"), name)).unwrap()
}

fn pdu_of(frame: &[u8]) -> &[u8] {
    let l = wire::locate(frame).expect("CDP frame");
    &frame[l.pdu_offset..l.pdu_offset + l.pdu_len]
}

fn decode(pdu: &[u8]) -> Result<Box<Info>, Error> {
    let mut info = Box::new(Info::EMPTY);
    wire::parse(pdu, true, &mut info).map(|_| info)
}

#[test]
fn catalyst_3560_capture_matches_tcpdump() {
    let frames = pcap::read(&data("3560_CDP.pcap")).unwrap();
    assert_eq!(frames.len(), 3);
    for f in &frames {
        let l = wire::locate(f).unwrap();
        assert_eq!(l.pdu_len, 378, "tcpdump: length 378");
        assert_eq!(l.vlan, None);
        let pdu = pdu_of(f);
        assert_eq!(wire::checksum(pdu), 0, "checksum 0xb0bd verifies");
        assert_eq!(&pdu[2..4], &[0xb0, 0xbd]);
        let i = decode(pdu).unwrap();
        assert_eq!(i.version, 2);
        assert_eq!(i.ttl, 180);
        assert_eq!(i.device_id.as_bytes(), b"Switch");
        assert_eq!(i.sw_version.as_bytes().len(), 192);
        assert!(i.sw_version.as_bytes().starts_with(
            b"Cisco IOS Software, C3560 Software (C3560-ADVIPSERVICESK9-M), Version 12.2(25)SEB4, RELEASE SOFTWARE (fc1)\n"
        ));
        assert_eq!(i.platform.as_bytes(), b"cisco WS-C3560G-24PS");
        assert_eq!(i.addrs.as_slice().len(), 1);
        assert_eq!(i.addrs.as_slice()[0].family, 4);
        assert_eq!(&i.addrs.as_slice()[0].bytes[..4], &[192, 168, 0, 1]);
        assert_eq!(i.port_id.as_bytes(), b"GigabitEthernet0/5");
        assert_eq!(i.capabilities, 0x28);
        assert!(i.has(has::HELLO));
        assert_eq!(i.hello_proto, 0x0112);
        assert_eq!(i.vtp_domain.as_bytes(), b"Lab");
        assert_eq!(i.native_vlan, 1);
        assert_eq!(i.duplex, 1);
        assert!(i.has(has::TRUST_BITMAP) && i.trust_bitmap == 0);
        assert!(i.has(has::UNTRUSTED_COS) && i.untrusted_cos == 0);
        assert_eq!(&i.mgmt_addrs.as_slice()[0].bytes[..4], &[192, 168, 0, 1]);
        let pa = &i.power_available;
        assert_eq!((pa.request_id, pa.mgmt_id), (0, 1));
        assert_eq!(pa.values.as_slice(), &[0, 4294967295]);
        assert_eq!(i.unknown.as_slice().len(), 0);
    }
}

#[test]
fn mixed_lldp_capture() {
    let frames = pcap::read(&data("LLDP_and_CDP.pcap")).unwrap();
    let mut cdp = Vec::new();
    for f in &frames {
        if let Ok(l) = wire::locate(f) {
            cdp.push((l, decode(pdu_of(f)).unwrap()));
        }
    }
    assert!(cdp.len() >= 2);
    let names: Vec<_> = cdp
        .iter()
        .map(|(_, i)| {
            (
                i.device_id.as_bytes().to_vec(),
                i.port_id.as_bytes().to_vec(),
            )
        })
        .collect();
    assert!(names.contains(&(b"S1".to_vec(), b"FastEthernet0/13".to_vec())));
    assert!(names.contains(&(b"S2".to_vec(), b"GigabitEthernet0/13".to_vec())));
    for (l, i) in &cdp {
        assert_eq!(
            l.pdu_len,
            if i.device_id.as_bytes() == b"S1" {
                366
            } else {
                370
            }
        );
        assert!(i.has(has::VTP_DOMAIN) && i.vtp_domain.is_empty());
    }
}

#[test]
fn every_tlv() {
    let p = Pdu::new()
        .tlv(tlv::DEVICE_ID, b"core-1.example.net")
        .tlv(
            tlv::ADDRESSES,
            &addresses(&[
                ipv4([10, 0, 0, 1]),
                ipv6([0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
            ]),
        )
        .tlv(tlv::PORT_ID, b"TenGigabitEthernet1/0/1")
        .tlv(tlv::CAPABILITIES, &0x429u32.to_be_bytes())
        .tlv(tlv::VERSION, b"line 1\nline 2")
        .tlv(tlv::PLATFORM, b"cisco C9300-48P")
        .tlv(tlv::PREFIXES, &[10, 1, 0, 0, 16, 192, 168, 1, 0, 24])
        .tlv(tlv::HELLO, &[0, 0, 0x0c, 0x01, 0x12, 1, 2, 3])
        .tlv(tlv::VTP_DOMAIN, b"corp")
        .tlv(tlv::NATIVE_VLAN, &42u16.to_be_bytes())
        .tlv(tlv::DUPLEX, &[0])
        .tlv(tlv::VOIP_VLAN_REPLY, &[1, 0, 100])
        .tlv(tlv::VOIP_VLAN_QUERY, &[1, 0, 101])
        .tlv(tlv::POWER, &15400u16.to_be_bytes())
        .tlv(tlv::MTU, &1500u32.to_be_bytes())
        .tlv(tlv::TRUST_BITMAP, &[1])
        .tlv(tlv::UNTRUSTED_COS, &[5])
        .tlv(tlv::SYSTEM_NAME, b"core-1")
        .tlv(tlv::SYSTEM_OID, &[0x06, 0x08, 0x2b, 6, 1, 4, 1, 9, 1, 1])
        .tlv(
            tlv::MGMT_ADDRESSES,
            &addresses(&[ipv6([
                0x20, 0x01, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
            ])]),
        )
        .tlv(tlv::LOCATION, b"\x00Building 1, rack 7")
        .tlv(
            tlv::POWER_REQUESTED,
            &[0, 7, 0, 1, 0, 0, 0x3c, 0x28, 0, 0, 0x1d, 0x4c],
        )
        .tlv(tlv::POWER_AVAILABLE, &[0, 7, 0, 1, 0, 0, 0x3c, 0x28])
        .tlv(tlv::SPARE_PAIR_POE, &[0x0f])
        .tlv(0x1003, b"hp-extension");
    let i = decode(&p.bytes()).unwrap();
    assert_eq!(i.device_id.as_bytes(), b"core-1.example.net");
    let a = i.addrs.as_slice();
    assert_eq!((a[0].family, &a[0].bytes[..4]), (4, &[10, 0, 0, 1][..]));
    assert_eq!((a[1].family, a[1].bytes[0], a[1].bytes[15]), (6, 0xfe, 1));
    assert_eq!(i.port_id.as_bytes(), b"TenGigabitEthernet1/0/1");
    assert_eq!(i.capabilities, 0x429);
    assert_eq!(i.sw_version.as_bytes(), b"line 1\nline 2");
    assert_eq!(i.prefixes.as_slice().len(), 2);
    assert_eq!(i.prefixes.as_slice()[1].len, 24);
    assert_eq!((i.hello_oui, i.hello_proto), ([0, 0, 0x0c], 0x0112));
    assert_eq!(i.hello_data.as_bytes(), &[1, 2, 3]);
    assert_eq!(i.vtp_domain.as_bytes(), b"corp");
    assert_eq!(i.native_vlan, 42);
    assert!(i.has(has::DUPLEX) && i.duplex == 0);
    assert_eq!(i.voip_reply, (1, 100));
    assert_eq!(i.voip_query, (1, 101));
    assert_eq!(i.power_mw, 15400);
    assert_eq!(i.mtu, 1500);
    assert_eq!((i.trust_bitmap, i.untrusted_cos), (1, 5));
    assert_eq!(i.system_name.as_bytes(), b"core-1");
    assert_eq!(i.system_oid.as_bytes().len(), 10);
    assert_eq!(i.mgmt_addrs.as_slice()[0].family, 6);
    assert_eq!(i.location.as_bytes(), b"Building 1, rack 7");
    assert_eq!(i.power_requested.values.as_slice(), &[15400, 7500]);
    assert_eq!(i.power_available.values.as_slice(), &[15400]);
    assert_eq!(i.spare_pair_poe, 0x0f);
    assert_eq!(i.unknown.as_slice().len(), 1);
    assert_eq!(i.unknown.as_slice()[0].ty, 0x1003);
    assert_eq!(i.unknown.as_slice()[0].value.as_bytes(), b"hp-extension");
}

#[test]
fn cdp_v1_and_long_strings_truncate() {
    let long = vec![b'x'; 1000];
    let mut p = Pdu::new()
        .tlv(tlv::DEVICE_ID, &long)
        .tlv(tlv::VERSION, &long);
    p.version = 1;
    let i = decode(&p.bytes()).unwrap();
    assert_eq!(i.version, 1);
    assert_eq!(i.device_id.as_bytes().len(), wire::DEVICE_ID_MAX);
    assert!(i.device_id.truncated());
    assert_eq!(i.sw_version.as_bytes().len(), wire::VERSION_MAX);
}

#[test]
fn checksum_odd_length_both_cases() {
    // Odd-length PDUs whose last byte is below and at/above 0x80.
    for last in [0x41u8, 0x7f, 0x80, 0xc3, 0xff] {
        let p = Pdu::new().tlv(tlv::DEVICE_ID, &[b'a', b'b', last]);
        let b = p.bytes();
        assert_eq!(b.len() % 2, 1);
        assert_eq!(wire::checksum(&b), 0);
        // The quirk matters: a plain RFC 1071 sum (last byte as the high
        // half of a zero-padded word) gives another checksum.
        let mut sum: u32 = 0;
        for w in b.chunks(2) {
            sum += u32::from(u16::from_be_bytes([w[0], *w.get(1).unwrap_or(&0)]));
        }
        while sum > 0xffff {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        assert_ne!(!(sum as u16), 0, "last byte {last:#x}");
        // A flipped bit fails.
        let mut bad = b.clone();
        *bad.last_mut().unwrap() ^= 0x01;
        assert_eq!(decode(&bad).err().unwrap(), Error::Checksum);
    }
    // The signed-char emulation, by hand: last byte 0x90 adds 0xff8f.
    let pdu = [2u8, 180, 0, 0, 0x90];
    let sum: u32 = 0x02b4 + 0xff8f;
    let folded = (sum & 0xffff) + (sum >> 16);
    assert_eq!(wire::checksum(&pdu), !(folded as u16));
}

#[test]
fn checksum_can_be_disabled() {
    let mut b = Pdu::switch("sw", "p").bytes();
    b[2] ^= 0xff;
    let mut i = Box::new(Info::EMPTY);
    assert_eq!(wire::parse(&b, true, &mut i), Err(Error::Checksum));
    assert!(wire::parse(&b, false, &mut i).is_ok());
}

fn malformed(tlvs: &[u8]) -> Result<Box<Info>, Error> {
    let p = Pdu::new().tlv(tlv::DEVICE_ID, b"x").raw(tlvs);
    decode(&p.bytes())
}

#[test]
fn malformations_are_invalid() {
    // TLV length below 4 (0, 3), past the end, 65535.
    for len in [0u16, 1, 3, 9, 65535] {
        let mut t = vec![0, 3];
        t.extend_from_slice(&len.to_be_bytes());
        t.extend_from_slice(b"ab");
        assert_eq!(malformed(&t).err().unwrap(), Error::Invalid, "len {len}");
    }
    // A truncated TLV header.
    assert_eq!(malformed(&[0, 1, 0]).err().unwrap(), Error::Invalid);
    // Address count larger than the records present.
    let mut v = 1000u32.to_be_bytes().to_vec();
    v.extend_from_slice(&ipv4([1, 2, 3, 4]));
    let p = Pdu::new().tlv(tlv::DEVICE_ID, b"x").tlv(tlv::ADDRESSES, &v);
    assert_eq!(decode(&p.bytes()).err().unwrap(), Error::Invalid);
    let v = u32::MAX.to_be_bytes().to_vec();
    let p = Pdu::new().tlv(tlv::DEVICE_ID, b"x").tlv(tlv::ADDRESSES, &v);
    assert_eq!(decode(&p.bytes()).err().unwrap(), Error::Invalid);
    // Truncated address records: in the protocol field, the length, the address.
    let rec = ipv4([1, 2, 3, 4]);
    for cut in 1..rec.len() {
        let mut v = 1u32.to_be_bytes().to_vec();
        v.extend_from_slice(&rec[..cut]);
        let p = Pdu::new()
            .tlv(tlv::DEVICE_ID, b"x")
            .tlv(tlv::MGMT_ADDRESSES, &v);
        assert_eq!(
            decode(&p.bytes()).err().unwrap(),
            Error::Invalid,
            "cut {cut}"
        );
    }
    // Address count smaller than the records (trailing bytes).
    let mut v = 1u32.to_be_bytes().to_vec();
    v.extend_from_slice(&rec);
    v.extend_from_slice(&rec);
    let p = Pdu::new().tlv(tlv::DEVICE_ID, b"x").tlv(tlv::ADDRESSES, &v);
    assert_eq!(decode(&p.bytes()).err().unwrap(), Error::Invalid);
    // Fixed-size fields of the wrong size.
    for (ty, v) in [
        (tlv::CAPABILITIES, &[0u8, 0, 1][..]),
        (tlv::NATIVE_VLAN, &[1][..]),
        (tlv::DUPLEX, &[][..]),
        (tlv::MTU, &[0, 0, 5, 0xdc, 0][..]),
        (tlv::POWER_AVAILABLE, &[0, 0, 0][..]),
        (tlv::POWER_REQUESTED, &[0, 0, 0, 1, 0, 0][..]),
        (tlv::PREFIXES, &[10, 0, 0, 0][..]),
        (tlv::HELLO, &[0, 0, 0x0c][..]),
        (tlv::LOCATION, &[][..]),
    ] {
        let p = Pdu::new().tlv(tlv::DEVICE_ID, b"x").tlv(ty, v);
        assert_eq!(
            decode(&p.bytes()).err().unwrap(),
            Error::Invalid,
            "type {ty:#x}"
        );
    }
    // No device ID.
    let p = Pdu::new().tlv(tlv::PORT_ID, b"p");
    assert_eq!(decode(&p.bytes()).err().unwrap(), Error::Invalid);
}

#[test]
fn header_syntax() {
    for v in [0u8, 3, 0xff] {
        let mut p = Pdu::switch("a", "b");
        p.version = v;
        assert_eq!(decode(&p.bytes()).err().unwrap(), Error::HdrSyntax);
    }
    assert_eq!(decode(&[2, 180, 0]).err().unwrap(), Error::HdrSyntax);
    assert_eq!(decode(&[]).err().unwrap(), Error::HdrSyntax);
}

#[test]
fn locate_frames() {
    let p = Pdu::switch("sw", "Gi0/1");
    let f = p.frame([2, 0, 0, 0, 0, 1], None);
    let l = wire::locate(&f).unwrap();
    assert_eq!(
        (l.pdu_offset, l.pdu_len, l.vlan),
        (22, p.bytes().len(), None)
    );
    let f = p.frame([2, 0, 0, 0, 0, 1], Some(100));
    let l = wire::locate(&f).unwrap();
    assert_eq!((l.pdu_offset, l.vlan), (26, Some(100)));
    // Ethernet padding after a short PDU is not part of it.
    let small = Pdu::new().tlv(tlv::DEVICE_ID, b"a");
    let f = small.frame([2, 0, 0, 0, 0, 1], None);
    assert_eq!(f.len(), 60);
    assert_eq!(wire::locate(&f).unwrap().pdu_len, 9);
    // STP and other SNAP protocols on the same address are not CDP.
    assert_eq!(
        wire::locate(&build::stp_bpdu([2, 0, 0, 0, 0, 1])),
        Err(wire::NotCdp::Other)
    );
    let mut vtp = f.clone();
    vtp[21] = 0x03; // PID 0x2003
    assert_eq!(wire::locate(&vtp), Err(wire::NotCdp::Other));
    // An 802.3 length past the frame.
    let mut long = f.clone();
    long[12..14].copy_from_slice(&1400u16.to_be_bytes());
    assert_eq!(wire::locate(&long), Err(wire::NotCdp::BadLength));
    let mut short = f;
    short[12..14].copy_from_slice(&10u16.to_be_bytes());
    assert_eq!(wire::locate(&short), Err(wire::NotCdp::BadLength));
}

#[test]
fn never_panics_on_truncations_and_bit_flips() {
    let frames = pcap::read(&data("3560_CDP.pcap")).unwrap();
    let pdu = pdu_of(&frames[0]).to_vec();
    let mut info = Box::new(Info::EMPTY);
    for cut in 0..pdu.len() {
        let _ = wire::parse(&pdu[..cut], false, &mut info);
    }
    for i in 0..pdu.len() {
        for bit in 0..8 {
            let mut m = pdu.clone();
            m[i] ^= 1 << bit;
            let r = wire::parse(&m, true, &mut info);
            // A single bit flip always breaks the checksum or the header.
            assert!(r.is_err(), "flip byte {i} bit {bit}");
            let _ = wire::parse(&m, false, &mut info);
        }
    }
}

#[test]
fn reset_leaves_no_trace_of_the_previous_decode() {
    // Decoding into a used value must equal decoding into a fresh one.
    let big = Pdu::new()
        .tlv(tlv::DEVICE_ID, b"a-long-device-id")
        .tlv(
            tlv::ADDRESSES,
            &addresses(&[ipv4([1, 2, 3, 4]), ipv4([5, 6, 7, 8])]),
        )
        .tlv(tlv::POWER_AVAILABLE, &[0, 1, 0, 2, 0, 0, 0, 9, 0, 0, 0, 8])
        .tlv(0x1234, b"unknown")
        .tlv(tlv::MTU, &1500u32.to_be_bytes());
    let small = Pdu::new().tlv(tlv::DEVICE_ID, b"a");
    let mut used = Box::new(Info::EMPTY);
    wire::parse(&big.bytes(), true, &mut used).unwrap();
    wire::parse(&small.bytes(), true, &mut used).unwrap();
    let fresh = decode(&small.bytes()).unwrap();
    assert!(*used == *fresh);
    assert_eq!(used.device_id.as_bytes(), b"a");
    assert!(!used.has(has::MTU) && used.mtu == 0);
    assert!(used.addrs.as_slice().is_empty() && used.unknown.as_slice().is_empty());
}

#[test]
fn checksum_matches_plain_rfc1071_word_sum() {
    // The fast (32-bit word) sum equals the textbook 16-bit one, with the
    // Cisco odd-byte rule, for every length and many contents.
    let mut x: u32 = 12345;
    for len in 0..600usize {
        let data: Vec<u8> = (0..len)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                (x >> 16) as u8
            })
            .collect();
        let mut sum: u32 = 0;
        let mut w = data.chunks_exact(2);
        for c in &mut w {
            sum += u32::from(u16::from_be_bytes([c[0], c[1]]));
        }
        if let [b] = w.remainder() {
            sum += if *b >= 0x80 {
                0xff00 | u32::from(b - 1)
            } else {
                u32::from(*b)
            };
        }
        while sum > 0xffff {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        assert_eq!(wire::checksum(&data), !(sum as u16), "len {len}");
    }
}
