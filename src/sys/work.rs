// SPDX-License-Identifier: GPL-2.0

//! A `work_struct` embedded in a pinned structure: process-context work
//! asked for from the receive path.

use super::bindings;
use core::marker::PhantomPinned;
use core::pin::Pin;
use kernel::prelude::*;
use kernel::types::Opaque;

/// Where a structure keeps its [`Work`]: implemented by
/// [`impl_has_work!`](crate::impl_has_work), which computes the offset.
///
/// # Safety
///
/// `OFFSET` is the offset of a [`Work`] field inside `Self`
/// (`core::mem::offset_of!`), so a pointer to the work item minus `OFFSET`
/// is a pointer to the owner.
pub(crate) unsafe trait HasWork: Sized {
    /// Offset of the [`Work`] field.
    const OFFSET: usize;
}

/// Implements [`HasWork`] for `$owner`, whose work item is the field
/// `$field`.
#[macro_export]
macro_rules! impl_has_work {
    ($owner:ty, $field:ident) => {
        // SAFETY: the offset is that of `$field`, which the function below
        // checks is a `Work`.
        unsafe impl $crate::sys::work::HasWork for $owner {
            const OFFSET: usize = {
                let _check: fn(&$owner) -> &$crate::sys::work::Work = |o| &o.$field;
                ::core::mem::offset_of!($owner, $field)
            };
        }
    };
}

/// The owner of a [`Work`] and what it runs.
pub(crate) trait WorkOwner: HasWork {
    /// Runs in process context (the system workqueue).
    fn run(&self);
}

/// A work item on the system workqueue; cancelled (waiting for a running
/// callback) on drop.
///
/// # Invariants
///
/// `w` was set up with `INIT_WORK()` to call `run::<T>`, and the owner `T`
/// (which contains this item at `T::OFFSET`) is pinned.
#[pin_data(PinnedDrop)]
#[repr(transparent)]
pub(crate) struct Work {
    #[pin]
    w: Opaque<bindings::work_struct>,
    #[pin]
    _pin: PhantomPinned,
}

// SAFETY: a `work_struct` is only touched through the workqueue API, which
// does its own locking and may be used from any CPU.
unsafe impl Send for Work {}
// SAFETY: see `Send`: `schedule` (`schedule_work`) may be called
// concurrently from any context.
unsafe impl Sync for Work {}

/// The work callback.
///
/// # Safety
///
/// Called by the workqueue only, for an item set up by [`Work::new`].
unsafe extern "C" fn run<T: WorkOwner>(w: *mut bindings::work_struct) {
    // SAFETY: by the `HasWork` contract the item lives `T::OFFSET` bytes
    // into a `T`, which is alive: it cancels the item before it is freed.
    let owner = unsafe { &*(w.cast::<u8>().sub(T::OFFSET).cast::<T>()) };
    owner.run();
}

impl Work {
    /// A work item that calls `T::run` on its owner.
    pub(crate) fn new<T: WorkOwner>() -> impl PinInit<Self> {
        pin_init!(Self {
            // SAFETY: `INIT_WORK` initialises the item in place and the
            // slot is pinned.
            w <- Opaque::ffi_init(|slot| unsafe {
                bindings::cdp_init_work(slot, Some(run::<T>))
            }),
            _pin: PhantomPinned,
        })
    }

    /// Queues the item unless it is queued already. Any context.
    pub(crate) fn schedule(&self) {
        // SAFETY: the item was set up (type invariant); `schedule_work` may
        // be called from softirq context.
        unsafe { bindings::cdp_schedule_work(self.w.get()) };
    }

    /// Cancels the item and waits for a running callback. The owner calls
    /// it, once nothing can queue the item again, before it tears down what
    /// the callback uses (dropping does it again, which is harmless).
    pub(crate) fn cancel(&self) {
        // SAFETY: the item was set up (type invariant); `cancel_work_sync`
        // may be called more than once, in process context.
        unsafe { bindings::cancel_work_sync(self.w.get()) };
    }
}

#[pinned_drop]
impl PinnedDrop for Work {
    fn drop(self: Pin<&mut Self>) {
        // SAFETY: the item was set up; after `cancel_work_sync` it is
        // neither queued nor running (the owner queues it no more), so the
        // owner may go.
        unsafe { bindings::cancel_work_sync(self.w.get()) };
    }
}
