// SPDX-License-Identifier: GPL-2.0

//! cdp_rs: a Cisco Discovery Protocol neighbor tracker.
//!
//! Listens on every interface for CDP frames (802.3 LLC/SNAP, OUI 00:00:0c,
//! PID 0x2000) through a `packet_type` handler for ETH_P_802_2, keeps a
//! neighbor table with statistics per network namespace, and shows it in
//! `/proc/cdp_neighbors`, `/proc/cdp_neighbors_detail` and
//! `/proc/cdp_traffic` in the layouts of Cisco IOS `show cdp ...`.
//!
//! Layout: `proto/` is the protocol (decoder, table, rendering) in safe
//! `core`-only Rust, shared with the host tests and fuzzers; `sys/` is the
//! thin unsafe layer over the C APIs the `kernel` crate lacks; this file
//! ties them together with no `unsafe` of its own.

use core::fmt::Write;
use core::pin::Pin;
use core::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use kernel::prelude::*;
use kernel::sync::{Mutex, SpinLock};
use kernel::{c_str, new_mutex, new_spinlock};

/// The protocol: decoder, neighbor table and rendering (shared with the
/// host tests, hence public).
pub mod proto;
mod sys;

use proto::render;
use proto::table::{self, IfStats, Neighbor, Outcome, Refusal, Rx, Slot, Stats, Table};
use proto::wire::{self, Info, NotCdp};
use sys::bh::{lock_bh, lock_timed};
use sys::net::{Net, NetDev, NetRef, OwnNet, Rtnl, Skb};
use sys::notifier::{Event, NetdevHandler, Notifier};
use sys::packet::{PacketHandler, PacketType};
use sys::params;
use sys::pernet::{Pernet, PernetState};
use sys::proc::{ProcFile, SeqOut, SeqSource, Writer};
use sys::timer::{Timer, TimerOwner};
use sys::work::{Work, WorkOwner};

module! {
    type: CdpRs,
    name: "cdp_rs",
    author: "cdp_rs developers",
    description: "Cisco Discovery Protocol neighbor tracker",
    license: "GPL",
}

type NeighborTable = Table<KVVec<Slot>, KVVec<u32>, KVVec<IfStats>, KBox<Info>>;

/// What the lock protects in each namespace.
struct Locked {
    table: NeighborTable,
    /// Where non-linear PDUs are gathered for decoding.
    buf: KVVec<u8>,
    /// When the aging timer is due (monotonic ms), if armed.
    timer_due: Option<u64>,
    /// Longest wait of the receive path for this lock, in ns, when the
    /// `lock_stats` parameter is on.
    rx_wait_max_ns: u64,
    /// Devices with a VLAN tap, and those waiting for one.
    vlan: VlanTaps,
}

/// How many devices of a namespace may get a VLAN tap ([`VlanTap`]).
const VLAN_TAPS_MAX: usize = 16;

/// How many tagged CDP frames a namespace's VLAN taps remember until the
/// handler further along the receive path looks them up (list receive runs
/// the taps of a whole batch before the handlers).
const VLAN_SEEN_MAX: usize = 64;

/// A tagged CDP frame a [`VlanTap`] saw: which skb, and its VLAN ID.
#[derive(Clone, Copy)]
struct VlanSeen {
    /// [`Skb::key`], 0 for an empty entry; with the length and source MAC,
    /// so a reused address is not mistaken for the frame.
    skb: usize,
    len: usize,
    src_mac: [u8; 6],
    vid: u16,
    /// When it was seen (monotonic ms): older entries are ignored.
    at_ms: u64,
}

impl VlanSeen {
    const EMPTY: Self = Self {
        skb: 0,
        len: 0,
        src_mac: [0; 6],
        vid: 0,
        at_ms: 0,
    };
}

/// The devices of a namespace that have a [`VlanTap`], those that asked
/// for one (interface indexes, 0 for none), and the VLAN IDs the taps saw.
struct VlanTaps {
    tapped: [i32; VLAN_TAPS_MAX],
    wanted: [i32; VLAN_TAPS_MAX],
    seen: [VlanSeen; VLAN_SEEN_MAX],
    seen_next: usize,
    seen_used: usize,
}

impl VlanTaps {
    const EMPTY: Self = Self {
        tapped: [0; VLAN_TAPS_MAX],
        wanted: [0; VLAN_TAPS_MAX],
        seen: [VlanSeen::EMPTY; VLAN_SEEN_MAX],
        seen_next: 0,
        seen_used: 0,
    };

    fn is_tapped(&self, ifindex: i32) -> bool {
        self.tapped.contains(&ifindex)
    }

    /// Remembers a tagged frame (the oldest entry goes when full).
    fn note(&mut self, seen: VlanSeen) {
        // An entry for the same address is stale (its skb was dropped or
        // replaced on the way): two live skbs never share an address.
        if self.seen_used != 0 {
            for e in self.seen.iter_mut().filter(|e| e.skb == seen.skb) {
                *e = VlanSeen::EMPTY;
                self.seen_used -= 1;
            }
        }
        let i = self.seen_next % VLAN_SEEN_MAX;
        if self.seen[i].skb == 0 {
            self.seen_used += 1;
        }
        self.seen[i] = seen;
        self.seen_next = (i + 1) % VLAN_SEEN_MAX;
    }

    /// The VLAN ID a tap saw on this frame (the entry is used up).
    fn take(&mut self, skb: usize, len: usize, src_mac: &[u8; 6], now_ms: u64) -> Option<u16> {
        if self.seen_used == 0 {
            return None;
        }
        let e = self.seen.iter_mut().find(|e| {
            e.skb == skb
                && e.len == len
                && e.src_mac == *src_mac
                && now_ms.saturating_sub(e.at_ms) <= 1000
        })?;
        let vid = e.vid;
        *e = VlanSeen::EMPTY;
        self.seen_used -= 1;
        Some(vid)
    }

    /// Asks for a tap on `ifindex`; `true` if the request is new (the work
    /// item should run). Refused when no tap can be added.
    fn request(&mut self, ifindex: i32) -> bool {
        if self.is_tapped(ifindex) || self.wanted.contains(&ifindex) || !self.tapped.contains(&0) {
            return false;
        }
        match self.wanted.iter_mut().find(|w| **w == 0) {
            Some(w) => {
                *w = ifindex;
                true
            }
            None => false,
        }
    }

    fn take_requests(&mut self) -> [i32; VLAN_TAPS_MAX] {
        core::mem::replace(&mut self.wanted, [0; VLAN_TAPS_MAX])
    }

    /// Records that `ifindex` has (`on`) or no longer has a tap; `false`
    /// if there is no room for it.
    fn set_tapped(&mut self, ifindex: i32, on: bool) -> bool {
        let (find, put) = if on { (0, ifindex) } else { (ifindex, 0) };
        if on && self.is_tapped(ifindex) {
            return true;
        }
        match self.tapped.iter_mut().find(|t| **t == find) {
            Some(t) => {
                *t = put;
                true
            }
            None => !on,
        }
    }
}

/// The hook entry of `dev`, made if it has none (`None`: out of memory).
fn dev_hooks<'a>(
    hooks: &'a mut KVec<Option<DevHooks>>,
    dev: &NetDev<'_>,
) -> Option<&'a mut DevHooks> {
    let key = dev.key();
    let i = match hooks
        .iter()
        .position(|h| h.as_ref().is_some_and(|h| h.key == key))
    {
        Some(i) => i,
        None => {
            let fresh = DevHooks {
                key,
                ifindex: dev.ifindex(),
                main: None,
                vlan: None,
            };
            match hooks.iter().position(Option::is_none) {
                Some(i) => {
                    hooks[i] = Some(fresh);
                    i
                }
                None => {
                    hooks.push(Some(fresh), GFP_KERNEL).ok()?;
                    hooks.len() - 1
                }
            }
        }
    };
    hooks[i].as_mut()
}

/// Frees the entries left with no handler.
fn prune_hooks(hooks: &mut KVec<Option<DevHooks>>) {
    for h in hooks.iter_mut() {
        if h.as_ref()
            .is_some_and(|e| e.main.is_none() && e.vlan.is_none())
        {
            *h = None;
        }
    }
}

/// Set when the module is being unloaded: no more VLAN taps are added.
static STOPPING: AtomicBool = AtomicBool::new(false);

/// A handler registered on one device, where the handler for every device
/// cannot see its CDP frames, because of what the device is.
enum Hook {
    /// A bridge port: a tap ([`PortTap`]).
    BridgePort {
        _reg: Pin<KBox<PacketType<PortTap>>>,
    },
    /// A bond slave: a handler for that device ([`SlaveRx`]).
    BondSlave {
        _reg: Pin<KBox<PacketType<SlaveRx>>>,
    },
}

/// The kinds of [`Hook`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum HookKind {
    BridgePort,
    BondSlave,
}

impl HookKind {
    fn name(self) -> &'static str {
        match self {
            HookKind::BridgePort => "bridge port",
            HookKind::BondSlave => "bond slave",
        }
    }
}

/// The handlers cdp_rs registered on one device.
struct DevHooks {
    /// The device ([`NetDev::key`]) and its index.
    key: usize,
    ifindex: i32,
    /// What the device's kind needs.
    main: Option<Hook>,
    /// A [`VlanTap`], added on demand (not on bridge ports, whose tap reads
    /// VLAN tags already).
    vlan: Option<Pin<KBox<PacketType<VlanTap>>>>,
}

impl Hook {
    fn kind(&self) -> HookKind {
        match self {
            Hook::BridgePort { .. } => HookKind::BridgePort,
            Hook::BondSlave { .. } => HookKind::BondSlave,
        }
    }

    fn register(kind: HookKind, dev: &NetDev<'_>) -> Result<Hook> {
        Ok(match kind {
            HookKind::BridgePort => Hook::BridgePort {
                _reg: PacketType::register_tap(dev)?,
            },
            HookKind::BondSlave => Hook::BondSlave {
                _reg: PacketType::register_on(dev, ETH_P_802_2)?,
            },
        })
    }

    /// The hook device `dev` needs for what it is (process context, RTNL
    /// held). VLAN taps are added on demand instead.
    fn wanted(dev: &NetDev<'_>) -> Option<HookKind> {
        if dev.is_bridge_port() {
            Some(HookKind::BridgePort)
        } else if dev.has_bond_master() {
            Some(HookKind::BondSlave)
        } else {
            None
        }
    }
}

/// ETH_P_802_2, the protocol of 802.3 frames with an LLC header.
const ETH_P_802_2: u16 = 0x0004;

/// The state of one network namespace.
#[pin_data]
#[repr(C)]
struct NetState {
    /// Ages neighbors out. First field: see [`TimerOwner`].
    #[pin]
    timer: Timer,
    /// Adds the VLAN taps the receive path asks for. Dropped (cancelled)
    /// before the fields it uses.
    #[pin]
    work: Work,
    /// The namespace.
    net: OwnNet,
    #[pin]
    locked: SpinLock<Locked>,
    /// Per-device handlers on this namespace's bridge ports, bond slaves
    /// and VLAN trunks. Changed only under RTNL (the netdevice notifier,
    /// the work item).
    #[pin]
    hooks: Mutex<KVec<Option<DevHooks>>>,
}

static NET_ID: AtomicU32 = AtomicU32::new(0);

impl PernetState for NetState {
    fn id() -> &'static AtomicU32 {
        &NET_ID
    }

    fn new(net: OwnNet) -> Result<Pin<KBox<Self>>> {
        let max = params::max_neighbors().clamp(1, 65536);
        let slots = KVVec::from_elem(Slot::FREE, table::slots_for(max), GFP_KERNEL)?;
        let buckets = KVVec::from_elem(0u32, table::buckets_for(max), GFP_KERNEL)?;
        let ifstats = KVVec::from_elem(IfStats::EMPTY, table::IFSTATS_MAX, GFP_KERNEL)?;
        let buf = KVVec::from_elem(0u8, wire::PDU_MAX, GFP_KERNEL)?;
        let scratch = KBox::new(Info::EMPTY, GFP_KERNEL)?;
        let table =
            Table::new(slots, buckets, ifstats, scratch, params::random_key()).ok_or(EINVAL)?;
        KBox::pin_init(
            try_pin_init!(Self {
                timer <- Timer::new::<Self>(),
                work <- Work::new::<Self>(),
                net,
                locked <- new_spinlock!(
                    Locked { table, buf, timer_due: None, rx_wait_max_ns: 0, vlan: VlanTaps::EMPTY },
                    "cdp_rs_table"
                ),
                hooks <- new_mutex!(KVec::new(), "cdp_rs_hooks"),
            }? Error),
            GFP_KERNEL,
        )
    }
}

// SAFETY: `NetState` is `#[repr(C)]` with the timer as its first field.
unsafe impl TimerOwner for NetState {
    fn fired(&self) {
        // Softirq context: BH is already disabled. The table is aged a
        // piece at a time, so the receive path never waits for more than
        // one piece's scan.
        let now = params::now_ms();
        let mut next: Option<u64> = None;
        let mut from = 0;
        loop {
            let mut l = self.locked.lock();
            if from == 0 {
                l.timer_due = None;
            }
            let cap = l.table.capacity();
            let (_, n) = l.table.expire_range(from, from + EXPIRE_STEP, now);
            next = match (next, n) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            from += EXPIRE_STEP;
            if from >= cap {
                if let Some(n) = next {
                    self.rearm_for(&mut l, n);
                }
                return;
            }
        }
    }
}

// SAFETY: `OFFSET` is the offset of the `work` field.
unsafe impl WorkOwner for NetState {
    const OFFSET: usize = core::mem::offset_of!(NetState, work);

    /// Adds the VLAN taps the receive path asked for.
    fn run(&self) {
        let rtnl = Rtnl::lock();
        let wanted = lock_bh(&self.locked).vlan.take_requests();
        for ifindex in wanted.into_iter().filter(|&i| i != 0) {
            // Checked under RTNL, which the unloading module takes (through
            // the notifier) after setting it: no tap outlives the module.
            if STOPPING.load(Ordering::Relaxed) {
                return;
            }
            if let Some(dev) = rtnl.dev_by_index(self.net.net(), ifindex) {
                self.add_vlan_tap(&dev);
            }
        }
    }
}

impl NetState {
    fn of(net: Net<'_>) -> Option<&NetState> {
        Pernet::<NetState>::get(net)
    }

    /// Gives `dev` the per-device hook `want`, replacing or removing the
    /// one it has; a bridge port loses its VLAN tap. Process context, RTNL
    /// held.
    fn sync_hooks(&self, dev: &NetDev<'_>, want: Option<HookKind>) {
        let mut hooks = self.hooks.lock();
        let found = hooks.iter().flatten().find(|h| h.key == dev.key());
        let have = found.and_then(|h| h.main.as_ref().map(Hook::kind));
        let drop_vlan =
            want == Some(HookKind::BridgePort) && found.is_some_and(|h| h.vlan.is_some());
        if have == want && !drop_vlan {
            return;
        }
        let Some(e) = dev_hooks(&mut hooks, dev) else {
            pr_warn!("out of memory: an interface's CDP neighbors may not be seen\n");
            return;
        };
        if drop_vlan && e.vlan.take().is_some() {
            lock_bh(&self.locked).vlan.set_tapped(e.ifindex, false);
        }
        if have != want {
            // Unregisters (and waits for) the old handler first: a frame is
            // never taken twice.
            e.main = None;
            if let Some(kind) = want {
                match Hook::register(kind, dev) {
                    Ok(h) => e.main = Some(h),
                    Err(_) => pr_warn!(
                        "cannot hook a {}: its CDP neighbor will not be seen\n",
                        kind.name()
                    ),
                }
            }
        }
        prune_hooks(&mut hooks);
    }

    /// Adds a [`VlanTap`] on `dev` (not a bridge port), if there is room.
    /// Process context, RTNL held.
    fn add_vlan_tap(&self, dev: &NetDev<'_>) {
        let mut hooks = self.hooks.lock();
        let Some(e) = dev_hooks(&mut hooks, dev) else {
            return;
        };
        // Reserved first: without room there is nothing to register.
        if e.vlan.is_none()
            && !matches!(e.main, Some(Hook::BridgePort { .. }))
            && lock_bh(&self.locked).vlan.set_tapped(e.ifindex, true)
        {
            match PacketType::register_tap(dev) {
                Ok(tap) => e.vlan = Some(tap),
                Err(_) => {
                    lock_bh(&self.locked).vlan.set_tapped(e.ifindex, false);
                    pr_warn!("cannot tap a VLAN trunk: its VLAN IDs will not be known\n");
                }
            }
        }
        prune_hooks(&mut hooks);
    }

    /// Removes every handler on `dev` (it is going away). Process context,
    /// RTNL held.
    fn drop_hooks(&self, dev: &NetDev<'_>) {
        let mut hooks = self.hooks.lock();
        if let Some(slot) = hooks
            .iter_mut()
            .find(|h| h.as_ref().is_some_and(|h| h.key == dev.key()))
        {
            if let Some(e) = slot.take() {
                let (ifindex, tapped) = (e.ifindex, e.vlan.is_some());
                // Unregisters (and waits for) its handlers.
                drop(e);
                if tapped {
                    lock_bh(&self.locked).vlan.set_tapped(ifindex, false);
                }
            }
        }
    }

    /// Arms the aging timer for an expiry at `exp` (monotonic ms), unless it
    /// is already due earlier. Called with the lock held.
    fn rearm_for(&self, l: &mut Locked, exp: u64) {
        if l.timer_due.map_or(true, |due| exp < due) {
            let ms = exp
                .saturating_sub(params::now_ms())
                .min(u64::from(u32::MAX)) as u32;
            l.timer_due = Some(exp);
            self.timer.arm_ms(ms);
        }
    }
}

/// The CDP receive path: a `packet_type` for ETH_P_802_2 on every device.
///
/// It sees frames after the stack has handed them to bonds and VLAN devices:
/// `orig_dev` is the physical port, `dev` the bond or VLAN device on top.
/// Bridges consume their ports' frames, so for those [`PortTap`] takes over.
struct Receiver;

impl PacketHandler for Receiver {
    #[inline(always)]
    fn wants(skb: &Skb<'_>) -> bool {
        // STP BPDUs and the other 802.2 protocols sharing the CDP address
        // stop here, after one 8-byte comparison. A head too short to hold
        // the LLC header (non-linear) is left to `handle`.
        skb.head(wire::LLC_SNAP_LEN).map_or(true, wire::is_cdp_llc)
    }

    fn receive(skb: &Skb<'_>, dev: &NetDev<'_>, orig_dev: &NetDev<'_>) {
        if orig_dev.is_bridge_master() || orig_dev.is_bridge_port() || dev.is_vlan_on_bridge_port()
        {
            // Passed up by a bridge, or taken off a bridge port by a VLAN
            // device before the bridge: the port's tap has seen it already.
            return;
        }
        if dev.is_bond_slave() {
            // Not passed up by its bond: the slave's own handler takes it.
            return;
        }
        // The bond or VLAN device that delivered the frame, if any.
        let upper = (dev.ifindex() != orig_dev.ifindex()).then_some(*dev);
        handle(skb, dev, orig_dev, upper);
    }
}

/// The handler on one bond slave. The bond hands its active slaves' frames
/// to [`Receiver`] through the bond device, but keeps an inactive slave's
/// (active-backup) from every handler except those registered on the slave
/// itself: those frames are taken here, the others left to [`Receiver`].
struct SlaveRx;

impl PacketHandler for SlaveRx {
    #[inline(always)]
    fn wants(skb: &Skb<'_>) -> bool {
        Receiver::wants(skb)
    }

    fn receive(skb: &Skb<'_>, dev: &NetDev<'_>, orig_dev: &NetDev<'_>) {
        if !dev.is_bond_slave() {
            // Passed up through the bond(s): `Receiver` has it.
            return;
        }
        // Kept from its bond's upper device (an inactive slave): here only.
        handle(skb, dev, orig_dev, dev.master_upper());
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
struct VlanTap;

impl PacketHandler for VlanTap {
    #[inline(always)]
    fn wants(skb: &Skb<'_>) -> bool {
        skb.tagged_llc_vid().is_some() && Receiver::wants(skb)
    }

    fn receive(skb: &Skb<'_>, _dev: &NetDev<'_>, orig_dev: &NetDev<'_>) {
        let (Some(vid), Some(eth)) = (skb.tagged_llc_vid(), skb.mac_header()) else {
            return;
        };
        let Some(st) = NetState::of(orig_dev.net()) else {
            return;
        };
        let mut src_mac = [0u8; 6];
        src_mac.copy_from_slice(&eth[6..12]);
        st.locked.lock().vlan.note(VlanSeen {
            skb: skb.key(),
            len: skb.len(),
            src_mac,
            vid,
            at_ms: params::now_ms(),
        });
    }
}

/// A tap on one bridge port: a bridge takes its ports' frames before any
/// protocol handler runs, so the port's neighbor is only visible here.
struct PortTap;

impl PacketHandler for PortTap {
    #[inline(always)]
    fn wants(skb: &Skb<'_>) -> bool {
        // A tap sees all traffic on the port: the protocol test is first.
        skb.protocol() == ETH_P_802_2 && !skb.is_outgoing()
    }

    fn receive(skb: &Skb<'_>, dev: &NetDev<'_>, orig_dev: &NetDev<'_>) {
        // The port's own upper device (the bridge, or a bond under it).
        let upper = if dev.ifindex() != orig_dev.ifindex() {
            Some(*dev)
        } else {
            orig_dev.master_upper()
        };
        handle(skb, dev, orig_dev, upper);
    }
}

/// Takes one 802.2 frame that came in on the physical port `orig_dev` and
/// was delivered through `dev` (the same device, or a bond or VLAN device,
/// or a bridge port).
fn handle(skb: &Skb<'_>, dev: &NetDev<'_>, orig_dev: &NetDev<'_>, upper: Option<NetDev<'_>>) {
    // Cheap rejection first (again, for the tap path and for non-linear
    // heads): STP BPDUs and every other 802.2 protocol fail on the LLC/SNAP
    // bytes.
    let mut hdr = [0u8; wire::LLC_SNAP_LEN];
    let llc = match skb.head(wire::LLC_SNAP_LEN) {
        Some(h) => Some(h),
        None => skb.bytes(0, &mut hdr),
    };
    if !llc.is_some_and(wire::is_cdp_llc) {
        return;
    }
    let Some(eth) = skb.mac_header() else {
        return;
    };
    // The 802.3 length is the two bytes before the LLC header: the end of
    // the MAC header, unless a VLAN device with `reorder_hdr off` put the
    // tag back in between.
    let mut lf = [0u8; 2];
    let Some(&[l0, l1]) = skb.bytes(-2, &mut lf) else {
        return;
    };
    let len_field = u16::from_be_bytes([l0, l1]);
    let mut src_mac = [0u8; 6];
    src_mac.copy_from_slice(&eth[6..12]);

    let Some(st) = NetState::of(orig_dev.net()) else {
        return;
    };
    let vlan = skb.vlan_id().or_else(|| dev.vlan_id());
    // A multicast frame marked "other host": its tag, for a VLAN with no
    // VLAN device, was stripped. The VLAN tap on `orig_dev` noted it (or is
    // asked for).
    let stripped = vlan.is_none() && eth[0] & 1 != 0 && skb.is_otherhost();
    let mut rx = Rx {
        ifindex: orig_dev.ifindex(),
        ifname: orig_dev.name(),
        upper: upper.as_ref().map_or(&b""[..], |u| u.name()),
        vlan,
        src_mac,
        now_ms: params::now_ms(),
    };
    let cfg = table::Config {
        verify_checksum: params::verify_checksum(),
    };

    // Softirq: BH is disabled already, a plain lock is enough.
    let mut guard = if params::lock_stats() {
        let (mut g, waited) = lock_timed(&st.locked);
        g.rx_wait_max_ns = g.rx_wait_max_ns.max(waited);
        g
    } else {
        st.locked.lock()
    };
    let l = &mut *guard;
    if stripped {
        // The tap goes on the port the frame came in on, which sees the tag
        // first (for a bond slave, whether the bond passes the frame up or
        // keeps it from its upper device).
        let seen = l.vlan.take(skb.key(), skb.len(), &src_mac, rx.now_ms);
        rx.vlan = Some(seen.unwrap_or(table::VLAN_UNKNOWN));
        if seen.is_none() && l.vlan.request(orig_dev.ifindex()) && !STOPPING.load(Ordering::Relaxed)
        {
            st.work.schedule();
        }
    } else if vlan.is_some() {
        // Not stripped: forget what a tap noted about it.
        let _ = l.vlan.take(skb.key(), skb.len(), &src_mac, rx.now_ms);
    }
    let pdu_len = match wire::classify_llc_len(skb.len(), len_field) {
        Ok(n) => n,
        Err(NotCdp::Other) => return,
        Err(NotCdp::BadLength) => {
            l.table.count_bad_length(&rx);
            drop(guard);
            log_reject(orig_dev, "bad 802.3 length");
            return;
        }
    };
    // Linear frames are read in place; others are gathered into `buf`.
    let pdu = match skb.head(wire::LLC_SNAP_LEN + pdu_len) {
        Some(head) => &head[wire::LLC_SNAP_LEN..],
        None => match skb.bytes(wire::LLC_SNAP_LEN as isize, &mut l.buf[..pdu_len]) {
            Some(p) => p,
            None => return,
        },
    };
    let ttl = pdu.get(1).copied().unwrap_or(0);
    match l.table.receive(&rx, pdu, &cfg) {
        Outcome::Inserted | Outcome::Refreshed { .. } => {
            st.rearm_for(l, rx.now_ms + u64::from(ttl) * 1000);
        }
        Outcome::Removed => {}
        Outcome::Refused(r) => {
            drop(guard);
            log_reject(
                orig_dev,
                match r {
                    Refusal::HdrSyntax => "header syntax",
                    Refusal::Checksum => "checksum error",
                    Refusal::Invalid => "invalid packet",
                    Refusal::OverMax => "neighbors over maximum",
                },
            );
        }
    }
}

fn log_reject(dev: &NetDev<'_>, why: &str) {
    if params::log_rejects() && params::net_ratelimit() {
        pr_info!(
            "refused a CDP frame on {}: {}\n",
            render::Esc(dev.name(), render::Style::Token),
            why
        );
    }
}

/// Interface events: multicast subscription and table upkeep.
struct Netdevs;

impl NetdevHandler for Netdevs {
    fn event(ev: Event, dev: &NetDev<'_>) {
        match ev {
            Event::Register => {
                if let Some(st) = NetState::of(dev.net()) {
                    st.sync_hooks(dev, Hook::wanted(dev));
                }
                if dev.is_ethernet() {
                    // Real NICs filter multicast: ask for the CDP address so
                    // frames arrive without promiscuous mode.
                    let r = dev.mc(&wire::CDP_MAC, true);
                    if r != 0 {
                        pr_warn!("cannot subscribe the CDP address on an interface: {}\n", r);
                    }
                }
            }
            Event::Unregister => {
                if dev.is_ethernet() {
                    let _ = dev.mc(&wire::CDP_MAC, false);
                }
                if let Some(st) = NetState::of(dev.net()) {
                    st.drop_hooks(dev);
                    lock_bh(&st.locked).table.remove_interface(dev.ifindex());
                }
            }
            Event::ChangeUpper => {
                if let Some(st) = NetState::of(dev.net()) {
                    st.sync_hooks(dev, Hook::wanted(dev));
                }
            }
            Event::ChangeName => {
                if let Some(st) = NetState::of(dev.net()) {
                    lock_bh(&st.locked)
                        .table
                        .rename_interface(dev.ifindex(), dev.name());
                }
            }
        }
    }
}

/// Slots the aging timer scans per lock hold.
const EXPIRE_STEP: usize = 256;

/// Slots a reader scans per lock hold while looking for the next neighbor.
const SCAN_STEP: usize = 16;
/// Position of the footer record.
const FOOTER: u64 = u32::MAX as u64;

/// Per-open state of the neighbor files: a copy of the entry being shown,
/// taken under the lock, and its decoded form, made and rendered outside
/// it, so a reader never holds up the receive path for more than one
/// entry's copy and never sees a torn entry.
struct ReaderState {
    nb: Neighbor,
    info: Info,
    now_ms: u64,
    shown: usize,
    last_counted: u64,
}

/// Finds the record at or after `pos`: 0 is the header, 1 + i the
/// neighbor in slot i, [`FOOTER`] the footer. Copies the neighbor.
fn seek_neighbor(st: &mut ReaderState, net: &NetRef, pos: u64) -> Option<u64> {
    if pos == 0 {
        st.now_ms = params::now_ms();
        return Some(0);
    }
    if pos > FOOTER {
        return None;
    }
    let ns = NetState::of(net.net())?;
    let mut i = (pos - 1) as usize;
    if pos < FOOTER {
        loop {
            let l = lock_bh(&ns.locked);
            match l.table.next_used(i, SCAN_STEP) {
                Ok(found) => {
                    if let Some(nb) = l.table.get(found) {
                        st.nb.copy_from(nb);
                    }
                    return Some(found as u64 + 1);
                }
                Err(Some(next)) => i = next,
                Err(None) => break,
            }
        }
    }
    Some(FOOTER)
}

fn count_shown(st: &mut ReaderState, pos: u64) {
    // seq_file may show a record twice (buffer growth): count it once.
    if pos > st.last_counted {
        st.last_counted = pos;
        st.shown += 1;
    }
}

fn clear_neighbors(net: &NetRef, w: &Writer<'_>, data: &[u8]) -> Result {
    if !w.net_admin() {
        return Err(EPERM);
    }
    if wire::trim_ascii_space(data) != b"clear" {
        return Err(EINVAL);
    }
    let ns = NetState::of(net.net()).ok_or(ENODEV)?;
    lock_bh(&ns.locked).table.clear();
    Ok(())
}

/// A reader's state, built in place on the heap (it is about 3 KB: too much
/// for the stack of the `open` path).
fn new_reader() -> Result<KBox<ReaderState>> {
    KBox::init(
        kernel::init!(ReaderState {
            nb: Neighbor::EMPTY,
            info: Info::EMPTY,
            now_ms: 0,
            shown: 0,
            last_counted: 0,
        }),
        GFP_KERNEL,
    )
}

/// `/proc/cdp_neighbors` (`show cdp neighbors`) and, with `DETAIL`,
/// `/proc/cdp_neighbors_detail` (`show cdp neighbors detail`).
struct NeighborFile<const DETAIL: bool>;

type NeighborsFile = NeighborFile<false>;
type DetailFile = NeighborFile<true>;

impl<const DETAIL: bool> SeqSource for NeighborFile<DETAIL> {
    type State = ReaderState;

    fn open(_net: &NetRef) -> Result<KBox<ReaderState>> {
        new_reader()
    }

    fn seek(st: &mut ReaderState, net: &NetRef, pos: u64) -> Option<u64> {
        seek_neighbor(st, net, pos)
    }

    fn show(st: &mut ReaderState, _net: &NetRef, pos: u64, out: &mut SeqOut) {
        let _ = match pos {
            0 if DETAIL => Ok(()),
            0 => render::neighbors_header(out),
            FOOTER => render::neighbors_footer(out, st.shown),
            _ => {
                count_shown(st, pos);
                st.nb.decode(&mut st.info);
                if DETAIL {
                    render::neighbor_detail(out, &st.nb, &st.info, st.now_ms)
                } else {
                    render::neighbor_row(out, &st.nb, &st.info, st.now_ms)
                }
            }
        };
    }

    fn write(net: &NetRef, w: &Writer<'_>, data: &[u8]) -> Result {
        clear_neighbors(net, w, data)
    }
}

/// Per-open state of `/proc/cdp_traffic`: a snapshot of the counters.
struct TrafficState {
    stats: Stats,
    rx_wait_max_ns: Option<u64>,
    ifs: KVVec<IfStats>,
    n: usize,
}

/// `/proc/cdp_traffic`: `show cdp traffic` and a per-interface table.
struct TrafficFile;

impl SeqSource for TrafficFile {
    type State = TrafficState;

    fn open(_net: &NetRef) -> Result<KBox<TrafficState>> {
        Ok(KBox::new(
            TrafficState {
                stats: Stats::ZERO,
                rx_wait_max_ns: None,
                ifs: KVVec::from_elem(IfStats::EMPTY, table::IFSTATS_MAX, GFP_KERNEL)?,
                n: 0,
            },
            GFP_KERNEL,
        )?)
    }

    fn seek(st: &mut TrafficState, net: &NetRef, pos: u64) -> Option<u64> {
        if pos == 0 {
            // One consistent snapshot for the whole read.
            let ns = NetState::of(net.net())?;
            let l = lock_bh(&ns.locked);
            st.stats = *l.table.stats();
            st.rx_wait_max_ns = params::lock_stats().then_some(l.rx_wait_max_ns);
            st.n = 0;
            for (dst, src) in st.ifs.iter_mut().zip(l.table.ifstats()) {
                *dst = *src;
                st.n += 1;
            }
            return Some(0);
        }
        (pos as usize <= st.n).then_some(pos)
    }

    fn show(st: &mut TrafficState, _net: &NetRef, pos: u64, out: &mut SeqOut) {
        let _ = if pos == 0 {
            render::traffic(out, &st.stats)
                .and_then(|()| match st.rx_wait_max_ns {
                    Some(ns) => writeln!(out, "        Receive path lock wait max: {} ns", ns),
                    None => Ok(()),
                })
                .and_then(|()| render::traffic_if_header(out))
        } else {
            render::traffic_if_row(out, &st.ifs[pos as usize - 1])
        };
    }

    fn write(net: &NetRef, w: &Writer<'_>, data: &[u8]) -> Result {
        if !w.net_admin() {
            return Err(EPERM);
        }
        if wire::trim_ascii_space(data) != b"clear" {
            return Err(EINVAL);
        }
        let ns = NetState::of(net.net()).ok_or(ENODEV)?;
        let mut l = lock_bh(&ns.locked);
        l.table.clear_stats();
        l.rx_wait_max_ns = 0;
        Ok(())
    }
}

/// Everything cdp_rs registers, torn down in reverse order of creation
/// (fields drop in declaration order).
struct CdpRs {
    _packet: Pin<KBox<PacketType<Receiver>>>,
    _notifier: Pin<KBox<Notifier<Netdevs>>>,
    _traffic: Pin<KBox<ProcFile<TrafficFile>>>,
    _detail: Pin<KBox<ProcFile<DetailFile>>>,
    _neighbors: Pin<KBox<ProcFile<NeighborsFile>>>,
    _pernet: Pin<KBox<Pernet<NetState>>>,
}

impl Drop for CdpRs {
    fn drop(&mut self) {
        // Before the fields go: the notifier's unregistration removes every
        // hook, and no VLAN tap may be added after it.
        STOPPING.store(true, Ordering::Relaxed);
    }
}

impl kernel::Module for CdpRs {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        let mode = params::proc_mode();
        let pernet = Pernet::<NetState>::register()?;
        let neighbors = ProcFile::<NeighborsFile>::create(c_str!("cdp_neighbors"), mode)?;
        let detail = ProcFile::<DetailFile>::create(c_str!("cdp_neighbors_detail"), mode)?;
        let traffic = ProcFile::<TrafficFile>::create(c_str!("cdp_traffic"), mode)?;
        let notifier = Notifier::<Netdevs>::register()?;
        let packet = PacketType::<Receiver>::register(ETH_P_802_2)?;
        pr_info!(
            "listening for CDP, up to {} neighbors per namespace (id {})\n",
            params::max_neighbors(),
            NET_ID.load(Ordering::Relaxed)
        );
        Ok(CdpRs {
            _packet: packet,
            _notifier: notifier,
            _traffic: traffic,
            _detail: detail,
            _neighbors: neighbors,
            _pernet: pernet,
        })
    }
}
