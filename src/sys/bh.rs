// SPDX-License-Identifier: GPL-2.0

//! Locks shared with the receive path (softirq) must disable bottom halves
//! when taken in process context: this is `spin_lock_bh()` for the
//! `kernel` crate's [`SpinLock`].

use super::bindings;
use core::mem::ManuallyDrop;
use core::ops::{Deref, DerefMut};
use kernel::sync::lock::{spinlock::SpinLockBackend, Guard};
use kernel::sync::SpinLock;

/// A held spinlock with bottom halves disabled; both undone on drop, in
/// that order.
pub(crate) struct BhGuard<'a, T> {
    guard: ManuallyDrop<Guard<'a, T, SpinLockBackend>>,
}

/// Takes `lock` with bottom halves disabled (process context).
pub(crate) fn lock_bh<T>(lock: &SpinLock<T>) -> BhGuard<'_, T> {
    // SAFETY: `local_bh_disable` may be called from process and softirq
    // context; it is paired with `local_bh_enable` in `BhGuard::drop`.
    unsafe { bindings::cdp_local_bh_disable() };
    BhGuard {
        guard: ManuallyDrop::new(lock.lock()),
    }
}

/// Takes `lock` and returns how long it waited for it, in ns. For the
/// receive path only (softirq: BH already disabled; elsewhere use
/// [`lock_bh`], or a softirq on this CPU could deadlock on the lock). Hard interrupts are off while it waits, so
/// the figure is the wait for the lock, not for an interrupt handler that
/// happened to run meanwhile (`lock_stats` measurements only).
pub(crate) fn lock_timed<T>(lock: &SpinLock<T>) -> (Guard<'_, T, SpinLockBackend>, u64) {
    // SAFETY: saves and disables local interrupts; restored below.
    let flags = unsafe { bindings::cdp_local_irq_save() };
    let t0 = super::params::now_ns();
    let guard = lock.lock();
    let waited = super::params::now_ns().saturating_sub(t0);
    // SAFETY: restores what `cdp_local_irq_save` saved, on the CPU that
    // saved it: with interrupts off in between, nothing could preempt or
    // migrate this code (on PREEMPT_RT both helpers do nothing).
    unsafe { bindings::cdp_local_irq_restore(flags) };
    (guard, waited)
}

impl<T> Drop for BhGuard<'_, T> {
    fn drop(&mut self) {
        // SAFETY: `guard` is dropped exactly once, here, and not used after.
        unsafe { ManuallyDrop::drop(&mut self.guard) };
        // SAFETY: pairs with the `local_bh_disable` in `lock_bh`.
        unsafe { bindings::cdp_local_bh_enable() };
    }
}

impl<T> Deref for BhGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.guard
    }
}

// `Unpin` as for the kernel's own guards (7.x requires it).
impl<T: Unpin> DerefMut for BhGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.guard
    }
}
