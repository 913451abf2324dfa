// SPDX-License-Identifier: GPL-2.0

//! cdpctl's output formats: plain (the IOS text), json, keyvalue, json0
//! (lldpd's `lldpcli -f json0` shape) and the Prometheus text format.
//! Every string from the wire is hostile: each format escapes it its way.

use crate::nl::{Event, Global, Iface, Neighbor, Stats};
use crate::numbers::field;
use std::fmt::Write as _;
use std::io::{self, Write};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Plain,
    Json,
    KeyValue,
    Json0,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        Some(match s {
            "plain" => Format::Plain,
            "json" => Format::Json,
            "keyvalue" => Format::KeyValue,
            "json0" => Format::Json0,
            _ => return None,
        })
    }
}

/// Plain text: printable ASCII stays, a backslash is `\\`, anything else
/// `\xHH` (as /proc/cdp_neighbors does): no wire string can forge a line.
pub fn plain(b: &[u8]) -> String {
    let mut s = String::with_capacity(b.len());
    for &c in b {
        match c {
            b'\\' => s.push_str("\\\\"),
            0x20..=0x7e => s.push(c as char),
            _ => {
                let _ = write!(s, "\\x{c:02x}");
            }
        }
    }
    s
}

/// A JSON string literal: the bytes as UTF-8 (invalid sequences replaced),
/// quotes, backslashes and control characters escaped.
pub fn json_str(b: &[u8]) -> String {
    let t = String::from_utf8_lossy(b);
    let mut s = String::with_capacity(t.len() + 2);
    s.push('"');
    for c in t.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            '\t' => s.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(s, "\\u{:04x}", c as u32);
            }
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

/// A Prometheus label value: UTF-8, with `\`, `"` and newlines escaped as
/// the text exposition format requires.
pub fn label(b: &[u8]) -> String {
    let t = String::from_utf8_lossy(b);
    let mut s = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            '\\' => s.push_str("\\\\"),
            '"' => s.push_str("\\\""),
            '\n' => s.push_str("\\n"),
            c => s.push(c),
        }
    }
    s
}

const CAPS: [(u32, char, &str); 11] = [
    (0x001, 'R', "Router"),
    (0x002, 'T', "Trans-Bridge"),
    (0x004, 'B', "Source-Route-Bridge"),
    (0x008, 'S', "Switch"),
    (0x010, 'H', "Host"),
    (0x020, 'I', "IGMP"),
    (0x040, 'r', "Repeater"),
    (0x080, 'P', "Phone"),
    (0x100, 'D', "Remote"),
    (0x200, 'C', "CVTA"),
    (0x400, 'M', "Two-port-Mac-Relay"),
];

fn cap_letters(c: u32) -> String {
    CAPS.iter()
        .filter(|(b, _, _)| c & b != 0)
        .map(|(_, l, _)| l.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

fn cap_names(c: u32) -> Vec<&'static str> {
    CAPS.iter()
        .filter(|(b, _, _)| c & b != 0)
        .map(|(_, _, n)| *n)
        .collect()
}

fn mac(b: &[u8]) -> String {
    b.iter()
        .map(|x| format!("{x:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

fn duplex(d: u8) -> &'static str {
    if d == 1 {
        "full"
    } else {
        "half"
    }
}

fn changed_names(bits: u32) -> Vec<&'static str> {
    const F: [(u32, &str); 26] = [
        (field::CDP_VERSION, "cdp-version"),
        (field::DEVICE_ID, "device-id"),
        (field::ADDRESS, "address"),
        (field::PORT_ID, "port-id"),
        (field::CAPABILITIES, "capabilities"),
        (field::SW_VERSION, "sw-version"),
        (field::PLATFORM, "platform"),
        (field::PREFIX, "prefix"),
        (field::HELLO, "hello"),
        (field::VTP_DOMAIN, "vtp-domain"),
        (field::NATIVE_VLAN, "native-vlan"),
        (field::DUPLEX, "duplex"),
        (field::VOIP_VLAN_REPLY, "voip-vlan-reply"),
        (field::VOIP_VLAN_QUERY, "voip-vlan-query"),
        (field::POWER, "power"),
        (field::MTU, "mtu"),
        (field::TRUST_BITMAP, "trust-bitmap"),
        (field::UNTRUSTED_COS, "untrusted-cos"),
        (field::SYSTEM_NAME, "system-name"),
        (field::SYSTEM_OID, "system-oid"),
        (field::MGMT_ADDRESS, "mgmt-address"),
        (field::LOCATION, "location"),
        (field::POWER_REQUESTED, "power-requested"),
        (field::POWER_AVAILABLE, "power-available"),
        (field::SPARE_PAIR_POE, "spare-pair-poe"),
        (field::UNKNOWN_TLV, "unknown-tlv"),
    ];
    F.iter()
        .filter(|(b, _)| bits & b != 0)
        .map(|(_, n)| *n)
        .collect()
}

/// One neighbor's fields as (key, JSON value) pairs, in a fixed order;
/// absent fields are left out.
fn fields(n: &Neighbor) -> Vec<(&'static str, String)> {
    let list = |v: &[String]| {
        format!(
            "[{}]",
            v.iter()
                .map(|a| json_str(a.as_bytes()))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let mut f = vec![
        ("interface", json_str(n.ifname.as_bytes())),
        ("ifindex", n.ifindex.to_string()),
        ("device-id", json_str(&n.device_id)),
        ("port-id", json_str(&n.port_id)),
        ("platform", json_str(&n.platform)),
        (
            "capabilities",
            format!(
                "[{}]",
                cap_names(n.capabilities)
                    .iter()
                    .map(|c| json_str(c.as_bytes()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        ("addresses", list(&n.addresses)),
        ("management-addresses", list(&n.mgmt_addresses)),
        ("software-version", json_str(&n.sw_version)),
        ("holdtime", n.holdtime.to_string()),
        ("holdtime-left", n.holdtime_left.to_string()),
        ("cdp-version", n.cdp_version.to_string()),
    ];
    if !n.upper.is_empty() {
        f.push(("upper-interface", json_str(n.upper.as_bytes())));
    }
    if let Some(v) = n.vlan {
        f.push(("vlan", v.to_string()));
    }
    if let Some(v) = n.native_vlan {
        f.push(("native-vlan", v.to_string()));
    }
    if let Some(v) = n.voice_vlan {
        f.push(("voice-vlan", v.to_string()));
    }
    if let Some(d) = n.duplex {
        f.push(("duplex", json_str(duplex(d).as_bytes())));
    }
    if let Some(m) = n.mtu {
        f.push(("mtu", m.to_string()));
    }
    if let Some(p) = n.power_mw {
        f.push(("power-mw", p.to_string()));
    }
    if !n.vtp_domain.is_empty() {
        f.push(("vtp-domain", json_str(&n.vtp_domain)));
    }
    if !n.system_name.is_empty() {
        f.push(("system-name", json_str(&n.system_name)));
    }
    if !n.location.is_empty() {
        f.push(("location", json_str(&n.location)));
    }
    if !n.system_oid.is_empty() {
        let hex: String = n.system_oid.iter().map(|b| format!("{b:02x}")).collect();
        f.push(("system-oid", json_str(hex.as_bytes())));
    }
    f.push(("source-mac", json_str(mac(&n.src_mac).as_bytes())));
    f.push(("frames", n.frames.to_string()));
    f.push(("changes", n.changes.to_string()));
    f.push(("age-seconds", (n.age_ms / 1000).to_string()));
    f.push(("idle-seconds", (n.idle_ms / 1000).to_string()));
    if n.truncated {
        f.push(("truncated", "true".to_string()));
    }
    f
}

/// `{"k": v, ...}`: the values are already JSON (strings quoted and
/// escaped by the caller, numbers as they are).
fn json_object<V: std::fmt::Display>(f: &[(&str, V)]) -> String {
    format!(
        "{{{}}}",
        f.iter()
            .map(|(k, v)| format!("\"{k}\": {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// keyvalue: the JSON value made a single plain line (strings unquoted,
/// escaped as in plain text).
fn kv_value(v: &str) -> String {
    if let Some(s) = v.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        // Undo the JSON escapes, then escape as plain text.
        let raw = s
            .replace("\\n", "\n")
            .replace("\\r", "\r")
            .replace("\\t", "\t")
            .replace("\\\"", "\"")
            .replace("\\\\", "\\");
        plain(raw.as_bytes())
    } else if let Some(s) = v.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
        s.split(", ").map(kv_value).collect::<Vec<_>>().join(",")
    } else {
        v.to_string()
    }
}

/// lldpd's age: "D day, HH:MM:SS".
fn lldpd_age(ms: u64) -> String {
    let s = ms / 1000;
    format!(
        "{} day, {:02}:{:02}:{:02}",
        s / 86400,
        s % 86400 / 3600,
        s % 3600 / 60,
        s % 60
    )
}

/// lldpd's capability names for CDP bits (lldpd's cdp.c mapping).
fn lldpd_caps(c: u32) -> Vec<&'static str> {
    let mut v = Vec::new();
    if c & 0x01 != 0 {
        v.push("Router");
    }
    if c & 0x0e != 0 {
        v.push("Bridge");
    }
    if c & 0x10 != 0 {
        v.push("Station");
    }
    if c & 0x40 != 0 {
        v.push("Repeater");
    }
    if c & 0x80 != 0 {
        v.push("Telephone");
    }
    v
}

/// One neighbor in the shape lldpd 1.0.16 prints for a CDP neighbor with
/// `lldpcli -f json0 show neighbors details` (every value an array of
/// objects).
fn json0_neighbor(n: &Neighbor, rid: usize) -> String {
    let v = |s: &[u8]| format!("[{{\"value\": {}}}]", json_str(s));
    let mut chassis = vec![
        format!(
            "\"id\": [{{\"type\": \"local\", \"value\": {}}}]",
            json_str(&n.device_id)
        ),
        format!("\"name\": {}", v(&n.device_id)),
    ];
    let mut descr = n.platform.clone();
    descr.extend_from_slice(b" running on\n");
    descr.extend_from_slice(&n.sw_version);
    chassis.push(format!("\"descr\": {}", v(&descr)));
    if let Some(a) = n.mgmt_addresses.first().or(n.addresses.first()) {
        // lldpd prints IPv4 and IPv6 management addresses under mgmt-ip.

        chassis.push(format!("\"mgmt-ip\": {}", v(a.as_bytes())));
    }
    let caps = lldpd_caps(n.capabilities);
    if !caps.is_empty() {
        chassis.push(format!(
            "\"capability\": [{}]",
            caps.iter()
                .map(|c| format!("{{\"type\": \"{c}\", \"enabled\": true}}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let port = [
        format!(
            "\"id\": [{{\"type\": \"ifname\", \"value\": {}}}]",
            json_str(&n.port_id)
        ),
        format!("\"descr\": {}", v(&n.port_id)),
        format!("\"ttl\": {}", v(n.holdtime.to_string().as_bytes())),
    ];
    let mut s = format!(
        "{{\"name\": {}, \"via\": \"CDPv{}\", \"rid\": \"{rid}\", \"age\": \"{}\", \"chassis\": [{{{}}}], \"port\": [{{{}}}]",
        json_str(n.ifname.as_bytes()),
        n.cdp_version,
        lldpd_age(n.age_ms),
        chassis.join(", "),
        port.join(", ")
    );
    if let Some(vl) = n.native_vlan {
        let _ = write!(
            s,
            ", \"vlan\": [{{\"vlan-id\": \"{vl}\", \"pvid\": true, \"value\": \"VLAN #{vl}\"}}]"
        );
    }
    s.push('}');
    s
}

fn ios_summary(w: &mut impl Write, ns: &[Neighbor]) -> io::Result<()> {
    writeln!(
        w,
        "Capability Codes: R - Router, T - Trans Bridge, B - Source Route Bridge"
    )?;
    writeln!(
        w,
        "                  S - Switch, H - Host, I - IGMP, r - Repeater, P - Phone,"
    )?;
    writeln!(
        w,
        "                  D - Remote, C - CVTA, M - Two-port Mac Relay\n"
    )?;
    writeln!(
        w,
        "Device ID        Local Intrfce     Holdtme    Capability  Platform  Port ID"
    )?;
    for n in ns {
        let id = plain(&n.device_id).replace(' ', "\\x20");
        if id.len() >= 16 {
            writeln!(w, "{id}")?;
            write!(w, "{:17}", "")?;
        } else {
            write!(w, "{id:<17}")?;
        }
        let platform = plain(&n.platform);
        let platform = platform.strip_prefix("cisco ").unwrap_or(&platform);
        writeln!(
            w,
            "{:<17} {:<10} {:>10}  {} {}",
            n.ifname,
            n.holdtime_left,
            cap_letters(n.capabilities),
            platform,
            plain(&n.port_id)
        )?;
    }
    writeln!(w, "\nTotal cdp entries displayed : {}", ns.len())
}

fn ios_detail(w: &mut impl Write, ns: &[Neighbor]) -> io::Result<()> {
    for n in ns {
        writeln!(w, "-------------------------")?;
        writeln!(w, "Device ID: {}", plain(&n.device_id))?;
        writeln!(w, "Entry address(es): ")?;
        for a in &n.addresses {
            let kind = if a.contains(':') { "IPv6" } else { "IP" };
            writeln!(w, "  {kind} address: {a}")?;
        }
        writeln!(
            w,
            "Platform: {},  Capabilities: {} ",
            plain(&n.platform),
            cap_names(n.capabilities).join(" ")
        )?;
        writeln!(
            w,
            "Interface: {},  Port ID (outgoing port): {}",
            n.ifname,
            plain(&n.port_id)
        )?;
        writeln!(w, "Holdtime : {} sec\n", n.holdtime_left)?;
        writeln!(w, "Version :")?;
        for l in n.sw_version.split(|&b| b == b'\n') {
            writeln!(w, "{}", plain(l))?;
        }
        writeln!(w, "\nadvertisement version: {}", n.cdp_version)?;
        if !n.vtp_domain.is_empty() {
            writeln!(w, "VTP Management Domain: '{}'", plain(&n.vtp_domain))?;
        }
        if let Some(v) = n.native_vlan {
            writeln!(w, "Native VLAN: {v}")?;
        }
        if let Some(d) = n.duplex {
            writeln!(w, "Duplex: {}", duplex(d))?;
        }
        if let Some(m) = n.mtu {
            writeln!(w, "MTU: {m}")?;
        }
        if !n.system_name.is_empty() {
            writeln!(w, "System Name: {}", plain(&n.system_name))?;
        }
        if !n.mgmt_addresses.is_empty() {
            writeln!(w, "Management address(es): ")?;
            for a in &n.mgmt_addresses {
                let kind = if a.contains(':') { "IPv6" } else { "IP" };
                writeln!(w, "  {kind} address: {a}")?;
            }
        }
        writeln!(w)?;
    }
    writeln!(w, "\nTotal cdp entries displayed : {}", ns.len())
}

pub fn neighbors(w: &mut impl Write, f: Format, ns: &[Neighbor], detail: bool) -> io::Result<()> {
    match f {
        Format::Plain if detail => ios_detail(w, ns),
        Format::Plain => ios_summary(w, ns),
        Format::Json => {
            let items: Vec<String> = ns.iter().map(|n| json_object(&fields(n))).collect();
            writeln!(w, "{{\"neighbors\": [{}]}}", items.join(", "))
        }
        Format::KeyValue => {
            for (i, n) in ns.iter().enumerate() {
                for (k, v) in fields(n) {
                    writeln!(w, "cdp.neighbor.{}.{k}={}", i + 1, kv_value(&v))?;
                }
            }
            Ok(())
        }
        Format::Json0 => {
            let items: Vec<String> = ns
                .iter()
                .enumerate()
                .map(|(i, n)| json0_neighbor(n, i + 1))
                .collect();
            writeln!(
                w,
                "{{\"lldp\": [{{\"interface\": [{}]}}]}}",
                items.join(", ")
            )
        }
    }
}

fn stat(s: &Stats, name: &str) -> u64 {
    s.iter().find(|(k, _)| *k == name).map_or(0, |(_, v)| *v)
}

pub fn interfaces(w: &mut impl Write, f: Format, v: &[Iface]) -> io::Result<()> {
    match f {
        Format::Plain => {
            writeln!(
                w,
                "Interface        Admin     Source    Transmitting  Input      Output"
            )?;
            for i in v {
                let s = i.stats.clone().unwrap_or_default();
                writeln!(
                    w,
                    "{:<16} {:<9} {:<9} {:<13} {:<10} {}",
                    i.ifname,
                    i.admin,
                    if i.admin_default { "default" } else { "own" },
                    if i.transmitting { "yes" } else { "no" },
                    stat(&s, "input"),
                    stat(&s, "output")
                )?;
            }
            Ok(())
        }
        Format::Json | Format::Json0 => {
            let items: Vec<String> = v
                .iter()
                .map(|i| {
                    let mut o = format!(
                        "{{\"interface\": {}, \"ifindex\": {}, \"admin-status\": \"{}\", \"admin-default\": {}, \"transmitting\": {}",
                        json_str(i.ifname.as_bytes()),
                        i.ifindex,
                        i.admin,
                        i.admin_default,
                        i.transmitting
                    );
                    if let Some(s) = &i.stats {
                        let _ = write!(o, ", \"stats\": {}", json_object(s));
                    }
                    o.push('}');
                    o
                })
                .collect();
            writeln!(w, "{{\"interfaces\": [{}]}}", items.join(", "))
        }
        Format::KeyValue => {
            for i in v {
                let p = format!("cdp.interface.{}", i.ifname);
                writeln!(w, "{p}.admin-status={}", i.admin)?;
                writeln!(w, "{p}.admin-default={}", i.admin_default)?;
                writeln!(w, "{p}.transmitting={}", i.transmitting)?;
                for (k, n) in i.stats.iter().flatten() {
                    writeln!(w, "{p}.{k}={n}")?;
                }
            }
            Ok(())
        }
    }
}

pub fn statistics(w: &mut impl Write, f: Format, g: &Global) -> io::Result<()> {
    let s = &g.stats;
    match f {
        Format::Plain => {
            writeln!(w, "CDP counters :")?;
            writeln!(
                w,
                "        Total packets output: {}, Input: {}",
                stat(s, "output"),
                stat(s, "input")
            )?;
            writeln!(
                w,
                "        Hdr syntax: {}, Chksum error: {}, Encaps failed: {}",
                stat(s, "hdr-syntax"),
                stat(s, "checksum"),
                stat(s, "encaps-failed")
            )?;
            writeln!(
                w,
                "        No memory: {}, Invalid packet: {},",
                stat(s, "no-memory"),
                stat(s, "invalid")
            )?;
            writeln!(
                w,
                "        CDP version 1 advertisements output: {}, Input: {}",
                stat(s, "v1-output"),
                stat(s, "v1-input")
            )?;
            writeln!(
                w,
                "        CDP version 2 advertisements output: {}, Input: {}",
                stat(s, "v2-output"),
                stat(s, "v2-input")
            )?;
            writeln!(
                w,
                "Neighbors: {} of {}; Device ID advertised: {}; interval {} s, holdtime {} s",
                g.neighbors,
                g.max_neighbors,
                g.device_id
                    .as_deref()
                    .map_or_else(|| "none (not set)".to_string(), |d| plain(d.as_bytes())),
                g.tx_interval,
                g.tx_holdtime
            )?;
            if let Some(n) = g.tx_rtnl_locks {
                write!(w, "RTNL taken by the work item: {n}")?;
                if let Some(all) = g.tx_rtnl_locks_all {
                    write!(w, " (all namespaces: {all})")?;
                }
                writeln!(w)?;
            }
            Ok(())
        }
        Format::Json | Format::Json0 => writeln!(
            w,
            "{{\"stats\": {}, \"neighbors\": {}, \"max-neighbors\": {}, {}\"tx-interval\": {}, \"tx-holdtime\": {}{}}}",
            json_object(s),
            g.neighbors,
            g.max_neighbors,
            // Left out when the namespace has no identity.
            g.device_id.as_deref().map_or_else(String::new, |d| format!(
                "\"device-id\": {}, ",
                json_str(d.as_bytes())
            )),
            g.tx_interval,
            g.tx_holdtime,
            g.tx_rtnl_locks
                .map(|n| format!(", \"tx-rtnl-locks\": {n}"))
                .unwrap_or_default()
                + &g.tx_rtnl_locks_all
                    .map(|n| format!(", \"tx-rtnl-locks-all\": {n}"))
                    .unwrap_or_default()
        ),
        Format::KeyValue => {
            for (k, v) in s {
                writeln!(w, "cdp.stats.{k}={v}")?;
            }
            writeln!(w, "cdp.neighbors={}", g.neighbors)?;
            writeln!(w, "cdp.max-neighbors={}", g.max_neighbors)?;
            if let Some(d) = &g.device_id {
                writeln!(w, "cdp.device-id={}", plain(d.as_bytes()))?;
            }
            writeln!(w, "cdp.tx-interval={}", g.tx_interval)?;
            writeln!(w, "cdp.tx-holdtime={}", g.tx_holdtime)?;
            if let Some(n) = g.tx_rtnl_locks {
                writeln!(w, "cdp.tx-rtnl-locks={n}")?;
            }
            if let Some(n) = g.tx_rtnl_locks_all {
                writeln!(w, "cdp.tx-rtnl-locks-all={n}")?;
            }
            Ok(())
        }
    }
}

pub fn event(w: &mut impl Write, f: Format, e: &Event) -> io::Result<()> {
    let n = &e.neighbor;
    match f {
        Format::Json | Format::Json0 | Format::KeyValue => {
            let mut o = format!(
                "{{\"event\": \"{}\", \"neighbor\": {}",
                e.kind,
                json_object(&fields(n))
            );
            if let Some(c) = n.changed {
                let names: Vec<String> = changed_names(c)
                    .iter()
                    .map(|s| json_str(s.as_bytes()))
                    .collect();
                let _ = write!(o, ", \"changed\": [{}]", names.join(", "));
            }
            if let Some(r) = n.reason {
                let _ = write!(o, ", \"reason\": \"{r}\"");
            }
            o.push('}');
            writeln!(w, "{o}")
        }
        Format::Plain => {
            write!(
                w,
                "{} {} {} {}",
                e.kind,
                n.ifname,
                plain(&n.device_id),
                plain(&n.port_id)
            )?;
            if let Some(c) = n.changed {
                write!(w, " changed: {}", changed_names(c).join(","))?;
            }
            if let Some(r) = n.reason {
                write!(w, " reason: {r}")?;
            }
            writeln!(w)
        }
    }
}

/// The Prometheus text exposition: what node_exporter's textfile collector
/// reads, or a scrape.
pub fn metrics(ns: &[Neighbor], ifs: &[Iface], g: &Global) -> String {
    let mut s = String::new();
    s.push_str("# HELP cdp_neighbor_info A CDP neighbor: its identity in the labels, value 1.\n");
    s.push_str("# TYPE cdp_neighbor_info gauge\n");
    let key = |n: &Neighbor| {
        format!(
            "interface=\"{}\",device_id=\"{}\",port_id=\"{}\"",
            label(n.ifname.as_bytes()),
            label(&n.device_id),
            label(&n.port_id)
        )
    };
    for n in ns {
        let _ = writeln!(
            s,
            "cdp_neighbor_info{{{},platform=\"{}\",native_vlan=\"{}\",mgmt_address=\"{}\"}} 1",
            key(n),
            label(&n.platform),
            n.native_vlan.map(|v| v.to_string()).unwrap_or_default(),
            label(
                n.mgmt_addresses
                    .first()
                    .or(n.addresses.first())
                    .map(String::as_bytes)
                    .unwrap_or_default()
            )
        );
    }
    s.push_str(
        "# HELP cdp_neighbor_holdtime_remaining_seconds Seconds until the neighbor ages out.\n",
    );
    s.push_str("# TYPE cdp_neighbor_holdtime_remaining_seconds gauge\n");
    for n in ns {
        let _ = writeln!(
            s,
            "cdp_neighbor_holdtime_remaining_seconds{{{}}} {}",
            key(n),
            n.holdtime_left
        );
    }
    s.push_str("# HELP cdp_frames_total CDP frames by interface and outcome (the counters of /proc/cdp_traffic).\n");
    s.push_str("# TYPE cdp_frames_total counter\n");
    for i in ifs {
        for (k, v) in i.stats.iter().flatten() {
            if matches!(*k, "inserted" | "deleted" | "aged-out" | "unknown-tlvs") {
                continue;
            }
            let _ = writeln!(
                s,
                "cdp_frames_total{{interface=\"{}\",outcome=\"{}\"}} {v}",
                label(i.ifname.as_bytes()),
                k.replace('-', "_")
            );
        }
    }
    s.push_str("# HELP cdp_neighbors_over_maximum_total New neighbors refused because the table was full.\n");
    s.push_str("# TYPE cdp_neighbors_over_maximum_total counter\n");
    let _ = writeln!(
        s,
        "cdp_neighbors_over_maximum_total {}",
        stat(&g.stats, "over-max")
    );
    s.push_str("# HELP cdp_neighbors Neighbors in the table.\n# TYPE cdp_neighbors gauge\n");
    let _ = writeln!(s, "cdp_neighbors {}", g.neighbors);
    s.push_str("# HELP cdp_neighbors_max Table capacity (max_neighbors).\n# TYPE cdp_neighbors_max gauge\n");
    let _ = writeln!(s, "cdp_neighbors_max {}", g.max_neighbors);
    s
}
