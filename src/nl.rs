// SPDX-License-Identifier: GPL-2.0

//! The `cdp` generic netlink family (src/netlink/cdp.yaml): neighbors,
//! interfaces and counters of the requester's namespace as typed data, and
//! the monitor group's events.

use crate::netns::NetState;
use crate::proto::advert;
use crate::proto::nl::{
    admin_status, attr_global as ag, attr_iface as ai, attr_neighbor as an, cmd,
};
use crate::proto::nlmsg::{self, AttrSink, Full, SizeSink};
use crate::proto::table::{Admin, Events, Gone, Neighbor, Rx};
use crate::proto::wire::Info;
use crate::sys::bh::lock_bh;
use crate::sys::ctx::GenlCtx;
use crate::sys::genl::{self, Dump, Event, Handlers, Msg, Reply, Request};
use crate::sys::net::{Net, Rtnl};
use crate::sys::params;
use core::cell::Cell;
use kernel::c_str;
use kernel::prelude::*;

/// The family's handlers.
pub(crate) struct Cdp;

/// The neighbor and its decoded PDU, copied out of the table so that the
/// message is built without the lock (about 3 KB: on the heap).
struct Snapshot {
    nb: Neighbor,
    info: Info,
}

fn new_snapshot() -> Result<KBox<Snapshot>> {
    KBox::init(
        init!(Snapshot {
            nb: Neighbor::EMPTY,
            info: Info::EMPTY,
        }),
        GFP_KERNEL,
    )
}

fn state<'a>(net: Net<'a>, cx: &'a GenlCtx) -> Result<&'a NetState> {
    NetState::of(net, cx).ok_or(ENODEV)
}

fn admin_value(a: Admin) -> u32 {
    match a {
        Admin::Disabled => admin_status::DISABLED,
        Admin::Rx => admin_status::RX,
        Admin::Tx => admin_status::TX,
        Admin::RxTx => admin_status::RX_TX,
    }
}

/// An interface's attributes: name, admin status, counters if it has any,
/// whether it transmits.
fn iface_attrs<S: AttrSink>(
    s: &mut S,
    st: &NetState,
    ifindex: i32,
    name: &[u8; 16],
    default_tx: bool,
) -> Result<(), Full> {
    let (admin, own) = crate::tx::admin_of(st, ifindex, default_tx);
    let stats = lock_bh(&st.locked)
        .table()
        .and_then(|t| t.ifstats_of(ifindex))
        .map(|e| e.stats);
    s.put_u32(ai::IFINDEX, ifindex as u32)?;
    s.put_str(ai::IFNAME, crate::proto::table::name_bytes(name))?;
    s.put_u32(ai::ADMIN_STATUS, admin_value(admin))?;
    if let Some(stats) = stats {
        let n = s.nest_start(ai::STATS)?;
        nlmsg::stats(s, &stats)?;
        s.nest_end(n);
    }
    if !own {
        s.put(ai::ADMIN_DEFAULT, &[])?;
    }
    if st.tx_active(ifindex) {
        s.put(ai::TRANSMITTING, &[])?;
    }
    Ok(())
}

/// Whether the transmit default applies to the device `ifindex` of `net`
/// (the initial namespace, a device facing a wire).
fn default_tx(net: Net<'_>, ifindex: i32, rtnl: &Rtnl) -> bool {
    rtnl.dev_by_index(net, ifindex)
        .is_some_and(|d| crate::tx::default_applies(net, d.faces_wire(rtnl)))
}

/// The device `ifindex` of the requester's namespace: its name.
fn device(req: &Request<'_>, ifindex: i32, rtnl: &Rtnl) -> Result<[u8; 16]> {
    match req.net().next_dev(ifindex, rtnl) {
        Some((i, name)) if i == ifindex => Ok(name),
        _ => Err(req.err(ENODEV, c_str!("no such interface in this namespace"))),
    }
}

impl Handlers for Cdp {
    fn neigh_get(req: &Request<'_>, cx: &GenlCtx) -> Result {
        let st = state(req.net(), cx)?;
        let ifindex = req.need_u32(an::IFINDEX)? as i32;
        let dev = req.need(an::DEVICE_ID)?;
        let port = req.attr(an::PORT_ID).unwrap_or(&[]);
        let mut c = new_snapshot()?;
        {
            let l = lock_bh(&st.locked);
            let nb = l
                .table()
                .and_then(|t| t.lookup(ifindex, dev, port).and_then(|i| t.get(i)))
                .ok_or_else(|| req.err(ENOENT, c_str!("no such neighbor")))?;
            c.nb.copy_from(nb);
        }
        let Snapshot { nb, info } = &mut *c;
        nb.decode(info);
        let mut r = Reply::new(req, cmd::NEIGH_GET, nlmsg::NEIGHBOR_ATTRS_MAX)?;
        nlmsg::neighbor(&mut r.attrs(), nb, info, params::now_ms())
            .map_err(|_| genl::emsgsize())?;
        r.send()
    }

    fn neigh_dump(d: &mut Dump<'_>, cx: &GenlCtx) -> Result {
        let st = state(d.net(), cx)?;
        let mut c = new_snapshot()?;
        let mut pos = usize::try_from(d.arg(0)).unwrap_or(usize::MAX);
        let now = params::now_ms();
        loop {
            let found = {
                let l = lock_bh(&st.locked);
                let Some(t) = l.table() else {
                    pos = usize::MAX;
                    break;
                };
                match t.next_used(pos, 256) {
                    Ok(i) => {
                        if let Some(nb) = t.get(i) {
                            c.nb.copy_from(nb);
                        }
                        Some(i)
                    }
                    Err(Some(next)) => {
                        pos = next;
                        None
                    }
                    Err(None) => {
                        pos = usize::MAX;
                        None
                    }
                }
            };
            let Some(i) = found else {
                if pos == usize::MAX {
                    break;
                }
                continue;
            };
            let Snapshot { nb, info } = &mut *c;
            nb.decode(info);
            if !d.message(cmd::NEIGH_GET, |m| nlmsg::neighbor(m, nb, info, now))? {
                // No room left: this neighbor starts the next part. It
                // fits in the next, empty skb: no neighbor message is
                // larger than nlmsg::NEIGHBOR_MSG_MAX, which every dump's
                // skb has room for.
                pos = i;
                break;
            }
            pos = i + 1;
        }
        d.set_arg(0, pos.min(i64::MAX as usize) as i64);
        Ok(())
    }

    fn iface_get(req: &Request<'_>, cx: &GenlCtx) -> Result {
        let st = state(req.net(), cx)?;
        let ifindex = req.need_u32(ai::IFINDEX)? as i32;
        let rtnl = Rtnl::lock();
        let name = device(req, ifindex, &rtnl)?;
        let default_tx = default_tx(req.net(), ifindex, &rtnl);
        drop(rtnl);
        let mut r = Reply::new(req, cmd::IFACE_GET, 1024)?;
        iface_attrs(&mut r.attrs(), st, ifindex, &name, default_tx)
            .map_err(|_| genl::emsgsize())?;
        r.send()
    }

    fn iface_dump(d: &mut Dump<'_>, cx: &GenlCtx) -> Result {
        let net = d.net();
        let st = state(net, cx)?;
        let mut next = d.arg(0).clamp(1, i64::from(i32::MAX)) as i32;
        let rtnl = Rtnl::lock();
        while let Some((ifindex, name)) = net.next_dev(next, &rtnl) {
            let default_tx = default_tx(net, ifindex, &rtnl);
            if !d.message(cmd::IFACE_GET, |m: &mut Msg<'_>| {
                iface_attrs(m, st, ifindex, &name, default_tx)
            })? {
                break;
            }
            next = ifindex.saturating_add(1);
            if ifindex == i32::MAX {
                break;
            }
        }
        d.set_arg(0, next.into());
        Ok(())
    }

    fn iface_set(req: &Request<'_>, cx: &GenlCtx) -> Result {
        let st = state(req.net(), cx)?;
        let ifindex = req.need_u32(ai::IFINDEX)? as i32;
        // Without a status, the interface follows the defaults again.
        let admin = match req
            .attr(ai::ADMIN_STATUS)
            .map(|_| req.need_u32(ai::ADMIN_STATUS))
        {
            None => None,
            Some(Ok(admin_status::DISABLED)) => Some(Admin::Disabled),
            Some(Ok(admin_status::RX)) => Some(Admin::Rx),
            Some(Ok(admin_status::TX)) => Some(Admin::Tx),
            Some(Ok(admin_status::RX_TX)) => Some(Admin::RxTx),
            Some(_) => return Err(req.err(EINVAL, c_str!("unknown admin status"))),
        };
        // Under RTNL, so the interface cannot go (and its counters be
        // forgotten) between the check and the setting.
        let rtnl = Rtnl::lock();
        let name = device(req, ifindex, &rtnl)?;
        // The status is kept in the table's per-interface counters: this
        // allocates the table if the namespace has none yet.
        st.activate()?;
        st.make_if_room(ifindex);
        let set = lock_bh(&st.locked).active.as_deref_mut().is_some_and(|a| {
            a.table
                .set_admin(ifindex, crate::proto::table::name_bytes(&name), admin)
        });
        drop(rtnl);
        if set {
            // The transmitter starts or stops (holdtime 0) at once.
            st.tx_mark(ifindex, crate::tx::mark::START);
            Ok(())
        } else {
            Err(req.err(
                ENOSPC,
                c_str!("the per-interface table is full (64 interfaces)"),
            ))
        }
    }

    fn stats_get(req: &Request<'_>, cx: &GenlCtx) -> Result {
        let st = state(req.net(), cx)?;
        let (stats, len, cap) = {
            let l = lock_bh(&st.locked);
            let (len, cap) = l
                .table()
                .map_or((0, params::max_neighbors().clamp(1, 65536)), |t| {
                    (t.len(), t.capacity())
                });
            (l.stats(), len, cap)
        };
        // The Device ID, NUL-terminated; none for a namespace that has no
        // identity (not the initial one, and none set): the attribute is
        // left out, and nothing tells it the host's name.
        let mut id = [0u8; advert::NAME_MAX + 1];
        let id_len = {
            let mut b = [0u8; advert::NAME_MAX];
            let n = st.tx_device_id(&mut b);
            if let Some(n) = n {
                id[..n].copy_from_slice(&b[..n]);
            }
            n
        };
        let (rtnl_locks, rtnl_locks_all) = st.rtnl_locks();
        let mut r = Reply::new(req, cmd::STATS_GET, 1024)?;
        let mut a = r.attrs();
        let fill = |a: &mut Msg<'_>| -> Result<(), Full> {
            let n = a.nest_start(ag::STATS)?;
            nlmsg::stats(a, &stats)?;
            a.nest_end(n);
            a.put_u32(ag::NEIGHBORS, len as u32)?;
            a.put_u32(ag::MAX_NEIGHBORS, cap as u32)?;
            if let Some(n) = id_len {
                a.put(ag::DEVICE_ID, &id[..=n])?;
            }
            a.put_u32(ag::TX_INTERVAL, (params::tx_interval_ms() / 1000) as u32)?;
            a.put_u32(ag::TX_HOLDTIME, params::tx_holdtime().into())?;
            a.put_u64(ag::TX_RTNL_LOCKS, rtnl_locks)?;
            if let Some(all) = rtnl_locks_all {
                a.put_u64(ag::TX_RTNL_LOCKS_ALL, all)?;
            }
            Ok(())
        };
        fill(&mut a).map_err(|_| genl::emsgsize())?;
        r.send()
    }

    fn neigh_clear(req: &Request<'_>, cx: &GenlCtx) -> Result {
        state(req.net(), cx)?.clear();
        Ok(())
    }

    fn stats_clear(req: &Request<'_>, cx: &GenlCtx) -> Result {
        lock_bh(&state(req.net(), cx)?.locked).clear_stats();
        Ok(())
    }

    fn global_set(req: &Request<'_>, cx: &GenlCtx) -> Result {
        let st = state(req.net(), cx)?;
        if let Some(id) = req.attr(ag::DEVICE_ID) {
            // The policy bounds it (255 bytes); a trailing NUL is not part
            // of the name.
            let n = id.iter().position(|&b| b == 0).unwrap_or(id.len());
            st.tx_set_device_id(&id[..n])?;
        }
        Ok(())
    }
}

/// At most this many table-full events per namespace per
/// [`REFUSED_WINDOW_MS`].
const REFUSED_BURST: u32 = 10;
const REFUSED_WINDOW_MS: u64 = 5000;

/// The rate limit of table-full events (kept under the table lock).
pub(crate) struct RefusedLimit {
    window_start_ms: u64,
    sent: u32,
}

impl RefusedLimit {
    pub(crate) const NEW: Self = Self {
        window_start_ms: 0,
        sent: 0,
    };

    fn allow(&mut self, now_ms: u64) -> bool {
        if now_ms.saturating_sub(self.window_start_ms) >= REFUSED_WINDOW_MS || self.sent == 0 {
            self.window_start_ms = now_ms;
            self.sent = 0;
        }
        if self.sent < REFUSED_BURST {
            self.sent += 1;
            true
        } else {
            false
        }
    }
}

/// The table's observer for one change of a namespace's table: sends the
/// monitor group's events. Made with the table lock held (bottom halves
/// off) and used before it is released, as `genl::has_listeners` needs.
pub(crate) struct Monitor<'a> {
    net: Net<'a>,
    /// Whether a socket listens: asked the first time the table needs to
    /// know, so a refresh that changes nothing does not ask at all.
    on: Cell<Option<bool>>,
    now_ms: u64,
    limit: &'a mut RefusedLimit,
}

impl<'a> Monitor<'a> {
    /// The observer for `net`, whose lock is held (`l` is under it). Off
    /// unless a socket listens: then the table computes nothing for
    /// events.
    pub(crate) fn new(net: Net<'a>, l: &'a mut RefusedLimit, now_ms: u64) -> Self {
        Self {
            net,
            on: Cell::new(None),
            now_ms,
            limit: l,
        }
    }

    /// Sends the event that `f` writes, in a message of exactly its size
    /// (counted first: listeners' receive buffers are charged for what is
    /// allocated, so a loose bound would make them overrun sooner).
    fn send(&self, cmd: u8, f: impl Fn(&mut dyn AttrSink) -> Result<(), Full>) {
        let mut size = SizeSink::default();
        if f(&mut size).is_err() {
            return;
        }
        match Event::new(cmd, size.0) {
            Some(mut ev) => {
                if f(&mut ev.attrs()).is_ok() {
                    ev.send(self.net);
                } else {
                    genl::report_loss(self.net);
                }
            }
            // Listeners learn that they missed an event (ENOBUFS), as
            // for any netlink overrun.
            None => genl::report_loss(self.net),
        }
    }
}

impl Events for Monitor<'_> {
    fn on(&self) -> bool {
        match self.on.get() {
            Some(on) => on,
            None => {
                let on = genl::has_listeners(self.net);
                self.on.set(Some(on));
                on
            }
        }
    }

    fn added(&mut self, nb: &Neighbor, info: &Info) {
        let now = self.now_ms;
        self.send(cmd::NEIGH_NEW_NTF, |m| nlmsg::neighbor(m, nb, info, now));
    }

    fn changed(&mut self, nb: &Neighbor, info: &Info, fields: u32) {
        let now = self.now_ms;
        self.send(cmd::NEIGH_CHANGE_NTF, |m| {
            nlmsg::neighbor(m, nb, info, now)?;
            m.put_u32(an::CHANGED, fields)
        });
    }

    fn gone(&mut self, nb: &Neighbor, why: Gone) {
        if self.on() {
            self.send(cmd::NEIGH_DEL_NTF, |m| nlmsg::gone(m, nb, why));
        }
    }

    fn refused(&mut self, rx: &Rx<'_>, device_id: &[u8], port_id: &[u8]) {
        if self.on() && self.limit.allow(self.now_ms) {
            self.send(cmd::NEIGH_DEL_NTF, |m| {
                nlmsg::refused(m, rx, device_id, port_id)
            });
        }
    }
}
