// SPDX-License-Identifier: GPL-2.0

//! What a piece of code may assume about the context it runs in, as types:
//! the kernel functions that need RTNL, an RCU read-side section, or the
//! module's per-namespace state to stay registered take a proof of it, and
//! only the code that knows (the callback trampolines in `sys/`, the RTNL
//! guard) makes one.
//!
//! The traits are `unsafe` to implement: an implementation claims what the
//! trait documents.

/// Proof that the current task holds RTNL while the value is borrowed.
///
/// # Safety
///
/// Implementations are only ever constructed with RTNL held, and are not
/// `Send`, so they stay with the task that holds it.
pub(crate) unsafe trait HoldsRtnl {}

/// Proof that the code runs in an RCU read-side critical section while the
/// value is borrowed.
///
/// # Safety
///
/// As for [`HoldsRtnl`], with the RCU read lock.
pub(crate) unsafe trait HoldsRcu {}

/// Proof that the code runs in a callback of a registration that the module
/// removes, waiting for the callbacks in progress, before it unregisters
/// its pernet subsystem (`Pernet`): the packet handlers, the netdevice
/// notifier and the global /proc files, which `CdpRs` in `cdp_main.rs`
/// drops before its `Pernet`; a namespace's own /proc files, which its
/// state removes in `PernetState::exit` before it is freed; the address
/// notifiers, which `CdpRs` also drops before its `Pernet`; and the
/// per-device handlers, which the notifier's
/// `Unregister` (replayed when the notifier is unregistered) removes. A
/// namespace's state is freed by the namespace's exit, after its devices
/// (and so their handlers) are gone, or by the pernet unregistration:
/// while the proof is borrowed, the state of a namespace whose device or
/// file the callback was handed stays alive.
///
/// # Safety
///
/// Implementations are only constructed inside such callbacks.
pub(crate) unsafe trait InCallback {}

/// A context proof type: not `Send`, made only by `assume` in `sys/`.
macro_rules! context {
    ($(#[$doc:meta])* $name:ident, $made_in:literal) => {
        $(#[$doc])*
        pub(crate) struct $name {
            _not_send: core::marker::PhantomData<*mut ()>,
        }

        impl $name {
            #[doc = concat!("# Safety\n\nOnly in ", $made_in, ".")]
            pub(super) unsafe fn assume() -> Self {
                Self {
                    _not_send: core::marker::PhantomData,
                }
            }
        }
    };
}

context!(
    /// The context of a packet handler: softirq, under `rcu_read_lock()`
    /// (`__netif_receive_skb_core`), inside a callback of the module.
    RxCtx,
    "a packet handler the module registered"
);

// SAFETY: made only in packet handlers, which the stack runs under
// `rcu_read_lock()`.
unsafe impl HoldsRcu for RxCtx {}
// SAFETY: made only in the module's packet handlers (see `InCallback`).
unsafe impl InCallback for RxCtx {}

context!(
    /// The context of the netdevice notifier: process context, RTNL held,
    /// inside a callback of the module.
    NotifierCtx,
    "the module's netdevice notifier callback"
);

// SAFETY: netdevice notifier chains are called with RTNL held.
unsafe impl HoldsRtnl for NotifierCtx {}
// SAFETY: made only in the module's notifier callback (see `InCallback`).
unsafe impl InCallback for NotifierCtx {}

context!(
    /// The context of the address notifiers (IPv4's, called under RTNL;
    /// IPv6's, atomic: under RCU, maybe in softirq): may not sleep, inside
    /// a callback of the module. The notifiers are unregistered, which
    /// waits for callbacks in progress, before the pernet subsystem.
    AddrCtx,
    "the module's address notifier callback"
);

// SAFETY: made only in the module's address notifier callback, whose
// registration `CdpRs` drops (waiting for callbacks in progress) before its
// `Pernet` (see `InCallback`); the address's device, which holds its
// namespace, is alive during the call.
unsafe impl InCallback for AddrCtx {}

context!(
    /// The context of a /proc file operation (open, read, write): process
    /// context, inside a callback of the module.
    ProcCtx,
    "a /proc file operation of the module"
);

// SAFETY: made only in the module's /proc file operations, which
// `proc_remove` waits for: the global files are removed before the pernet
// subsystem is unregistered (see `InCallback`), a namespace's own files by
// its state's `PernetState::exit`, before the state is freed.
unsafe impl InCallback for ProcCtx {}

context!(
    /// The context of a handler of the module's generic netlink family:
    /// process context, inside a callback of the module (the family is
    /// unregistered, which waits for handlers in progress, before the
    /// pernet subsystem; a dump in progress holds a module reference).
    GenlCtx,
    "a generic netlink handler of the module"
);

// SAFETY: made only in the family's handlers (see `InCallback`).
unsafe impl InCallback for GenlCtx {}

context!(
    /// The context of a walk over every namespace (`sys/tx.rs`): from the
    /// `tx_default` parameter's trigger or the module's unload, while a
    /// `TxReady` lives, which is created after the pernet subsystem is
    /// registered and dropped before it is unregistered. The walk holds
    /// RCU or `net_rwsem`, so each namespace it visits has its state.
    TxCtx,
    "the namespace walks of sys/tx.rs"
);

// SAFETY: see the type's documentation: every namespace visited has its
// state for the duration of the call.
unsafe impl InCallback for TxCtx {}
