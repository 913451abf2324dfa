// SPDX-License-Identifier: GPL-2.0

//! Memory cgroup charging: what a namespace allocates later, from a work
//! item or another task, is charged to the cgroup of the task that created
//! the namespace (the one `struct net` itself is charged to).

use super::bindings;
use core::ptr::NonNull;

/// A reference to a memory cgroup (none without `CONFIG_MEMCG`, or when
/// memcg is disabled: then nothing is charged), dropped with the value.
///
/// # Invariants
///
/// `memcg`, when set, holds a reference taken by
/// `get_mem_cgroup_from_mm()`.
pub(crate) struct MemCg {
    memcg: Option<NonNull<bindings::mem_cgroup>>,
}

// SAFETY: a reference to a memory cgroup may be used and dropped from any
// task.
unsafe impl Send for MemCg {}
// SAFETY: `charge` only passes the pointer to `set_active_memcg`, which
// reads nothing from it; the reference stays valid while `&self` lives.
unsafe impl Sync for MemCg {}

impl MemCg {
    /// The memory cgroup of the calling task (process context).
    pub(crate) fn of_current() -> Self {
        // SAFETY: process context; the reference is ours (type invariant).
        let memcg = NonNull::new(unsafe { bindings::cdp_memcg_get_current() });
        Self { memcg }
    }

    /// Runs `f` with `__GFP_ACCOUNT` allocations (`GFP_KERNEL_ACCOUNT`)
    /// charged to this cgroup: only in process context (a work item, a
    /// netlink handler), never in softirq.
    pub(crate) fn charge<R>(&self, f: impl FnOnce() -> R) -> R {
        let Some(m) = self.memcg else {
            return f();
        };
        // SAFETY: we hold a reference to `m` for longer than the scope
        // (type invariant); the previous value is set again below, in the
        // same task (process context: `f` cannot migrate the scope).
        let old = unsafe { bindings::cdp_set_active_memcg(m.as_ptr()) };
        let r = f();
        // SAFETY: restores the value the scope found.
        unsafe { bindings::cdp_set_active_memcg(old) };
        r
    }
}

impl Drop for MemCg {
    fn drop(&mut self) {
        if let Some(m) = self.memcg {
            // SAFETY: the reference taken in `of_current` (type invariant).
            unsafe { bindings::cdp_memcg_put(m.as_ptr()) };
        }
    }
}
