// SPDX-License-Identifier: GPL-2.0

//! The host's own advertisement (src/proto/advert.rs): read back by the
//! module's decoder, checksums right for even and odd lengths, fields left
//! out when unknown, and never longer than FRAME_MAX.

use cdp_host::proto::advert::{self, cap, Advert, FRAME_MAX};
use cdp_host::proto::wire::{self, has, Info};

fn sample(device_id: &'static [u8]) -> Advert<'static> {
    Advert {
        device_id,
        port_id: b"eth0",
        ipv4: Some([192, 0, 2, 10]),
        ipv6: Some([
            0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0a,
        ]),
        capabilities: cap::HOST | cap::ROUTER,
        version: [b"6.12.41", b"#1 SMP PREEMPT_DYNAMIC"],
        platform: b"Linux",
        duplex: Some(true),
        mtu: Some(1500),
        system_name: device_id,
        holdtime: 180,
    }
}

fn build(a: &Advert<'_>) -> Vec<u8> {
    let mut buf = [0u8; FRAME_MAX];
    let n = advert::build_frame(&mut buf, &[0x52, 0x54, 0, 0x12, 0x34, 0x56], a).unwrap();
    buf[..n].to_vec()
}

fn decode(frame: &[u8]) -> Box<Info> {
    let l = wire::locate(frame).expect("a CDP frame");
    let pdu = &frame[l.pdu_offset..l.pdu_offset + l.pdu_len];
    let mut info = Box::new(Info::EMPTY);
    wire::parse(pdu, true, &mut info).expect("decodes, checksum verified");
    info
}

#[test]
fn reads_back_every_field() {
    let f = build(&sample(b"server1.example.net"));
    assert_eq!(&f[..6], &wire::CDP_MAC);
    assert_eq!(&f[6..12], &[0x52, 0x54, 0, 0x12, 0x34, 0x56]);
    assert_eq!(&f[14..22], &wire::LLC_SNAP_CDP);
    let i = decode(&f);
    assert_eq!(i.version, 2);
    assert_eq!(i.ttl, 180);
    assert_eq!(i.device_id.as_bytes(), b"server1.example.net");
    assert_eq!(i.port_id.as_bytes(), b"eth0");
    assert_eq!(i.capabilities, 0x11);
    assert_eq!(i.sw_version.as_bytes(), b"6.12.41 #1 SMP PREEMPT_DYNAMIC");
    assert_eq!(i.platform.as_bytes(), b"Linux");
    assert_eq!(i.duplex, 1);
    assert_eq!(i.mtu, 1500);
    assert_eq!(i.system_name.as_bytes(), b"server1.example.net");
    let a = i.addrs.as_slice();
    assert_eq!(a.len(), 2);
    assert_eq!((a[0].family, &a[0].bytes[..4]), (4, &[192, 0, 2, 10][..]));
    assert_eq!(a[1].family, 6);
    assert_eq!(a[1].bytes[15], 0x0a);
    assert_eq!(i.mgmt_addrs.as_slice().len(), 2);
    assert_eq!(i.unknown.as_slice().len(), 0);
    // The 802.3 length field covers LLC/SNAP and the PDU, not the padding.
    let len = u16::from_be_bytes([f[12], f[13]]) as usize;
    assert_eq!(len, wire::locate(&f).unwrap().pdu_len + 8);
}

#[test]
fn checksum_verifies_for_even_and_odd_lengths_with_high_last_byte() {
    // Names ending in a byte >= 0x80 exercise Cisco's signed-char rule.
    let names: [&'static [u8]; 4] = [b"a", b"ab", b"ab\xff", b"abc\xfe"];
    let mut parity = [false; 2];
    for n in names {
        let mut a = sample(b"d");
        // The System Name is the last TLV before the addresses: drop the
        // addresses so the name's last byte ends the PDU.
        a.system_name = n;
        a.ipv4 = None;
        a.ipv6 = None;
        let f = build(&a);
        let l = wire::locate(&f).unwrap();
        parity[l.pdu_len % 2] = true;
        assert_eq!(
            *f.get(l.pdu_offset + l.pdu_len - 1).unwrap(),
            *n.last().unwrap()
        );
        assert_eq!(
            wire::checksum(&f[l.pdu_offset..l.pdu_offset + l.pdu_len]),
            0
        );
        assert_eq!(decode(&f).system_name.as_bytes(), n);
    }
    assert_eq!(parity, [true, true], "both even and odd PDU lengths");
}

#[test]
fn unknown_fields_are_left_out_and_short_frames_padded() {
    let a = Advert {
        device_id: b"h",
        port_id: b"e",
        ipv4: None,
        ipv6: None,
        capabilities: cap::HOST,
        version: [b"", b""],
        platform: b"",
        duplex: None,
        mtu: None,
        system_name: b"",
        holdtime: 0,
    };
    let f = build(&a);
    assert_eq!(f.len(), advert::ETH_MIN);
    let i = decode(&f);
    assert_eq!(i.ttl, 0);
    assert!(!i.has(has::DUPLEX) && !i.has(has::MTU));
    assert_eq!(i.addrs.as_slice().len(), 0);
    assert_eq!(i.sw_version.as_bytes(), b"");
    let l = wire::locate(&f).unwrap();
    let types: Vec<u16> = wire::tlvs(&f[l.pdu_offset..l.pdu_offset + l.pdu_len])
        .map(|(ty, _)| ty)
        .collect();
    assert_eq!(types, [0x0001, 0x0003, 0x0004]);
}

#[test]
fn longest_fields_fit_frame_max_and_are_cut() {
    let long = [b'x'; 1000];
    let a = Advert {
        device_id: &long,
        port_id: &long,
        version: [&long, &long],
        platform: &long,
        system_name: &long,
        ..sample(b"")
    };
    let mut buf = [0u8; FRAME_MAX];
    let n = advert::build_frame(&mut buf, &[2, 0, 0, 0, 0, 1], &a).unwrap();
    assert!(n <= FRAME_MAX);
    let i = decode(&buf[..n]);
    assert_eq!(i.port_id.as_bytes().len(), advert::PORT_MAX);
    // A buffer one byte short is refused, not overrun.
    let mut small = vec![0u8; n - 1];
    assert!(advert::build_frame(&mut small, &[2, 0, 0, 0, 0, 1], &a).is_none());
}

#[test]
fn fingerprint_changes_with_content() {
    let a = build(&sample(b"one"));
    let b = build(&sample(b"two"));
    assert_ne!(advert::fingerprint(&a), advert::fingerprint(&b));
    assert_eq!(
        advert::fingerprint(&a),
        advert::fingerprint(&build(&sample(b"one")))
    );
}

#[test]
fn withdrawal_keeps_the_identity_with_holdtime_zero() {
    let mut f = build(&sample(b"server1"));
    assert_eq!(advert::identity(&f), (&b"server1"[..], &b"eth0"[..]));
    assert!(advert::set_holdtime(&mut f, 0));
    let i = decode(&f);
    assert_eq!(
        i.ttl, 0,
        "holdtime 0, checksum recomputed (decode verifies it)"
    );
    assert_eq!(i.device_id.as_bytes(), b"server1");
    // Not a frame: refused, nothing written out of bounds.
    assert!(!advert::set_holdtime(&mut [0u8; 10], 0));
    let mut short = f[..30].to_vec();
    assert!(!advert::set_holdtime(&mut short, 0));
}

/// A device with a small MTU: optional TLVs are left out, Software Version
/// first, until the frame fits; nothing when the identity alone does not.
#[test]
fn fits_the_mtu_or_is_not_built() {
    let src = [0x52, 0x54, 0, 0x12, 0x34, 0x56];
    let a = sample(b"server1.example.net");
    let mut buf = [0u8; FRAME_MAX];
    let whole = advert::build_frame(&mut buf, &src, &a).unwrap();
    // Room for all of it: the same frame.
    assert_eq!(
        advert::build_frame_fit(&mut buf, &src, &a, whole),
        Some(whole)
    );
    // One byte less: the Software Version goes, nothing else.
    let n = advert::build_frame_fit(&mut buf, &src, &a, whole - 1).unwrap();
    assert!(n < whole);
    let i = decode(&buf[..n]);
    assert!(i.sw_version.as_bytes().is_empty());
    assert_eq!(i.system_name.as_bytes(), b"server1.example.net");
    assert_eq!(i.mtu, 1500);
    // The smallest Ethernet MTU (68) plus the header: the identity, the
    // capabilities and what else fits.
    let n = advert::build_frame_fit(&mut buf, &src, &a, 68 + 14).unwrap();
    assert!(n <= 82);
    let i = decode(&buf[..n]);
    assert_eq!(i.device_id.as_bytes(), b"server1.example.net");
    assert_eq!(i.port_id.as_bytes(), b"eth0");
    assert_eq!(i.capabilities, 0x11);
    // A Device ID longer than that MTU allows: not built at all.
    let long = sample(&[b'x'; 100]);
    assert_eq!(
        advert::build_frame_fit(&mut buf, &src, &long, 68 + 14),
        None
    );
}
