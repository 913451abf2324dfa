// SPDX-License-Identifier: GPL-2.0

//! Module parameters. `module_param()` is a macro, so the parameters live in
//! `helpers.c` (with their Kconfig defaults) and are read through accessors.

use super::bindings;

/// Checks the parameters given at load together (each was checked alone
/// when set): the holdtime is at least the interval. Logs what is wrong.
pub(crate) fn check() -> kernel::error::Result {
    // SAFETY: the helper only reads integer parameters and may log.
    kernel::error::to_result(unsafe { bindings::cdp_params_check() })
}

/// `max_neighbors`: table size of each new network namespace.
pub(crate) fn max_neighbors() -> usize {
    // SAFETY: the accessor only reads an integer parameter.
    unsafe { bindings::cdp_param_max_neighbors() as usize }
}

/// `log_rejects`: log refused frames, rate-limited.
pub(crate) fn log_rejects() -> bool {
    // SAFETY: the accessor only reads a bool parameter.
    unsafe { bindings::cdp_param_log_rejects() }
}

/// `proc_mode`: permissions of the /proc files.
pub(crate) fn proc_mode() -> u16 {
    // SAFETY: the accessor only reads an integer parameter.
    unsafe { bindings::cdp_param_proc_mode() }
}

/// `lock_stats`: measure the receive path's wait for the table lock.
pub(crate) fn lock_stats() -> bool {
    // SAFETY: the accessor only reads a bool parameter.
    unsafe { bindings::cdp_param_lock_stats() }
}

/// `rx_default`: the receive admin status of interfaces that have none
/// of their own (set through netlink).
pub(crate) fn rx_default() -> bool {
    // SAFETY: the accessor only reads a bool parameter.
    unsafe { bindings::cdp_param_rx_default() }
}

/// `verify_checksum` and `rx_default` together: what the receive path
/// reads for each frame, in one call.
pub(crate) fn rx_flags() -> (bool, bool) {
    // SAFETY: the accessor only reads two bool parameters.
    let f = unsafe { bindings::cdp_param_rx_flags() };
    (f & 1 != 0, f & 2 != 0)
}

/// Monotonic nanoseconds (`ktime_get_ns()`).
pub(crate) fn now_ns() -> u64 {
    // SAFETY: no preconditions.
    unsafe { bindings::cdp_ktime_ns() }
}

/// Whether a log line may be written now (`net_ratelimit()`).
pub(crate) fn net_ratelimit() -> bool {
    // SAFETY: `net_ratelimit` has no preconditions.
    unsafe { bindings::net_ratelimit() != 0 }
}

/// Monotonic milliseconds (from jiffies).
pub(crate) fn now_ms() -> u64 {
    // SAFETY: reads jiffies; no preconditions.
    unsafe { bindings::cdp_now_ms() }
}

/// A random 32-bit value.
pub(crate) fn random_u32() -> u32 {
    // SAFETY: `get_random_u32` may be called from any context.
    unsafe { bindings::get_random_u32() }
}

/// A random 128-bit key.
pub(crate) fn random_key() -> [u64; 2] {
    let w = || u64::from(random_u32()) << 32 | u64::from(random_u32());
    [w(), w()]
}

/// `tx_default`: whether interfaces with no admin status of their own
/// transmit, where it applies (the initial namespace's interfaces that
/// face a wire: `crate::tx::default_applies`).
pub(crate) fn tx_default() -> bool {
    // SAFETY: the accessor only reads a bool parameter.
    unsafe { bindings::cdp_param_tx_default() }
}

/// `tx_interval` in milliseconds (5 to 254 s).
pub(crate) fn tx_interval_ms() -> u64 {
    // SAFETY: the accessor only reads an integer parameter.
    u64::from(unsafe { bindings::cdp_param_tx_interval() }) * 1000
}

/// `tx_holdtime` in seconds (10 to 255).
pub(crate) fn tx_holdtime() -> u8 {
    // SAFETY: the accessor only reads an integer parameter.
    u8::try_from(unsafe { bindings::cdp_param_tx_holdtime() }).unwrap_or(u8::MAX)
}
