// SPDX-License-Identifier: GPL-2.0

//! Per-network-namespace state (`register_pernet_subsys()`).

use super::bindings;
use super::ctx::InCallback;
use super::net::{Net, OwnNet};
use core::ffi::c_int;
use core::marker::{PhantomData, PhantomPinned};
use core::pin::Pin;
use core::sync::atomic::{AtomicPtr, AtomicU32, Ordering};
use kernel::prelude::*;
use kernel::types::Opaque;

/// State kept for each network namespace.
pub(crate) trait PernetState: Sized + Send + Sync {
    /// Storage for the pernet id the kernel assigns.
    fn id() -> &'static AtomicU32;
    /// Builds the state of a new namespace (process context). `net` may be
    /// kept in the state (only there).
    fn new(net: OwnNet) -> Result<Pin<KBox<Self>>>;
    /// Called when the namespace goes or the subsystem is unregistered,
    /// before the state is dropped, while it is still whole: stops what
    /// could still reach it (its timers, work items and files) and waits
    /// for their callbacks in progress. Process context.
    fn exit(&self);
}

/// A registered pernet subsystem keeping a `T` per namespace; unregistered
/// (dropping every `T`) on drop.
///
/// # Invariants
///
/// `ops` never moves, and is registered from the end of `register` to `drop`
/// when `registered` is set. While it is registered, the generic slot
/// `T::id()` of every live namespace holds a pointer from `KBox::into_raw`
/// of a pinned `T`, or NULL.
pub(crate) struct Pernet<T: PernetState> {
    ops: Opaque<bindings::pernet_operations>,
    registered: bool,
    _t: PhantomData<T>,
    _pin: PhantomPinned,
}

// SAFETY: only touched in `register` and `drop`.
unsafe impl<T: PernetState> Send for Pernet<T> {}
// SAFETY: no method gives access to the inner ops.
unsafe impl<T: PernetState> Sync for Pernet<T> {}

/// The namespace's slot, read and written with atomics (`READ_ONCE` and
/// `WRITE_ONCE` semantics, ordered): `init` and `exit` write it while the
/// receive path and the other callbacks may read it on other CPUs.
fn slot<'a, T: PernetState>(net: *mut bindings::net) -> &'a AtomicPtr<T> {
    // SAFETY: called from init/exit for a live net with our id registered;
    // `.size` made the generic area one pointer large, aligned for one.
    unsafe {
        AtomicPtr::from_ptr(
            bindings::cdp_net_generic(net, T::id().load(Ordering::Relaxed)).cast::<*mut T>(),
        )
    }
}

/// The pernet init callback.
///
/// # Safety
///
/// Called by the pernet core only, for a live `net` with our id assigned.
unsafe extern "C" fn init<T: PernetState>(net: *mut bindings::net) -> c_int {
    // SAFETY: the net is alive during init.
    let Some(n) = (unsafe { Net::from_raw(net) }) else {
        return EINVAL.to_errno();
    };
    // SAFETY: `T::new` may keep it only in the state, which `exit` frees
    // before the namespace goes.
    match T::new(unsafe { OwnNet::new(n) }) {
        Ok(state) => {
            // SAFETY: the state is never moved out of its box: it is only
            // turned back into the same pinned box in `exit`.
            let raw = KBox::into_raw(unsafe { Pin::into_inner_unchecked(state) });
            // Published with release ordering: a reader that sees the
            // pointer sees the state initialised.
            slot::<T>(net).store(raw, Ordering::Release);
            0
        }
        Err(e) => e.to_errno(),
    }
}

/// The pernet exit callback.
///
/// # Safety
///
/// Called by the pernet core only, once per `init`, after the namespace's
/// devices are gone.
unsafe extern "C" fn exit<T: PernetState>(net: *mut bindings::net) {
    // The slot holds what `init` stored (type invariant). `exit`
    // runs when the namespace goes, after its devices (and the per-device
    // handlers on them) are gone, or when the subsystem is unregistered,
    // after the module removed every global callback that could still reach
    // the state (see `InCallback`). What the state itself owns (its
    // namespace's /proc files, timers, work) it stops in `T::exit`, before
    // it is freed.
    let raw = slot::<T>(net).swap(core::ptr::null_mut(), Ordering::AcqRel);
    if !raw.is_null() {
        // SAFETY: `raw` came from `KBox::into_raw` in `init` and is freed
        // only below: the state is whole while `exit` stops what still
        // reaches it (its own files, whose operations in progress are
        // waited for there).
        unsafe { &*raw }.exit();
        // SAFETY: `raw` came from `KBox::into_raw` in `init`; after
        // `T::exit` nothing reaches it.
        drop(unsafe { KBox::from_raw(raw) });
    }
}

impl<T: PernetState> Pernet<T> {
    /// Registers the subsystem: `T::new` runs for every existing namespace
    /// now and for every new one later.
    pub(crate) fn register() -> Result<Pin<KBox<Self>>> {
        let ops = bindings::pernet_operations {
            init: Some(init::<T>),
            exit: Some(exit::<T>),
            id: T::id().as_ptr(),
            size: core::mem::size_of::<*mut T>(),
            ..Default::default()
        };
        let mut this = KBox::pin(
            Self {
                ops: Opaque::new(ops),
                registered: false,
                _t: PhantomData,
                _pin: PhantomPinned,
            },
            GFP_KERNEL,
        )?;
        // SAFETY: `ops` is initialised and pinned until `drop`.
        let r = unsafe { bindings::register_pernet_subsys(this.ops.get()) };
        if r != 0 {
            // Not registered (the core already ran `exit` for the namespaces
            // whose `init` succeeded): dropped without unregistering.
            return Err(Error::from_errno(r));
        }
        // SAFETY: only a flag is written; nothing is moved out of the pin.
        unsafe { this.as_mut().get_unchecked_mut() }.registered = true;
        Ok(this)
    }

    /// The state of `net`, if it has one. Only in a callback of the module
    /// (the proof), which keeps the subsystem registered while it runs.
    pub(crate) fn get<'a>(net: Net<'a>, _cb: &'a impl InCallback) -> Option<&'a T> {
        let p = net
            .generic(T::id().load(Ordering::Relaxed))
            .cast::<*mut T>();
        // SAFETY: the generic area of a live namespace with our id is one
        // aligned pointer (see `slot`), read atomically (acquire: pairs
        // with the release in `init`).
        let raw = unsafe { AtomicPtr::from_ptr(p) }.load(Ordering::Acquire);
        // SAFETY: the callback the proof comes from is waited for before
        // the subsystem is unregistered (`InCallback`), so it is registered
        // now, and the slot holds NULL or a live pinned `T` (type
        // invariant). That `T` is freed by the pernet `exit`: when the
        // namespace goes, which does not happen while a device of it is in
        // use by the callback (`net` is borrowed from one for `'a`), or at
        // unregistration, which comes after the global callbacks are
        // removed (waiting for those in progress). Either way `T::exit`
        // runs first and removes the namespace's own files, waiting for
        // their operations in progress (a `ProcCtx` of one of them): the
        // `T` lives for `'a`.
        unsafe { raw.as_ref() }
    }
}

impl<T: PernetState> Drop for Pernet<T> {
    fn drop(&mut self) {
        if !self.registered {
            return;
        }
        // SAFETY: registered (type invariant); this runs `exit` for every
        // namespace, freeing every `T`.
        unsafe { bindings::unregister_pernet_subsys(self.ops.get()) };
    }
}
