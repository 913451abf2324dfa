// SPDX-License-Identifier: GPL-2.0

//! CDP on the wire: frame classification, checksum and TLV decoding.
//!
//! Every byte is hostile. Each read is bounds-checked against the bytes that
//! are really there, loops are bounded by bytes and never by counts the frame
//! claims, and nothing here can panic or allocate.

use super::fixed::{Bytes, List};

/// The CDP multicast address.
pub const CDP_MAC: [u8; 6] = [0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcc];
/// LLC DSAP, SSAP and control, then SNAP OUI 00:00:0c and PID 0x2000.
pub const LLC_SNAP_CDP: [u8; 8] = [0xaa, 0xaa, 0x03, 0x00, 0x00, 0x0c, 0x20, 0x00];
/// Length of the LLC/SNAP header in front of the CDP PDU.
pub const LLC_SNAP_LEN: usize = 8;
/// Version, TTL and checksum.
pub const PDU_HDR_LEN: usize = 4;
/// Largest PDU an 802.3 length field (< 0x600) can describe.
pub const PDU_MAX: usize = 0x600 - LLC_SNAP_LEN;

/// Sizes of the fields kept per neighbor: they set the memory per neighbor.
pub const DEVICE_ID_MAX: usize = 128;
/// See [`DEVICE_ID_MAX`].
pub const PORT_ID_MAX: usize = 64;
/// See [`DEVICE_ID_MAX`].
pub const PLATFORM_MAX: usize = 64;
/// See [`DEVICE_ID_MAX`].
pub const VERSION_MAX: usize = 512;
/// See [`DEVICE_ID_MAX`]. VTP domains are at most 32 bytes.
pub const VTP_MAX: usize = 32;
/// See [`DEVICE_ID_MAX`].
pub const SYSNAME_MAX: usize = 64;
/// See [`DEVICE_ID_MAX`].
pub const SYSOID_MAX: usize = 32;
/// See [`DEVICE_ID_MAX`].
pub const LOCATION_MAX: usize = 64;
/// Addresses kept per address TLV.
pub const ADDRS_MAX: usize = 4;
/// IP prefixes kept.
pub const PREFIXES_MAX: usize = 4;
/// Power values kept per power TLV.
pub const POWER_VALUES_MAX: usize = 4;
/// Unknown TLVs kept, and bytes kept of each.
pub const UNKNOWN_MAX: usize = 4;
/// See [`UNKNOWN_MAX`].
pub const UNKNOWN_BYTES_MAX: usize = 16;
/// Bytes kept of the protocol hello payload.
pub const HELLO_MAX: usize = 32;

/// TLV types.
pub mod tlv {
    #![allow(missing_docs)]
    pub const DEVICE_ID: u16 = 0x0001;
    pub const ADDRESSES: u16 = 0x0002;
    pub const PORT_ID: u16 = 0x0003;
    pub const CAPABILITIES: u16 = 0x0004;
    pub const VERSION: u16 = 0x0005;
    pub const PLATFORM: u16 = 0x0006;
    pub const PREFIXES: u16 = 0x0007;
    pub const HELLO: u16 = 0x0008;
    pub const VTP_DOMAIN: u16 = 0x0009;
    pub const NATIVE_VLAN: u16 = 0x000a;
    pub const DUPLEX: u16 = 0x000b;
    pub const VOIP_VLAN_REPLY: u16 = 0x000e;
    pub const VOIP_VLAN_QUERY: u16 = 0x000f;
    pub const POWER: u16 = 0x0010;
    pub const MTU: u16 = 0x0011;
    pub const TRUST_BITMAP: u16 = 0x0012;
    pub const UNTRUSTED_COS: u16 = 0x0013;
    pub const SYSTEM_NAME: u16 = 0x0014;
    pub const SYSTEM_OID: u16 = 0x0015;
    pub const MGMT_ADDRESSES: u16 = 0x0016;
    pub const LOCATION: u16 = 0x0017;
    pub const POWER_REQUESTED: u16 = 0x0019;
    pub const POWER_AVAILABLE: u16 = 0x001a;
    pub const SPARE_PAIR_POE: u16 = 0x001f;
}

/// Why a CDP PDU was refused; each maps to one statistics counter.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Error {
    /// The header is unusable: too short, or a version other than 1 and 2.
    HdrSyntax,
    /// The checksum does not verify.
    Checksum,
    /// The TLV structure is broken.
    Invalid,
}

/// A network address from an address TLV.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub struct Addr {
    /// 4 for IPv4, 6 for IPv6, 0 for another protocol.
    pub family: u8,
    /// Protocol type (1 NLPID, 2 802.2) and the first protocol byte, kept for
    /// addresses of other protocols.
    pub proto_type: u8,
    /// First byte of the protocol field (the NLPID for type 1).
    pub proto0: u8,
    /// Address length on the wire.
    pub len: u16,
    /// The address bytes (first 16 for other protocols).
    pub bytes: [u8; 16],
}

/// An IPv4 prefix (ODR).
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub struct Prefix {
    /// The network.
    pub addr: [u8; 4],
    /// The prefix length.
    pub len: u8,
}

/// A power request or power available TLV.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Power {
    /// Request ID.
    pub request_id: u16,
    /// Management ID.
    pub mgmt_id: u16,
    /// The values in mW.
    pub values: List<u32, POWER_VALUES_MAX>,
}

impl Power {
    const EMPTY: Self = Self {
        request_id: 0,
        mgmt_id: 0,
        values: List::new(0),
    };
}

/// A TLV this decoder does not know: kept, not fatal.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Unknown {
    /// TLV type.
    pub ty: u16,
    /// Value bytes (first [`UNKNOWN_BYTES_MAX`]).
    pub value: Bytes<UNKNOWN_BYTES_MAX>,
}

impl Unknown {
    const EMPTY: Self = Self {
        ty: 0,
        value: Bytes::EMPTY,
    };
}

/// Which optional fields a PDU carried: bits of [`Info::present`].
pub mod has {
    #![allow(missing_docs)]
    pub const CAPABILITIES: u32 = 1 << 0;
    pub const VTP_DOMAIN: u32 = 1 << 1;
    pub const NATIVE_VLAN: u32 = 1 << 2;
    pub const DUPLEX: u32 = 1 << 3;
    pub const VOIP_VLAN_REPLY: u32 = 1 << 4;
    pub const VOIP_VLAN_QUERY: u32 = 1 << 5;
    pub const POWER: u32 = 1 << 6;
    pub const MTU: u32 = 1 << 7;
    pub const TRUST_BITMAP: u32 = 1 << 8;
    pub const UNTRUSTED_COS: u32 = 1 << 9;
    pub const LOCATION: u32 = 1 << 10;
    pub const POWER_REQUESTED: u32 = 1 << 11;
    pub const POWER_AVAILABLE: u32 = 1 << 12;
    pub const SPARE_PAIR_POE: u32 = 1 << 13;
    pub const HELLO: u32 = 1 << 14;
    pub const ADDRESSES: u32 = 1 << 15;
    pub const MGMT_ADDRESSES: u32 = 1 << 16;
    pub const VERSION: u32 = 1 << 17;
    pub const PLATFORM: u32 = 1 << 18;
    pub const PORT_ID: u32 = 1 << 19;
    pub const SYSTEM_NAME: u32 = 1 << 20;
    pub const SYSTEM_OID: u32 = 1 << 21;
    pub const PREFIXES: u32 = 1 << 22;
}

/// Everything a CDP PDU says about its sender, decoded into typed fields.
///
/// All-zero bytes are a valid (empty) value, and the type has no padding
/// requirements beyond its integers, so tables of it can be zero-allocated.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Info {
    /// CDP version (1 or 2).
    pub version: u8,
    /// Holdtime in seconds.
    pub ttl: u8,
    /// Bits from [`has`] for the optional fields present.
    pub present: u32,
    /// 0x0001.
    pub device_id: Bytes<DEVICE_ID_MAX>,
    /// 0x0002.
    pub addrs: List<Addr, ADDRS_MAX>,
    /// 0x0003.
    pub port_id: Bytes<PORT_ID_MAX>,
    /// 0x0004.
    pub capabilities: u32,
    /// 0x0005.
    pub sw_version: Bytes<VERSION_MAX>,
    /// 0x0006.
    pub platform: Bytes<PLATFORM_MAX>,
    /// 0x0007.
    pub prefixes: List<Prefix, PREFIXES_MAX>,
    /// 0x0008: OUI and protocol ID.
    pub hello_oui: [u8; 3],
    /// See [`Info::hello_oui`].
    pub hello_proto: u16,
    /// The hello payload.
    pub hello_data: Bytes<HELLO_MAX>,
    /// 0x0009.
    pub vtp_domain: Bytes<VTP_MAX>,
    /// 0x000a.
    pub native_vlan: u16,
    /// 0x000b: 0 half, 1 full.
    pub duplex: u8,
    /// 0x000e: data byte and VLAN.
    pub voip_reply: (u8, u16),
    /// 0x000f.
    pub voip_query: (u8, u16),
    /// 0x0010: mW.
    pub power_mw: u16,
    /// 0x0011.
    pub mtu: u32,
    /// 0x0012.
    pub trust_bitmap: u8,
    /// 0x0013.
    pub untrusted_cos: u8,
    /// 0x0014.
    pub system_name: Bytes<SYSNAME_MAX>,
    /// 0x0015.
    pub system_oid: Bytes<SYSOID_MAX>,
    /// 0x0016.
    pub mgmt_addrs: List<Addr, ADDRS_MAX>,
    /// 0x0017: location type byte.
    pub location_type: u8,
    /// 0x0017: the location text.
    pub location: Bytes<LOCATION_MAX>,
    /// 0x0019.
    pub power_requested: Power,
    /// 0x001a.
    pub power_available: Power,
    /// 0x001f.
    pub spare_pair_poe: u8,
    /// TLVs of unknown type (the first [`UNKNOWN_MAX`]).
    pub unknown: List<Unknown, UNKNOWN_MAX>,
}

impl Info {
    /// An empty value.
    pub const EMPTY: Self = Self {
        version: 0,
        ttl: 0,
        present: 0,
        device_id: Bytes::EMPTY,
        addrs: List::new(Addr {
            family: 0,
            proto_type: 0,
            proto0: 0,
            len: 0,
            bytes: [0; 16],
        }),
        port_id: Bytes::EMPTY,
        capabilities: 0,
        sw_version: Bytes::EMPTY,
        platform: Bytes::EMPTY,
        prefixes: List::new(Prefix {
            addr: [0; 4],
            len: 0,
        }),
        hello_oui: [0; 3],
        hello_proto: 0,
        hello_data: Bytes::EMPTY,
        vtp_domain: Bytes::EMPTY,
        native_vlan: 0,
        duplex: 0,
        voip_reply: (0, 0),
        voip_query: (0, 0),
        power_mw: 0,
        mtu: 0,
        trust_bitmap: 0,
        untrusted_cos: 0,
        system_name: Bytes::EMPTY,
        system_oid: Bytes::EMPTY,
        mgmt_addrs: List::new(Addr {
            family: 0,
            proto_type: 0,
            proto0: 0,
            len: 0,
            bytes: [0; 16],
        }),
        location_type: 0,
        location: Bytes::EMPTY,
        power_requested: Power::EMPTY,
        power_available: Power::EMPTY,
        spare_pair_poe: 0,
        unknown: List::new(Unknown::EMPTY),
    };

    /// Empties the value for a new decode. Cheap: buffers are not
    /// cleared, only lengths and the fixed-size fields.
    pub fn reset(&mut self) {
        self.version = 0;
        self.ttl = 0;
        self.present = 0;
        self.device_id.clear();
        self.addrs.clear();
        self.port_id.clear();
        self.capabilities = 0;
        self.sw_version.clear();
        self.platform.clear();
        self.prefixes.clear();
        self.hello_oui = [0; 3];
        self.hello_proto = 0;
        self.hello_data.clear();
        self.vtp_domain.clear();
        self.native_vlan = 0;
        self.duplex = 0;
        self.voip_reply = (0, 0);
        self.voip_query = (0, 0);
        self.power_mw = 0;
        self.mtu = 0;
        self.trust_bitmap = 0;
        self.untrusted_cos = 0;
        self.system_name.clear();
        self.system_oid.clear();
        self.mgmt_addrs.clear();
        self.location_type = 0;
        self.location.clear();
        self.power_requested.request_id = 0;
        self.power_requested.mgmt_id = 0;
        self.power_requested.values.clear();
        self.power_available.request_id = 0;
        self.power_available.mgmt_id = 0;
        self.power_available.values.clear();
        self.spare_pair_poe = 0;
        self.unknown.clear();
    }

    /// Whether the optional field `bit` (from [`has`]) is present.
    pub fn has(&self, bit: u32) -> bool {
        self.present & bit != 0
    }
}

/// What [`decode`] found beside the fields.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub struct Summary {
    /// Number of TLVs of unknown type.
    pub unknown_tlvs: u32,
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at + 4)?;
    Some(u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
}

/// Where a CDP PDU lies in an 802.3 frame, and the frame's 802.1Q tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Located {
    /// Offset of the PDU (the version byte) from the start of the frame.
    pub pdu_offset: usize,
    /// PDU length from the 802.3 length field.
    pub pdu_len: usize,
    /// VLAN ID of an in-band 802.1Q tag.
    pub vlan: Option<u16>,
}

/// Outcome of [`locate`] for a frame that is not CDP-sized or not CDP.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotCdp {
    /// Not an LLC/SNAP CDP frame at all: ignored, not counted.
    Other,
    /// LLC/SNAP CDP, but the 802.3 length is inconsistent: header syntax.
    BadLength,
}

/// Finds the CDP PDU in a whole Ethernet frame (from the destination MAC),
/// as a capture or a packet socket sees it, with or without an 802.1Q tag.
pub fn locate(frame: &[u8]) -> Result<Located, NotCdp> {
    let mut off = 12;
    let mut vlan = None;
    let mut ty = be16(frame, off).ok_or(NotCdp::Other)?;
    if ty == 0x8100 || ty == 0x88a8 {
        vlan = Some(be16(frame, off + 2).ok_or(NotCdp::Other)? & 0x0fff);
        off += 4;
        ty = be16(frame, off).ok_or(NotCdp::Other)?;
    }
    let llc = off + 2;
    let pdu_len = classify_llc(frame.get(llc..).ok_or(NotCdp::Other)?, ty)?;
    Ok(Located {
        pdu_offset: llc + LLC_SNAP_LEN,
        pdu_len,
        vlan,
    })
}

/// Checks an 802.2 payload (from the LLC header on, `llc` holding all of
/// it) whose 802.3 length field is `len_field`. Returns the PDU length.
pub fn classify_llc(llc: &[u8], len_field: u16) -> Result<usize, NotCdp> {
    if !is_cdp_llc(llc) {
        return Err(NotCdp::Other);
    }
    classify_llc_len(llc.len(), len_field)
}

/// Whether 802.2 bytes start with the CDP LLC/SNAP header. This is the cheap
/// test the receive path runs first: STP BPDUs and the other protocols
/// sharing the CDP address fail on the first bytes.
pub fn is_cdp_llc(llc: &[u8]) -> bool {
    // One 8-byte comparison, no call: this runs for every 802.2 frame.
    match llc {
        [a, b, c, d, e, f, g, h, ..] => {
            u64::from_ne_bytes([*a, *b, *c, *d, *e, *f, *g, *h]) == u64::from_ne_bytes(LLC_SNAP_CDP)
        }
        _ => false,
    }
}

/// `b` without leading and trailing ASCII whitespace (`<[u8]>::trim_ascii`
/// needs Rust 1.80; the kernel's minimum is older).
pub fn trim_ascii_space(mut b: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = b {
        if !first.is_ascii_whitespace() {
            break;
        }
        b = rest;
    }
    while let [rest @ .., last] = b {
        if !last.is_ascii_whitespace() {
            break;
        }
        b = rest;
    }
    b
}

/// The PDU length of an LLC/SNAP CDP frame whose 802.3 length field is
/// `len_field`, with `avail` bytes present from the LLC header on (padding
/// included). The field, not the frame size, gives the length.
pub fn classify_llc_len(avail: usize, len_field: u16) -> Result<usize, NotCdp> {
    if len_field >= 0x600 {
        return Err(NotCdp::Other);
    }
    let len = len_field as usize;
    if len < LLC_SNAP_LEN + PDU_HDR_LEN || len > avail {
        return Err(NotCdp::BadLength);
    }
    Ok(len - LLC_SNAP_LEN)
}

/// The CDP checksum of `pdu` (checksum field included): 0 when it verifies.
///
/// RFC 1071 one's-complement sum, except for odd lengths: Cisco adds the last
/// byte as a *signed* char, which Wireshark and lldpd emulate by adding
/// 0xFF00 | (b - 1) when the byte is >= 0x80 and b otherwise.
pub fn checksum(pdu: &[u8]) -> u16 {
    // One's-complement addition is associative and endian-neutral up to a
    // final byte swap, so sum 32-bit big-endian words into a u64 (no carry
    // can be lost for any PDU length) and fold at the end.
    // The sum cannot overflow (at most 2^15 words below 2^32 each), so
    // plain wrapping adds are exact and leave no overflow check in the loop.
    let mut sum: u64 = 0;
    let mut words = pdu.chunks_exact(8);
    for w in &mut words {
        let w = u64::from_be_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        sum = sum.wrapping_add(w >> 32).wrapping_add(w & 0xffff_ffff);
    }
    let mut rest = words.remainder();
    if let [a, b, c, d, more @ ..] = rest {
        sum = sum.wrapping_add(u64::from(u32::from_be_bytes([*a, *b, *c, *d])));
        rest = more;
    }
    if let [a, b, more @ ..] = rest {
        sum = sum.wrapping_add(u64::from(u16::from_be_bytes([*a, *b])));
        rest = more;
    }
    if let [b] = rest {
        let b = *b;
        sum = sum.wrapping_add(if b >= 0x80 {
            0xff00 | u64::from(b - 1)
        } else {
            u64::from(b)
        });
    }
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

/// Fills in the checksum field of `pdu` (used by frame builders).
pub fn set_checksum(pdu: &mut [u8]) {
    if pdu.len() < PDU_HDR_LEN {
        return;
    }
    pdu[2] = 0;
    pdu[3] = 0;
    let c = checksum(pdu);
    pdu[2..4].copy_from_slice(&c.to_be_bytes());
}

/// Decodes one address record list (TLVs 0x0002 and 0x0016).
///
/// The loop is bounded by the bytes present: a count larger than the records
/// that fit is a broken frame, not a reason to read further.
fn decode_addrs(v: &[u8], out: &mut List<Addr, ADDRS_MAX>) -> Result<(), Error> {
    let count = be32(v, 0).ok_or(Error::Invalid)?;
    let mut at = 4;
    let mut seen: u32 = 0;
    while at < v.len() {
        if seen == count {
            // Trailing bytes after the announced records.
            return Err(Error::Invalid);
        }
        let proto_type = *v.get(at).ok_or(Error::Invalid)?;
        let plen = *v.get(at + 1).ok_or(Error::Invalid)? as usize;
        let proto = v.get(at + 2..at + 2 + plen).ok_or(Error::Invalid)?;
        let alen_at = at + 2 + plen;
        let alen = be16(v, alen_at).ok_or(Error::Invalid)? as usize;
        let a = v
            .get(alen_at + 2..alen_at + 2 + alen)
            .ok_or(Error::Invalid)?;
        at = alen_at + 2 + alen;
        seen += 1;

        let mut addr = Addr {
            family: 0,
            proto_type,
            proto0: proto.first().copied().unwrap_or(0),
            len: alen as u16,
            bytes: [0; 16],
        };
        let is_v4 = proto_type == 1 && proto == [0xcc] && alen == 4;
        let is_v6 = proto_type == 2
            && proto == [0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x86, 0xdd]
            && alen == 16;
        if is_v4 {
            addr.family = 4;
        } else if is_v6 {
            addr.family = 6;
        }
        let n = alen.min(16);
        addr.bytes[..n].copy_from_slice(&a[..n]);
        out.push(addr);
    }
    if seen != count {
        return Err(Error::Invalid);
    }
    Ok(())
}

fn decode_power(v: &[u8], out: &mut Power) -> Result<(), Error> {
    // (`chunks_exact` rather than `%`: clippy on 7.x asks for
    // `is_multiple_of`, newer than 6.12's minimum Rust.)
    if v.len() < 4 || !v[4..].chunks_exact(4).remainder().is_empty() {
        return Err(Error::Invalid);
    }
    out.request_id = be16(v, 0).ok_or(Error::Invalid)?;
    out.mgmt_id = be16(v, 2).ok_or(Error::Invalid)?;
    out.values.clear();
    for w in v[4..].chunks_exact(4) {
        out.values
            .push(u32::from_be_bytes([w[0], w[1], w[2], w[3]]));
    }
    Ok(())
}

fn fixed<const N: usize>(v: &[u8]) -> Result<[u8; N], Error> {
    v.try_into().map_err(|_| Error::Invalid)
}

/// Decodes a CDP PDU (from the version byte; `pdu.len()` is the length the
/// 802.3 header gave) into `out`. The checksum is not checked here.
///
/// On error `out` holds garbage and must not be used: callers decode into
/// scratch space and commit only on success.
pub fn decode(pdu: &[u8], out: &mut Info) -> Result<Summary, Error> {
    if pdu.len() < PDU_HDR_LEN {
        return Err(Error::HdrSyntax);
    }
    let version = pdu[0];
    if version != 1 && version != 2 {
        return Err(Error::HdrSyntax);
    }
    out.reset();
    out.version = version;
    out.ttl = pdu[1];
    let mut summary = Summary::default();
    let mut have_device_id = false;

    let mut rest = &pdu[PDU_HDR_LEN..];
    while !rest.is_empty() {
        let ty = be16(rest, 0).ok_or(Error::Invalid)?;
        let len = be16(rest, 2).ok_or(Error::Invalid)? as usize;
        if len < 4 || len > rest.len() {
            return Err(Error::Invalid);
        }
        let v = &rest[4..len];
        rest = &rest[len..];
        match ty {
            tlv::DEVICE_ID => {
                out.device_id.set(v);
                have_device_id = true;
            }
            tlv::ADDRESSES => {
                decode_addrs(v, &mut out.addrs)?;
                out.present |= has::ADDRESSES;
            }
            tlv::PORT_ID => {
                out.port_id.set(v);
                out.present |= has::PORT_ID;
            }
            tlv::CAPABILITIES => {
                out.capabilities = u32::from_be_bytes(fixed(v)?);
                out.present |= has::CAPABILITIES;
            }
            tlv::VERSION => {
                out.sw_version.set(v);
                out.present |= has::VERSION;
            }
            tlv::PLATFORM => {
                out.platform.set(v);
                out.present |= has::PLATFORM;
            }
            tlv::PREFIXES => {
                if !v.chunks_exact(5).remainder().is_empty() {
                    return Err(Error::Invalid);
                }
                for p in v.chunks_exact(5) {
                    out.prefixes.push(Prefix {
                        addr: [p[0], p[1], p[2], p[3]],
                        len: p[4],
                    });
                }
                out.present |= has::PREFIXES;
            }
            tlv::HELLO => {
                if v.len() < 5 {
                    return Err(Error::Invalid);
                }
                out.hello_oui = [v[0], v[1], v[2]];
                out.hello_proto = u16::from_be_bytes([v[3], v[4]]);
                out.hello_data.set(&v[5..]);
                out.present |= has::HELLO;
            }
            tlv::VTP_DOMAIN => {
                out.vtp_domain.set(v);
                out.present |= has::VTP_DOMAIN;
            }
            tlv::NATIVE_VLAN => {
                out.native_vlan = u16::from_be_bytes(fixed(v)?);
                out.present |= has::NATIVE_VLAN;
            }
            tlv::DUPLEX => {
                out.duplex = u8::from_be_bytes(fixed(v)?);
                out.present |= has::DUPLEX;
            }
            tlv::VOIP_VLAN_REPLY | tlv::VOIP_VLAN_QUERY => {
                // One data byte, then the VLAN when there is one (queries
                // may carry only the byte).
                let (d, vlan) = match v {
                    [d] => (*d, 0),
                    [d, a, b] => (*d, u16::from_be_bytes([*a, *b])),
                    _ => return Err(Error::Invalid),
                };
                if ty == tlv::VOIP_VLAN_REPLY {
                    out.voip_reply = (d, vlan);
                    out.present |= has::VOIP_VLAN_REPLY;
                } else {
                    out.voip_query = (d, vlan);
                    out.present |= has::VOIP_VLAN_QUERY;
                }
            }
            tlv::POWER => {
                out.power_mw = u16::from_be_bytes(fixed(v)?);
                out.present |= has::POWER;
            }
            tlv::MTU => {
                out.mtu = u32::from_be_bytes(fixed(v)?);
                out.present |= has::MTU;
            }
            tlv::TRUST_BITMAP => {
                out.trust_bitmap = u8::from_be_bytes(fixed(v)?);
                out.present |= has::TRUST_BITMAP;
            }
            tlv::UNTRUSTED_COS => {
                out.untrusted_cos = u8::from_be_bytes(fixed(v)?);
                out.present |= has::UNTRUSTED_COS;
            }
            tlv::SYSTEM_NAME => {
                out.system_name.set(v);
                out.present |= has::SYSTEM_NAME;
            }
            tlv::SYSTEM_OID => {
                out.system_oid.set(v);
                out.present |= has::SYSTEM_OID;
            }
            tlv::MGMT_ADDRESSES => {
                decode_addrs(v, &mut out.mgmt_addrs)?;
                out.present |= has::MGMT_ADDRESSES;
            }
            tlv::LOCATION => {
                let (&t, text) = v.split_first().ok_or(Error::Invalid)?;
                out.location_type = t;
                out.location.set(text);
                out.present |= has::LOCATION;
            }
            tlv::POWER_REQUESTED => {
                decode_power(v, &mut out.power_requested)?;
                out.present |= has::POWER_REQUESTED;
            }
            tlv::POWER_AVAILABLE => {
                decode_power(v, &mut out.power_available)?;
                out.present |= has::POWER_AVAILABLE;
            }
            tlv::SPARE_PAIR_POE => {
                out.spare_pair_poe = u8::from_be_bytes(fixed(v)?);
                out.present |= has::SPARE_PAIR_POE;
            }
            _ => {
                let mut u = Unknown::EMPTY;
                u.ty = ty;
                u.value.set(v);
                out.unknown.push(u);
                summary.unknown_tlvs += 1;
            }
        }
    }
    if !have_device_id || out.device_id.is_empty() {
        // Without a device ID there is no neighbor to key on.
        return Err(Error::Invalid);
    }
    Ok(summary)
}

/// Where the key of a neighbor lies in its PDU.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct KeySpan {
    /// Offset and length of the device ID value.
    pub device_id: (u16, u16),
    /// Offset and length of the port ID value (0, 0 when absent).
    pub port_id: (u16, u16),
}

/// Walks the TLV headers of a PDU (from the version byte), checking each
/// header against the bytes present, and finds the device ID and port ID
/// (the last of each, as [`decode`] keeps). This is all the receive path
/// needs to recognise a neighbor; the values are not validated here.
pub fn scan_key(pdu: &[u8]) -> Result<KeySpan, Error> {
    if pdu.len() < PDU_HDR_LEN || pdu.len() > PDU_MAX {
        return Err(Error::HdrSyntax);
    }
    let mut key = KeySpan::default();
    let mut at = PDU_HDR_LEN;
    let mut rest = &pdu[PDU_HDR_LEN..];
    let mut have_device_id = false;
    while let [t0, t1, l0, l1, ..] = *rest {
        let len = usize::from(u16::from_be_bytes([l0, l1]));
        if len < 4 || len > rest.len() {
            return Err(Error::Invalid);
        }
        // PDU_MAX < 65536, so offsets and lengths fit in u16.
        let span = ((at + 4) as u16, (len - 4) as u16);
        match u16::from_be_bytes([t0, t1]) {
            tlv::DEVICE_ID => {
                key.device_id = span;
                have_device_id = true;
            }
            tlv::PORT_ID => key.port_id = span,
            _ => {}
        }
        at += len;
        rest = &rest[len..];
    }
    if !rest.is_empty() {
        // 1 to 3 bytes: a truncated TLV header.
        return Err(Error::Invalid);
    }
    if !have_device_id || key.device_id.1 == 0 {
        return Err(Error::Invalid);
    }
    Ok(key)
}

/// Checks and decodes a PDU: header, then checksum (unless `verify` is
/// false), then TLVs.
pub fn parse(pdu: &[u8], verify: bool, out: &mut Info) -> Result<Summary, Error> {
    if pdu.len() < PDU_HDR_LEN || (pdu[0] != 1 && pdu[0] != 2) {
        return Err(Error::HdrSyntax);
    }
    if verify && checksum(pdu) != 0 {
        return Err(Error::Checksum);
    }
    decode(pdu, out)
}

/// The TLVs of a PDU (from the version byte) in order, as (type, value).
/// Stops at the first TLV header that does not fit: for a PDU a table holds
/// (validated on arrival) that is the end.
pub fn tlvs(pdu: &[u8]) -> Tlvs<'_> {
    Tlvs {
        rest: pdu.get(PDU_HDR_LEN..).unwrap_or(&[]),
    }
}

/// Iterator of [`tlvs`].
pub struct Tlvs<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Tlvs<'a> {
    type Item = (u16, &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let [t0, t1, l0, l1, ..] = *self.rest else {
            return None;
        };
        let len = usize::from(u16::from_be_bytes([l0, l1]));
        if len < 4 || len > self.rest.len() {
            self.rest = &[];
            return None;
        }
        let v = &self.rest[4..len];
        self.rest = &self.rest[len..];
        Some((u16::from_be_bytes([t0, t1]), v))
    }
}

/// Whether [`decode`] decodes TLVs of type `ty` (the others are kept as
/// unknown TLVs).
pub fn is_known_tlv(ty: u16) -> bool {
    matches!(
        ty,
        tlv::DEVICE_ID
            | tlv::ADDRESSES
            | tlv::PORT_ID
            | tlv::CAPABILITIES
            | tlv::VERSION
            | tlv::PLATFORM
            | tlv::PREFIXES
            | tlv::HELLO
            | tlv::VTP_DOMAIN
            | tlv::NATIVE_VLAN
            | tlv::DUPLEX
            | tlv::VOIP_VLAN_REPLY
            | tlv::VOIP_VLAN_QUERY
            | tlv::POWER
            | tlv::MTU
            | tlv::TRUST_BITMAP
            | tlv::UNTRUSTED_COS
            | tlv::SYSTEM_NAME
            | tlv::SYSTEM_OID
            | tlv::MGMT_ADDRESSES
            | tlv::LOCATION
            | tlv::POWER_REQUESTED
            | tlv::POWER_AVAILABLE
            | tlv::SPARE_PAIR_POE
    )
}

/// The bit of the netlink family's `field` flags that stands for TLVs of
/// type `ty`.
pub fn field_of(ty: u16) -> u32 {
    use super::nl::field as f;
    match ty {
        tlv::DEVICE_ID => f::DEVICE_ID,
        tlv::ADDRESSES => f::ADDRESS,
        tlv::PORT_ID => f::PORT_ID,
        tlv::CAPABILITIES => f::CAPABILITIES,
        tlv::VERSION => f::SW_VERSION,
        tlv::PLATFORM => f::PLATFORM,
        tlv::PREFIXES => f::PREFIX,
        tlv::HELLO => f::HELLO,
        tlv::VTP_DOMAIN => f::VTP_DOMAIN,
        tlv::NATIVE_VLAN => f::NATIVE_VLAN,
        tlv::DUPLEX => f::DUPLEX,
        tlv::VOIP_VLAN_REPLY => f::VOIP_VLAN_REPLY,
        tlv::VOIP_VLAN_QUERY => f::VOIP_VLAN_QUERY,
        tlv::POWER => f::POWER,
        tlv::MTU => f::MTU,
        tlv::TRUST_BITMAP => f::TRUST_BITMAP,
        tlv::UNTRUSTED_COS => f::UNTRUSTED_COS,
        tlv::SYSTEM_NAME => f::SYSTEM_NAME,
        tlv::SYSTEM_OID => f::SYSTEM_OID,
        tlv::MGMT_ADDRESSES => f::MGMT_ADDRESS,
        tlv::LOCATION => f::LOCATION,
        tlv::POWER_REQUESTED => f::POWER_REQUESTED,
        tlv::POWER_AVAILABLE => f::POWER_AVAILABLE,
        tlv::SPARE_PAIR_POE => f::SPARE_PAIR_POE,
        _ => f::UNKNOWN_TLV,
    }
}

/// Which advertised fields differ between two PDUs of one neighbor, as
/// bits of the netlink family's `field` flags. Linear: the TLVs are
/// compared pairwise in order; where the sequences of types part, every
/// TLV from there on counts as changed (a reordering over-reports, it never
/// hides a change). The holdtime and checksum are not content.
pub fn changed_fields(old: &[u8], new: &[u8]) -> u32 {
    let mut bits = 0;
    if old.first() != new.first() {
        bits |= super::nl::field::CDP_VERSION;
    }
    let (mut a, mut b) = (tlvs(old), tlvs(new));
    loop {
        match (a.next(), b.next()) {
            (None, None) => return bits,
            (Some((t, v)), Some((u, w))) if t == u => {
                if v != w {
                    bits |= field_of(t);
                }
            }
            (x, y) => {
                for (t, _) in x.into_iter().chain(y).chain(a.by_ref()).chain(b.by_ref()) {
                    bits |= field_of(t);
                }
                return bits;
            }
        }
    }
}
