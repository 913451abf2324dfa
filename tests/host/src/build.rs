// SPDX-License-Identifier: GPL-2.0

//! Building CDP frames: for tests, fuzz seeds, benchmarks and the in-guest
//! traffic generator.

use crate::proto::wire::{self, tlv};
use std::vec::Vec;

/// A CDP PDU under construction.
#[derive(Clone)]
pub struct Pdu {
    /// CDP version byte.
    pub version: u8,
    /// Holdtime.
    pub ttl: u8,
    /// Encoded TLVs.
    pub tlvs: Vec<u8>,
}

/// An IPv4 address record.
pub fn ipv4(a: [u8; 4]) -> Vec<u8> {
    let mut r = std::vec![1, 1, 0xcc, 0, 4];
    r.extend_from_slice(&a);
    r
}

/// An IPv6 address record.
pub fn ipv6(a: [u8; 16]) -> Vec<u8> {
    let mut r = std::vec![2, 8, 0xaa, 0xaa, 3, 0, 0, 0, 0x86, 0xdd, 0, 16];
    r.extend_from_slice(&a);
    r
}

/// The value of an address TLV holding `records`.
pub fn addresses(records: &[Vec<u8>]) -> Vec<u8> {
    let mut v = (records.len() as u32).to_be_bytes().to_vec();
    for r in records {
        v.extend_from_slice(r);
    }
    v
}

impl Pdu {
    /// An empty CDPv2 PDU with a 180 s holdtime.
    pub fn new() -> Self {
        Self {
            version: 2,
            ttl: 180,
            tlvs: Vec::new(),
        }
    }

    /// Appends a TLV with a correct length.
    pub fn tlv(mut self, ty: u16, value: &[u8]) -> Self {
        self.tlvs.extend_from_slice(&ty.to_be_bytes());
        self.tlvs
            .extend_from_slice(&((value.len() + 4) as u16).to_be_bytes());
        self.tlvs.extend_from_slice(value);
        self
    }

    /// Appends raw bytes (for malformed TLVs).
    pub fn raw(mut self, b: &[u8]) -> Self {
        self.tlvs.extend_from_slice(b);
        self
    }

    /// A typical switch advertisement.
    pub fn switch(device_id: &str, port_id: &str) -> Self {
        Self::new()
            .tlv(tlv::DEVICE_ID, device_id.as_bytes())
            .tlv(tlv::ADDRESSES, &addresses(&[ipv4([192, 0, 2, 1])]))
            .tlv(tlv::PORT_ID, port_id.as_bytes())
            .tlv(tlv::CAPABILITIES, &0x28u32.to_be_bytes())
            .tlv(tlv::VERSION, b"Cisco IOS Software, C2960 Software, Version 15.0(2)SE11\nCompiled by cdp_rs tests")
            .tlv(tlv::PLATFORM, b"cisco WS-C2960-24TT-L")
            .tlv(tlv::VTP_DOMAIN, b"lab")
            .tlv(tlv::NATIVE_VLAN, &1u16.to_be_bytes())
            .tlv(tlv::DUPLEX, &[1])
    }

    /// The PDU bytes with a correct checksum.
    pub fn bytes(&self) -> Vec<u8> {
        let mut p = std::vec![self.version, self.ttl, 0, 0];
        p.extend_from_slice(&self.tlvs);
        wire::set_checksum(&mut p);
        p
    }

    /// A whole Ethernet frame from `src`, with an 802.1Q tag when `vlan` is
    /// given, padded to the 60-byte minimum.
    pub fn frame(&self, src: [u8; 6], vlan: Option<u16>) -> Vec<u8> {
        frame_from_pdu(&self.bytes(), src, vlan)
    }
}

impl Default for Pdu {
    fn default() -> Self {
        Self::new()
    }
}

/// Wraps PDU bytes (taken as they are) in 802.3 + LLC/SNAP.
pub fn frame_from_pdu(pdu: &[u8], src: [u8; 6], vlan: Option<u16>) -> Vec<u8> {
    let mut f = wire::CDP_MAC.to_vec();
    f.extend_from_slice(&src);
    if let Some(v) = vlan {
        f.extend_from_slice(&[0x81, 0x00]);
        f.extend_from_slice(&(v & 0x0fff).to_be_bytes());
    }
    f.extend_from_slice(&((pdu.len() + wire::LLC_SNAP_LEN) as u16).to_be_bytes());
    f.extend_from_slice(&wire::LLC_SNAP_CDP);
    f.extend_from_slice(pdu);
    while f.len() < 60 {
        f.push(0);
    }
    f
}

/// An STP configuration BPDU (the 802.2 traffic every switch port carries).
pub fn stp_bpdu(src: [u8; 6]) -> Vec<u8> {
    let mut f = std::vec![0x01, 0x80, 0xc2, 0, 0, 0];
    f.extend_from_slice(&src);
    f.extend_from_slice(&38u16.to_be_bytes());
    f.extend_from_slice(&[0x42, 0x42, 0x03, 0, 0, 0, 0]);
    f.resize(60, 0);
    f
}
