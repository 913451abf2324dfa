// SPDX-License-Identifier: GPL-2.0

//! The attributes of the `cdp` generic netlink family (src/netlink/cdp.yaml):
//! a neighbor, a departed neighbor, counters. Written through [`AttrSink`],
//! which the kernel implements on a netlink message and the host tests on a
//! byte vector, so the encoding is tested without a kernel.
//!
//! Wire strings go out as the raw bytes of the TLV (binary attributes), not
//! the escaped /proc form: nothing is lost. Numbers are in host order, as
//! netlink carries them; addresses in network order (in_addr, in6_addr).

use super::nl::{
    attr_address as aa, attr_hello as ah, attr_neighbor as an, attr_power as ap,
    attr_prefix as apx, attr_stats as ast, attr_tlv as at, attr_voip_vlan as av, del_reason,
};
use super::table::{name_bytes, Gone, Neighbor, Rx, Stats};
use super::wire::{self, has, tlv, Addr, Info, Power};

/// The message has no room left for an attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Full;

/// An open nested attribute: where it starts.
#[derive(Clone, Copy, Debug)]
pub struct Nest(pub usize);

/// Where attributes are written: a netlink message under construction.
pub trait AttrSink {
    /// Appends the attribute `ty` with the payload `value` (padded).
    fn put(&mut self, ty: u16, value: &[u8]) -> Result<(), Full>;
    /// Opens the nested attribute `ty`.
    fn nest_start(&mut self, ty: u16) -> Result<Nest, Full>;
    /// Closes a nested attribute: its length covers what was put since.
    fn nest_end(&mut self, nest: Nest);

    /// A u8 attribute.
    fn put_u8(&mut self, ty: u16, v: u8) -> Result<(), Full> {
        self.put(ty, &[v])
    }
    /// A u16 attribute (host order).
    fn put_u16(&mut self, ty: u16, v: u16) -> Result<(), Full> {
        self.put(ty, &v.to_ne_bytes())
    }
    /// A u32 attribute (host order).
    fn put_u32(&mut self, ty: u16, v: u32) -> Result<(), Full> {
        self.put(ty, &v.to_ne_bytes())
    }
    /// A u64 attribute (host order).
    fn put_u64(&mut self, ty: u16, v: u64) -> Result<(), Full> {
        self.put(ty, &v.to_ne_bytes())
    }
    /// A NUL-terminated string attribute.
    fn put_str(&mut self, ty: u16, v: &[u8]) -> Result<(), Full> {
        let mut b = [0u8; 17];
        let n = v.len().min(16);
        b[..n].copy_from_slice(&v[..n]);
        self.put(ty, &b[..=n])
    }
}

/// Counts the bytes attributes take, without writing them: run an encoder
/// on it first to allocate a message of exactly the right size.
#[derive(Default)]
pub struct SizeSink(pub usize);

impl AttrSink for SizeSink {
    fn put(&mut self, _ty: u16, value: &[u8]) -> Result<(), Full> {
        // nla_total_size(): header and payload, padded to 4 bytes.
        self.0 += (4 + value.len() + 3) & !3;
        Ok(())
    }
    fn nest_start(&mut self, _ty: u16) -> Result<Nest, Full> {
        self.0 += 4;
        Ok(Nest(self.0))
    }
    fn nest_end(&mut self, _nest: Nest) {}
}

/// The room a netlink dump is sure to have for one message: its skb, the
/// first one included, is at least NLMSG_GOODSIZE bytes. `netlink_dump()`
/// (net/netlink/af_netlink.c, 6.12) allocates
/// `max(cb->min_dump_alloc, NLMSG_GOODSIZE)` (genetlink leaves
/// `min_dump_alloc` at 0), more only once the socket has read with a larger
/// buffer (`max_recvmsg_len`, never before a new socket's first dump), and
/// trims the tailroom to exactly that size. NLMSG_GOODSIZE is
/// `SKB_WITH_OVERHEAD(PAGE_SIZE)` (8192 for larger pages): with 4 KiB pages,
/// 4096 less `struct skb_shared_info` aligned to 64 bytes, 320 bytes with
/// the default CONFIG_MAX_SKB_FRAGS=17 (3776 left) and 768 with the
/// largest it accepts, 45 (3328 left). The smaller figure is this bound.
pub const DUMP_SKB_MIN: usize = 4096 - 768;

/// The most one neighbor message may take: [`DUMP_SKB_MIN`] less 256
/// bytes of margin (for the dump's NLMSG_DONE, 20 bytes, and a
/// `skb_shared_info` that grows in a later kernel).
pub const NEIGHBOR_MSG_LIMIT: usize = DUMP_SKB_MIN - 256;

/// Unknown TLVs a neighbor message carries at most: the first ones of its
/// PDU. When it had more, the message says so with the `truncated` flag
/// (`unknown-tlvs` counts them all). An empty unknown TLV is 4 bytes on the
/// wire and 16 in the message: without a limit, one frame of a few hundred
/// of them made a message too large for any dump (EMSGSIZE for every
/// client).
pub const UNKNOWN_TLVS_SENT_MAX: usize = 32;

/// `nla_total_size()`: an attribute of `n` bytes, header and padding.
const fn nla(n: usize) -> usize {
    4 + ((n + 3) & !3)
}

/// The netlink and genetlink headers (NLMSG_HDRLEN + GENL_HDRLEN).
pub const GENL_HDRS_LEN: usize = 16 + 4;

/// The attributes of a neighbor message whose size does not depend on the
/// PDU's length, each at its largest: interface, names, counters and
/// times, the decoded lists at their capacity (an address at its largest,
/// another protocol's: two u8 and 16 bytes), the hello payload at its
/// capacity, every fixed-size TLV, `changed` (change events) and
/// `truncated`.
const FIXED_ATTRS_MAX: usize = {
    use super::wire::{ADDRS_MAX, HELLO_MAX, POWER_VALUES_MAX, PREFIXES_MAX};
    let place = nla(4) + 2 * nla(16 + 1) + nla(2) + nla(6);
    let counters = 2 * nla(1) + nla(4) + 4 * nla(8) + nla(4);
    let addr = 4 + nla(1) + nla(1) + nla(16);
    let prefix = 4 + nla(4) + nla(1);
    let hello = 4 + nla(3) + nla(2) + nla(HELLO_MAX);
    let voip = 4 + nla(1) + nla(2);
    let power = 4 + 2 * nla(2) + POWER_VALUES_MAX * nla(4);
    // capabilities, native VLAN, duplex, power, MTU, trust bitmap,
    // untrusted CoS, location type, spare pair PoE.
    let scalars = nla(4) + nla(2) + nla(1) + nla(2) + nla(4) + 4 * nla(1);
    let changed = nla(4);
    let truncated = nla(0);
    place
        + counters
        + 2 * ADDRS_MAX * addr
        + PREFIXES_MAX * prefix
        + hello
        + 2 * voip
        + 2 * power
        + scalars
        + changed
        + truncated
};

/// The attributes a neighbor message copies from its PDU: the device ID,
/// port ID, the six strings and at most [`UNKNOWN_TLVS_SENT_MAX`] unknown
/// TLVs, each from a TLV of its own (the last of each string type). A TLV of
/// w bytes (4 of header) becomes at most w + 3 bytes as a string attribute
/// (header, value, padding) and w + 15 as an unknown TLV (nest, type,
/// value), and the TLVs together are at most the PDU less its header.
const PDU_ATTRS_MAX: usize =
    (super::wire::PDU_MAX - super::wire::PDU_HDR_LEN) + 8 * 3 + UNKNOWN_TLVS_SENT_MAX * 15;

/// The largest attributes [`neighbor`] writes for any neighbor the wire can
/// create, with `changed` (as a change event adds).
pub const NEIGHBOR_ATTRS_MAX: usize = FIXED_ATTRS_MAX + PDU_ATTRS_MAX;

/// The largest neighbor message, headers included (2888 bytes): it fits in
/// any dump's skb with room to spare.
pub const NEIGHBOR_MSG_MAX: usize = GENL_HDRS_LEN + NEIGHBOR_ATTRS_MAX;

const _: () = assert!(NEIGHBOR_MSG_MAX <= NEIGHBOR_MSG_LIMIT);

/// Where the neighbor was learnt: interface, upper device, VLAN, source MAC.
fn place<S: AttrSink + ?Sized>(s: &mut S, nb: &Neighbor) -> Result<(), Full> {
    s.put_u32(an::IFINDEX, nb.ifindex as u32)?;
    s.put_str(an::IFNAME, name_bytes(&nb.ifname))?;
    let upper = name_bytes(&nb.upper);
    if !upper.is_empty() {
        s.put_str(an::UPPER, upper)?;
    }
    if nb.tagged {
        s.put_u16(an::VLAN, nb.vlan)?;
    }
    s.put(an::SRC_MAC, &nb.src_mac)
}

fn addr<S: AttrSink + ?Sized>(s: &mut S, ty: u16, a: &Addr) -> Result<(), Full> {
    let n = s.nest_start(ty)?;
    match a.family {
        4 => s.put(aa::IPV4, &a.bytes[..4])?,
        6 => s.put(aa::IPV6, &a.bytes[..16])?,
        _ => {
            s.put_u8(aa::PROTO_TYPE, a.proto_type)?;
            s.put_u8(aa::PROTO, a.proto0)?;
            s.put(aa::OTHER, &a.bytes[..usize::from(a.len).min(16)])?;
        }
    }
    s.nest_end(n);
    Ok(())
}

fn power<S: AttrSink + ?Sized>(s: &mut S, ty: u16, p: &Power) -> Result<(), Full> {
    let n = s.nest_start(ty)?;
    s.put_u16(ap::REQUEST_ID, p.request_id)?;
    s.put_u16(ap::MGMT_ID, p.mgmt_id)?;
    for v in p.values.as_slice() {
        s.put_u32(ap::VALUE, *v)?;
    }
    s.nest_end(n);
    Ok(())
}

fn voip<S: AttrSink + ?Sized>(s: &mut S, ty: u16, (data, vlan): (u8, u16)) -> Result<(), Full> {
    let n = s.nest_start(ty)?;
    s.put_u8(av::DATA, data)?;
    s.put_u16(av::VLAN, vlan)?;
    s.nest_end(n);
    Ok(())
}

/// Everything known about `nb`: where, its counters and times at `now_ms`,
/// and every advertised field. `info` is its decoded PDU
/// ([`Neighbor::decode`]). Strings (device ID, port ID, software version,
/// platform, VTP domain, system name and OID, location) are the raw bytes
/// of the last TLV of their type, as the decoder keeps; unknown TLVs are
/// there raw, in order, the first [`UNKNOWN_TLVS_SENT_MAX`] of them, and the
/// `truncated` flag when there were more. Never more than
/// [`NEIGHBOR_ATTRS_MAX`] bytes.
pub fn neighbor<S: AttrSink + ?Sized>(
    s: &mut S,
    nb: &Neighbor,
    info: &Info,
    now_ms: u64,
) -> Result<(), Full> {
    place(s, nb)?;
    s.put_u8(an::CDP_VERSION, nb.version)?;
    s.put_u8(an::HOLDTIME, nb.ttl)?;
    s.put_u32(
        an::HOLDTIME_LEFT,
        nb.holdtime_left(now_ms).min(u64::from(u32::MAX)) as u32,
    )?;
    s.put_u64(an::AGE_MS, now_ms.saturating_sub(nb.first_seen_ms))?;
    s.put_u64(an::IDLE_MS, now_ms.saturating_sub(nb.last_seen_ms))?;
    s.put_u64(an::FRAMES, nb.frames)?;
    s.put_u64(an::CHANGES, nb.changes)?;
    s.put_u32(an::UNKNOWN_TLVS, nb.unknown_tlvs)?;
    s.put(an::DEVICE_ID, nb.device_id())?;
    if info.has(has::PORT_ID) {
        s.put(an::PORT_ID, nb.port_id())?;
    }

    // The raw strings: the last TLV of each type wins, as in the decoder.
    let mut strings: [Option<&[u8]>; 6] = [None; 6];
    const STRING_TLVS: [(u16, u16); 6] = [
        (tlv::VERSION, an::SW_VERSION),
        (tlv::PLATFORM, an::PLATFORM),
        (tlv::VTP_DOMAIN, an::VTP_DOMAIN),
        (tlv::SYSTEM_NAME, an::SYSTEM_NAME),
        (tlv::SYSTEM_OID, an::SYSTEM_OID),
        (tlv::LOCATION, an::LOCATION),
    ];
    let mut unknown_sent = 0;
    let mut truncated = false;
    for (ty, v) in wire::tlvs(nb.pdu()) {
        if let Some(k) = STRING_TLVS.iter().position(|(t, _)| *t == ty) {
            // The location's first byte is its type (decoded below).
            strings[k] = Some(if ty == tlv::LOCATION {
                v.get(1..).unwrap_or(&[])
            } else {
                v
            });
        } else if !wire::is_known_tlv(ty) {
            if unknown_sent == UNKNOWN_TLVS_SENT_MAX {
                truncated = true;
                continue;
            }
            unknown_sent += 1;
            let n = s.nest_start(an::UNKNOWN_TLV)?;
            s.put_u16(at::TYPE, ty)?;
            s.put(at::VALUE, v)?;
            s.nest_end(n);
        }
    }
    for (k, v) in strings.iter().enumerate() {
        if let Some(v) = v {
            s.put(STRING_TLVS[k].1, v)?;
        }
    }

    for a in info.addrs.as_slice() {
        addr(s, an::ADDRESS, a)?;
    }
    for a in info.mgmt_addrs.as_slice() {
        addr(s, an::MGMT_ADDRESS, a)?;
    }
    if info.has(has::CAPABILITIES) {
        s.put_u32(an::CAPABILITIES, info.capabilities)?;
    }
    for p in info.prefixes.as_slice() {
        let n = s.nest_start(an::PREFIX)?;
        s.put(apx::ADDR, &p.addr)?;
        s.put_u8(apx::LEN, p.len)?;
        s.nest_end(n);
    }
    if info.has(has::HELLO) {
        let n = s.nest_start(an::HELLO)?;
        s.put(ah::OUI, &info.hello_oui)?;
        s.put_u16(ah::PROTO, info.hello_proto)?;
        s.put(ah::DATA, info.hello_data.as_bytes())?;
        s.nest_end(n);
    }
    if info.has(has::NATIVE_VLAN) {
        s.put_u16(an::NATIVE_VLAN, info.native_vlan)?;
    }
    if info.has(has::DUPLEX) {
        s.put_u8(an::DUPLEX, info.duplex)?;
    }
    if info.has(has::VOIP_VLAN_REPLY) {
        voip(s, an::VOIP_VLAN_REPLY, info.voip_reply)?;
    }
    if info.has(has::VOIP_VLAN_QUERY) {
        voip(s, an::VOIP_VLAN_QUERY, info.voip_query)?;
    }
    if info.has(has::POWER) {
        s.put_u16(an::POWER, info.power_mw)?;
    }
    if info.has(has::MTU) {
        s.put_u32(an::MTU, info.mtu)?;
    }
    if info.has(has::TRUST_BITMAP) {
        s.put_u8(an::TRUST_BITMAP, info.trust_bitmap)?;
    }
    if info.has(has::UNTRUSTED_COS) {
        s.put_u8(an::UNTRUSTED_COS, info.untrusted_cos)?;
    }
    if info.has(has::LOCATION) {
        s.put_u8(an::LOCATION_TYPE, info.location_type)?;
    }
    if info.has(has::POWER_REQUESTED) {
        power(s, an::POWER_REQUESTED, &info.power_requested)?;
    }
    if info.has(has::POWER_AVAILABLE) {
        power(s, an::POWER_AVAILABLE, &info.power_available)?;
    }
    if info.has(has::SPARE_PAIR_POE) {
        s.put_u8(an::SPARE_PAIR_POE, info.spare_pair_poe)?;
    }
    if truncated {
        s.put(an::TRUNCATED, &[])?;
    }
    Ok(())
}

/// The reason attribute's value for `why`.
pub fn reason(why: Gone) -> u32 {
    match why {
        Gone::AgedOut => del_reason::AGED_OUT,
        Gone::TtlZero => del_reason::TTL_ZERO,
        Gone::IfaceRemoved => del_reason::IFACE_REMOVED,
        Gone::Cleared => del_reason::CLEARED,
    }
}

/// A delete event's attributes: where `nb` was, its key, and why it left.
pub fn gone<S: AttrSink + ?Sized>(s: &mut S, nb: &Neighbor, why: Gone) -> Result<(), Full> {
    place(s, nb)?;
    s.put(an::DEVICE_ID, nb.device_id())?;
    s.put(an::PORT_ID, nb.port_id())?;
    s.put_u32(an::REASON, reason(why))
}

/// A table-full event's attributes: the neighbor refused and where its
/// frame came in.
pub fn refused<S: AttrSink + ?Sized>(
    s: &mut S,
    rx: &Rx<'_>,
    device_id: &[u8],
    port_id: &[u8],
) -> Result<(), Full> {
    s.put_u32(an::IFINDEX, rx.ifindex as u32)?;
    s.put_str(an::IFNAME, rx.ifname)?;
    if !rx.upper.is_empty() {
        s.put_str(an::UPPER, rx.upper)?;
    }
    if let Some(v) = rx.vlan {
        s.put_u16(an::VLAN, v)?;
    }
    s.put(an::SRC_MAC, &rx.src_mac)?;
    s.put(an::DEVICE_ID, device_id)?;
    s.put(an::PORT_ID, port_id)?;
    s.put_u32(an::REASON, del_reason::TABLE_FULL)
}

/// Counters, as the attributes of the `stats` set.
pub fn stats<S: AttrSink + ?Sized>(s: &mut S, st: &Stats) -> Result<(), Full> {
    for (ty, v) in [
        (ast::INPUT, st.input),
        (ast::OUTPUT, st.output),
        (ast::HDR_SYNTAX, st.hdr_syntax),
        (ast::CHECKSUM, st.checksum),
        (ast::INVALID, st.invalid),
        (ast::NO_MEMORY, st.no_memory),
        (ast::OVER_MAX, st.over_max),
        (ast::V1_INPUT, st.v1_input),
        (ast::V2_INPUT, st.v2_input),
        (ast::V1_OUTPUT, st.v1_output),
        (ast::V2_OUTPUT, st.v2_output),
        (ast::UNKNOWN_TLVS, st.unknown_tlvs),
        (ast::INSERTED, st.inserted),
        (ast::DELETED, st.deleted),
        (ast::AGED_OUT, st.aged_out),
        (ast::DISABLED, st.disabled),
        (ast::ENCAPS_FAILED, st.encaps_failed),
    ] {
        s.put_u64(ty, v)?;
    }
    Ok(())
}
