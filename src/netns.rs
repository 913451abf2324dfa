// SPDX-License-Identifier: GPL-2.0

//! Per-namespace state: the neighbor table and what its lock protects,
//! the aging timer, and the work item that allocates the table and adds
//! VLAN taps.
//!
//! A namespace that never received a CDP frame has no table: only this
//! small state (well under 1 KB). The first CDP frame is kept (a clone of
//! its skb) and the work item allocates the table in process context, then
//! takes the kept frames, so their neighbors appear at once.

use crate::nl::{Monitor, RefusedLimit};
use crate::ports::{DevHooks, VlanTaps, STOPPING};
use crate::proto::table::{self, IfStats, Slot, Stats, Table};
use crate::proto::wire::{self, Info};
use crate::sys::bh::lock_bh;
use crate::sys::ctx::InCallback;
use crate::sys::memcg::MemCg;
use crate::sys::net::{Net, OwnNet, Rtnl};
use crate::sys::params;
use crate::sys::pernet::{Pernet, PernetState};
use crate::sys::proc::NetProcDir;
use crate::sys::timer::{Timer, TimerOwner};
use crate::sys::work::{Work, WorkOwner};
use crate::tx::{TxMarks, TxState};
use core::pin::Pin;
use core::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use kernel::prelude::*;
use kernel::sync::{Mutex, SpinLock};
use kernel::{c_str, new_mutex, new_spinlock};

type NeighborTable = Table<KVVec<Slot>, KVVec<u32>, KVVec<IfStats>, KBox<Info>>;

/// What a namespace has once it received CDP: the table, the buffer where
/// non-linear PDUs are gathered, the VLAN-tap bookkeeping.
pub(crate) struct Active {
    pub(crate) table: NeighborTable,
    /// Where non-linear PDUs are gathered for decoding.
    pub(crate) buf: KVVec<u8>,
    /// Devices with a VLAN tap, and those waiting for one.
    pub(crate) vlan: VlanTaps,
}

impl Active {
    /// Allocates a table of `slots` slots (at least one) that may grow to
    /// `max_neighbors` (process context, charged to the caller's active
    /// memory cgroup).
    fn new(slots: usize) -> Result<KBox<Self>> {
        let max = params::max_neighbors().clamp(1, 65536);
        let n = table::slots_for(slots.clamp(1, max));
        let slots = KVVec::from_elem(Slot::FREE, n, GFP_KERNEL_ACCOUNT)?;
        let buckets = KVVec::from_elem(0u32, table::buckets_for(n), GFP_KERNEL_ACCOUNT)?;
        let ifstats = KVVec::from_elem(IfStats::EMPTY, IFSTATS_INITIAL, GFP_KERNEL_ACCOUNT)?;
        let buf = KVVec::from_elem(0u8, wire::PDU_MAX, GFP_KERNEL_ACCOUNT)?;
        let scratch = KBox::new(Info::EMPTY, GFP_KERNEL_ACCOUNT)?;
        let mut table =
            Table::new(slots, buckets, ifstats, scratch, params::random_key()).ok_or(EINVAL)?;
        table.set_limit(max);
        Ok(KBox::new(
            Active {
                table,
                buf,
                vlan: VlanTaps::EMPTY,
            },
            GFP_KERNEL_ACCOUNT,
        )?)
    }
}

/// Per-interface counter places a table starts with (160 bytes each); they
/// grow, doubling, to [`table::IFSTATS_MAX`] as interfaces receive CDP.
const IFSTATS_INITIAL: usize = 4;

/// Storage for a table of `n` slots (process context, charged to the
/// caller's active memory cgroup).
fn storage(n: usize) -> Result<(KVVec<Slot>, KVVec<u32>)> {
    Ok((
        KVVec::from_elem(Slot::FREE, n, GFP_KERNEL_ACCOUNT)?,
        KVVec::from_elem(0u32, table::buckets_for(n), GFP_KERNEL_ACCOUNT)?,
    ))
}

/// What a kept frame holds for the table: a copy of its PDU (the skb is
/// not kept: a clone would pin the driver's receive buffer, and the device
/// it names may go), or why it was refused before the PDU was read.
pub(crate) enum Kept {
    /// The PDU (version byte to the end of the 802.3 length).
    Pdu(KVec<u8>),
    /// No Ethernet header (refused: header syntax).
    NoEther,
    /// An 802.3 length that does not fit the frame (refused: header syntax).
    BadLength,
}

/// A CDP frame that came before the table, or while the table grows: kept
/// for the work item.
pub(crate) struct Pending {
    pub(crate) frame: Kept,
    /// The physical port it came in on, and its name; 0 once that
    /// interface is removed (the frame is then counted as lost, not put
    /// under an interface that is gone or under another that reuses the
    /// index).
    pub(crate) ifindex: i32,
    pub(crate) ifname: [u8; 16],
    /// The upper device that delivered it, if any.
    pub(crate) upper: [u8; 16],
    /// Its VLAN.
    pub(crate) vlan: Option<u16>,
    /// Its source MAC address.
    pub(crate) src_mac: [u8; 6],
    /// When it came.
    pub(crate) now_ms: u64,
}

/// CDP frames kept per namespace while its table is allocated or grows (a
/// burst of neighbors, or a replayed capture); more are counted (input, no
/// memory) and dropped. About 80 bytes each plus a copy of the PDU (1.5 KB
/// at most), on the heap (GFP_ATOMIC, bounded by this), only until the
/// work item takes them.
pub(crate) const PENDING_MAX: usize = 64;

impl Locked {
    /// The table, if the namespace has one.
    pub(crate) fn table(&self) -> Option<&NeighborTable> {
        self.active.as_deref().map(|a| &a.table)
    }

    /// The global counters: the table's, or (no table yet) the frames lost
    /// while it was being allocated.
    pub(crate) fn stats(&self) -> Stats {
        match self.table() {
            Some(t) => *t.stats(),
            None => Stats {
                input: self.lost,
                no_memory: self.lost,
                ..Stats::ZERO
            },
        }
    }

    /// Zeroes the counters.
    pub(crate) fn clear_stats(&mut self) {
        self.lost = 0;
        self.rx_wait_max_ns = 0;
        if let Some(a) = self.active.as_deref_mut() {
            a.table.clear_stats();
        }
    }
}

/// What the lock protects in each namespace.
pub(crate) struct Locked {
    /// The table, once the namespace received CDP (or an admin status was
    /// set for one of its interfaces).
    pub(crate) active: Option<KBox<Active>>,
    /// Frames that came before the table (empty, unallocated, otherwise).
    pub(crate) pending: KVec<Pending>,
    /// Frames that came before the table and could not be kept.
    pub(crate) lost: u64,
    /// The work item is asked to allocate the table.
    pub(crate) wanted: bool,
    /// When the aging timer is due (monotonic ms), if armed.
    pub(crate) timer_due: Option<u64>,
    /// When the transmitter wants the work item to run (monotonic ms): the
    /// timer queues it then.
    pub(crate) tx_due: Option<u64>,
    /// What events marked for the transmitter since the work item last ran.
    pub(crate) tx_marks: TxMarks,
    /// Longest wait of the receive path for this lock, in ns, when the
    /// `lock_stats` parameter is on.
    pub(crate) rx_wait_max_ns: u64,
    /// The rate limit of the monitor group's table-full events.
    pub(crate) refused: RefusedLimit,
}

/// The state of one network namespace.
///
/// # Teardown
///
/// The pernet exit (the namespace going, or the module unloading) calls
/// [`PernetState::exit`] while the state is whole, then drops it:
/// 1. `timer` is shut down: it no longer fires, queues `work` or re-arms.
/// 2. `work` is cancelled, waiting for a run in progress; nothing queues it
///    again (the timer is dead; the packet handlers, the netdevice and
///    address notifiers and the netlink family are gone at unload, and a
///    namespace that exits has no devices or sockets left).
/// 3. `procdir` is removed, waiting for its file operations in progress (a
///    read of the table, a write of `clear`); the work item, which creates
///    it, is stopped.
/// 4. The fields drop, in declaration order: the same three again (no-ops),
///    then the table and everything the stopped callbacks used.
///
/// # Lock order
///
/// RTNL, then `net_rwsem` (the namespace walks of `sys/tx.rs`), then `tx`
/// or `hooks` (mutexes, never both), then `locked` (a spinlock taken with
/// bottom halves off in process context, plainly in softirq). `locked` is
/// innermost: nothing sleeps, allocates with GFP_KERNEL or takes another of
/// these locks while holding it. `tx` and `hooks` may also be taken
/// without RTNL (netlink's `global-set`), never with RTNL taken after.
#[pin_data]
pub(crate) struct NetState {
    /// Ages neighbors out and queues `work` when an advertisement is due.
    /// Shut down first (see Teardown).
    #[pin]
    timer: Timer,
    /// Allocates the table, adds the VLAN taps the receive path asks for,
    /// and transmits. Cancelled second.
    #[pin]
    pub(crate) work: Work,
    /// `/proc/net/cdp`: made at load in the initial namespace, and with
    /// the table in the others (an idle namespace has none). Removed third,
    /// before any field its files read goes.
    procdir: NetProcDir,
    /// The namespace.
    net: OwnNet,
    /// The memory cgroup the namespace is charged to (of the task that
    /// created it; for a namespace older than the module, of the task that
    /// loaded it): every allocation made for the namespace later, in the
    /// work item or a netlink handler, is charged there.
    memcg: MemCg,
    #[pin]
    pub(crate) locked: SpinLock<Locked>,
    /// Per-device handlers on this namespace's bridge ports, bond slaves
    /// and VLAN trunks, and the devices where cdp_rs subscribed the CDP
    /// address. Changed only under RTNL (the netdevice notifier, the work
    /// item). Empty when the state goes: the namespace's devices are gone,
    /// or the notifier's unregistration removed every handler.
    #[pin]
    pub(crate) hooks: Mutex<KVec<Option<DevHooks>>>,
    /// The interfaces that transmit and the namespace's Device ID, used
    /// under RTNL (`tx.rs`).
    #[pin]
    pub(crate) tx: Mutex<TxState>,
    /// How many times the work item took RTNL (`tx-rtnl-locks`).
    rtnl_locks: AtomicU64,
}

pub(crate) static NET_ID: AtomicU32 = AtomicU32::new(0);

/// How many times the work items of every namespace took RTNL
/// (`tx-rtnl-locks-all`, shown to the initial namespace).
static RTNL_LOCKS_ALL: AtomicU64 = AtomicU64::new(0);

impl PernetState for NetState {
    fn id() -> &'static AtomicU32 {
        &NET_ID
    }

    fn new(net: OwnNet) -> Result<Pin<KBox<Self>>> {
        let st = KBox::pin_init(
            try_pin_init!(Self {
                timer <- Timer::new::<Self>(),
                work <- Work::new::<Self>(),
                procdir: NetProcDir::new(),
                net,
                memcg: MemCg::of_current(),
                locked <- new_spinlock!(
                    Locked {
                        active: None,
                        pending: KVec::new(),
                        lost: 0,
                        wanted: false,
                        timer_due: None,
                        tx_due: None,
                        tx_marks: TxMarks::EMPTY,
                        rx_wait_max_ns: 0,
                        refused: RefusedLimit::NEW,
                    },
                    "cdp_rs_table"
                ),
                hooks <- new_mutex!(KVec::new(), "cdp_rs_hooks"),
                tx <- new_mutex!(TxState::new(), "cdp_rs_tx"),
                rtnl_locks: AtomicU64::new(0),
            }? Error),
            GFP_KERNEL_ACCOUNT,
        )?;
        // The host's files are there from the start; users and scripts
        // expect them.
        if st.net.net().is_initial() {
            st.make_procdir()?;
        }
        Ok(st)
    }

    fn exit(&self) {
        // The order of "Teardown" above.
        self.timer.shutdown();
        self.work.cancel();
        self.procdir.remove();
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
                if l.tx_due.is_some_and(|t| t <= now) {
                    l.tx_due = None;
                    self.work.schedule();
                }
            }
            let Some(a) = l.active.as_deref_mut() else {
                return;
            };
            let cap = a.table.capacity();
            let mut mon = Monitor::new(self.net.net(), &mut l.refused, now);
            let (_, n) = a
                .table
                .expire_range_with(from, from + EXPIRE_STEP, now, &mut mon);
            next = match (next, n) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            from += EXPIRE_STEP;
            if from >= cap {
                let next = match (next, l.tx_due) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                if let Some(n) = next {
                    self.rearm(&mut l.timer_due, n);
                }
                return;
            }
        }
    }
}

crate::impl_has_work!(NetState, work);

impl WorkOwner for NetState {
    /// Allocates the table when the receive path asked for it and takes
    /// the frames kept meanwhile; adds the VLAN taps the receive path asked
    /// for; advertises the host where it is due (`tx.rs`).
    fn run(&self) {
        if lock_bh(&self.locked).wanted {
            // A failure counts the kept frames as lost; the next frame
            // asks again.
            let _ = self.activate();
        }
        // RTNL only when there is something to do under it: VLAN taps
        // asked for, or ports to look at (`tx_run`).
        let wanted = lock_bh(&self.locked)
            .active
            .as_deref_mut()
            .map(|a| a.vlan.take_requests())
            .filter(|w| w.iter().any(|&i| i != 0));
        let mut held = None;
        if let Some(wanted) = wanted {
            let rtnl = self.work_rtnl();
            for ifindex in wanted.into_iter().filter(|&i| i != 0) {
                // Checked under RTNL, which the unloading module takes
                // (through the notifier) after setting it: no tap outlives
                // the module.
                if STOPPING.load(Ordering::Relaxed) {
                    return;
                }
                if let Some(dev) = rtnl.dev_by_index(self.net.net(), ifindex) {
                    self.add_vlan_tap(&dev);
                }
            }
            held = Some(rtnl);
        }
        self.tx_run(held);
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
        // Frames kept for it are not taken under a device that is gone.
        for p in lock_bh(&self.locked).pending.as_mut_slice() {
            if p.ifindex == ifindex {
                p.ifindex = 0;
            }
        }
        self.walk(|t, from, to, ev| {
            t.remove_interface_range_with(ifindex, from, to, ev);
        });
        if let Some(a) = lock_bh(&self.locked).active.as_deref_mut() {
            a.table.forget_interface(ifindex);
        }
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
            let Some(a) = l.active.as_deref_mut() else {
                return;
            };
            let cap = a.table.capacity();
            if from >= cap {
                return;
            }
            let mut mon = Monitor::new(self.net.net(), &mut l.refused, params::now_ms());
            f(&mut a.table, from, from + EXPIRE_STEP, &mut mon);
            from += EXPIRE_STEP;
        }
    }

    /// Makes sure the namespace has its table, big enough for the frames
    /// kept meanwhile (process context), then takes them, in the order they
    /// came. The table starts with as many slots as there are kept frames
    /// (one for a namespace that heard one neighbor) and grows, at least
    /// doubling, up to `max_neighbors` when the receive path finds it full.
    /// Everything is charged to the namespace's memory cgroup. On an
    /// allocation failure the kept frames are counted (input, no memory).
    pub(crate) fn activate(&self) -> Result {
        // Best effort: the table works without its /proc/net files, and the
        // global ones show it too.
        if let Err(e) = self.make_procdir() {
            pr_warn!("cannot create /proc/net/cdp: error {}\n", e.to_errno());
        }
        self.memcg.charge(|| self.activate_charged())
    }

    fn activate_charged(&self) -> Result {
        // A few rounds at most: each one makes room for every frame kept
        // when it started, or reaches the limits; more frames may be kept
        // meanwhile (64 at most).
        for _ in 0..8 {
            let (kept, slots, ifs) = {
                let l = lock_bh(&self.locked);
                let kept = l.pending.len();
                let ifindexes = l.pending.as_slice().iter().map(|p| p.ifindex);
                match l.table() {
                    None => (kept, 0, 0),
                    // Grown when the kept frames may not fit, or when it is
                    // full (the receive path asks ahead of need).
                    Some(t) if t.len() + kept > t.capacity() || t.len() >= t.capacity() => (
                        kept,
                        t.grow_target(kept.max(1)),
                        t.ifstats_target(ifindexes),
                    ),
                    Some(t) => (kept, t.capacity(), t.ifstats_target(ifindexes)),
                }
            };
            if slots == 0 {
                match Active::new(kept) {
                    Ok(mut a) => {
                        let mut l = lock_bh(&self.locked);
                        if l.active.is_none() {
                            a.table.count_lost(core::mem::take(&mut l.lost));
                            l.active = Some(a);
                        }
                    }
                    Err(e) => {
                        self.give_up_pending();
                        return Err(e);
                    }
                }
                continue;
            }
            // Without memory to grow, the kept frames are taken anyway: a
            // new neighbor or interface among them is counted (input, no
            // memory).
            let no_memory = self.grow(slots, ifs).is_err();
            let mut guard = lock_bh(&self.locked);
            let l = &mut *guard;
            let room = l.table().is_some_and(|t| {
                (t.capacity() >= t.limit() || t.len() + l.pending.len() <= t.capacity())
                    && l.pending
                        .as_slice()
                        .iter()
                        .all(|p| !t.if_place_wanted(p.ifindex))
            });
            if room || no_memory {
                l.wanted = false;
                let pending = core::mem::take(&mut l.pending);
                for p in pending.iter() {
                    crate::rx::take_pending(self, l, p);
                }
                drop(guard);
                drop(pending);
                return if no_memory { Err(ENOMEM) } else { Ok(()) };
            }
        }
        // Still not enough room (frames kept faster than the table grew):
        // the work item runs again.
        self.work.schedule();
        Ok(())
    }

    /// Grows the table to `slots` slots and `ifs` counter places where it
    /// has fewer (process context; the caller charges the memory cgroup).
    /// The old storage is freed outside the lock.
    fn grow(&self, slots: usize, ifs: usize) -> Result {
        let (cap, ifcap) = match lock_bh(&self.locked).table() {
            Some(t) => (t.capacity(), t.ifstats_capacity()),
            None => return Ok(()),
        };
        let new_slots = if slots > cap {
            Some(storage(slots)?)
        } else {
            None
        };
        let new_ifs = if ifs > ifcap {
            Some(KVVec::from_elem(IfStats::EMPTY, ifs, GFP_KERNEL_ACCOUNT)?)
        } else {
            None
        };
        let mut l = lock_bh(&self.locked);
        let Some(a) = l.active.as_deref_mut() else {
            return Ok(());
        };
        // What is handed back (the old storage, or the new if the table grew
        // meanwhile) is freed after the lock.
        let old_slots = new_slots.map(|(s, b)| a.table.grow(s, b));
        let old_ifs = new_ifs.map(|i| a.table.grow_ifstats(i));
        drop(l);
        drop(old_slots);
        drop(old_ifs);
        Ok(())
    }

    /// Makes sure the table has a counter place for one more interface
    /// (process context: before an admin status is set or an advertisement
    /// counted), growing its counters if they are full.
    pub(crate) fn make_if_room(&self, ifindex: i32) {
        let ifs = match lock_bh(&self.locked).table() {
            Some(t) if t.if_place_wanted(ifindex) => t.ifstats_target(core::iter::once(ifindex)),
            _ => return,
        };
        // Without memory the place is not made: the caller's counting or
        // setting finds no place, as when every place is taken.
        let _ = self.memcg.charge(|| self.grow(0, ifs));
    }

    /// The table could not be allocated or grown: the kept frames are
    /// counted as lost (input, no memory); the next frame asks again.
    fn give_up_pending(&self) {
        let mut guard = lock_bh(&self.locked);
        let l = &mut *guard;
        l.wanted = false;
        let pending = core::mem::take(&mut l.pending);
        match l.active.as_deref_mut() {
            Some(a) => a.table.count_lost(pending.len() as u64),
            None => l.lost += pending.len() as u64,
        }
        drop(guard);
        drop(pending);
    }

    /// Creates `/proc/net/cdp` unless it exists (process context).
    fn make_procdir(&self) -> Result {
        self.procdir
            .create(&self.net, c_str!("cdp"), &crate::procfs::net_files())
    }

    /// Has the work item run at `at` (monotonic ms) for the transmitter,
    /// through the timer, instead of when it asked before (`None`: not
    /// for the transmitter). A timer armed earlier fires and is re-armed.
    pub(crate) fn tx_schedule(&self, at: Option<u64>) {
        let mut guard = lock_bh(&self.locked);
        let l = &mut *guard;
        l.tx_due = at;
        if let Some(at) = at {
            self.rearm(&mut l.timer_due, at);
        }
    }

    /// Takes RTNL for the work item, counted (`tx-rtnl-locks`).
    pub(crate) fn work_rtnl(&self) -> Rtnl {
        self.rtnl_locks.fetch_add(1, Ordering::Relaxed);
        RTNL_LOCKS_ALL.fetch_add(1, Ordering::Relaxed);
        Rtnl::lock()
    }

    /// How many times this namespace's work item took RTNL, and (for the
    /// initial namespace only) every namespace's.
    pub(crate) fn rtnl_locks(&self) -> (u64, Option<u64>) {
        let all = self
            .net()
            .is_initial()
            .then(|| RTNL_LOCKS_ALL.load(Ordering::Relaxed));
        (self.rtnl_locks.load(Ordering::Relaxed), all)
    }

    /// Arms the aging timer for an expiry at `exp` (monotonic ms), unless it
    /// is already due earlier. `due` is the lock's `timer_due` (held).
    pub(crate) fn rearm(&self, due: &mut Option<u64>, exp: u64) {
        let sooner = match *due {
            Some(d) => exp < d,
            None => true,
        };
        if sooner {
            let ms = exp
                .saturating_sub(params::now_ms())
                .min(u64::from(u32::MAX)) as u32;
            *due = Some(exp);
            self.timer.arm_ms(ms);
        }
    }

    /// Records that `ifindex` has (`on`) or no longer has a VLAN tap.
    /// False when there is no room (or no table: taps come after it).
    pub(crate) fn set_tapped(&self, ifindex: i32, on: bool) -> bool {
        lock_bh(&self.locked)
            .active
            .as_deref_mut()
            .is_some_and(|a| a.vlan.set_tapped(ifindex, on))
    }

    /// The namespace.
    pub(crate) fn net(&self) -> Net<'_> {
        self.net.net()
    }
}

/// Slots the aging timer, interface removal, rename and `clear` walk per
/// lock hold.
const EXPIRE_STEP: usize = 256;
