// SPDX-License-Identifier: GPL-2.0

//! `cdpctl snmp`: CISCO-CDP-MIB (1.3.6.1.4.1.9.9.23) for Debian's snmpd,
//! through net-snmp's `pass_persist` protocol (snmpd.conf:
//! `pass_persist .1.3.6.1.4.1.9.9.23 /usr/sbin/cdpctl snmp`).
//!
//! Served: cdpInterfaceTable (ifIndex), cdpCacheTable (ifIndex,
//! cdpCacheDeviceIndex, as Cisco indexes it) and the cdpGlobal scalars.
//! Numeric OIDs need no MIB file. Strings go out as hex (`octet`), so no
//! byte from the wire can break the line-based protocol.
//!
//! TimeStamp objects (cdpCacheLastChange, cdpGlobalLastChange) count, as
//! the MIB says, in snmpd's sysUpTime: from when snmpd (this process's
//! parent) started, 0 for anything older. A thread follows the family's
//! monitor group, so a change is stamped when it happened, not when the
//! next walk noticed it.

use crate::nl::{Client, Event, Global, Iface, Neighbor};
use std::collections::HashMap;
use std::io::{self, BufRead, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// CISCO-CDP-MIB's root.
const ROOT: [u32; 9] = [1, 3, 6, 1, 4, 1, 9, 9, 23];

#[derive(Clone, Debug)]
enum Value {
    Integer(i64),
    Gauge(u32),
    Octets(Vec<u8>),
    TimeTicks(u64),
    ObjectId(Vec<u32>),
}

impl Value {
    fn write(&self, w: &mut impl Write) -> io::Result<()> {
        match self {
            Value::Integer(v) => writeln!(w, "integer\n{v}"),
            Value::Gauge(v) => writeln!(w, "gauge\n{v}"),
            Value::TimeTicks(v) => writeln!(w, "timeticks\n{v}"),
            Value::ObjectId(o) => writeln!(w, "objectid\n{}", fmt_oid(o)),
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

/// The longest OID net-snmp handles (MAX_OID_LEN).
const MAX_OID_LEN: usize = 128;

/// The System Object ID TLV (0x0015) as an OID: BER, with or without its
/// OBJECT IDENTIFIER tag and length. `None` for anything that is not a
/// well-formed OID (hostile bytes: every sub-identifier must end within
/// the value and fit 32 bits).
fn sys_object_id(v: &[u8]) -> Option<Vec<u32>> {
    let body = match v {
        [0x06, len, rest @ ..] if usize::from(*len) == rest.len() && *len < 0x80 => rest,
        _ => v,
    };
    let mut subs: Vec<u32> = Vec::new();
    let mut acc: u32 = 0;
    let mut started = false;
    for &b in body {
        if !started && b == 0x80 {
            return None; // a sub-identifier with a leading zero group
        }
        if acc > (u32::MAX >> 7) {
            return None;
        }
        acc = (acc << 7) | u32::from(b & 0x7f);
        started = true;
        if b & 0x80 == 0 {
            if subs.is_empty() {
                let (x, y) = match acc {
                    0..=39 => (0, acc),
                    40..=79 => (1, acc - 40),
                    _ => (2, acc - 80),
                };
                subs.extend([x, y]);
            } else {
                subs.push(acc);
            }
            if subs.len() > MAX_OID_LEN {
                return None;
            }
            acc = 0;
            started = false;
        }
    }
    (!started && !subs.is_empty()).then_some(subs)
}

/// The host's uptime, in seconds.
fn uptime_s() -> f64 {
    std::fs::read_to_string("/proc/uptime")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .unwrap_or(0.0)
}

/// When process `pid` started, in seconds of host uptime (field 22 of
/// /proc/PID/stat, in USER_HZ: 100 on Linux).
fn start_of(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may hold spaces and parentheses: fields count from
    // the last ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    let ticks: u64 = rest.split_whitespace().nth(19)?.parse().ok()?;
    Some(ticks as f64 / 100.0)
}

/// Times as snmpd's TimeStamp: hundredths of a second of sysUpTime.
#[derive(Clone, Copy, Debug)]
struct Clock {
    /// Host uptime when the agent (snmpd) started.
    agent_start: f64,
    /// Host uptime now.
    now: f64,
}

impl Clock {
    fn now() -> Clock {
        let now = uptime_s();
        // pass_persist handlers are snmpd's children; run by hand, the
        // agent is this process.
        let agent_start = start_of(std::os::unix::process::parent_id())
            .or_else(|| start_of(std::process::id()))
            .unwrap_or(now);
        Clock { agent_start, now }
    }

    /// `ago` seconds before now, as a TimeStamp (0: before the agent).
    fn stamp_ago(&self, ago: f64) -> u64 {
        ((self.now - ago - self.agent_start).max(0.0) * 100.0) as u64
    }

    fn stamp(&self, at: Instant) -> u64 {
        self.stamp_ago(at.elapsed().as_secs_f64())
    }
}

/// A neighbor's key: its interface, device ID and port ID.
type Key = (u32, Vec<u8>, Vec<u8>);

fn key(n: &Neighbor) -> Key {
    (n.ifindex, n.device_id.clone(), n.port_id.clone())
}

/// When things changed, as the monitor group told: bounded by the table
/// (an entry per neighbor seen added or changed, dropped when it goes).
#[derive(Debug)]
struct Changes {
    /// When this process started following the group.
    since: Instant,
    /// Whether it follows it now (false: events may have been missed, and
    /// any time not seen is taken as now).
    live: bool,
    /// The last addition, change or removal.
    last: Option<Instant>,
    /// Each neighbor's last addition or content change.
    neighbor: HashMap<Key, Instant>,
}

impl Changes {
    fn new() -> Changes {
        Changes {
            since: Instant::now(),
            live: false,
            last: None,
            neighbor: HashMap::new(),
        }
    }

    /// The subscription is in place (again): anything before it was not
    /// seen, so times not known are taken as this moment (never too
    /// early), and times seen before a gap are forgotten (a neighbor may
    /// have changed during it).
    fn subscribed(&mut self) {
        self.live = true;
        self.since = Instant::now();
        self.last = None;
        self.neighbor.clear();
    }

    fn event(&mut self, ev: &Event) {
        let now = Instant::now();
        self.last = Some(now);
        if ev.kind == "delete" {
            self.neighbor.remove(&key(&ev.neighbor));
        } else {
            self.neighbor.insert(key(&ev.neighbor), now);
        }
    }

    /// Forgets neighbors no longer in the table (their removal event may
    /// have been lost): the map stays bounded by the table.
    fn prune(&mut self, ns: &[Neighbor]) {
        if self.neighbor.len() > ns.len() {
            let present: std::collections::HashSet<Key> = ns.iter().map(key).collect();
            self.neighbor.retain(|k, _| present.contains(k));
        }
    }

    /// A neighbor's last change: seen, or else when it was learnt if its
    /// content never changed, or else (changed before this process
    /// followed) when this process started: never earlier than the truth.
    fn of(&self, n: &Neighbor, clock: &Clock) -> u64 {
        if let Some(t) = self.neighbor.get(&key(n)) {
            return clock.stamp(*t);
        }
        if !self.live {
            return clock.stamp_ago(0.0);
        }
        let learnt = clock.stamp_ago(n.age_ms as f64 / 1000.0);
        if n.changes == 0 {
            learnt
        } else {
            learnt.max(clock.stamp(self.since))
        }
    }

    /// cdpGlobalLastChange: the latest change seen, of any neighbor, or
    /// (neighbors left before this process followed) its start.
    fn global(&self, ns: &[Neighbor], g: &Global, clock: &Clock) -> u64 {
        let mut t = ns.iter().map(|n| self.of(n, clock)).max().unwrap_or(0);
        if let Some(l) = self.last {
            t = t.max(clock.stamp(l));
        }
        let left = g
            .stats
            .iter()
            .filter(|(k, _)| matches!(*k, "deleted" | "aged-out"))
            .map(|(_, v)| *v)
            .sum::<u64>();
        if left > 0 {
            t = t.max(clock.stamp(self.since));
        }
        if !self.live {
            t = t.max(clock.stamp_ago(0.0));
        }
        t
    }
}

/// Follows the monitor group into `changes`, reconnecting after an error
/// (a full socket drops events: those times are then unknown, taken as
/// now until it follows again).
fn follow(changes: Arc<Mutex<Changes>>) {
    loop {
        if let Ok(mut c) = Client::connect() {
            let _ = c.watch_with(
                || {
                    if let Ok(mut ch) = changes.lock() {
                        ch.subscribed();
                    }
                },
                |ev| {
                    if let Ok(mut ch) = changes.lock() {
                        ch.event(&ev);
                    }
                    true
                },
            );
        }
        if let Ok(mut ch) = changes.lock() {
            ch.live = false;
        }
        std::thread::sleep(Duration::from_secs(1));
    }
}

/// Every object served, sorted by OID.
fn objects(ns: &[Neighbor], ifs: &[Iface], g: &Global, ch: &Changes, clock: &Clock) -> Objects {
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
        if let Some(a) = n.voice_appliance {
            col(13, Value::Gauge(a.into()));
        }
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
        // 0.0 when the neighbor sent none (or nothing that is an OID).
        col(
            18,
            Value::ObjectId(sys_object_id(&n.system_oid).unwrap_or_else(|| vec![0, 0])),
        );
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
        col(24, Value::TimeTicks(ch.of(n, clock)));
    }
    // cdpGlobal scalars: 1.3.<n>.0
    v.push((oid(&[1, 3, 1, 0]), Value::Integer(1)));
    v.push((oid(&[1, 3, 2, 0]), Value::Integer(g.tx_interval.into())));
    v.push((oid(&[1, 3, 3, 0]), Value::Integer(g.tx_holdtime.into())));
    v.push((
        oid(&[1, 3, 4, 0]),
        Value::Octets(g.device_id.as_deref().unwrap_or("").as_bytes().to_vec()),
    ));
    v.push((
        oid(&[1, 3, 5, 0]),
        Value::TimeTicks(ch.global(ns, g, clock)),
    ));
    // cdpGlobalDeviceIdFormatCpb (BITS): other(2) only; the Device ID is
    // the host name or what `cdpctl set device-id` gave, not a serial
    // number or MAC address. cdpGlobalDeviceIdFormat: other(3).
    v.push((oid(&[1, 3, 6, 0]), Value::Octets(vec![0x20])));
    v.push((oid(&[1, 3, 7, 0]), Value::Integer(3)));
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
    let changes = Arc::new(Mutex::new(Changes::new()));
    {
        let changes = changes.clone();
        std::thread::spawn(move || follow(changes));
    }
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
                        let ns = c.neighbors()?;
                        let (ifs, g) = (c.interfaces()?, c.global()?);
                        let mut ch = changes.lock().map_err(|_| {
                            crate::nl::Error::Other("the event thread failed".into())
                        })?;
                        ch.prune(&ns);
                        Ok(objects(&ns, &ifs, &g, &ch, &Clock::now()))
                    })();
                    cache = Some((Instant::now(), data.unwrap_or_default()));
                }
                // Sorted by OID: a binary search, and no copy, per request
                // (a walk is one getnext per object).
                let objs: &[(Vec<u32>, Value)] = cache.as_ref().map_or(&[], |(_, o)| o);
                let at = objs.partition_point(|(o, _)| *o < req);
                let found = if next {
                    objs[at..].iter().find(|(o, _)| *o > req)
                } else {
                    objs.get(at).filter(|(o, _)| *o == req)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sys_object_id_decodes_ber() {
        // ciscoProducts.1745 (a Catalyst): 1.3.6.1.4.1.9.1.1745.
        let oid = [0x2b, 6, 1, 4, 1, 9, 1, 0x8d, 0x51];
        let want = vec![1, 3, 6, 1, 4, 1, 9, 1, 1745];
        assert_eq!(sys_object_id(&oid), Some(want.clone()));
        let mut tagged = vec![0x06, oid.len() as u8];
        tagged.extend_from_slice(&oid);
        assert_eq!(sys_object_id(&tagged), Some(want));
        assert_eq!(sys_object_id(&[0x00]), Some(vec![0, 0]));
        assert_eq!(sys_object_id(&[0x88, 0x37]), Some(vec![2, 999]));
        assert_eq!(
            sys_object_id(&[0x2b, 0x8f, 0xff, 0xff, 0xff, 0x7f]),
            Some(vec![1, 3, u32::MAX])
        );
    }

    #[test]
    fn sys_object_id_refuses_what_is_not_an_oid() {
        assert_eq!(sys_object_id(&[]), None);
        assert_eq!(sys_object_id(&[0x2b, 0x86]), None); // cut in a sub-identifier
        assert_eq!(sys_object_id(&[0x2b, 0x80, 0x01]), None); // leading zero group
        assert_eq!(sys_object_id(&[0x2b, 0x90, 0x80, 0x80, 0x80, 0x00]), None); // > 32 bits
        assert_eq!(sys_object_id(&[0x01; 200]), None); // longer than net-snmp takes

        // Every byte string: no panic, and any OID it gives is one.
        for a in 0..=255u8 {
            for b in [0u8, 0x7f, 0x80, 0xff] {
                if let Some(o) = sys_object_id(&[0x06, 2, a, b]) {
                    assert!(o.len() >= 2 && o[0] <= 2);
                }
            }
        }
    }

    fn neighbor(dev: &str, age_ms: u64, changes: u64) -> Neighbor {
        Neighbor {
            ifindex: 2,
            device_id: dev.into(),
            port_id: b"Gi0/1".to_vec(),
            age_ms,
            changes,
            ..Neighbor::default()
        }
    }

    /// snmpd started at host uptime 1000 s; it is now 1100 s.
    fn clock() -> Clock {
        Clock {
            agent_start: 1000.0,
            now: 1100.0,
        }
    }

    fn global(deleted: u64) -> Global {
        Global {
            stats: vec![("deleted", deleted), ("aged-out", 0)],
            neighbors: 0,
            max_neighbors: 0,
            device_id: None,
            tx_interval: 60,
            tx_holdtime: 180,
            tx_rtnl_locks: None,
            tx_rtnl_locks_all: None,
        }
    }

    #[test]
    fn timestamps_count_from_the_agent_and_are_never_early() {
        let clock = clock();
        let mut ch = Changes::new();
        ch.subscribed();
        // Learnt 30 s ago, never changed: learnt at sysUpTime 70 s.
        assert_eq!(ch.of(&neighbor("a", 30_000, 0), &clock), 7000);
        // Learnt before snmpd started: 0.
        assert_eq!(ch.of(&neighbor("b", 500_000, 0), &clock), 0);
        // Changed before the events were followed (just now): not earlier
        // than that.
        let changed = ch.of(&neighbor("c", 500_000, 3), &clock);
        assert!(changed >= 9999, "{changed}");
        // An event seen: stamped when it came.
        ch.event(&Event {
            kind: "change",
            neighbor: neighbor("b", 500_000, 1),
        });
        assert!(ch.of(&neighbor("b", 500_000, 1), &clock) >= 9999);
        // Not following: every time is now.
        ch.live = false;
        assert!(ch.of(&neighbor("a", 30_000, 0), &clock) >= 9999);
    }

    #[test]
    fn a_gap_in_the_events_forgets_what_was_seen_before_it() {
        let clock = clock();
        let mut ch = Changes::new();
        ch.subscribed();
        let b = neighbor("b", 500_000, 1);
        ch.event(&Event {
            kind: "change",
            neighbor: b.clone(),
        });
        // Seen 40 s ago; then the socket lost events, and b changed again.
        let seen = Instant::now() - Duration::from_secs(40);
        ch.neighbor.insert(key(&b), seen);
        ch.last = Some(seen);
        ch.live = false;
        ch.subscribed();
        let b2 = neighbor("b", 500_000, 2);
        assert!(ch.of(&b2, &clock) >= 9999, "{}", ch.of(&b2, &clock));
        assert!(ch.global(&[b2], &global(0), &clock) >= 9999);
    }

    #[test]
    fn prune_keeps_the_map_bounded_by_the_table() {
        let mut ch = Changes::new();
        for d in ["a", "b", "c"] {
            ch.event(&Event {
                kind: "new",
                neighbor: neighbor(d, 0, 0),
            });
        }
        ch.prune(&[neighbor("b", 0, 0)]);
        assert_eq!(ch.neighbor.len(), 1);
        assert!(ch.neighbor.contains_key(&key(&neighbor("b", 0, 0))));
    }

    #[test]
    fn global_last_change() {
        let clock = clock();
        let mut ch = Changes::new();
        ch.live = true;
        ch.since -= Duration::from_secs(50);
        let ns = [neighbor("a", 30_000, 0), neighbor("b", 60_000, 0)];
        assert_eq!(ch.global(&ns, &global(0), &clock), 7000);
        assert_eq!(ch.global(&[], &global(0), &clock), 0);
        // Neighbors left before the events were followed: not earlier
        // than when they were (50 s ago, sysUpTime 50 s, give or take).
        let t = ch.global(&[], &global(1), &clock);
        assert!((4990..=5010).contains(&t), "{t}");
        assert_eq!(ch.global(&ns, &global(1), &clock), 7000);
        ch.event(&Event {
            kind: "delete",
            neighbor: neighbor("z", 0, 0),
        });
        assert!(ch.global(&ns, &global(1), &clock) >= 9999);
    }

    #[test]
    fn objects_are_sorted_and_typed() {
        let clock = clock();
        let ch = Changes::new();
        let mut n = neighbor("sw", 1000, 0);
        n.system_oid = vec![0x06, 3, 0x2b, 6, 1];
        n.voice_appliance = Some(1);
        n.voice_vlan = Some(20);
        let objs = objects(&[n], &[], &global(0), &ch, &clock);
        assert!(objs.windows(2).all(|w| w[0].0 < w[1].0));
        let get = |suffix: &[u32]| {
            objs.iter()
                .find(|(o, _)| o.ends_with(suffix))
                .map(|(_, v)| v)
        };
        let dx = objs
            .iter()
            .find(|(o, _)| o[..o.len() - 2].ends_with(&[1, 2, 1, 1, 6]))
            .map(|(o, _)| o[o.len() - 1])
            .expect("cdpCacheDeviceId");
        assert!(matches!(get(&[13, 2, dx]), Some(Value::Gauge(1))));
        assert!(matches!(get(&[14, 2, dx]), Some(Value::Gauge(20))));
        assert!(matches!(get(&[18, 2, dx]), Some(Value::ObjectId(o)) if o == &[1, 3, 6, 1]));
        assert!(matches!(get(&[1, 3, 6, 0]), Some(Value::Octets(b)) if b == &[0x20]));
        assert!(matches!(get(&[1, 3, 7, 0]), Some(Value::Integer(3))));
    }
}
