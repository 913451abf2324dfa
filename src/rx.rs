// SPDX-License-Identifier: GPL-2.0

//! The receive path: the packet handlers and what they do with a CDP frame.

use crate::netns::{Active, Kept, Locked, NetState, Pending, PENDING_MAX};
use crate::nl::{Monitor, RefusedLimit};
use crate::ports::{VlanSeen, STOPPING};
use crate::proto::render;
use crate::proto::table::{self, Outcome, Refusal, Rx};
use crate::proto::wire::{self, NotCdp};
use crate::sys::bh::lock_timed;
use crate::sys::ctx::RxCtx;
use crate::sys::net::{NetDev, Skb};
use crate::sys::packet::PacketHandler;
use crate::sys::params;
use core::sync::atomic::Ordering;
use kernel::prelude::*;
use kernel::sync::lock::{spinlock::SpinLockBackend, Guard};

/// ETH_P_802_2, the protocol of 802.3 frames with an LLC header.
pub(crate) const ETH_P_802_2: u16 = 0x0004;

/// The CDP receive path: a `packet_type` for ETH_P_802_2 on every device.
///
/// It sees frames after the stack has handed them to bonds and VLAN devices:
/// `orig_dev` is the physical port, `dev` the bond or VLAN device on top.
/// Bridges consume their ports' frames and pass CDP up to themselves: the
/// port is then found in the bridge's forwarding database ([`bridged`]).
pub(crate) struct Receiver;

impl PacketHandler for Receiver {
    #[inline(always)]
    fn wants(skb: &Skb<'_>) -> bool {
        // STP BPDUs and the other 802.2 protocols sharing the CDP address
        // stop here, after one 8-byte comparison. A head too short to hold
        // the LLC header (non-linear) is left to `handle`.
        match skb.head(wire::LLC_SNAP_LEN) {
            Some(head) => wire::is_cdp_llc(head),
            None => true,
        }
    }

    fn receive(skb: &Skb<'_>, dev: &NetDev<'_>, orig_dev: &NetDev<'_>, cx: &RxCtx) {
        if orig_dev.is_bridge_master() {
            bridged(skb, dev, orig_dev, cx);
            return;
        }
        if dev.is_vlan_on_bridge_port() && !orig_dev.is_bridge_port() {
            // Taken by a VLAN device off a bridge port that is itself an
            // upper device (a bond): that port's tap has seen it already.
            return;
        }
        if dev.is_bond_slave() {
            // Not passed up by its bond: the slave's own handler takes it.
            return;
        }
        // The bond or VLAN device that delivered the frame, if any.
        // (Compared as devices: the two may sit in different namespaces
        // and share an ifindex.)
        let upper = (!dev.is_same(orig_dev)).then_some(*dev);
        handle(skb, dev, orig_dev, upper, cx);
    }
}

/// The handler on one bond slave. The bond hands its active slaves' frames
/// to [`Receiver`] through the bond device, but keeps an inactive slave's
/// (active-backup) from every handler except those registered on the slave
/// itself: those frames are taken here, the others left to [`Receiver`].
pub(crate) struct SlaveRx;

impl PacketHandler for SlaveRx {
    #[inline(always)]
    fn wants(skb: &Skb<'_>) -> bool {
        Receiver::wants(skb)
    }

    fn receive(skb: &Skb<'_>, dev: &NetDev<'_>, orig_dev: &NetDev<'_>, cx: &RxCtx) {
        if !dev.is_bond_slave() {
            // Passed up through the bond(s): `Receiver` has it.
            return;
        }
        // Kept from its bond's upper device (an inactive slave): here only.
        handle(skb, dev, orig_dev, dev.master_upper(cx), cx);
    }
}

/// A tap on a port that receives 802.1Q-tagged CDP frames for a VLAN with
/// no VLAN device: the stack strips such a tag (and marks the frame "other
/// host") before any protocol handler runs, so only a tap sees the VLAN ID.
/// It takes no frame: it notes the VLAN ID of each tagged CDP frame, which
/// [`handle`] looks up when the same skb reaches the handler that takes it
/// (whether its tag was stripped or not, and whatever a bond or bridge did
/// with it meanwhile). Added by the work item the first time [`handle`]
/// meets a stripped tag from the port (that frame is recorded with an
/// unknown VLAN); from then on it costs the port a test per frame received.
pub(crate) struct VlanTap;

impl PacketHandler for VlanTap {
    #[inline(always)]
    fn wants(skb: &Skb<'_>) -> bool {
        skb.tagged_llc_vid().is_some() && Receiver::wants(skb)
    }

    fn receive(skb: &Skb<'_>, _dev: &NetDev<'_>, orig_dev: &NetDev<'_>, cx: &RxCtx) {
        let (Some(vid), Some(eth)) = (skb.tagged_llc_vid(), skb.mac_header()) else {
            return;
        };
        let Some(st) = NetState::of(orig_dev.net(), cx) else {
            return;
        };
        let mut src_mac = [0u8; 6];
        src_mac.copy_from_slice(&eth[6..12]);
        if let Some(a) = st.locked.lock().active.as_deref_mut() {
            a.vlan.note(VlanSeen {
                skb: skb.key(),
                len: skb.len(),
                src_mac,
                vid,
                at_ms: params::now_ms(),
            });
        }
    }
}

/// A bridge consumes its ports' frames before any protocol handler runs,
/// and passes CDP (multicast) up to itself, where [`Receiver`] sees it with
/// the bridge as `orig_dev`: the port it came in on is the one the bridge
/// learnt its source address on. Non-CDP traffic through a bridge, all of
/// a container host's, costs nothing.
///
/// The lookup key is the frame's VLAN tag if it still has one, or the
/// VLAN of the VLAN device on the bridge that untagged it, else VLAN 0 (a
/// bridge without VLAN filtering), then 1 (the default PVID of one with). Without an entry (learning off, or a VLAN-filtering bridge that
/// untagged a frame of another VLAN), the frame is shown on the bridge.
fn bridged(skb: &Skb<'_>, dev: &NetDev<'_>, br: &NetDev<'_>, cx: &RxCtx) {
    // Rejected before the lookup (a non-linear head was not tested yet).
    if !has_cdp_llc(skb) {
        return;
    }
    let port = skb.ether().and_then(|(eth, _)| {
        let mut src = [0u8; 6];
        src.copy_from_slice(&eth[6..12]);
        let tagged;
        // Still tagged, or untagged by a VLAN device on the bridge (that
        // device's VLAN is the frame's).
        let vids: &[u16] = match skb.vlan_id().or_else(|| dev.vlan_id()) {
            Some(vid) => {
                tagged = [vid];
                &tagged
            }
            None => &[0, 1],
        };
        br.bridge_port_of(&src, vids, cx)
    });
    match port {
        // An upper device (bond, VLAN device) as a port has a tap, which
        // sees the physical port below it: it took the frame.
        Some(p) if tapped_bridge_port(&p) => {}
        Some(p) => take(skb, dev, &p, Some(*br), cx),
        // No entry: shown on the bridge, unless a port's tap took it
        // (a bond or VLAN device on a port that does not learn).
        None if port_tap_took(skb, br, cx) => {}
        None => take(skb, dev, br, None, cx),
    }
}

/// Whether a bridge port's tap took this frame already.
fn port_tap_took(skb: &Skb<'_>, br: &NetDev<'_>, cx: &RxCtx) -> bool {
    let (Some(st), Some(eth)) = (NetState::of(br.net(), cx), skb.mac_header()) else {
        return false;
    };
    let mut src_mac = [0u8; 6];
    src_mac.copy_from_slice(&eth[6..12]);
    st.locked.lock().active.as_deref_mut().is_some_and(|a| {
        a.vlan
            .was_port_taken(skb.key(), skb.len(), &src_mac, params::now_ms())
    })
}

/// Whether a bridge port gets a [`PortTap`]: one that is itself an upper
/// device (a bond, a VLAN device), since the frame a bridge passes up names
/// only the port, not the physical device below it. Plain ports (veths,
/// NICs) get none.
pub(crate) fn tapped_bridge_port(port: &NetDev<'_>) -> bool {
    port.is_bond_master() || port.vlan_id().is_some()
}

/// A tap on a bridge port that is a bond or a VLAN device: it sees the
/// physical port the frame came in on, which the bridge forgets.
pub(crate) struct PortTap;

impl PacketHandler for PortTap {
    #[inline(always)]
    fn wants(skb: &Skb<'_>) -> bool {
        // A tap sees all traffic on the port: the protocol test is first.
        skb.protocol() == ETH_P_802_2 && !skb.is_outgoing()
    }

    fn receive(skb: &Skb<'_>, dev: &NetDev<'_>, orig_dev: &NetDev<'_>, cx: &RxCtx) {
        // The port's own upper device (the bridge, or a bond under it).
        let upper = if !dev.is_same(orig_dev) {
            Some(*dev)
        } else {
            orig_dev.master_upper(cx)
        };
        if !has_cdp_llc(skb) {
            return;
        }
        take(skb, dev, orig_dev, upper, cx);
        // The bridge passes this skb up to itself next: if it cannot find
        // the port (learning off), `bridged` must not take it again.
        let (Some(st), Some(eth)) = (NetState::of(orig_dev.net(), cx), skb.mac_header()) else {
            return;
        };
        let mut src_mac = [0u8; 6];
        src_mac.copy_from_slice(&eth[6..12]);
        if let Some(a) = st.locked.lock().active.as_deref_mut() {
            a.vlan.note_port_taken(VlanSeen {
                skb: skb.key(),
                len: skb.len(),
                src_mac,
                vid: 0,
                at_ms: params::now_ms(),
            });
        }
    }
}

/// Whether the frame starts with CDP's LLC/SNAP header (STP BPDUs and
/// every other 802.2 protocol fail here), read in place or, from a
/// non-linear head, copied.
fn has_cdp_llc(skb: &Skb<'_>) -> bool {
    let mut hdr = [0u8; wire::LLC_SNAP_LEN];
    let llc = match skb.head(wire::LLC_SNAP_LEN) {
        Some(h) => Some(h),
        None => skb.bytes(0, &mut hdr),
    };
    llc.is_some_and(wire::is_cdp_llc)
}

/// Takes one 802.2 frame that came in on the physical port `orig_dev` and
/// was delivered through `dev` (the same device, or a bond or VLAN device,
/// or a bridge port).
fn handle(
    skb: &Skb<'_>,
    dev: &NetDev<'_>,
    orig_dev: &NetDev<'_>,
    upper: Option<NetDev<'_>>,
    cx: &RxCtx,
) {
    // Cheap rejection first (again, for the tap path and for non-linear
    // heads).
    if has_cdp_llc(skb) {
        take(skb, dev, orig_dev, upper, cx);
    }
}

/// [`handle`] for a frame whose LLC/SNAP header is CDP's.
fn take(
    skb: &Skb<'_>,
    dev: &NetDev<'_>,
    orig_dev: &NetDev<'_>,
    upper: Option<NetDev<'_>>,
    cx: &RxCtx,
) {
    let Some(st) = NetState::of(orig_dev.net(), cx) else {
        return;
    };
    // Only a frame with a real Ethernet header is taken: the 802.3 length
    // is the last field of that header, just before the LLC header (after
    // the tag when a VLAN device with `reorder_hdr off` put it back). A tun
    // device in IFF_TUN mode hands 802.2 frames with no MAC header to every
    // ETH_P_802_2 handler: looks like CDP, refused as a header error.
    let ether = skb.ether();
    let mut src_mac = [0u8; 6];
    let mut vlan = None;
    let mut stripped = false;
    if let Some((eth, _)) = ether {
        src_mac.copy_from_slice(&eth[6..12]);
        vlan = skb.vlan_id().or_else(|| dev.vlan_id());
        // A multicast frame marked "other host": its tag, for a VLAN with
        // no VLAN device, was stripped. The VLAN tap on `orig_dev` noted it
        // (or is asked for).
        stripped = vlan.is_none() && eth[0] & 1 != 0 && skb.is_otherhost();
    }
    let ifname = orig_dev.name();
    let upper_name = match (&upper, ether) {
        (Some(u), Some(_)) => Some(u.name()),
        _ => None,
    };
    let mut rx = Rx {
        ifindex: orig_dev.ifindex(),
        ifname: ifname.as_bytes(),
        upper: upper_name.as_ref().map_or(&b""[..], |n| n.as_bytes()),
        vlan,
        src_mac,
        now_ms: params::now_ms(),
    };

    let mut guard = lock_timed_or_plain(st);
    let l = &mut *guard;
    let Some(a) = l.active.as_deref_mut() else {
        // No table yet: the frame is kept for the work item that allocates
        // it (its tag's VLAN, if stripped, stays unknown).
        if stripped {
            rx.vlan = Some(table::VLAN_UNKNOWN);
        }
        keep(st, l, skb, ether.map(|e| e.1), &rx);
        return;
    };
    if stripped {
        // The tap goes on the port the frame came in on, which sees the tag
        // first (for a bond slave, whether the bond passes the frame up or
        // keeps it from its upper device).
        let seen = a.vlan.take(skb.key(), skb.len(), &src_mac, rx.now_ms);
        rx.vlan = Some(seen.unwrap_or(table::VLAN_UNKNOWN));
        if seen.is_none() && a.vlan.request(orig_dev.ifindex()) && !STOPPING.load(Ordering::Relaxed)
        {
            st.work.schedule();
        }
    } else if vlan.is_some() {
        // Not stripped: forget what a tap noted about it.
        let _ = a.vlan.take(skb.key(), skb.len(), &src_mac, rx.now_ms);
    }
    if !l.pending.is_empty() {
        // Frames wait for the table to grow: this one goes after them.
        keep(st, l, skb, ether.map(|e| e.1), &rx);
        return;
    }
    match commit(st, l, skb, ether.map(|e| e.1), &rx) {
        Ok(rejected) => {
            drop(guard);
            if let Some(why) = rejected {
                log_reject(orig_dev, why);
            }
        }
        // A new neighbor and a full table that may grow: the frame waits
        // for the work item that grows it.
        Err(NeedsRoom) => keep(st, l, skb, ether.map(|e| e.1), &rx),
    }
}

/// The table is grown ahead of need (when an insertion takes its last free
/// slot) once it holds this many neighbors; smaller tables grow when a new
/// neighbor finds them full.
const GROW_AHEAD_FROM: usize = 4;

/// [`commit`]: a new neighbor found the table full, below its limit.
struct NeedsRoom;

/// Keeps a frame that came before the namespace's table, or while its
/// table grows (lock held), for the work item: a copy of its PDU (or why it
/// is refused), [`PENDING_MAX`] at most (bounded GFP_ATOMIC allocations:
/// the copy, the list); more are counted as lost.
fn keep(st: &NetState, l: &mut Locked, skb: &Skb<'_>, len_field: Option<u16>, rx: &Rx<'_>) {
    let frame = if l.pending.len() < PENDING_MAX {
        match read_frame(skb, len_field) {
            Some(Ok(f)) => Some(f),
            // Not CDP after all: not counted, as in `commit`.
            Some(Err(())) => return,
            None => None,
        }
    } else {
        None
    };
    match frame {
        Some(frame) => {
            let mut p = Pending {
                frame,
                ifindex: rx.ifindex,
                ifname: [0; 16],
                upper: [0; 16],
                vlan: rx.vlan,
                src_mac: rx.src_mac,
                now_ms: rx.now_ms,
            };
            let n = rx.ifname.len().min(15);
            p.ifname[..n].copy_from_slice(&rx.ifname[..n]);
            let n = rx.upper.len().min(15);
            p.upper[..n].copy_from_slice(&rx.upper[..n]);
            if l.pending.push(p, GFP_ATOMIC).is_err() {
                lose(l, rx);
            }
        }
        None => lose(l, rx),
    }
    if !l.wanted {
        l.wanted = true;
        if !STOPPING.load(Ordering::Relaxed) {
            st.work.schedule();
        }
    }
}

/// What a frame whose 802.3 length field is `len_field` (`None`: no
/// Ethernet header) holds for the table, before its PDU is read: `None` if
/// it is not CDP after all (not counted).
enum Shape {
    /// A PDU of this many bytes after the LLC/SNAP header.
    Pdu(usize),
    NoEther,
    BadLength,
}

fn shape(skb: &Skb<'_>, len_field: Option<u16>) -> Option<Shape> {
    let Some(len_field) = len_field else {
        return Some(Shape::NoEther);
    };
    match wire::classify_llc_len(skb.len(), len_field) {
        Ok(n) => Some(Shape::Pdu(n)),
        Err(NotCdp::Other) => None,
        Err(NotCdp::BadLength) => Some(Shape::BadLength),
    }
}

/// [`Kept`] for a frame of that [`Shape`], its PDU copied: `Err(())` if it
/// is not CDP after all, `None` without memory for the copy (or if the skb
/// could not be read). Softirq, GFP_ATOMIC.
fn read_frame(skb: &Skb<'_>, len_field: Option<u16>) -> Option<Result<Kept, ()>> {
    let pdu_len = match shape(skb, len_field) {
        None => return Some(Err(())),
        Some(Shape::NoEther) => return Some(Ok(Kept::NoEther)),
        Some(Shape::BadLength) => return Some(Ok(Kept::BadLength)),
        Some(Shape::Pdu(n)) => n,
    };
    if let Some(head) = skb.head(wire::LLC_SNAP_LEN + pdu_len) {
        let mut v = KVec::with_capacity(pdu_len, GFP_ATOMIC).ok()?;
        v.extend_from_slice(&head[wire::LLC_SNAP_LEN..], GFP_ATOMIC)
            .ok()?;
        return Some(Ok(Kept::Pdu(v)));
    }
    // Not linear: `bytes` gathers it into `v` (it points into the skb
    // only for linear data, which `head` took above).
    let mut v = KVec::from_elem(0u8, pdu_len, GFP_ATOMIC).ok()?;
    let at = v.as_ptr();
    let gathered = core::ptr::eq(
        skb.bytes(wire::LLC_SNAP_LEN as isize, &mut v[..])?.as_ptr(),
        at,
    );
    gathered.then_some(Ok(Kept::Pdu(v)))
}

/// Counts a frame that could not be kept: in the table if there is one
/// (input, no memory), else until there is one.
fn lose(l: &mut Locked, rx: &Rx<'_>) {
    match l.active.as_deref_mut() {
        Some(a) => a.table.count_no_room(rx),
        None => l.lost += 1,
    }
}

/// Takes a frame kept while the namespace had no table or its table was
/// full (`activate`, lock held, the table present and grown if it could
/// be: a new neighbor that still finds no room is counted as no memory).
pub(crate) fn take_pending(st: &NetState, l: &mut Locked, p: &Pending) {
    let rx = Rx {
        ifindex: p.ifindex,
        ifname: table::name_bytes(&p.ifname),
        upper: table::name_bytes(&p.upper),
        vlan: p.vlan,
        src_mac: p.src_mac,
        now_ms: p.now_ms,
    };
    if p.ifindex == 0 {
        // Its interface was removed before the frame was taken.
        if let Some(a) = l.active.as_deref_mut() {
            a.table.count_lost(1);
        }
        return;
    }
    let frame = match &p.frame {
        Kept::Pdu(v) => Frame::Pdu(v),
        Kept::NoEther => Frame::NoEther,
        Kept::BadLength => Frame::BadLength,
    };
    match apply(st, l, frame, &rx) {
        Ok(Some(why)) => log_reject_name(rx.ifname, why),
        Ok(None) => {}
        Err(NeedsRoom) => {
            if let Some(a) = l.active.as_deref_mut() {
                a.table.count_no_room(&rx);
            }
        }
    }
}

/// A frame for the table: its PDU, or why it is refused before the PDU.
enum Frame<'b> {
    Pdu(&'b [u8]),
    NoEther,
    BadLength,
}

/// Counts and takes one frame whose 802.3 length field is `len_field`
/// (`None`: no Ethernet header) into the table. Lock held. Returns why it
/// was refused, for the log, or [`NeedsRoom`] (nothing counted) for a new
/// neighbor that waits for the table to grow.
fn commit(
    st: &NetState,
    l: &mut Locked,
    skb: &Skb<'_>,
    len_field: Option<u16>,
    rx: &Rx<'_>,
) -> Result<Option<&'static str>, NeedsRoom> {
    let Some(a) = l.active.as_deref_mut() else {
        return Ok(None);
    };
    let pdu_len = match shape(skb, len_field) {
        None => return Ok(None),
        Some(Shape::NoEther) => return apply(st, l, Frame::NoEther, rx),
        Some(Shape::BadLength) => return apply(st, l, Frame::BadLength, rx),
        Some(Shape::Pdu(n)) => n,
    };
    // Linear frames are read in place; others are gathered into `buf`,
    // which is taken out of the lock's data meanwhile.
    if let Some(head) = skb.head(wire::LLC_SNAP_LEN + pdu_len) {
        return apply(st, l, Frame::Pdu(&head[wire::LLC_SNAP_LEN..]), rx);
    }
    let mut buf = core::mem::replace(&mut a.buf, KVVec::new());
    let r = match buf.get_mut(..pdu_len) {
        Some(b) => match skb.bytes(wire::LLC_SNAP_LEN as isize, b) {
            Some(pdu) => apply(st, l, Frame::Pdu(pdu), rx),
            None => Ok(None),
        },
        None => Ok(None),
    };
    if let Some(a) = l.active.as_deref_mut() {
        a.buf = buf;
    }
    r
}

/// Gives one frame to the table (lock held, the table present). When an
/// insertion took the last free slot, the work item is asked to grow the
/// table ahead of the next new neighbor.
fn apply(
    st: &NetState,
    l: &mut Locked,
    frame: Frame<'_>,
    rx: &Rx<'_>,
) -> Result<Option<&'static str>, NeedsRoom> {
    let Locked {
        active,
        refused,
        timer_due,
        wanted,
        ..
    } = l;
    let Some(a) = active.as_deref_mut() else {
        return Ok(None);
    };
    let why = match frame {
        // `receive_with` asks for room itself (a new neighbor, or an
        // interface with no counter place yet).
        Frame::Pdu(p) => return apply_pdu(st, a, refused, timer_due, wanted, p, rx),
        Frame::NoEther => "no Ethernet header",
        Frame::BadLength => "bad 802.3 length",
    };
    if a.table.if_place_wanted(rx.ifindex) {
        // No counter place for the interface yet: waits for the table to
        // grow, as `receive_with` makes a PDU wait.
        return Err(NeedsRoom);
    }
    a.table.count_bad_length(rx);
    Ok(Some(why))
}

/// [`apply`] for a PDU.
fn apply_pdu(
    st: &NetState,
    a: &mut Active,
    refused: &mut RefusedLimit,
    timer_due: &mut Option<u64>,
    wanted: &mut bool,
    pdu: &[u8],
    rx: &Rx<'_>,
) -> Result<Option<&'static str>, NeedsRoom> {
    let (verify_checksum, rx_default) = params::rx_flags();
    let cfg = table::Config {
        verify_checksum,
        rx_default,
    };
    let ttl = pdu.get(1).copied().unwrap_or(0);
    let mut mon = Monitor::new(st.net(), refused, rx.now_ms);
    Ok(match a.table.receive_with(rx, pdu, &cfg, &mut mon) {
        outcome @ (Outcome::Inserted | Outcome::Refreshed { .. }) => {
            st.rearm(timer_due, rx.now_ms + u64::from(ttl) * 1000);
            // Only an insertion can take the last slot or counter place.
            // Not for the first few neighbors: a namespace with one
            // neighbor keeps a table of one slot (the next new one waits
            // for the work item instead).
            if outcome == Outcome::Inserted
                && a.table.len() >= GROW_AHEAD_FROM
                && a.table.wants_room()
                && !*wanted
            {
                *wanted = true;
                if !STOPPING.load(Ordering::Relaxed) {
                    st.work.schedule();
                }
            }
            None
        }
        Outcome::NeedsRoom => return Err(NeedsRoom),
        Outcome::Removed => None,
        Outcome::Refused(r) => match r {
            Refusal::HdrSyntax => Some("header syntax"),
            Refusal::Checksum => Some("checksum error"),
            Refusal::Invalid => Some("invalid packet"),
            Refusal::OverMax => Some("neighbors over maximum"),
            Refusal::Disabled => None,
        },
    })
}

/// The namespace's table lock, taken in the receive path (softirq: BH is
/// disabled already, a plain lock is enough), its wait measured when the
/// `lock_stats` parameter is on.
fn lock_timed_or_plain(st: &NetState) -> Guard<'_, Locked, SpinLockBackend> {
    if params::lock_stats() {
        let (mut g, waited) = lock_timed(&st.locked);
        g.rx_wait_max_ns = g.rx_wait_max_ns.max(waited);
        g
    } else {
        st.locked.lock()
    }
}

fn log_reject(dev: &NetDev<'_>, why: &str) {
    log_reject_name(dev.name().as_bytes(), why);
}

fn log_reject_name(name: &[u8], why: &str) {
    if params::log_rejects() && params::net_ratelimit() {
        pr_info!(
            "refused a CDP frame on {}: {}\n",
            // Through `format_args!`: 7.x's printing takes only
            // `kernel::fmt::Display` arguments.
            format_args!("{}", render::Esc(name, render::Style::Token)),
            why
        );
    }
}
