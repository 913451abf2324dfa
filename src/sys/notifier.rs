// SPDX-License-Identifier: GPL-2.0

//! Netdevice notifier registration.

use super::bindings;
use super::ctx::NotifierCtx;
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
