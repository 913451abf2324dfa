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
//! work item (queued by its timer when an advertisement is due, by the
//! netdevice notifier, by netlink and by the `tx_default` parameter), the
//! notifier itself (a device going down) and the module's unload. Nothing
//! is built or allocated in the receive path.
//!
//! While an interface transmits, the work item looks at it every second:
//! an advertisement is sent when its interval is up, or at once when what
//! it would say changed (name, addresses, host name, link settings). When
//! it stops transmitting while it still can send (admin status, going
//! down, unload), a last advertisement with holdtime 0 tells the peers.

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

/// How often a transmitting namespace looks for changes, in ms.
const POLL_MS: u64 = 1000;

/// One interface that transmits; `ifindex` 0 marks a free place (the
/// kernel's vector has no removal), reused by the next port.
struct Port {
    ifindex: i32,
    /// When its next periodic advertisement is due (monotonic ms).
    due_ms: u64,
    /// [`advert::fingerprint`] of the last advertisement sent.
    sent_fp: u64,
    /// When the last one was sent (monotonic ms): a change is advertised
    /// at most once a second (debounce).
    sent_ms: u64,
    /// An advertisement went out: stopping sends holdtime 0.
    sent: bool,
    /// Seen in the current walk.
    seen: bool,
    /// Its duplex, as last read from the link settings (read when the port
    /// starts, at each periodic advertisement, and after a link change).
    duplex: Option<bool>,
    /// The last advertisement sent: when its Device ID or Port ID changes
    /// (host name, rename), the old identity is withdrawn with holdtime 0,
    /// so peers do not keep it for a whole holdtime.
    last: KVec<u8>,
}

impl Port {
    const FREE: Self = Self {
        ifindex: 0,
        due_ms: 0,
        sent_fp: 0,
        sent_ms: 0,
        sent: false,
        seen: false,
        duplex: None,
        last: KVec::new(),
    };
}

/// A namespace's transmitter: its ports and its own Device ID. Behind a
/// mutex in [`NetState`], used under RTNL only.
pub(crate) struct TxState {
    ports: KVec<Port>,
    /// The Device ID set through netlink; empty: none of its own (the
    /// host name in the initial namespace, no identity in any other).
    device_id: KVec<u8>,
    /// A link changed (notifier): read the link settings again.
    link_dirty: bool,
}

impl TxState {
    pub(crate) const fn new() -> Self {
        Self {
            ports: KVec::new(),
            device_id: KVec::new(),
            link_dirty: false,
        }
    }

    /// The place of `ifindex`'s port.
    fn find(&self, ifindex: i32) -> Option<usize> {
        self.ports.iter().position(|p| p.ifindex == ifindex)
    }

    /// Frees port `i`, returning what it was.
    fn remove(&mut self, i: usize) -> Port {
        core::mem::replace(&mut self.ports[i], Port::FREE)
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
        self.ports.iter().any(|p| p.ifindex != 0)
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
/// Name), into `buf`: its length.
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
    advert::build_frame(buf, &info.mac, &a)
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

/// Sends `frame` on `dev` and counts it (output, or encapsulation failed).
fn send(st: &NetState, dev: &NetDev<'_>, frame: Option<&[u8]>, rtnl: &impl HoldsRtnl) -> bool {
    // The counters live in the table: a namespace gets one when it first
    // sends (not merely because tx_default is on).
    if lock_bh(&st.locked).active.is_none() {
        let _ = st.activate();
    }
    st.make_if_room(dev.ifindex());
    let ok = frame.is_some_and(|f| dev.xmit(f, rtnl).is_ok());
    if let Some(a) = lock_bh(&st.locked).active.as_deref_mut() {
        a.table
            .count_output(dev.ifindex(), dev.name().as_bytes(), ok);
    }
    ok
}

/// Withdraws what `dev` last advertised: the same frame, with holdtime 0,
/// so peers forget exactly the identity they hold. Nothing when no
/// advertisement was kept (then peers age it out).
fn goodbye(st: &NetState, dev: &NetDev<'_>, last: &mut [u8], rtnl: &impl HoldsRtnl) {
    if advert::set_holdtime(last, 0) {
        send(st, dev, Some(last), rtnl);
    }
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

impl NetState {
    /// The work item's part: advertise on every interface that is due or
    /// changed, stop on those that no longer transmit, and schedule the
    /// next look. Quietly does nothing in a namespace that has no
    /// transmitting interface and either no identity or nothing to send
    /// (no interface set to transmit, no transmit default for it).
    pub(crate) fn tx_run(&self, rtnl: &Rtnl) {
        if TX_STOPPED.load(Ordering::Relaxed) {
            return;
        }
        let mut tx = self.tx.lock();
        let initial = self.net().is_initial();
        let named = initial || !tx.device_id.is_empty();
        let configured = lock_bh(&self.locked).table().is_some_and(|t| t.any_tx());
        let default = params::tx_default() && initial;
        if !tx.any() && (!named || (!configured && !default)) {
            return;
        }
        let uts = Uts::read();
        let now = params::now_ms();
        let mut buf = [0u8; FRAME_MAX];
        for p in tx.ports.iter_mut() {
            p.seen = false;
        }
        let mut next: Option<u64> = None;
        let mut from = 1;
        while let Some((ifindex, _)) = self.net().next_dev(from, rtnl) {
            if let Some(dev) = rtnl.dev_by_index(self.net(), ifindex) {
                if let Some(due) = self.tx_port(&mut tx, &dev, &uts, now, &mut buf, rtnl) {
                    next = Some(next.map_or(due, |n| n.min(due)));
                }
            }
            match ifindex.checked_add(1) {
                Some(f) => from = f,
                None => break,
            }
        }
        // Devices gone since the last walk (their removal already sent
        // holdtime 0 while they were going down).
        for p in tx.ports.iter_mut().filter(|p| !p.seen) {
            *p = Port::FREE;
        }
        tx.link_dirty = false;
        if tx.any() {
            let at = next.unwrap_or(now + POLL_MS).min(now + POLL_MS);
            self.tx_schedule(at);
        }
    }

    /// One interface of [`NetState::tx_run`]: advertises if due or
    /// changed, or stops. When it next is due, if it transmits.
    fn tx_port(
        &self,
        tx: &mut TxState,
        dev: &NetDev<'_>,
        uts: &Uts,
        now: u64,
        buf: &mut [u8; FRAME_MAX],
        rtnl: &Rtnl,
    ) -> Option<u64> {
        let ifindex = dev.ifindex();
        let at = tx.find(ifindex);
        let read_link = match at {
            Some(i) => tx.link_dirty || now >= tx.ports[i].due_ms,
            None => true,
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
                let mut p = tx.remove(i);
                if p.sent && info.can_send {
                    goodbye(self, dev, &mut p.last, rtnl);
                }
            }
            return None;
        }
        let i = match at {
            Some(i) => i,
            None => {
                let p = Port {
                    ifindex,
                    due_ms: now,
                    seen: true,
                    ..Port::FREE
                };
                match tx.add(p) {
                    Ok(i) => i,
                    Err(_) => {
                        send(self, dev, None, rtnl);
                        return None;
                    }
                }
            }
        };
        let name = identity(&tx.device_id, initial, uts).unwrap_or_default();
        let n = build(buf, dev, &info, name, uts, params::tx_holdtime());
        let fp = n.map_or(0, |n| advert::fingerprint(&buf[..n]));
        let p = &mut tx.ports[i];
        p.seen = true;
        p.duplex = info.duplex;
        let changed = fp != p.sent_fp;
        // A change is sent at once, unless one went out less than a second
        // ago: then at the next look (a flapping link or a burst of
        // address changes gives one advertisement a second at most).
        let settled = !p.sent || now >= p.sent_ms + POLL_MS;
        if now >= p.due_ms || (changed && settled) {
            if let Some(n) = n {
                withdraw_if_renamed(self, dev, &mut p.last, &buf[..n], rtnl);
            }
            let ok = send(self, dev, n.map(|n| &buf[..n]), rtnl);
            let interval = params::tx_interval_ms();
            let p = &mut tx.ports[i];
            p.sent |= ok;
            p.sent_fp = if ok { fp } else { 0 };
            p.sent_ms = now;
            p.due_ms = now + interval - jitter(interval);
            if ok {
                if let Some(n) = n {
                    // Without memory the old identity is not withdrawn
                    // later; peers age it out.
                    p.last = KVec::new();
                    let _ = p.last.extend_from_slice(&buf[..n], GFP_KERNEL);
                }
            }
        } else if changed {
            return Some(p.sent_ms + POLL_MS);
        }
        Some(tx.ports[i].due_ms)
    }

    /// `dev` is going down or away (notifier, RTNL held): its last
    /// advertisement, with holdtime 0, while it still can send.
    pub(crate) fn tx_stop(&self, dev: &NetDev<'_>, send_last: bool, rtnl: &impl HoldsRtnl) {
        let mut tx = self.tx.lock();
        let Some(i) = tx.find(dev.ifindex()) else {
            return;
        };
        let mut p = tx.remove(i);
        if send_last
            && p.sent
            && !TX_STOPPED.load(Ordering::Relaxed)
            && dev.tx_info(false, rtnl).can_send
        {
            goodbye(self, dev, &mut p.last, rtnl);
        }
    }

    /// Whether an event on a device may concern the transmitter: an
    /// interface's own status transmits, or the default does here.
    pub(crate) fn tx_interested(&self) -> bool {
        (params::tx_default() && self.net().is_initial())
            || lock_bh(&self.locked).table().is_some_and(|t| t.any_tx())
    }

    /// Looks again soon (the work item runs now).
    pub(crate) fn tx_poke(&self) {
        self.work.schedule();
    }

    /// A link came up or changed (notifier): read the link settings again
    /// and look now.
    pub(crate) fn tx_link_changed(&self) {
        self.tx.lock().link_dirty = true;
        self.tx_poke();
    }

    /// Sets the namespace's Device ID (empty: none of its own; the host
    /// name again in the initial namespace, no identity, and so no
    /// advertisement, in any other) and looks again.
    pub(crate) fn tx_set_device_id(&self, id: &[u8]) -> Result {
        let mut v = KVec::with_capacity(id.len(), GFP_KERNEL)?;
        v.extend_from_slice(id, GFP_KERNEL)?;
        self.tx.lock().device_id = v;
        self.tx_poke();
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
            .any(|p| p.ifindex == ifindex && p.sent)
    }

    /// Unload: the last advertisement (holdtime 0) on every port that sent.
    fn tx_shutdown(&self, rtnl: &Rtnl) {
        let mut tx = self.tx.lock();
        let mut ports = core::mem::take(&mut tx.ports);
        for p in ports.iter_mut().filter(|p| p.sent && p.ifindex != 0) {
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
        st.tx_poke();
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
                st.tx_poke();
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
