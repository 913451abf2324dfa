// SPDX-License-Identifier: GPL-2.0

//! Per-device hooks: the handlers registered on bridge ports, bond slaves
//! and VLAN trunks, the VLAN-tap bookkeeping, the netdevice notifier that
//! keeps them up to date, and the events that tell the transmitter what
//! changed (netdevice and address notifiers).

use crate::netns::NetState;
use crate::proto::wire;
use crate::rx::{tapped_bridge_port, PortTap, SlaveRx, VlanTap, ETH_P_802_2};
use crate::sys::ctx::{AddrCtx, HoldsRtnl, NotifierCtx};
use crate::sys::net::NetDev;
use crate::sys::notifier::{AddrHandler, Event, NetdevHandler};
use crate::sys::packet::PacketType;
use crate::tx::mark;
use core::pin::Pin;
use core::sync::atomic::AtomicBool;
use kernel::prelude::*;

/// How many devices of a namespace may get a VLAN tap ([`VlanTap`]).
const VLAN_TAPS_MAX: usize = 16;

/// How many tagged CDP frames a namespace's VLAN taps remember until the
/// handler further along the receive path looks them up (list receive runs
/// the taps of a whole batch before the handlers).
const VLAN_SEEN_MAX: usize = 64;

/// A tagged CDP frame a [`VlanTap`] saw: which skb, and its VLAN ID.
#[derive(Clone, Copy)]
pub(crate) struct VlanSeen {
    /// [`Skb::key`], 0 for an empty entry; with the length and source MAC,
    /// so a reused address is not mistaken for the frame.
    pub(crate) skb: usize,
    pub(crate) len: usize,
    pub(crate) src_mac: [u8; 6],
    pub(crate) vid: u16,
    /// When it was seen (monotonic ms): older entries are ignored.
    pub(crate) at_ms: u64,
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
pub(crate) struct VlanTaps {
    tapped: [i32; VLAN_TAPS_MAX],
    wanted: [i32; VLAN_TAPS_MAX],
    seen: [VlanSeen; VLAN_SEEN_MAX],
    seen_next: usize,
    seen_used: usize,
    /// CDP frames a bridge port's tap took (their `vid` unused): the bridge
    /// passes the same skb up, and when it cannot name the port (learning
    /// off) the bridge's handler must not take the frame a second time.
    port_taken: [VlanSeen; PORT_TAKEN_MAX],
    port_next: usize,
}

/// Frames a namespace's bridge port taps took, remembered until the bridge
/// passes them up (at once, in the same softirq).
const PORT_TAKEN_MAX: usize = 8;

impl VlanTaps {
    pub(crate) const EMPTY: Self = Self {
        tapped: [0; VLAN_TAPS_MAX],
        wanted: [0; VLAN_TAPS_MAX],
        seen: [VlanSeen::EMPTY; VLAN_SEEN_MAX],
        seen_next: 0,
        seen_used: 0,
        port_taken: [VlanSeen::EMPTY; PORT_TAKEN_MAX],
        port_next: 0,
    };

    /// Remembers a frame a bridge port's tap took (the oldest entry goes).
    pub(crate) fn note_port_taken(&mut self, seen: VlanSeen) {
        let i = self.port_next % PORT_TAKEN_MAX;
        self.port_taken[i] = seen;
        self.port_next = (i + 1) % PORT_TAKEN_MAX;
    }

    /// Whether a bridge port's tap took this frame already (the entry is
    /// used up).
    pub(crate) fn was_port_taken(
        &mut self,
        skb: usize,
        len: usize,
        src_mac: &[u8; 6],
        now_ms: u64,
    ) -> bool {
        match self.port_taken.iter_mut().find(|e| {
            e.skb == skb
                && e.skb != 0
                && e.len == len
                && e.src_mac == *src_mac
                && now_ms.saturating_sub(e.at_ms) <= 1000
        }) {
            Some(e) => {
                *e = VlanSeen::EMPTY;
                true
            }
            None => false,
        }
    }

    fn is_tapped(&self, ifindex: i32) -> bool {
        self.tapped.contains(&ifindex)
    }

    /// Remembers a tagged frame (the oldest entry goes when full).
    pub(crate) fn note(&mut self, seen: VlanSeen) {
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
    pub(crate) fn take(
        &mut self,
        skb: usize,
        len: usize,
        src_mac: &[u8; 6],
        now_ms: u64,
    ) -> Option<u16> {
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
    pub(crate) fn request(&mut self, ifindex: i32) -> bool {
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

    pub(crate) fn take_requests(&mut self) -> [i32; VLAN_TAPS_MAX] {
        core::mem::replace(&mut self.wanted, [0; VLAN_TAPS_MAX])
    }

    /// Records that `ifindex` has (`on`) or no longer has a tap; `false`
    /// if there is no room for it.
    pub(crate) fn set_tapped(&mut self, ifindex: i32, on: bool) -> bool {
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
                mc: false,
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

/// Frees the entries left with no handler and no subscription.
fn prune_hooks(hooks: &mut KVec<Option<DevHooks>>) {
    for h in hooks.iter_mut() {
        if h.as_ref()
            .is_some_and(|e| e.main.is_none() && e.vlan.is_none() && !e.mc)
        {
            *h = None;
        }
    }
}

/// Set when the module is being unloaded: no more VLAN taps are added.
pub(crate) static STOPPING: AtomicBool = AtomicBool::new(false);

/// A handler registered on one device, where the handler for every device
/// cannot see its CDP frames, because of what the device is.
enum Hook {
    /// A bridge port that is a bond or VLAN device: a tap ([`PortTap`]).
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
pub(crate) struct DevHooks {
    /// The device ([`NetDev::key`]) and its index.
    key: usize,
    ifindex: i32,
    /// What the device's kind needs.
    main: Option<Hook>,
    /// A [`VlanTap`], added on demand (not on tapped bridge ports, whose
    /// tap reads VLAN tags already).
    vlan: Option<Pin<KBox<PacketType<VlanTap>>>>,
    /// Whether cdp_rs holds its one reference to the CDP multicast address
    /// on the device. Others (lldpd, packet sockets) may hold the address
    /// too: cdp_rs gives back only the reference it took.
    mc: bool,
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

    /// The hook device `dev` needs for what it is (RTNL held: `rtnl`).
    /// VLAN taps are added on demand instead.
    fn wanted(dev: &NetDev<'_>, rtnl: &impl HoldsRtnl) -> Option<HookKind> {
        // The master, not the IFF_BRIDGE_PORT flag: a bridge clears the flag
        // only after the NETDEV_CHANGEUPPER that unlinks the port, and a tap
        // left on a former port would take its frames a second time.
        if dev.has_bridge_master(rtnl) {
            // Plain ports need nothing: their CDP frames reach the bridge.
            tapped_bridge_port(dev).then_some(HookKind::BridgePort)
        } else if dev.has_bond_master(rtnl) {
            Some(HookKind::BondSlave)
        } else {
            None
        }
    }
}

// The namespace state's per-device hooks (the state is in `netns.rs`).
impl NetState {
    /// Gives `dev` the per-device hook `want`, replacing or removing the
    /// one it has; a tapped bridge port loses its VLAN tap. Process context, RTNL
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
            self.set_tapped(e.ifindex, false);
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

    /// Adds a [`VlanTap`] on `dev` (not a tapped bridge port), if there is room.
    /// Process context, RTNL held.
    pub(crate) fn add_vlan_tap(&self, dev: &NetDev<'_>) {
        let mut hooks = self.hooks.lock();
        let Some(e) = dev_hooks(&mut hooks, dev) else {
            return;
        };
        // Reserved first: without room there is nothing to register.
        if e.vlan.is_none()
            && !matches!(e.main, Some(Hook::BridgePort { .. }))
            && self.set_tapped(e.ifindex, true)
        {
            match PacketType::register_tap(dev) {
                Ok(tap) => e.vlan = Some(tap),
                Err(_) => {
                    self.set_tapped(e.ifindex, false);
                    pr_warn!("cannot tap a VLAN trunk: its VLAN IDs will not be known\n");
                }
            }
        }
        prune_hooks(&mut hooks);
    }

    /// Takes cdp_rs's reference to the CDP multicast address on `dev`, an
    /// Ethernet device, unless it holds one already: real NICs filter
    /// multicast, and this lets CDP in without promiscuous mode. Process
    /// context, RTNL held.
    fn subscribe(&self, dev: &NetDev<'_>) {
        if !dev.is_ethernet() {
            return;
        }
        let mut hooks = self.hooks.lock();
        let Some(e) = dev_hooks(&mut hooks, dev) else {
            pr_warn!("out of memory: the CDP address is not subscribed on an interface\n");
            return;
        };
        if !e.mc {
            match dev.mc(&wire::CDP_MAC, true) {
                0 => e.mc = true,
                r => pr_warn!("cannot subscribe the CDP address on an interface: {}\n", r),
            }
        }
        prune_hooks(&mut hooks);
    }

    /// Gives back cdp_rs's reference to the CDP multicast address on
    /// `dev`, if (and only if) it holds one. Process context, RTNL held.
    fn unsubscribe(&self, dev: &NetDev<'_>) {
        let mut hooks = self.hooks.lock();
        if let Some(e) = hooks
            .iter_mut()
            .flatten()
            .find(|h| h.key == dev.key() && h.mc)
        {
            let _ = dev.mc(&wire::CDP_MAC, false);
            e.mc = false;
        }
        prune_hooks(&mut hooks);
    }

    /// Removes every handler on `dev` and gives back its subscription (it
    /// is going away). Process context, RTNL held.
    fn drop_hooks(&self, dev: &NetDev<'_>) {
        let mut hooks = self.hooks.lock();
        if let Some(slot) = hooks
            .iter_mut()
            .find(|h| h.as_ref().is_some_and(|h| h.key == dev.key()))
        {
            if let Some(e) = slot.take() {
                if e.mc {
                    let _ = dev.mc(&wire::CDP_MAC, false);
                }
                let (ifindex, tapped) = (e.ifindex, e.vlan.is_some());
                // Unregisters (and waits for) its handlers.
                drop(e);
                if tapped {
                    self.set_tapped(ifindex, false);
                }
            }
        }
    }
}

/// Interface events: multicast subscription, table upkeep and the
/// transmitter's triggers.
pub(crate) struct Netdevs;

impl NetdevHandler for Netdevs {
    fn event(ev: Event, dev: &NetDev<'_>, cx: &NotifierCtx) {
        let Some(st) = NetState::of(dev.net(), cx) else {
            return;
        };
        match ev {
            Event::Register => {
                st.sync_hooks(dev, Hook::wanted(dev, cx));
                st.subscribe(dev);
            }
            Event::Unregister => {
                st.tx_stop(dev, false, cx);
                st.drop_hooks(dev);
                st.remove_interface(dev.ifindex());
            }
            Event::ChangeUpper => {
                st.sync_hooks(dev, Hook::wanted(dev, cx));
                // Its addresses, capabilities (Switch) and whether the
                // default applies to it (a bond port) may change.
                if st.tx_interested() {
                    st.tx_mark(dev.ifindex(), mark::START);
                }
            }
            Event::ChangeName => {
                st.rename_interface(dev.ifindex(), dev.name().as_bytes());
                if st.tx_interested() {
                    st.tx_mark(dev.ifindex(), 0);
                }
            }
            // Transmission: a link coming up or changing is advertised at
            // once; one going down says goodbye (holdtime 0) first.
            Event::Up | Event::Change => {
                if st.tx_interested() {
                    st.tx_mark(dev.ifindex(), mark::LINK | mark::START);
                }
            }
            Event::ChangeAddr | Event::ChangeMtu => {
                if st.tx_interested() {
                    st.tx_mark(dev.ifindex(), 0);
                }
            }
            Event::GoingDown => st.tx_stop(dev, true, cx),
            // A bond taking its first slave of another type flushes its
            // multicast list between these two: give the reference back
            // before, take one again after if it is still Ethernet.
            Event::PreTypeChange => st.unsubscribe(dev),
            Event::PostTypeChange => {
                st.subscribe(dev);
                if st.tx_interested() {
                    st.tx_mark(dev.ifindex(), mark::START);
                }
            }
        }
    }
}

/// Address events: the transmitter looks again at the device's port, and
/// at the ports it is a master of (they advertise its addresses when they
/// have none). IPv6's are atomic: only a mark and a queued work item.
pub(crate) struct Addrs;

impl AddrHandler for Addrs {
    fn changed(dev: &NetDev<'_>, cx: &AddrCtx) {
        let Some(st) = NetState::of(dev.net(), cx) else {
            return;
        };
        if st.tx_interested() {
            st.tx_mark(dev.ifindex(), 0);
        }
    }
}
