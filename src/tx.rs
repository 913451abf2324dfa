// SPDX-License-Identifier: GPL-2.0

//! Transmission: the host advertises itself on the interfaces whose admin
//! status says so.
//!
//! Who speaks: the initial network namespace is the host, and advertises
//! the host name unless `global-set` gave it a Device ID of its own. Any
//! other namespace (a container's) has no identity until `global-set`
//! gives it one: until then it advertises nothing, whatever its
//! interfaces' admin status, and `stats-get` shows it no Device ID, so no
//! namespace learns or speaks the host's name through cdp_rs. The
//! `tx_default` parameter applies to the initial namespace only, and there
//! only to interfaces that face a wire (NICs, bond and team ports:
//! `NetDev::faces_wire`); every other interface transmits only when its
//! own admin status says so.
//!
//! Everything here runs in process context with RTNL held: the namespace's
//! work item, the netdevice notifier (a device going down) and the
//! module's unload. Nothing is built or allocated in the receive path.
//!
//! Nothing polls. Events mark what may have changed ([`TxMarks`], under
//! the namespace's spinlock, so the atomic IPv6 address notifier can mark
//! too) and queue the work item: the netdevice notifier (up, carrier and
//! link changes, rename, MTU, MAC, master changes), the IPv4 and IPv6
//! address notifiers, netlink (`iface-set`, `global-set`), the
//! `tx_default` parameter and the module's load. The work item takes RTNL
//! only when a marked or due port needs looking at, and looks only at
//! those (every device only after `global-set`, `tx_default` or the load);
//! the namespace's timer queues it for the earliest due time: the next
//! periodic advertisement, a change held back by the one-second debounce.
//! What has no notifier: the host name (the initial namespace compares it,
//! without RTNL, once a second while it transmits under it), IPv4/IPv6
//! forwarding (read again at each periodic advertisement) and the end of
//! IPv6 duplicate address detection (a port whose only global address is
//! tentative is looked at again each second until it is not).
//!
//! An advertisement is sent when its interval is up, or at once when what
//! it would say changed, at most once a second per port (a change within
//! a second of the last frame goes out a second after it, through the
//! timer; the last-send time outlives the port for that second, so a
//! link flapping down and up is debounced too). When a port stops
//! transmitting while it still can send (admin status, going down,
//! unload), a last advertisement with holdtime 0 tells the peers.

use crate::netns::NetState;
use crate::proto::advert::{self, cap, Advert, FRAME_MAX};
use crate::proto::table::Admin;
use crate::sys::bh::lock_bh;
use crate::sys::ctx::{HoldsRtnl, TxCtx};
use crate::sys::net::{Net, NetDev, Rtnl};
use crate::sys::params;
use crate::sys::tx::{self, TxInfo, TxReady, Uts};
use core::sync::atomic::{AtomicBool, Ordering};
use kernel::prelude::*;

/// Set at unload (under RTNL) before the last advertisements: no work item
/// sends after it.
static TX_STOPPED: AtomicBool = AtomicBool::new(false);

/// A change is advertised at most this often per port, in ms.
const DEBOUNCE_MS: u64 = 1000;

/// How often the initial namespace compares the host name while it
/// advertises it, and a port whose IPv6 address is tentative is looked at
/// again, in ms (neither needs RTNL for the first).
const RECHECK_MS: u64 = 1000;

/// One interface that transmits (`on`), or one that stopped less than
/// [`DEBOUNCE_MS`] after its last frame (kept for its `sent_ms`);
/// `ifindex` 0 marks a free place (the kernel's vector has no removal),
/// reused by the next port.
struct Port {
    ifindex: i32,
    /// It transmits; otherwise only its last send time is kept.
    on: bool,
    /// When its next periodic advertisement is due (monotonic ms).
    due_ms: u64,
    /// [`advert::fingerprint`] of the last advertisement sent.
    sent_fp: u64,
    /// When the last frame (an advertisement, or holdtime 0) went out on
    /// it (monotonic ms): a change is advertised at most once a second.
    sent_ms: Option<u64>,
    /// An advertisement went out: stopping sends holdtime 0.
    sent: bool,
    /// Something it says may have changed: look at it (not before
    /// `retry_ms`, the end of the debounce, when a change is held back).
    dirty: bool,
    retry_ms: u64,
    /// Read its link settings again at the next look (a link change).
    link: bool,
    /// Seen in the current walk of every device.
    seen: bool,
    /// Its duplex, as last read from the link settings (read when the port
    /// starts, at each periodic advertisement, and after a link change).
    duplex: Option<bool>,
    /// Its master and master's master at the last look: their address
    /// changes concern it.
    uppers: [i32; 2],
    /// The last advertisement sent: when its Device ID or Port ID changes
    /// (host name, rename), the old identity is withdrawn with holdtime 0,
    /// so peers do not keep it for a whole holdtime.
    last: KVec<u8>,
}

impl Port {
    const FREE: Self = Self {
        ifindex: 0,
        on: false,
        due_ms: 0,
        sent_fp: 0,
        sent_ms: None,
        sent: false,
        dirty: false,
        retry_ms: 0,
        link: false,
        seen: false,
        duplex: None,
        uppers: [0; 2],
        last: KVec::new(),
    };

    /// Whether the work item should look at it now.
    fn wanted(&self, now: u64) -> bool {
        self.on && ((self.dirty && now >= self.retry_ms) || now >= self.due_ms)
    }

    /// Whether a frame may go out now (debounce).
    fn settled(&self, now: u64) -> bool {
        !matches!(self.sent_ms, Some(s) if now < s + DEBOUNCE_MS)
    }
}

/// Marks from events, for the work item: devices whose advertisement may
/// have changed (or that may start transmitting), kept under the
/// namespace's spinlock ([`crate::netns::Locked`]), so any context may
/// mark, the atomic IPv6 address notifier included. More distinct devices
/// than there is room for between two runs mark everything.
pub(crate) struct TxMarks {
    ifs: [i32; MARKS_MAX],
    flags: [u8; MARKS_MAX],
    /// Look at every device (and read every port's link settings again
    /// with `all_link`).
    all: bool,
    all_link: bool,
}

/// Distinct devices [`TxMarks`] remembers between two runs.
const MARKS_MAX: usize = 8;

/// What a mark says (flags of [`TxMarks`]).
pub(crate) mod mark {
    /// Its link changed: read the link settings again.
    pub(crate) const LINK: u8 = 1;
    /// It may start transmitting (up, carrier, admin status, master): look
    /// at it even if it has no port.
    pub(crate) const START: u8 = 2;
}

impl TxMarks {
    pub(crate) const EMPTY: Self = Self {
        ifs: [0; MARKS_MAX],
        flags: [0; MARKS_MAX],
        all: false,
        all_link: false,
    };

    fn add(&mut self, ifindex: i32, flags: u8) {
        if let Some(i) = self.ifs.iter().position(|&x| x == ifindex) {
            self.flags[i] |= flags;
        } else if let Some(i) = self.ifs.iter().position(|&x| x == 0) {
            self.ifs[i] = ifindex;
            self.flags[i] = flags;
        } else {
            self.all = true;
            self.all_link = true;
        }
    }

    fn iter(&self) -> impl Iterator<Item = (i32, u8)> + '_ {
        self.ifs
            .iter()
            .zip(self.flags.iter())
            .filter(|(&i, _)| i != 0)
            .map(|(&i, &f)| (i, f))
    }
}

/// A namespace's transmitter: its ports and its own Device ID. Behind a
/// mutex in [`NetState`], used under RTNL (or by the work item before it
/// decides whether it needs RTNL).
pub(crate) struct TxState {
    ports: KVec<Port>,
    /// The Device ID set through netlink; empty: none of its own (the
    /// host name in the initial namespace, no identity in any other).
    device_id: KVec<u8>,
    /// [`advert::fingerprint`] of the host name last seen (initial
    /// namespace): a new one makes every port look again.
    host_fp: u64,
    /// Walk every device again then (a port could not be added).
    walk_at: Option<u64>,
}

impl TxState {
    pub(crate) const fn new() -> Self {
        Self {
            ports: KVec::new(),
            device_id: KVec::new(),
            host_fp: 0,
            walk_at: None,
        }
    }

    /// The place of `ifindex`'s port (or stopped record).
    fn find(&self, ifindex: i32) -> Option<usize> {
        self.ports.iter().position(|p| p.ifindex == ifindex)
    }

    /// Adds a port (in a free place if there is one).
    fn add(&mut self, p: Port) -> Result<usize> {
        if let Some(i) = self.find(0) {
            self.ports[i] = p;
            return Ok(i);
        }
        self.ports.push(p, GFP_KERNEL)?;
        Ok(self.ports.len() - 1)
    }

    /// Whether any interface transmits.
    fn any(&self) -> bool {
        self.ports.iter().any(|p| p.ifindex != 0 && p.on)
    }
}

/// The Device ID a namespace advertises: its own (`own`, set with
/// `global-set`); else, in the initial namespace, the host name; else none:
/// another namespace (a container's) does not speak for the host, and does
/// not advertise until it is given a name.
fn identity<'a>(own: &'a [u8], initial: bool, uts: &'a Uts) -> Option<&'a [u8]> {
    if !own.is_empty() {
        Some(own)
    } else if initial {
        Some(Uts::str(&uts.nodename))
    } else {
        None
    }
}

/// Builds `dev`'s advertisement, saying `name` (Device ID and System
/// Name), into `buf`: its length. Optional TLVs are left out when the
/// whole frame would not fit the device's MTU; `None` when even the
/// identity does not (counted as an encapsulation failure).
fn build(
    buf: &mut [u8; FRAME_MAX],
    dev: &NetDev<'_>,
    info: &TxInfo,
    name: &[u8],
    uts: &Uts,
    holdtime: u8,
) -> Option<usize> {
    let mut caps = cap::HOST;
    if info.forwarding {
        caps |= cap::ROUTER;
    }
    if info.bridge_port {
        caps |= cap::SWITCH;
    }
    let port = dev.name();
    let a = Advert {
        device_id: name,
        port_id: port.as_bytes(),
        ipv4: info.ipv4,
        ipv6: info.ipv6,
        capabilities: caps,
        version: [Uts::str(&uts.release), Uts::str(&uts.version)],
        platform: b"Linux",
        duplex: info.duplex,
        mtu: Some(info.mtu),
        system_name: name,
        holdtime,
    };
    advert::build_frame_fit(buf, &info.mac, &a, frame_max(info.mtu))
}

/// The longest frame a device with MTU `mtu` sends: the MTU and the
/// Ethernet header.
fn frame_max(mtu: u32) -> usize {
    (mtu as usize).saturating_add(14)
}

/// Whether the transmit default applies to a device: in the initial
/// namespace only, to a device that faces a wire only (`faces_wire`).
pub(crate) fn default_applies(net: Net<'_>, faces_wire: bool) -> bool {
    faces_wire && net.is_initial()
}

/// Whether `dev` should transmit: its own admin status, else the default
/// (where it applies).
fn wants_tx(st: &NetState, dev: &NetDev<'_>, info: &TxInfo) -> bool {
    let own = lock_bh(&st.locked)
        .table()
        .and_then(|t| t.admin(dev.ifindex()));
    match own {
        Some(a) => a.tx(),
        None => params::tx_default() && default_applies(st.net(), info.faces_wire),
    }
}

/// Sends `frame` on `dev` and counts it (output, or encapsulation failed:
/// no frame, no memory, refused by the device, or longer than its MTU
/// allows, such as a kept frame after the MTU shrank).
fn send(st: &NetState, dev: &NetDev<'_>, frame: Option<&[u8]>, rtnl: &impl HoldsRtnl) -> bool {
    // The counters live in the table: a namespace gets one when it first
    // sends (not merely because tx_default is on).
    if lock_bh(&st.locked).active.is_none() {
        let _ = st.activate();
    }
    st.make_if_room(dev.ifindex());
    let ok = frame.is_some_and(|f| f.len() <= frame_max(dev.mtu()) && dev.xmit(f, rtnl).is_ok());
    if let Some(a) = lock_bh(&st.locked).active.as_deref_mut() {
        a.table
            .count_output(dev.ifindex(), dev.name().as_bytes(), ok);
    }
    ok
}

/// Withdraws what `dev` last advertised: the same frame, with holdtime 0,
/// so peers forget exactly the identity they hold. Nothing when no
/// advertisement was kept (then peers age it out). Whether a frame was
/// handed to the device (or counted as failed).
fn goodbye(st: &NetState, dev: &NetDev<'_>, last: &mut [u8], rtnl: &impl HoldsRtnl) -> bool {
    if advert::set_holdtime(last, 0) {
        send(st, dev, Some(last), rtnl);
        return true;
    }
    false
}

/// When the Device ID or Port ID of `next` differs from those of `last`
/// (the advertisement sent before on `dev`), sends `last` again with
/// holdtime 0: peers key neighbors by them, and would otherwise keep the
/// old identity for a whole holdtime.
fn withdraw_if_renamed(
    st: &NetState,
    dev: &NetDev<'_>,
    last: &mut KVec<u8>,
    next: &[u8],
    rtnl: &impl HoldsRtnl,
) {
    if !last.is_empty() && advert::identity(last) != advert::identity(next) {
        goodbye(st, dev, last, rtnl);
    }
}

/// The random part of an interval: up to a tenth of it, so interfaces and
/// hosts started together drift apart.
fn jitter(interval: u64) -> u64 {
    u64::from(params::random_u32()) % (interval / 10).max(1)
}

/// Stops port `p` (on `dev`, which can still send with `can_send`): its
/// last advertisement with holdtime 0, if it sent one. A port whose last
/// frame went out less than [`DEBOUNCE_MS`] ago is kept, stopped, for its
/// send time: up again within that second, it waits for the rest of it.
fn stop_port(
    st: &NetState,
    p: &mut Port,
    dev: &NetDev<'_>,
    can_send: bool,
    now: u64,
    rtnl: &impl HoldsRtnl,
) {
    if p.on && p.sent && can_send && goodbye(st, dev, &mut p.last, rtnl) {
        p.sent_ms = Some(now);
    }
    let (ifindex, sent_ms) = (p.ifindex, p.sent_ms);
    *p = Port::FREE;
    if sent_ms.is_some_and(|s| now < s + DEBOUNCE_MS) {
        p.ifindex = ifindex;
        p.sent_ms = sent_ms;
    }
}

impl NetState {
    /// The work item's part: looks at the ports that events marked, or
    /// whose advertisement is due, taking RTNL only if there is any (`held`:
    /// the work item already took it), and arms the timer for the next.
    /// Quietly does nothing in a namespace that has no transmitting
    /// interface and either no identity or nothing to send (no interface
    /// set to transmit, no transmit default for it).
    pub(crate) fn tx_run(&self, held: Option<Rtnl>) {
        if TX_STOPPED.load(Ordering::Relaxed) {
            return;
        }
        let marks = core::mem::replace(&mut lock_bh(&self.locked).tx_marks, TxMarks::EMPTY);
        let mut tx = self.tx.lock();
        let now = params::now_ms();
        let initial = self.net().is_initial();
        let uts = Uts::read();
        for p in tx.ports.iter_mut() {
            // Stopped records whose second is over.
            if !p.on && p.settled(now) {
                *p = Port::FREE;
            }
        }
        // The host name has no notifier: compared here, without RTNL.
        if initial && tx.device_id.is_empty() {
            let fp = advert::fingerprint(Uts::str(&uts.nodename));
            if fp != tx.host_fp {
                tx.host_fp = fp;
                for p in tx.ports.iter_mut() {
                    p.dirty = true;
                }
            }
        }
        for (ifindex, flags) in marks.iter() {
            for p in tx.ports.iter_mut().filter(|p| p.on) {
                if p.ifindex == ifindex || p.uppers.contains(&ifindex) {
                    p.dirty = true;
                    p.link |= p.ifindex == ifindex && flags & mark::LINK != 0;
                }
            }
        }
        if marks.all_link {
            for p in tx.ports.iter_mut() {
                p.link = true;
            }
        }
        let named = identity(&tx.device_id, initial, &uts).is_some();
        let configured = lock_bh(&self.locked).table().is_some_and(|t| t.any_tx());
        let may_start = named && (configured || (params::tx_default() && initial));
        let walk_at = tx.walk_at.is_some_and(|t| now >= t);
        if walk_at {
            tx.walk_at = None;
        }
        let walk_all = (marks.all || walk_at) && (tx.any() || may_start);
        // Devices that may start, with no port yet (or a stopped one).
        let mut fresh = [0i32; MARKS_MAX];
        if may_start {
            for (k, (ifindex, flags)) in marks.iter().enumerate() {
                let has_port = tx.ports.iter().any(|p| p.on && p.ifindex == ifindex);
                if flags & mark::START != 0 && !has_port {
                    fresh[k] = ifindex;
                }
            }
        }
        let wanted = tx.ports.iter().any(|p| p.wanted(now));
        if !walk_all && !wanted && fresh.iter().all(|&i| i == 0) {
            drop(held);
            self.tx_next(&tx, now, initial);
            return;
        }
        // RTNL comes before `tx` (the lock order of `NetState`): let go of
        // it, take RTNL, take it again. What changed meanwhile (a port
        // stopped by the notifier) is seen under RTNL.
        let rtnl = match held {
            Some(r) => r,
            None => {
                drop(tx);
                let r = self.work_rtnl();
                tx = self.tx.lock();
                r
            }
        };
        let mut buf = [0u8; FRAME_MAX];
        if walk_all {
            for p in tx.ports.iter_mut() {
                p.seen = false;
            }
            let mut from = 1;
            while let Some((ifindex, _)) = self.net().next_dev(from, &rtnl) {
                if let Some(dev) = rtnl.dev_by_index(self.net(), ifindex) {
                    self.tx_port(&mut tx, &dev, &uts, now, &mut buf, &rtnl);
                }
                match ifindex.checked_add(1) {
                    Some(f) => from = f,
                    None => break,
                }
            }
            // Devices gone since (their removal already sent holdtime 0
            // while they were going down).
            for p in tx.ports.iter_mut().filter(|p| p.on && !p.seen) {
                *p = Port::FREE;
            }
        } else {
            for &ifindex in fresh.iter().filter(|&&i| i != 0) {
                if let Some(dev) = rtnl.dev_by_index(self.net(), ifindex) {
                    self.tx_port(&mut tx, &dev, &uts, now, &mut buf, &rtnl);
                }
            }
            for i in 0..tx.ports.len() {
                if !tx.ports[i].wanted(now) {
                    continue;
                }
                match rtnl.dev_by_index(self.net(), tx.ports[i].ifindex) {
                    Some(dev) => self.tx_port(&mut tx, &dev, &uts, now, &mut buf, &rtnl),
                    None => tx.ports[i] = Port::FREE,
                }
            }
        }
        drop(rtnl);
        self.tx_next(&tx, now, initial);
    }

    /// Arms the timer for the earliest thing the transmitter waits for: a
    /// periodic advertisement, the end of a debounce, the next look at the
    /// host name (initial namespace, while it advertises it), a walk.
    fn tx_next(&self, tx: &TxState, now: u64, initial: bool) {
        let mut next = tx.walk_at;
        let mut at = |t: u64| next = Some(next.map_or(t, |n| n.min(t)));
        for p in tx.ports.iter().filter(|p| p.on) {
            at(p.due_ms);
            if p.dirty {
                at(p.retry_ms);
            }
        }
        if initial && tx.device_id.is_empty() && tx.any() {
            at(now + RECHECK_MS);
        }
        self.tx_schedule(next.map(|n| n.max(now)));
    }

    /// One interface: advertises if due or changed (or, within a second of
    /// its last frame, has the timer come back then), starts, or stops.
    fn tx_port(
        &self,
        tx: &mut TxState,
        dev: &NetDev<'_>,
        uts: &Uts,
        now: u64,
        buf: &mut [u8; FRAME_MAX],
        rtnl: &Rtnl,
    ) {
        let ifindex = dev.ifindex();
        let at = tx.find(ifindex);
        let on = at.is_some_and(|i| tx.ports[i].on);
        let read_link = match at {
            Some(i) if on => tx.ports[i].link || now >= tx.ports[i].due_ms,
            _ => true,
        };
        let mut info = dev.tx_info(read_link, rtnl);
        if let (false, Some(i)) = (read_link, at) {
            info.duplex = tx.ports[i].duplex;
        }
        let initial = self.net().is_initial();
        let named = identity(&tx.device_id, initial, uts).is_some();
        if !info.can_send || !named || !wants_tx(self, dev, &info) {
            if let Some(i) = at {
                // It stopped transmitting (or the namespace lost its
                // identity): tell the peers, if it still can send.
                stop_port(self, &mut tx.ports[i], dev, info.can_send, now, rtnl);
            }
            return;
        }
        let i = match at {
            Some(i) => {
                if !on {
                    // Back within a second of its last frame: a new
                    // start, still debounced by that frame.
                    let p = &mut tx.ports[i];
                    p.on = true;
                    p.due_ms = now;
                }
                i
            }
            None => {
                let p = Port {
                    ifindex,
                    on: true,
                    due_ms: now,
                    ..Port::FREE
                };
                match tx.add(p) {
                    Ok(i) => i,
                    Err(_) => {
                        send(self, dev, None, rtnl);
                        tx.walk_at = Some(now + RECHECK_MS);
                        return;
                    }
                }
            }
        };
        let name = identity(&tx.device_id, initial, uts).unwrap_or_default();
        let n = build(buf, dev, &info, name, uts, params::tx_holdtime());
        let fp = n.map_or(0, |n| advert::fingerprint(&buf[..n]));
        let p = &mut tx.ports[i];
        p.seen = true;
        p.link = false;
        p.duplex = info.duplex;
        p.uppers = info.uppers;
        let changed = fp != p.sent_fp;
        let due = now >= p.due_ms;
        if (due || changed) && p.settled(now) {
            if let Some(n) = n {
                withdraw_if_renamed(self, dev, &mut p.last, &buf[..n], rtnl);
            }
            let ok = send(self, dev, n.map(|n| &buf[..n]), rtnl);
            let interval = params::tx_interval_ms();
            let p = &mut tx.ports[i];
            p.sent |= ok;
            p.sent_fp = if ok { fp } else { 0 };
            p.sent_ms = Some(now);
            p.due_ms = now + interval - jitter(interval);
            p.dirty = false;
            if ok {
                if let Some(n) = n {
                    // Without memory the old identity is not withdrawn
                    // later; peers age it out.
                    p.last = KVec::new();
                    let _ = p.last.extend_from_slice(&buf[..n], GFP_KERNEL);
                }
            }
        } else if due || changed {
            // Within a second of its last frame: the timer brings the
            // work item back when the second is over.
            p.dirty = true;
            p.retry_ms = p.sent_ms.map_or(now, |s| s + DEBOUNCE_MS);
            p.due_ms = p.due_ms.max(p.retry_ms);
        } else {
            p.dirty = false;
        }
        let p = &mut tx.ports[i];
        if info.v6_tentative && !p.dirty {
            // DAD is running, and nothing says when it ends: look again.
            p.dirty = true;
            p.retry_ms = now + RECHECK_MS;
        }
    }

    /// `dev` is going down (`send_last`: it still can send) or away
    /// (notifier, RTNL held): its last advertisement, with holdtime 0,
    /// while it still can send.
    pub(crate) fn tx_stop(&self, dev: &NetDev<'_>, send_last: bool, rtnl: &impl HoldsRtnl) {
        let mut tx = self.tx.lock();
        let Some(i) = tx.find(dev.ifindex()) else {
            return;
        };
        if !send_last {
            // The device goes: a device that takes its index later is
            // another.
            tx.ports[i] = Port::FREE;
            return;
        }
        let can_send = !TX_STOPPED.load(Ordering::Relaxed) && dev.tx_info(false, rtnl).can_send;
        stop_port(
            self,
            &mut tx.ports[i],
            dev,
            can_send,
            params::now_ms(),
            rtnl,
        );
    }

    /// Whether an event on a device may concern the transmitter: an
    /// interface's own status transmits, or the default does here.
    pub(crate) fn tx_interested(&self) -> bool {
        (params::tx_default() && self.net().is_initial())
            || lock_bh(&self.locked).table().is_some_and(|t| t.any_tx())
    }

    /// An event on `ifindex` (flags of [`mark`]): the work item looks at
    /// it, and at the ports above which it is a master. Any context (the
    /// IPv6 address notifier is atomic): only marks and queues.
    pub(crate) fn tx_mark(&self, ifindex: i32, flags: u8) {
        lock_bh(&self.locked).tx_marks.add(ifindex, flags);
        self.work.schedule();
    }

    /// The work item looks at every device (identity, defaults, load).
    pub(crate) fn tx_mark_all(&self) {
        lock_bh(&self.locked).tx_marks.all = true;
        self.work.schedule();
    }

    /// Sets the namespace's Device ID (empty: none of its own; the host
    /// name again in the initial namespace, no identity, and so no
    /// advertisement, in any other) and looks again.
    pub(crate) fn tx_set_device_id(&self, id: &[u8]) -> Result {
        let mut v = KVec::with_capacity(id.len(), GFP_KERNEL)?;
        v.extend_from_slice(id, GFP_KERNEL)?;
        self.tx.lock().device_id = v;
        self.tx_mark_all();
        Ok(())
    }

    /// The namespace's Device ID as advertised, copied into `out`: its
    /// length, or `None` when the namespace has no identity (not the
    /// initial one, and none set): then nothing names the host to it.
    pub(crate) fn tx_device_id(&self, out: &mut [u8; advert::NAME_MAX]) -> Option<usize> {
        let tx = self.tx.lock();
        let initial = self.net().is_initial();
        // The host's names are read only for the initial namespace.
        let uts = (tx.device_id.is_empty() && initial).then(Uts::read);
        let id: &[u8] = match &uts {
            Some(u) => Uts::str(&u.nodename),
            None if tx.device_id.is_empty() => return None,
            None => &tx.device_id,
        };
        let n = id.len().min(out.len());
        out[..n].copy_from_slice(&id[..n]);
        Some(n)
    }

    /// Whether `ifindex` transmits now.
    pub(crate) fn tx_active(&self, ifindex: i32) -> bool {
        self.tx
            .lock()
            .ports
            .iter()
            .any(|p| p.ifindex == ifindex && p.on && p.sent)
    }

    /// Unload: the last advertisement (holdtime 0) on every port that sent.
    fn tx_shutdown(&self, rtnl: &Rtnl) {
        let mut tx = self.tx.lock();
        let mut ports = core::mem::take(&mut tx.ports);
        for p in ports
            .iter_mut()
            .filter(|p| p.on && p.sent && p.ifindex != 0)
        {
            let Some(dev) = rtnl.dev_by_index(self.net(), p.ifindex) else {
                continue;
            };
            if dev.tx_info(false, rtnl).can_send {
                goodbye(self, &dev, &mut p.last, rtnl);
            }
        }
    }
}

/// The `tx_default` parameter changed: the initial namespace's work item
/// looks again (the default applies nowhere else). Under RCU: only queues.
pub(crate) fn kick(net: Net<'_>, cx: &TxCtx) {
    if !net.is_initial() {
        return;
    }
    if let Some(st) = NetState::of(net, cx) {
        st.tx_mark_all();
    }
}

/// Transmission's part of the module: started last at load (every
/// namespace looks, for `tx_default`), stopped first at unload (holdtime 0
/// on every port that advertised).
pub(crate) struct Transmitter {
    ready: TxReady,
}

impl Transmitter {
    /// Starts it; the pernet subsystem must be registered until it is
    /// dropped (`CdpRs` drops it first).
    pub(crate) fn start() -> Self {
        let ready = TxReady::new();
        TX_STOPPED.store(false, Ordering::Relaxed);
        let rtnl = Rtnl::lock();
        tx::for_each_net(&rtnl, &ready, |net, cx| {
            if let Some(st) = NetState::of(net, cx) {
                st.tx_mark_all();
            }
        });
        drop(rtnl);
        Transmitter { ready }
    }
}

impl Drop for Transmitter {
    fn drop(&mut self) {
        self.ready.disarm();
        let rtnl = Rtnl::lock();
        TX_STOPPED.store(true, Ordering::Relaxed);
        tx::for_each_net(&rtnl, &self.ready, |net, cx| {
            if let Some(st) = NetState::of(net, cx) {
                st.tx_shutdown(&rtnl);
            }
        });
    }
}

/// The admin status `ifindex` has now (its own, or the defaults'), and
/// whether it is its own. `default_tx`: whether the transmit default
/// applies to it ([`default_applies`]).
pub(crate) fn admin_of(st: &NetState, ifindex: i32, default_tx: bool) -> (Admin, bool) {
    match lock_bh(&st.locked).table().and_then(|t| t.admin(ifindex)) {
        Some(a) => (a, true),
        None => (default_admin(default_tx), false),
    }
}

/// The admin status of an interface with none of its own: `rx_default`,
/// and `tx_default` where it applies (`default_tx`).
pub(crate) fn default_admin(default_tx: bool) -> Admin {
    Admin::new(params::rx_default(), params::tx_default() && default_tx)
}
