// SPDX-License-Identifier: GPL-2.0

//! A `timer_list` embedded in a pinned structure.

use super::bindings;
use core::marker::PhantomPinned;
use core::pin::Pin;
use kernel::prelude::*;
use kernel::types::Opaque;

/// Where a structure keeps its [`Timer`]: implemented by
/// [`impl_has_timer!`](crate::impl_has_timer), which computes the offset.
///
/// # Safety
///
/// `OFFSET` is the offset of a [`Timer`] field inside `Self`, so a pointer
/// to the timer minus `OFFSET` is a pointer to the owner.
pub(crate) unsafe trait HasTimer: Sized {
    /// Offset of the [`Timer`] field.
    const OFFSET: usize;
}

/// Implements [`HasTimer`] for `$owner`, whose timer is the field `$field`.
#[macro_export]
macro_rules! impl_has_timer {
    ($owner:ty, $field:ident) => {
        // SAFETY: the offset is that of `$field`, which the function below
        // checks is a `Timer`.
        unsafe impl $crate::sys::timer::HasTimer for $owner {
            const OFFSET: usize = {
                let _check: fn(&$owner) -> &$crate::sys::timer::Timer = |o| &o.$field;
                ::core::mem::offset_of!($owner, $field)
            };
        }
    };
}

/// The owner of a [`Timer`] and what it runs when the timer fires.
pub(crate) trait TimerOwner: HasTimer {
    /// Runs in softirq context when the timer fires.
    fn fired(&self);
}

/// A kernel timer; shut down (waiting for a running callback) on drop.
///
/// # Invariants
///
/// `t` was set up with `timer_setup()` to call `fired::<T>`, and the owner
/// `T` (which contains this timer at `T::OFFSET`) is pinned.
#[pin_data(PinnedDrop)]
#[repr(transparent)]
pub(crate) struct Timer {
    #[pin]
    t: Opaque<bindings::timer_list>,
    #[pin]
    _pin: PhantomPinned,
}

// SAFETY: a `timer_list` is only touched through the timer API, which does
// its own locking and may be used from any CPU.
unsafe impl Send for Timer {}
// SAFETY: see `Send`: `arm_ms` (`mod_timer`) is safe to call concurrently.
unsafe impl Sync for Timer {}

/// The timer callback.
///
/// # Safety
///
/// Called by the timer core only, for a timer set up by [`Timer::new`].
unsafe extern "C" fn fired<T: TimerOwner>(t: *mut bindings::timer_list) {
    // SAFETY: by the `HasTimer` contract the timer lives `T::OFFSET` bytes
    // into a `T`, which is alive: it shuts the timer down before it is
    // freed.
    let owner = unsafe { &*(t.cast::<u8>().sub(T::OFFSET).cast::<T>()) };
    owner.fired();
}

impl Timer {
    /// A timer that calls `T::fired` on its owner.
    pub(crate) fn new<T: TimerOwner>() -> impl PinInit<Self> {
        pin_init!(Self {
            // SAFETY: `timer_setup` initialises the timer in place, with
            // its own lockdep key, and the slot is pinned.
            t <- Opaque::ffi_init(|slot| unsafe {
                bindings::cdp_timer_setup(slot, Some(fired::<T>))
            }),
            _pin: PhantomPinned,
        })
    }

    /// (Re)arms the timer to fire in `ms` milliseconds.
    pub(crate) fn arm_ms(&self, ms: u32) {
        // SAFETY: the timer was set up (type invariant); `mod_timer` may be
        // called from any context and is a no-op after shutdown.
        unsafe {
            let when = bindings::cdp_msecs_to_jiffies_from_now(ms);
            bindings::mod_timer(self.t.get(), when);
        }
    }

    /// Stops the timer for good: waits for a running callback, and
    /// [`Timer::arm_ms`] does nothing afterwards. The owner calls it before
    /// it tears down what the callback uses (dropping does it again, which
    /// is harmless).
    pub(crate) fn shutdown(&self) {
        // SAFETY: the timer was set up (type invariant);
        // `timer_shutdown_sync` may be called more than once, in process
        // context.
        unsafe { bindings::timer_shutdown_sync(self.t.get()) };
    }
}

#[pinned_drop]
impl PinnedDrop for Timer {
    fn drop(self: Pin<&mut Self>) {
        // SAFETY: the timer was set up; after `timer_shutdown_sync` it is
        // neither running nor can it be re-armed, so the owner may go.
        unsafe { bindings::timer_shutdown_sync(self.t.get()) };
    }
}
