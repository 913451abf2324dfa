// SPDX-License-Identifier: GPL-2.0

//! `cdpctl snmp`: CISCO-CDP-MIB (1.3.6.1.4.1.9.9.23) for Debian's snmpd,
//! through net-snmp's `pass_persist` protocol (snmpd.conf:
//! `pass_persist .1.3.6.1.4.1.9.9.23 /usr/sbin/cdpctl snmp`).
//!
//! Served: cdpInterfaceTable (ifIndex), cdpCacheTable (ifIndex,
//! cdpCacheDeviceIndex, as Cisco indexes it) and the cdpGlobal scalars.
//! Numeric OIDs need no MIB file. Strings go out as hex (`octet`), so no
//! byte from the wire can break the line-based protocol.

use crate::nl::{Client, Global, Iface, Neighbor};
use std::io::{self, BufRead, Write};
use std::time::{Duration, Instant};

/// CISCO-CDP-MIB's root.
const ROOT: [u32; 9] = [1, 3, 6, 1, 4, 1, 9, 9, 23];

#[derive(Clone, Debug)]
enum Value {
    Integer(i64),
    Gauge(u32),
    Octets(Vec<u8>),
    TimeTicks(u64),
}

impl Value {
    fn write(&self, w: &mut impl Write) -> io::Result<()> {
        match self {
            Value::Integer(v) => writeln!(w, "integer\n{v}"),
            Value::Gauge(v) => writeln!(w, "gauge\n{v}"),
            Value::TimeTicks(v) => writeln!(w, "timeticks\n{v}"),
            Value::Octets(b) => {
                let hex: Vec<String> = b.iter().map(|x| format!("{x:02X}")).collect();
                writeln!(w, "octet\n{}", hex.join(" "))
            }
        }
    }
}

/// Objects served: (OID, value), sorted by OID.
type Objects = Vec<(Vec<u32>, Value)>;

fn oid(suffix: &[u32]) -> Vec<u32> {
    let mut v = ROOT.to_vec();
    v.extend_from_slice(suffix);
    v
}

fn parse_oid(s: &str) -> Option<Vec<u32>> {
    s.trim()
        .trim_start_matches('.')
        .split('.')
        .filter(|p| !p.is_empty())
        .map(|p| p.parse().ok())
        .collect()
}

fn fmt_oid(o: &[u32]) -> String {
    o.iter().map(|x| format!(".{x}")).collect()
}

/// cdpCacheDeviceIndex: stable for a neighbor (its device ID and port ID)
/// across walks, 1 to 2^31-1.
fn device_index(n: &Neighbor) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in n
        .device_id
        .iter()
        .chain([0u8].iter())
        .chain(n.port_id.iter())
    {
        h = (h ^ u32::from(*b)).wrapping_mul(0x0100_0193);
    }
    (h & 0x7fff_ffff).max(1)
}

/// An address as CiscoNetworkProtocol and CiscoNetworkAddress.
fn address(a: &str) -> Option<(i64, Vec<u8>)> {
    if let Ok(v4) = a.parse::<std::net::Ipv4Addr>() {
        return Some((1, v4.octets().to_vec()));
    }
    if let Ok(v6) = a.parse::<std::net::Ipv6Addr>() {
        return Some((20, v6.octets().to_vec()));
    }
    None
}

fn uptime_ticks() -> u64 {
    std::fs::read_to_string("/proc/uptime")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0, |s| (s * 100.0) as u64)
}

/// Every object served, sorted by OID.
fn objects(ns: &[Neighbor], ifs: &[Iface], g: &Global) -> Objects {
    let mut v: Objects = Vec::new();
    // cdpInterfaceEntry: 1.1.1.1.<col>.<ifIndex>
    for i in ifs {
        let idx = i.ifindex;
        let on = i.admin != "disabled";
        v.push((
            oid(&[1, 1, 1, 1, 2, idx]),
            Value::Integer(if on { 1 } else { 2 }),
        ));
        v.push((
            oid(&[1, 1, 1, 1, 3, idx]),
            Value::Integer(g.tx_interval.into()),
        ));
        v.push((oid(&[1, 1, 1, 1, 4, idx]), Value::Integer(0)));
        v.push((oid(&[1, 1, 1, 1, 5, idx]), Value::Integer(0)));
        v.push((
            oid(&[1, 1, 1, 1, 6, idx]),
            Value::Octets(i.ifname.as_bytes().to_vec()),
        ));
    }
    // cdpCacheEntry: 1.2.1.1.<col>.<ifIndex>.<deviceIndex>
    let now = uptime_ticks();
    for n in ns {
        let (ix, dx) = (n.ifindex, device_index(n));
        let mut col = |c: u32, val: Value| v.push((oid(&[1, 2, 1, 1, c, ix, dx]), val));
        if let Some((t, a)) = n.addresses.first().and_then(|a| address(a)) {
            col(3, Value::Integer(t));
            col(4, Value::Octets(a));
        }
        col(5, Value::Octets(n.sw_version.clone()));
        col(6, Value::Octets(n.device_id.clone()));
        col(7, Value::Octets(n.port_id.clone()));
        col(8, Value::Octets(n.platform.clone()));
        col(9, Value::Octets(n.capabilities.to_be_bytes().to_vec()));
        col(10, Value::Octets(n.vtp_domain.clone()));
        if let Some(vl) = n.native_vlan {
            col(11, Value::Integer(vl.into()));
        }
        col(
            12,
            Value::Integer(match n.duplex {
                Some(0) => 2,
                Some(1) => 3,
                _ => 1,
            }),
        );
        if let Some(vl) = n.voice_vlan {
            col(14, Value::Gauge(vl.into()));
        }
        if let Some(p) = n.power_mw {
            col(15, Value::Gauge(p.into()));
        }
        if let Some(m) = n.mtu {
            col(16, Value::Gauge(m));
        }
        col(17, Value::Octets(n.system_name.clone()));
        let mgmt: Vec<(i64, Vec<u8>)> =
            n.mgmt_addresses.iter().filter_map(|a| address(a)).collect();
        if let Some((t, a)) = mgmt.first() {
            col(19, Value::Integer(*t));
            col(20, Value::Octets(a.clone()));
        }
        if let Some((t, a)) = mgmt.get(1) {
            col(21, Value::Integer(*t));
            col(22, Value::Octets(a.clone()));
        }
        col(23, Value::Octets(n.location.clone()));
        // cdp_rs keeps when a neighbor was learnt, not when its content
        // last changed: the sysUpTime it was learnt at.
        col(24, Value::TimeTicks(now.saturating_sub(n.age_ms / 10)));
    }
    // cdpGlobal scalars: 1.3.<n>.0
    v.push((oid(&[1, 3, 1, 0]), Value::Integer(1)));
    v.push((oid(&[1, 3, 2, 0]), Value::Integer(g.tx_interval.into())));
    v.push((oid(&[1, 3, 3, 0]), Value::Integer(g.tx_holdtime.into())));
    v.push((
        oid(&[1, 3, 4, 0]),
        Value::Octets(g.device_id.as_bytes().to_vec()),
    ));
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v.dedup_by(|a, b| a.0 == b.0);
    v
}

/// Serves pass_persist requests on stdin until it closes. The data is
/// read again when older than a second (a walk is many getnext requests).
pub fn serve(c: &mut Client) -> io::Result<()> {
    let stdin = io::stdin();
    let mut lines = stdin.lock().lines();
    let out = &mut io::stdout().lock();
    let mut cache: Option<(Instant, Objects)> = None;
    while let Some(cmd) = lines.next() {
        let cmd = cmd?;
        match cmd.trim() {
            "PING" => writeln!(out, "PONG")?,
            "get" | "getnext" => {
                let next = cmd.trim() == "getnext";
                let Some(req) = lines.next().transpose()?.as_deref().and_then(parse_oid) else {
                    writeln!(out, "NONE")?;
                    out.flush()?;
                    continue;
                };
                if cache
                    .as_ref()
                    .is_none_or(|(t, _)| t.elapsed() > Duration::from_secs(1))
                {
                    let data = (|| -> Result<_, crate::nl::Error> {
                        Ok(objects(&c.neighbors()?, &c.interfaces()?, &c.global()?))
                    })();
                    cache = Some((Instant::now(), data.unwrap_or_default()));
                }
                let objs = &cache.as_ref().map(|(_, o)| o).cloned().unwrap_or_default();
                let found = if next {
                    objs.iter().find(|(o, _)| *o > req)
                } else {
                    objs.iter().find(|(o, _)| *o == req)
                };
                match found {
                    Some((o, v)) => {
                        writeln!(out, "{}", fmt_oid(o))?;
                        v.write(out)?;
                    }
                    None => writeln!(out, "NONE")?,
                }
            }
            "set" => {
                // The OID and the value follow; nothing is writable.
                lines.next();
                lines.next();
                writeln!(out, "not-writable")?;
            }
            "" => continue,
            _ => writeln!(out, "NONE")?,
        }
        out.flush()?;
    }
    Ok(())
}
