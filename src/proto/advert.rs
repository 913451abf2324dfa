// SPDX-License-Identifier: GPL-2.0

//! The host's own advertisement: a CDPv2 frame built from what the kernel
//! knows about an interface. Safe Rust on `core` only, like the decoder
//! that reads it back in the host tests.

use super::wire::{self, tlv, CDP_MAC, LLC_SNAP_CDP, PDU_HDR_LEN};

/// Capability bits (TLV 0x0004).
pub mod cap {
    /// Router: IP forwarding is on.
    pub const ROUTER: u32 = 0x01;
    /// Switch: the port is a bridge port.
    pub const SWITCH: u32 = 0x08;
    /// Host.
    pub const HOST: u32 = 0x10;
}

/// Longest Device ID and System Name sent (longer ones are cut).
pub const NAME_MAX: usize = 255;
/// Longest Port ID sent (interface names are at most 15 bytes).
pub const PORT_MAX: usize = 64;
/// Longest Software Version sent.
pub const VERSION_MAX: usize = 256;
/// Longest Platform sent.
pub const PLATFORM_MAX: usize = 64;

/// Room for any frame [`build_frame`] writes: the Ethernet and LLC/SNAP
/// headers, the PDU header and every TLV at its longest.
pub const FRAME_MAX: usize = 14
    + 8
    + PDU_HDR_LEN
    + 2 * (4 + NAME_MAX)
    + (4 + PORT_MAX)
    + (4 + VERSION_MAX)
    + (4 + PLATFORM_MAX)
    + 2 * (4 + 4 + 13 + 24)
    + (4 + 4)
    + (4 + 1)
    + (4 + 4);

/// Ethernet's minimum frame (without the FCS): shorter frames are padded.
pub const ETH_MIN: usize = 60;

/// What the host advertises on one interface. Fields the kernel does not
/// know are `None` or empty, and left out of the frame.
#[derive(Clone, Copy)]
pub struct Advert<'a> {
    /// Device ID (TLV 0x0001): the host name, or the namespace's own.
    pub device_id: &'a [u8],
    /// Port ID (TLV 0x0003): the interface name.
    pub port_id: &'a [u8],
    /// The interface's primary IPv4 address.
    pub ipv4: Option<[u8; 4]>,
    /// Its first global IPv6 address.
    pub ipv6: Option<[u8; 16]>,
    /// Capability bits ([`cap`]).
    pub capabilities: u32,
    /// Software Version (TLV 0x0005): these pieces joined by a space
    /// (`uname -r` and `uname -v`); empty pieces are skipped.
    pub version: [&'a [u8]; 2],
    /// Platform (TLV 0x0006).
    pub platform: &'a [u8],
    /// Duplex (TLV 0x000b): `Some(true)` full, `Some(false)` half.
    pub duplex: Option<bool>,
    /// MTU (TLV 0x0011).
    pub mtu: Option<u32>,
    /// System Name (TLV 0x0014).
    pub system_name: &'a [u8],
    /// Holdtime in seconds: 0 tells the peers to forget this host now.
    pub holdtime: u8,
}

/// Writes bytes at a moving position; running out of room is reported
/// once, at the end.
struct Out<'b> {
    buf: &'b mut [u8],
    at: usize,
    full: bool,
}

impl Out<'_> {
    fn put(&mut self, b: &[u8]) {
        match self.buf.get_mut(self.at..self.at + b.len()) {
            Some(d) => {
                d.copy_from_slice(b);
                self.at += b.len();
            }
            None => self.full = true,
        }
    }

    fn u16(&mut self, v: u16) {
        self.put(&v.to_be_bytes());
    }

    /// A TLV made of `parts`, concatenated.
    fn tlv(&mut self, ty: u16, parts: &[&[u8]]) {
        let len: usize = parts.iter().map(|p| p.len()).sum();
        self.u16(ty);
        self.u16((4 + len) as u16);
        for p in parts {
            self.put(p);
        }
    }
}

fn cut(b: &[u8], max: usize) -> &[u8] {
    &b[..b.len().min(max)]
}

/// The address list value (TLVs 0x0002 and 0x0016): IPv4 as NLPID 0xcc,
/// IPv6 as 802.2 with the EtherType 0x86dd, as IOS sends them.
fn addresses(a: &Advert<'_>, out: &mut Out<'_>, ty: u16) {
    let n = u32::from(a.ipv4.is_some()) + u32::from(a.ipv6.is_some());
    if n == 0 {
        return;
    }
    let mut len = 4;
    if a.ipv4.is_some() {
        len += 2 + 1 + 2 + 4;
    }
    if a.ipv6.is_some() {
        len += 2 + 8 + 2 + 16;
    }
    out.u16(ty);
    out.u16(4 + len);
    out.put(&n.to_be_bytes());
    if let Some(v4) = a.ipv4 {
        out.put(&[1, 1, 0xcc, 0, 4]);
        out.put(&v4);
    }
    if let Some(v6) = a.ipv6 {
        out.put(&[2, 8, 0xaa, 0xaa, 0x03, 0, 0, 0, 0x86, 0xdd, 0, 16]);
        out.put(&v6);
    }
}

/// Writes the advertisement `a` as a whole 802.3 frame from `src` (the
/// interface's MAC) to the CDP multicast address, LLC/SNAP header and
/// checksum included, padded to [`ETH_MIN`] bytes. Returns its length, or
/// `None` if `buf` is too small (it never is with [`FRAME_MAX`] bytes).
pub fn build_frame(buf: &mut [u8], src: &[u8; 6], a: &Advert<'_>) -> Option<usize> {
    let mut out = Out {
        buf,
        at: 0,
        full: false,
    };
    out.put(&CDP_MAC);
    out.put(src);
    out.u16(0); // 802.3 length, filled in below.
    out.put(&LLC_SNAP_CDP);
    let pdu_at = out.at;
    out.put(&[2, a.holdtime, 0, 0]);
    out.tlv(tlv::DEVICE_ID, &[cut(a.device_id, NAME_MAX)]);
    addresses(a, &mut out, tlv::ADDRESSES);
    out.tlv(tlv::PORT_ID, &[cut(a.port_id, PORT_MAX)]);
    out.tlv(tlv::CAPABILITIES, &[&a.capabilities.to_be_bytes()]);
    let [r, v] = a.version;
    let r = cut(r, VERSION_MAX / 2);
    let v = cut(v, VERSION_MAX / 2 - 1);
    let sep: &[u8] = if !r.is_empty() && !v.is_empty() {
        b" "
    } else {
        b""
    };
    if !r.is_empty() || !v.is_empty() {
        out.tlv(tlv::VERSION, &[r, sep, v]);
    }
    if !a.platform.is_empty() {
        out.tlv(tlv::PLATFORM, &[cut(a.platform, PLATFORM_MAX)]);
    }
    if let Some(full) = a.duplex {
        out.tlv(tlv::DUPLEX, &[&[u8::from(full)]]);
    }
    if let Some(mtu) = a.mtu {
        out.tlv(tlv::MTU, &[&mtu.to_be_bytes()]);
    }
    if !a.system_name.is_empty() {
        out.tlv(tlv::SYSTEM_NAME, &[cut(a.system_name, NAME_MAX)]);
    }
    addresses(a, &mut out, tlv::MGMT_ADDRESSES);
    if out.full {
        return None;
    }
    let end = out.at;
    let len = (end - pdu_at + LLC_SNAP_CDP.len()) as u16;
    out.buf[12..14].copy_from_slice(&len.to_be_bytes());
    wire::set_checksum(&mut out.buf[pdu_at..end]);
    let total = end.max(ETH_MIN);
    out.buf.get_mut(end..total)?.fill(0);
    Some(total)
}

/// As [`build_frame`], for a device that sends frames of at most `max`
/// bytes (its MTU and the Ethernet header): when the whole advertisement
/// is longer, optional TLVs are left out until it fits, in this order:
/// Software Version, System Name, Platform, Duplex, MTU, then the IPv6 and
/// the IPv4 address (both Addresses and Management Addresses). `None` when
/// even the Device ID, Port ID and Capabilities do not fit (or `buf` is
/// too small).
pub fn build_frame_fit(buf: &mut [u8], src: &[u8; 6], a: &Advert<'_>, max: usize) -> Option<usize> {
    let mut a = *a;
    for step in 0..8 {
        match step {
            0 => {}
            1 => a.version = [&[], &[]],
            2 => a.system_name = &[],
            3 => a.platform = &[],
            4 => a.duplex = None,
            5 => a.mtu = None,
            6 => a.ipv6 = None,
            _ => a.ipv4 = None,
        }
        match build_frame(buf, src, &a) {
            Some(n) if n <= max => return Some(n),
            Some(_) => {}
            None => return None,
        }
    }
    None
}

/// Where the PDU starts in a frame [`build_frame`] wrote (after the
/// Ethernet and LLC/SNAP headers).
pub const PDU_OFFSET: usize = 14 + 8;

/// Changes the holdtime of a frame [`build_frame`] wrote, checksum
/// included: the same advertisement, withdrawn with 0. False if `frame` is
/// not one.
pub fn set_holdtime(frame: &mut [u8], holdtime: u8) -> bool {
    let len = match frame.get(12..14) {
        Some(l) => usize::from(u16::from_be_bytes([l[0], l[1]])),
        None => return false,
    };
    let end = 14 + len;
    let Some(pdu) = frame.get_mut(PDU_OFFSET..end) else {
        return false;
    };
    if pdu.len() < PDU_HDR_LEN {
        return false;
    }
    pdu[1] = holdtime;
    wire::set_checksum(pdu);
    true
}

/// The Device ID and Port ID of a frame [`build_frame`] wrote: what peers
/// key a neighbor by.
pub fn identity(frame: &[u8]) -> (&[u8], &[u8]) {
    let pdu = frame.get(PDU_OFFSET..).unwrap_or(&[]);
    let (mut dev, mut port): (&[u8], &[u8]) = (&[], &[]);
    for (ty, v) in wire::tlvs(pdu) {
        match ty {
            tlv::DEVICE_ID => dev = v,
            tlv::PORT_ID => port = v,
            _ => {}
        }
    }
    (dev, port)
}

/// A 64-bit fingerprint of a frame (FNV-1a): the transmitter sends at once
/// when an interface's advertisement no longer matches the last one sent.
pub fn fingerprint(frame: &[u8]) -> u64 {
    frame.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
