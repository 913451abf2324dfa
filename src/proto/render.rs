// SPDX-License-Identifier: GPL-2.0

//! Text rendering of the neighbor table and counters, in the layouts of
//! Cisco IOS `show cdp neighbors [detail]` and `show cdp traffic`.
//!
//! Everything from the wire goes through [`Esc`]: a string can never forge a
//! line or send a raw control sequence to a terminal.

use super::table::{self, name_bytes, Admin, IfStats, Neighbor, Stats};
use super::wire::{has, Addr, Info};
use core::fmt::{self, Write};

/// How a wire string is escaped.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// One line; spaces escaped too, so the value stays one column.
    Token,
    /// One line; spaces kept.
    Line,
    /// Several lines (the software version): newlines kept, continuation
    /// lines indented by two spaces, blank lines and carriage returns
    /// dropped, every other control byte escaped.
    Text,
}

/// Escapes wire bytes for display: printable ASCII stays, a backslash
/// becomes `\\`, anything else becomes `\xHH`.
pub struct Esc<'a>(pub &'a [u8], pub Style);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.1 == Style::Text;
        // In text, a newline is written only when more text follows, so
        // blank lines and trailing newlines disappear.
        let mut pending_newline = false;
        let mut line_start = true;
        // The first line of a text is not indented (IOS prints it as is and
        // parsers take it as the description), so it must not begin like a
        // line cdp_rs writes itself: then its first byte is escaped.
        let forged = text && LABELS.iter().any(|l| trim_newlines(self.0).starts_with(l));
        for (i, &b) in self.0.iter().enumerate() {
            if forged && line_start && !(b == b'\n' || b == b'\r') && i == first_visible(self.0) {
                write!(f, "\\x{:02x}", b)?;
                line_start = false;
                continue;
            }
            if text && (b == b'\n' || b == b'\r') {
                pending_newline |= b == b'\n' && !line_start;
                continue;
            }
            if pending_newline {
                // Continuation lines are indented, so no line of the text
                // can pass for a field, an entry separator or a footer.
                f.write_str("\n  ")?;
                pending_newline = false;
            }
            line_start = false;
            match b {
                b'\\' => f.write_str("\\\\")?,
                b' ' if self.1 == Style::Token => f.write_str("\\x20")?,
                0x20..=0x7e => f.write_char(b as char)?,
                _ => write!(f, "\\x{:02x}", b)?,
            }
        }
        Ok(())
    }
}

/// Starts of the lines the detail file writes itself.
const LABELS: [&[u8]; 21] = [
    b"Device ID",
    b"Entry address",
    b"Platform",
    b"Interface",
    b"Holdtime",
    b"Version",
    b"advertisement version",
    b"Protocol Hello",
    b"VTP Management",
    b"Native VLAN",
    b"Duplex",
    b"Management address",
    b"Total cdp",
    b"Upper interface",
    b"VLAN",
    b"Source MAC",
    b"First seen",
    b"Frames received",
    b"Unknown TLV",
    b"-",
    b" ",
];

fn first_visible(b: &[u8]) -> usize {
    b.iter()
        .position(|&c| c != b'\n' && c != b'\r')
        .unwrap_or(b.len())
}

fn trim_newlines(b: &[u8]) -> &[u8] {
    &b[first_visible(b)..]
}

/// A MAC address.
pub struct Mac<'a>(pub &'a [u8; 6]);

impl fmt::Display for Mac<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.0;
        write!(
            f,
            "{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
            m[0], m[1], m[2], m[3], m[4], m[5]
        )
    }
}

/// An IPv6 address in RFC 5952 form.
pub struct Ipv6<'a>(pub &'a [u8; 16]);

impl fmt::Display for Ipv6<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut w = [0u16; 8];
        for (i, x) in w.iter_mut().enumerate() {
            *x = u16::from_be_bytes([self.0[2 * i], self.0[2 * i + 1]]);
        }
        // Longest run of zero words (length >= 2) becomes "::".
        let (mut best, mut best_len, mut cur, mut cur_len) = (0, 0, 0, 0);
        for (i, &x) in w.iter().enumerate() {
            if x == 0 {
                if cur_len == 0 {
                    cur = i;
                }
                cur_len += 1;
                if cur_len > best_len {
                    best = cur;
                    best_len = cur_len;
                }
            } else {
                cur_len = 0;
            }
        }
        if best_len < 2 {
            best_len = 0;
            best = 8;
        }
        let mut i = 0;
        while i < 8 {
            if i == best {
                f.write_str("::")?;
                i += best_len;
                continue;
            }
            if i > 0 && i != best + best_len {
                f.write_char(':')?;
            }
            write!(f, "{:x}", w[i])?;
            i += 1;
        }
        Ok(())
    }
}

fn write_addr<W: Write>(w: &mut W, a: &Addr) -> fmt::Result {
    match a.family {
        4 => writeln!(
            w,
            "  IP address: {}.{}.{}.{}",
            a.bytes[0], a.bytes[1], a.bytes[2], a.bytes[3]
        ),
        6 => {
            let b = &a.bytes;
            let kind = if b[0] == 0xfe && b[1] & 0xc0 == 0x80 {
                "  (link-local)"
            } else {
                "  (global unicast)"
            };
            writeln!(w, "  IPv6 address: {}{}", Ipv6(b), kind)
        }
        _ => {
            let n = usize::from(a.len).min(16);
            writeln!(
                w,
                "  Address: protocol type {} ({:#04x}), {} bytes: {}",
                a.proto_type,
                a.proto0,
                a.len,
                Hex(&a.bytes[..n])
            )
        }
    }
}

/// Bytes as hex digits.
pub struct Hex<'a>(pub &'a [u8]);

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{:02x}", b)?;
        }
        Ok(())
    }
}

const CAPS: [(u32, &str, &str); 11] = [
    (0x001, "R", "Router"),
    (0x002, "T", "Trans-Bridge"),
    (0x004, "B", "Source-Route-Bridge"),
    (0x008, "S", "Switch"),
    (0x010, "H", "Host"),
    (0x020, "I", "IGMP"),
    (0x040, "r", "Repeater"),
    (0x080, "P", "Phone"),
    (0x100, "D", "Remote"),
    (0x200, "C", "CVTA"),
    (0x400, "M", "Two-port-Mac-Relay"),
];

/// The legend and column header of `/proc/cdp_neighbors`.
pub fn neighbors_header<W: Write>(w: &mut W) -> fmt::Result {
    w.write_str(
        "Capability Codes: R - Router, T - Trans Bridge, B - Source Route Bridge\n\
         \x20                 S - Switch, H - Host, I - IGMP, r - Repeater, P - Phone,\n\
         \x20                 D - Remote, C - CVTA, M - Two-port Mac Relay\n\
         \n\
         Device ID        Local Intrfce     Holdtme    Capability  Platform  Port ID\n",
    )
}

/// Counts the bytes a value displays as, so columns can be padded.
struct Counter(usize);

impl Write for Counter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}

fn width(v: &dyn fmt::Display) -> usize {
    let mut c = Counter(0);
    let _ = write!(c, "{}", v);
    c.0
}

fn pad<W: Write>(w: &mut W, v: &dyn fmt::Display, to: usize) -> fmt::Result {
    write!(w, "{}", v)?;
    for _ in width(v)..to {
        w.write_char(' ')?;
    }
    Ok(())
}

/// The platform as the summary shows it: IOS-style without the "cisco "
/// prefix, and one column: spaces are escaped, except after a leading
/// two-letter word ("IP Phone"), which IOS parsers expect.
struct SummaryPlatform<'a>(&'a [u8]);

impl fmt::Display for SummaryPlatform<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut p = self.0;
        if p.len() > 6 && p[..6].eq_ignore_ascii_case(b"cisco ") {
            p = &p[6..];
        }
        match p {
            [a, b, b' ', rest @ ..] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
                write!(f, "{}", Esc(&p[..2], Style::Token))?;
                f.write_char(' ')?;
                write!(f, "{}", Esc(rest, Style::Token))
            }
            _ => write!(f, "{}", Esc(p, Style::Token)),
        }
    }
}

/// One row of `/proc/cdp_neighbors`. A device ID of 16 columns or more goes
/// on a line of its own, as IOS does for long ones: on the row, a 16-column
/// ID would be one space from the interface, and parsers of IOS output
/// (ntc-templates) read "ID IF" as one two-word interface name.
///
/// `info` is what [`Neighbor::decode`] gives for `nb`.
pub fn neighbor_row<W: Write>(w: &mut W, nb: &Neighbor, info: &Info, now_ms: u64) -> fmt::Result {
    let id = Esc(info.device_id.as_bytes(), Style::Token);
    if width(&id) >= 16 {
        writeln!(w, "{}", id)?;
        w.write_str("                 ")?;
    } else {
        pad(w, &id, 17)?;
    }
    pad(w, &Esc(name_bytes(&nb.ifname), Style::Token), 17)?;
    write!(w, " {:<10} ", nb.holdtime_left(now_ms))?;
    // Capability letters, right-aligned in their column as IOS does.
    let mut caps = [0u8; 22];
    let mut n = 0;
    for (bit, letter, _) in CAPS {
        if info.capabilities & bit != 0 {
            if n > 0 {
                caps[n] = b' ';
                n += 1;
            }
            caps[n] = letter.as_bytes()[0];
            n += 1;
        }
    }
    let caps = core::str::from_utf8(&caps[..n]).unwrap_or("");
    write!(w, "{:>9}   ", caps)?;
    let plat = SummaryPlatform(info.platform.as_bytes());
    let pw = width(&plat);
    write!(w, "{}", plat)?;
    w.write_char(' ')?;
    for _ in pw..9 {
        w.write_char(' ')?;
    }
    writeln!(w, "{}", Esc(info.port_id.as_bytes(), Style::Line))
}

/// The footer of both neighbor files.
pub fn neighbors_footer<W: Write>(w: &mut W, count: usize) -> fmt::Result {
    writeln!(w, "\nTotal cdp entries displayed : {}", count)
}

fn power<W: Write>(w: &mut W, what: &str, p: &super::wire::Power) -> fmt::Result {
    write!(
        w,
        "{}: request-id={}, management-id={}, values:",
        what, p.request_id, p.mgmt_id
    )?;
    for v in p.values.as_slice() {
        write!(w, " {} mW", v)?;
    }
    if p.values.dropped() > 0 {
        write!(w, " (+{} more)", p.values.dropped())?;
    }
    w.write_char('\n')
}

fn trunc_note<W: Write, const N: usize>(w: &mut W, b: &super::fixed::Bytes<N>) -> fmt::Result {
    if b.truncated() {
        w.write_str(" [truncated]")?;
    }
    Ok(())
}

/// One entry of `/proc/cdp_neighbors_detail`, in the IOS layout, followed by
/// the fields IOS lacks.
///
/// `info` is what [`Neighbor::decode`] gives for `nb`.
pub fn neighbor_detail<W: Write>(
    w: &mut W,
    nb: &Neighbor,
    info: &Info,
    now_ms: u64,
) -> fmt::Result {
    let i = info;
    w.write_str("-------------------------\n")?;
    write!(
        w,
        "Device ID: {}",
        Esc(i.device_id.as_bytes(), Style::Token)
    )?;
    trunc_note(w, &i.device_id)?;
    w.write_str("\nEntry address(es): \n")?;
    for a in i.addrs.as_slice() {
        write_addr(w, a)?;
    }
    write!(
        w,
        "Platform: {},  Capabilities: ",
        Esc(i.platform.as_bytes(), Style::Line)
    )?;
    for (bit, _, name) in CAPS {
        if i.capabilities & bit != 0 {
            write!(w, "{} ", name)?;
        }
    }
    writeln!(
        w,
        "\nInterface: {},  Port ID (outgoing port): {}",
        Esc(name_bytes(&nb.ifname), Style::Token),
        Esc(i.port_id.as_bytes(), Style::Line)
    )?;
    writeln!(w, "Holdtime : {} sec", nb.holdtime_left(now_ms))?;
    write!(
        w,
        "\nVersion :\n{}",
        Esc(i.sw_version.as_bytes(), Style::Text)
    )?;
    trunc_note(w, &i.sw_version)?;
    writeln!(w, "\n\nadvertisement version: {}", nb.version)?;
    if i.has(has::HELLO) {
        writeln!(
            w,
            "Protocol Hello:  OUI=0x{}, Protocol ID=0x{:04X}; payload len={}, value={}",
            Hex(&i.hello_oui),
            i.hello_proto,
            i.hello_data.as_bytes().len(),
            Hex(i.hello_data.as_bytes())
        )?;
    }
    if i.has(has::VTP_DOMAIN) {
        writeln!(
            w,
            "VTP Management Domain: '{}'",
            Esc(i.vtp_domain.as_bytes(), Style::Line)
        )?;
    }
    if i.has(has::NATIVE_VLAN) {
        writeln!(w, "Native VLAN: {}", i.native_vlan)?;
    }
    if i.has(has::DUPLEX) {
        let d = match i.duplex {
            0 => "half",
            1 => "full",
            _ => "unknown",
        };
        writeln!(w, "Duplex: {}", d)?;
    }
    if i.has(has::VOIP_VLAN_REPLY) {
        writeln!(w, "Appliance VLAN-ID (VoIP VLAN reply): {}", i.voip_reply.1)?;
    }
    if i.has(has::VOIP_VLAN_QUERY) {
        writeln!(w, "VoIP VLAN query: {}", i.voip_query.1)?;
    }
    if i.has(has::POWER) {
        writeln!(
            w,
            "Power drawn: {}.{:03} Watts",
            i.power_mw / 1000,
            i.power_mw % 1000
        )?;
    }
    if i.has(has::MTU) {
        writeln!(w, "MTU: {}", i.mtu)?;
    }
    if i.has(has::TRUST_BITMAP) {
        writeln!(w, "Trust bitmap: 0x{:02x}", i.trust_bitmap)?;
    }
    if i.has(has::UNTRUSTED_COS) {
        writeln!(w, "Untrusted port CoS: {}", i.untrusted_cos)?;
    }
    if i.has(has::SYSTEM_NAME) {
        writeln!(
            w,
            "System Name: {}",
            Esc(i.system_name.as_bytes(), Style::Line)
        )?;
    }
    if i.has(has::SYSTEM_OID) {
        writeln!(w, "System Object ID: {}", Hex(i.system_oid.as_bytes()))?;
    }
    if i.has(has::LOCATION) {
        writeln!(
            w,
            "Location: type {}, '{}'",
            i.location_type,
            Esc(i.location.as_bytes(), Style::Line)
        )?;
    }
    if i.has(has::POWER_REQUESTED) {
        power(w, "Power request", &i.power_requested)?;
    }
    if i.has(has::POWER_AVAILABLE) {
        power(w, "Power available", &i.power_available)?;
    }
    if i.has(has::SPARE_PAIR_POE) {
        writeln!(w, "Spare pair PoE: 0x{:02x}", i.spare_pair_poe)?;
    }
    for p in i.prefixes.as_slice() {
        writeln!(
            w,
            "IP prefix: {}.{}.{}.{}/{}",
            p.addr[0], p.addr[1], p.addr[2], p.addr[3], p.len
        )?;
    }
    w.write_str("Management address(es): \n")?;
    for a in i.mgmt_addrs.as_slice() {
        write_addr(w, a)?;
    }
    // What IOS does not show.
    let upper = name_bytes(&nb.upper);
    if !upper.is_empty() {
        writeln!(w, "Upper interface: {}", Esc(upper, Style::Token))?;
    }
    if nb.tagged && nb.vlan == table::VLAN_UNKNOWN {
        w.write_str("VLAN: tagged, ID not known yet\n")?;
    } else if nb.tagged {
        writeln!(w, "VLAN: {}", nb.vlan)?;
    } else {
        w.write_str("VLAN: untagged\n")?;
    }
    writeln!(w, "Source MAC: {}", Mac(&nb.src_mac))?;
    writeln!(
        w,
        "First seen: {} sec ago, last seen: {} sec ago",
        now_ms.saturating_sub(nb.first_seen_ms) / 1000,
        now_ms.saturating_sub(nb.last_seen_ms) / 1000
    )?;
    writeln!(
        w,
        "Frames received: {}, content changes: {}",
        nb.frames, nb.changes
    )?;
    for u in i.unknown.as_slice() {
        write!(
            w,
            "Unknown TLV: type 0x{:04x}, {} bytes: {}",
            u.ty,
            u.value.as_bytes().len(),
            Hex(u.value.as_bytes())
        )?;
        trunc_note(w, &u.value)?;
        w.write_char('\n')?;
    }
    if i.unknown.dropped() > 0 {
        writeln!(w, "Unknown TLVs not kept: {}", i.unknown.dropped())?;
    }
    w.write_char('\n')
}

/// The IOS `show cdp traffic` block plus cdp_rs's extra counters.
pub fn traffic<W: Write>(w: &mut W, s: &Stats) -> fmt::Result {
    writeln!(w, "CDP counters :")?;
    writeln!(
        w,
        "        Total packets output: {}, Input: {}",
        s.output, s.input
    )?;
    writeln!(
        w,
        "        Hdr syntax: {}, Chksum error: {}, Encaps failed: {}",
        s.hdr_syntax, s.checksum, s.encaps_failed
    )?;
    writeln!(
        w,
        "        No memory: {}, Invalid packet: {},",
        s.no_memory, s.invalid
    )?;
    writeln!(
        w,
        "        CDP version 1 advertisements output: {}, Input: {}",
        s.v1_output, s.v1_input
    )?;
    writeln!(
        w,
        "        CDP version 2 advertisements output: {}, Input: {}",
        s.v2_output, s.v2_input
    )?;
    writeln!(
        w,
        "        Neighbors over maximum: {}, Unknown TLVs: {}",
        s.over_max, s.unknown_tlvs
    )?;
    writeln!(
        w,
        "        Neighbors inserted: {}, Deleted: {}, Aged out: {}",
        s.inserted, s.deleted, s.aged_out
    )?;
    writeln!(w, "        Dropped, receive disabled: {}", s.disabled)
}

/// Header of the per-interface table of `/proc/cdp_traffic`.
pub fn traffic_if_header<W: Write>(w: &mut W) -> fmt::Result {
    w.write_str(
        "\nInterface        Input      Output     HdrSyntax  Chksum     Invalid    NoMemory   OverMax    V1Input    V2Input    UnknownTLV Inserted   Deleted    AgedOut    Disabled   EncapsFail Admin\n",
    )
}

/// One row of the per-interface table; `admin` is the interface's
/// effective admin status (its own, or the defaults').
pub fn traffic_if_row<W: Write>(w: &mut W, i: &IfStats, admin: Admin) -> fmt::Result {
    let s = &i.stats;
    pad(w, &Esc(name_bytes(&i.name), Style::Token), 16)?;
    let cols = [
        s.input,
        s.output,
        s.hdr_syntax,
        s.checksum,
        s.invalid,
        s.no_memory,
        s.over_max,
        s.v1_input,
        s.v2_input,
        s.unknown_tlvs,
        s.inserted,
        s.deleted,
        s.aged_out,
        s.disabled,
        s.encaps_failed,
    ];
    for v in cols {
        write!(w, " {:<10}", v)?;
    }
    writeln!(w, " {}", admin.name())
}
