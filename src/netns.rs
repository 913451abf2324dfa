// SPDX-License-Identifier: GPL-2.0

//! Per-namespace state: the neighbor table and what its lock protects,
//! the aging timer, and the work item that adds VLAN taps.

use crate::nl::{Monitor, RefusedLimit};
use crate::ports::{DevHooks, VlanTaps, STOPPING};
use crate::proto::table::{self, IfStats, Slot, Table};
use crate::proto::wire::{self, Info};
use crate::sys::bh::lock_bh;
use crate::sys::ctx::InCallback;
use crate::sys::net::{Net, OwnNet, Rtnl};
use crate::sys::params;
use crate::sys::pernet::{Pernet, PernetState};
use crate::sys::timer::{Timer, TimerOwner};
use crate::sys::work::{Work, WorkOwner};
use core::pin::Pin;
use core::sync::atomic::{AtomicU32, Ordering};
use kernel::prelude::*;
use kernel::sync::{Mutex, SpinLock};
use kernel::{new_mutex, new_spinlock};

type NeighborTable = Table<KVVec<Slot>, KVVec<u32>, KVVec<IfStats>, KBox<Info>>;

/// What the lock protects in each namespace.
pub(crate) struct Locked {
    pub(crate) table: NeighborTable,
    /// Where non-linear PDUs are gathered for decoding.
    pub(crate) buf: KVVec<u8>,
    /// When the aging timer is due (monotonic ms), if armed.
    timer_due: Option<u64>,
    /// Longest wait of the receive path for this lock, in ns, when the
    /// `lock_stats` parameter is on.
    pub(crate) rx_wait_max_ns: u64,
    /// Devices with a VLAN tap, and those waiting for one.
    pub(crate) vlan: VlanTaps,
    /// The rate limit of the monitor group's table-full events.
    pub(crate) refused: RefusedLimit,
}

/// The state of one network namespace.
#[pin_data]
pub(crate) struct NetState {
    /// Ages neighbors out. Dropped (shut down) first, before the fields
    /// its callback uses.
    #[pin]
    timer: Timer,
    /// Adds the VLAN taps the receive path asks for. Dropped (cancelled)
    /// before the fields it uses.
    #[pin]
    pub(crate) work: Work,
    /// The namespace.
    net: OwnNet,
    #[pin]
    pub(crate) locked: SpinLock<Locked>,
    /// Per-device handlers on this namespace's bridge ports, bond slaves
    /// and VLAN trunks, and the devices where cdp_rs subscribed the CDP
    /// address. Changed only under RTNL (the netdevice notifier, the work
    /// item).
    #[pin]
    pub(crate) hooks: Mutex<KVec<Option<DevHooks>>>,
}

pub(crate) static NET_ID: AtomicU32 = AtomicU32::new(0);

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
                    Locked {
                        table,
                        buf,
                        timer_due: None,
                        rx_wait_max_ns: 0,
                        vlan: VlanTaps::EMPTY,
                        refused: RefusedLimit::NEW,
                    },
                    "cdp_rs_table"
                ),
                hooks <- new_mutex!(KVec::new(), "cdp_rs_hooks"),
            }? Error),
            GFP_KERNEL,
        )
    }
}

crate::impl_has_timer!(NetState, timer);

impl TimerOwner for NetState {
    fn fired(&self) {
        // Softirq context: BH is already disabled. The table is aged a
        // piece at a time, so the receive path never waits for more than
        // one piece's scan.
        let now = params::now_ms();
        let mut next: Option<u64> = None;
        let mut from = 0;
        loop {
            let mut guard = self.locked.lock();
            let l = &mut *guard;
            if from == 0 {
                l.timer_due = None;
            }
            let cap = l.table.capacity();
            let mut mon = Monitor::new(self.net.net(), &mut l.refused, now);
            let (_, n) = l
                .table
                .expire_range_with(from, from + EXPIRE_STEP, now, &mut mon);
            next = match (next, n) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            from += EXPIRE_STEP;
            if from >= cap {
                if let Some(n) = next {
                    self.rearm_for(l, n);
                }
                return;
            }
        }
    }
}

crate::impl_has_work!(NetState, work);

impl WorkOwner for NetState {
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

// The methods that change the per-device hooks are in `ports.rs`.
impl NetState {
    /// The state of `net`, from a callback of the module (`cb`).
    pub(crate) fn of<'a>(net: Net<'a>, cb: &'a impl InCallback) -> Option<&'a NetState> {
        Pernet::<NetState>::get(net, cb)
    }

    /// Forgets the neighbors and counters of the interface `ifindex` (it is
    /// going away). The table is walked [`EXPIRE_STEP`] slots per lock
    /// hold, so a frame never waits for a walk of the whole table. Process
    /// context (the notifier, RTNL held: no new frame comes in on it).
    pub(crate) fn remove_interface(&self, ifindex: i32) {
        self.walk(|t, from, to, ev| {
            t.remove_interface_range_with(ifindex, from, to, ev);
        });
        lock_bh(&self.locked).table.forget_interface(ifindex);
    }

    /// Records the new name of the interface `ifindex`, a piece of the table
    /// per lock hold (new neighbors take the new name meanwhile).
    pub(crate) fn rename_interface(&self, ifindex: i32, name: &[u8]) {
        self.walk(|t, from, to, _| t.rename_interface_range(ifindex, name, from, to));
    }

    /// Removes every neighbor (`clear`), a piece of the table per lock
    /// hold. A frame that arrives meanwhile is taken; its neighbor stays if
    /// its slot was already walked.
    pub(crate) fn clear(&self) {
        self.walk(|t, from, to, ev| {
            t.clear_range_with(from, to, ev);
        });
    }

    /// Calls `f` on the table for each piece of [`EXPIRE_STEP`] slots, with
    /// the lock (bottom halves off) held for one piece at a time, and the
    /// observer that sends the monitor group's events.
    fn walk(&self, mut f: impl FnMut(&mut NeighborTable, usize, usize, &mut Monitor<'_>)) {
        let mut from = 0;
        loop {
            let mut guard = lock_bh(&self.locked);
            let l = &mut *guard;
            let cap = l.table.capacity();
            if from >= cap {
                return;
            }
            let mut mon = Monitor::new(self.net.net(), &mut l.refused, params::now_ms());
            f(&mut l.table, from, from + EXPIRE_STEP, &mut mon);
            from += EXPIRE_STEP;
        }
    }

    /// Arms the aging timer for an expiry at `exp` (monotonic ms), unless it
    /// is already due earlier. Called with the lock held.
    pub(crate) fn rearm_for(&self, l: &mut Locked, exp: u64) {
        if l.timer_due.map_or(true, |due| exp < due) {
            let ms = exp
                .saturating_sub(params::now_ms())
                .min(u64::from(u32::MAX)) as u32;
            l.timer_due = Some(exp);
            self.timer.arm_ms(ms);
        }
    }
}

/// Slots the aging timer, interface removal, rename and `clear` walk per
/// lock hold.
const EXPIRE_STEP: usize = 256;
