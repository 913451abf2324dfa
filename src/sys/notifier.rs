// SPDX-License-Identifier: GPL-2.0

//! Netdevice and address notifier registration.

use super::bindings;
use super::ctx::{AddrCtx, NotifierCtx};
use super::net::NetDev;
use core::ffi::{c_int, c_ulong, c_void};
use core::marker::{PhantomData, PhantomPinned};
use core::pin::Pin;
use kernel::prelude::*;
use kernel::types::Opaque;

/// Netdevice events cdp_rs acts on.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Event {
    /// A device was registered (also replayed for existing devices when
    /// the notifier is registered).
    Register,
    /// A device is going away (also replayed when the notifier is
    /// unregistered).
    Unregister,
    /// A device was renamed.
    ChangeName,
    /// A device was linked to or unlinked from an upper device (bond,
    /// bridge).
    ChangeUpper,
    /// A device (a bond taking its first slave) is about to change its
    /// hardware type; its multicast list is flushed next.
    PreTypeChange,
    /// A device changed its hardware type.
    PostTypeChange,
    /// A device was brought up.
    Up,
    /// A device is about to be brought down (it can still send).
    GoingDown,
    /// A device's state changed (carrier, among others).
    Change,
    /// A device's hardware address changed.
    ChangeAddr,
    /// A device's MTU changed.
    ChangeMtu,
}

/// What a netdevice notifier does.
pub(crate) trait NetdevHandler {
    /// Called in process context with RTNL held (`cx` proves it).
    fn event(ev: Event, dev: &NetDev<'_>, cx: &NotifierCtx);
}

/// A registered netdevice notifier; unregistered on drop.
///
/// # Invariants
///
/// `nb` never moves, and is registered from the end of `register` to
/// `drop` when `registered` is set.
pub(crate) struct Notifier<H: NetdevHandler> {
    nb: Opaque<bindings::notifier_block>,
    registered: bool,
    _h: PhantomData<H>,
    _pin: PhantomPinned,
}

// SAFETY: only touched in `register` and `drop`.
unsafe impl<H: NetdevHandler> Send for Notifier<H> {}
// SAFETY: no method gives access to the inner block.
unsafe impl<H: NetdevHandler> Sync for Notifier<H> {}

/// The notifier callback.
///
/// # Safety
///
/// Called by the notifier chain only, with `ptr` the event's
/// `netdev_notifier_info` and RTNL held.
unsafe extern "C" fn call<H: NetdevHandler>(
    _nb: *mut bindings::notifier_block,
    event: c_ulong,
    ptr: *mut c_void,
) -> c_int {
    let ev = match event as u32 {
        bindings::CDP_NETDEV_REGISTER => Event::Register,
        bindings::CDP_NETDEV_UNREGISTER => Event::Unregister,
        bindings::CDP_NETDEV_CHANGENAME => Event::ChangeName,
        bindings::CDP_NETDEV_CHANGEUPPER => Event::ChangeUpper,
        bindings::CDP_NETDEV_PRE_TYPE_CHANGE => Event::PreTypeChange,
        bindings::CDP_NETDEV_POST_TYPE_CHANGE => Event::PostTypeChange,
        bindings::CDP_NETDEV_UP => Event::Up,
        bindings::CDP_NETDEV_GOING_DOWN => Event::GoingDown,
        bindings::CDP_NETDEV_CHANGE => Event::Change,
        bindings::CDP_NETDEV_CHANGEADDR => Event::ChangeAddr,
        bindings::CDP_NETDEV_CHANGEMTU => Event::ChangeMtu,
        _ => return bindings::CDP_NOTIFY_DONE as c_int,
    };
    let info = ptr as *const bindings::netdev_notifier_info;
    // SAFETY: for netdevice notifiers `ptr` is a `netdev_notifier_info`
    // whose device is alive during the call (RTNL is held).
    if let Some(dev) = unsafe { NetDev::from_raw((*info).dev) } {
        // SAFETY: the module's notifier callback; notifier chains are
        // called with RTNL held.
        let cx = unsafe { NotifierCtx::assume() };
        H::event(ev, &dev, &cx);
    }
    bindings::CDP_NOTIFY_DONE as c_int
}

impl<H: NetdevHandler> Notifier<H> {
    /// Registers the notifier; `H` immediately sees `Register` for every
    /// existing device in every namespace.
    pub(crate) fn register() -> Result<Pin<KBox<Self>>> {
        let nb = bindings::notifier_block {
            notifier_call: Some(call::<H>),
            ..Default::default()
        };
        let mut this = KBox::pin(
            Self {
                nb: Opaque::new(nb),
                registered: false,
                _h: PhantomData,
                _pin: PhantomPinned,
            },
            GFP_KERNEL,
        )?;
        // SAFETY: `nb` is initialised and pinned until `drop` unregisters it.
        let r = unsafe { bindings::register_netdevice_notifier(this.nb.get()) };
        if r != 0 {
            // Not registered: dropped (freed) without unregistering.
            return Err(Error::from_errno(r));
        }
        // SAFETY: only a flag is written; nothing is moved out of the pin.
        unsafe { this.as_mut().get_unchecked_mut() }.registered = true;
        Ok(this)
    }
}

impl<H: NetdevHandler> Drop for Notifier<H> {
    fn drop(&mut self) {
        if !self.registered {
            return;
        }
        // SAFETY: `nb` is registered (type invariant). Unregistering
        // replays `Unregister` for every device, then no call is running.
        unsafe { bindings::unregister_netdevice_notifier(self.nb.get()) };
    }
}

/// What an address notifier does.
pub(crate) trait AddrHandler {
    /// An IPv4 or IPv6 address of `dev` was added or removed. Called in
    /// atomic context for IPv6 (under RCU, maybe in softirq): may not
    /// sleep; `cx` proves the module's callback.
    fn changed(dev: &NetDev<'_>, cx: &AddrCtx);
}

/// A registered address notifier (`register_inetaddr_notifier`, or
/// `register_inet6addr_notifier` with `v6`), one per module and family;
/// unregistered on drop.
///
/// # Invariants
///
/// `nb` never moves, and is registered on the chain `v6` names from the
/// end of `register` to `drop` when `registered` is set.
pub(crate) struct AddrNotifier<H: AddrHandler> {
    nb: Opaque<bindings::notifier_block>,
    v6: bool,
    registered: bool,
    _h: PhantomData<H>,
    _pin: PhantomPinned,
}

// SAFETY: only touched in `register` and `drop`.
unsafe impl<H: AddrHandler> Send for AddrNotifier<H> {}
// SAFETY: no method gives access to the inner block.
unsafe impl<H: AddrHandler> Sync for AddrNotifier<H> {}

/// The address notifier callback.
///
/// # Safety
///
/// Called by the inetaddr chain only (`V6` false), with `ptr` a `struct
/// in_ifaddr`, or by the inet6addr chain (`V6` true), with `ptr` a
/// `struct inet6_ifaddr`; the address's device is alive during the call.
unsafe extern "C" fn addr_call<H: AddrHandler, const V6: bool>(
    _nb: *mut bindings::notifier_block,
    _event: c_ulong,
    ptr: *mut c_void,
) -> c_int {
    // SAFETY: `ptr` is the chain's address structure (see above); the
    // helper only follows its device pointers.
    let dev = unsafe { bindings::cdp_addr_event_dev(ptr, V6) };
    // SAFETY: the address's in_device/inet6_dev holds a reference to its
    // device, alive during the call.
    if let Some(dev) = unsafe { NetDev::from_raw(dev) } {
        // SAFETY: the module's address notifier callback (see `AddrCtx`).
        let cx = unsafe { AddrCtx::assume() };
        H::changed(&dev, &cx);
    }
    bindings::CDP_NOTIFY_DONE as c_int
}

impl<H: AddrHandler> AddrNotifier<H> {
    /// Registers the notifier on the IPv4 (`v6` false) or IPv6 address
    /// chain (nothing when the kernel has no IPv6). Existing addresses are
    /// not replayed.
    pub(crate) fn register(v6: bool) -> Result<Pin<KBox<Self>>> {
        let nb = bindings::notifier_block {
            notifier_call: if v6 {
                Some(addr_call::<H, true>)
            } else {
                Some(addr_call::<H, false>)
            },
            ..Default::default()
        };
        let mut this = KBox::pin(
            Self {
                nb: Opaque::new(nb),
                v6,
                registered: false,
                _h: PhantomData,
                _pin: PhantomPinned,
            },
            GFP_KERNEL,
        )?;
        // SAFETY: `nb` is initialised and pinned until `drop` unregisters
        // it from the same chain.
        let r = unsafe { bindings::cdp_register_addr_notifier(this.nb.get(), v6) };
        if r != 0 {
            return Err(Error::from_errno(r));
        }
        // SAFETY: only a flag is written; nothing is moved out of the pin.
        unsafe { this.as_mut().get_unchecked_mut() }.registered = true;
        Ok(this)
    }
}

impl<H: AddrHandler> Drop for AddrNotifier<H> {
    fn drop(&mut self) {
        if !self.registered {
            return;
        }
        // SAFETY: `nb` is registered on the chain `v6` names (type
        // invariant). The unregistration waits for callbacks in progress
        // (the blocking chain's rwsem, the atomic chain's
        // `synchronize_rcu`): none runs after it returns.
        unsafe { bindings::cdp_unregister_addr_notifier(self.nb.get(), self.v6) };
    }
}
