// SPDX-License-Identifier: GPL-2.0

//! What transmission needs from the kernel: an interface's facts for its
//! advertisement, the send itself, the host's names, and walks over every
//! network namespace.

use super::bindings;
use super::ctx::{HoldsRtnl, TxCtx};
use super::net::{Net, NetDev};
use core::ffi::c_void;
use kernel::prelude::*;

/// What an advertisement says about an interface, and whether it can send
/// one now.
#[derive(Clone, Copy)]
pub(crate) struct TxInfo {
    /// The source MAC: the device's address, or its permanent one for a
    /// bond or team port that has one.
    pub(crate) mac: [u8; 6],
    /// Primary IPv4 address (its own, else its master's).
    pub(crate) ipv4: Option<[u8; 4]>,
    /// First global IPv6 address (its own, else its master's).
    pub(crate) ipv6: Option<[u8; 16]>,
    /// MTU.
    pub(crate) mtu: u32,
    /// Duplex from the link settings, where the driver reports it (and
    /// they were read).
    pub(crate) duplex: Option<bool>,
    /// Ethernet (not loopback), up, with carrier.
    pub(crate) can_send: bool,
    /// It faces a wire ([`NetDev::faces_wire`]): the transmit default may
    /// apply to it.
    pub(crate) faces_wire: bool,
    /// A bridge port (capability Switch).
    pub(crate) bridge_port: bool,
    /// IPv4 or IPv6 forwarding is on (capability Router).
    pub(crate) forwarding: bool,
    /// A global IPv6 address is still tentative (DAD), none usable yet:
    /// no notifier says when DAD is over.
    pub(crate) v6_tentative: bool,
    /// The ifindexes of its master and its master's master (0: none),
    /// whose addresses it advertises when it has none of its own.
    pub(crate) uppers: [i32; 2],
}

impl NetDev<'_> {
    /// Whether it faces a wire, the only devices the transmit default
    /// makes advertise: a NIC (a device with a parent bus device) or a
    /// port of a bond or team, and not itself a bond, team, bridge, VLAN,
    /// macvlan or failover device. Software devices (veth, tun/tap, vxlan,
    /// ipvlan...) do not. Read under RTNL (the master link).
    pub(crate) fn faces_wire(&self, _rtnl: &impl HoldsRtnl) -> bool {
        // SAFETY: the device is live and RTNL is held (the proof), which
        // `netdev_master_upper_dev_get` in the helper needs; it only reads.
        unsafe { bindings::cdp_dev_faces_wire(self.as_ptr()) }
    }

    /// The device's [`TxInfo`], read under RTNL; its link settings only
    /// with `link` (some drivers ask their firmware for them).
    pub(crate) fn tx_info(&self, link: bool, _rtnl: &impl HoldsRtnl) -> TxInfo {
        let mut t = bindings::cdp_tx_info::default();
        // SAFETY: the device is live and RTNL is held (the proof), as the
        // helper needs; it writes only `t`.
        unsafe { bindings::cdp_dev_tx_info(self.as_ptr(), &mut t, link) };
        TxInfo {
            mac: t.mac,
            ipv4: t.has_v4.then_some(t.v4),
            ipv6: t.has_v6.then_some(t.v6),
            mtu: t.mtu,
            duplex: match t.duplex {
                1 => Some(true),
                0 => Some(false),
                _ => None,
            },
            can_send: t.can_send,
            faces_wire: t.faces_wire,
            bridge_port: t.bridge_port,
            forwarding: t.forwarding,
            v6_tentative: t.v6_tentative,
            uppers: t.upper,
        }
    }

    /// Sends `frame` (a whole Ethernet frame) on the device. Process
    /// context with RTNL held, so the device stays registered. An error
    /// when no skb could be allocated or the device refused or dropped it.
    pub(crate) fn xmit(&self, frame: &[u8], _rtnl: &impl HoldsRtnl) -> Result {
        let len = u32::try_from(frame.len()).map_err(|_| EINVAL)?;
        // SAFETY: the device is live (RTNL held); the helper copies `len`
        // bytes from `frame` into a new skb and may sleep (process
        // context, which RTNL implies).
        let rc = unsafe { bindings::cdp_dev_xmit(self.as_ptr(), frame.as_ptr(), len) };
        if rc == 0 {
            Ok(())
        } else {
            Err(Error::from_errno(rc))
        }
    }
}

/// Length of each `struct new_utsname` field.
pub(crate) const UTS_LEN: usize = 65;

/// The host's names: `uname -n`, `-r` and `-v` of the initial UTS
/// namespace. The host name is the initial network namespace's identity
/// only (see `crate::tx`); the release and version are kernel-wide.
pub(crate) struct Uts {
    pub(crate) nodename: [u8; UTS_LEN],
    pub(crate) release: [u8; UTS_LEN],
    pub(crate) version: [u8; UTS_LEN],
}

impl Uts {
    /// Reads them now (the host name as written whole: see `cdp_uts` in
    /// helpers.c for why not under `uts_sem`).
    pub(crate) fn read() -> Self {
        let mut u = Uts {
            nodename: [0; UTS_LEN],
            release: [0; UTS_LEN],
            version: [0; UTS_LEN],
        };
        // SAFETY: each buffer has the `UTS_LEN` bytes the helper writes at
        // most (NUL included).
        unsafe {
            bindings::cdp_uts(
                u.nodename.as_mut_ptr().cast(),
                u.release.as_mut_ptr().cast(),
                u.version.as_mut_ptr().cast(),
                UTS_LEN,
            )
        };
        u
    }

    /// A field without its NUL.
    pub(crate) fn str(field: &[u8; UTS_LEN]) -> &[u8] {
        let n = field.iter().position(|&b| b == 0).unwrap_or(UTS_LEN);
        &field[..n]
    }
}

/// Calls the closure behind `arg` for `net`.
///
/// # Safety
///
/// `arg` is the `&mut F` passed by [`for_each_net_rcu`] or
/// [`for_each_net`], and `net` a live namespace of the walk.
unsafe extern "C" fn each_net<F: FnMut(Net<'_>, &TxCtx)>(
    net: *mut bindings::net,
    arg: *mut c_void,
) {
    // SAFETY: `arg` is the closure, borrowed for the walk (see above).
    let f = unsafe { &mut *arg.cast::<F>() };
    // SAFETY: the walk keeps `net` alive during the call.
    if let Some(net) = unsafe { Net::from_raw(net) } {
        // SAFETY: the walks only run while a `TxReady` lives, so while the
        // module's pernet state is registered (see `TxCtx`).
        let cx = unsafe { TxCtx::assume() };
        f(net, &cx);
    }
}

/// Calls `f` for every network namespace, in an RCU read-side section
/// (`f` must not sleep). Only from `cdp_rs_tx_kick`: see `TxCtx`.
fn for_each_net_rcu<F: FnMut(Net<'_>, &TxCtx)>(mut f: F) {
    // SAFETY: `each_net::<F>` receives `&mut f`, alive for the call.
    unsafe {
        bindings::cdp_for_each_net_rcu(Some(each_net::<F>), core::ptr::from_mut(&mut f).cast())
    };
}

/// Calls `f` for every network namespace, under `net_rwsem` and RTNL
/// (`f` may sleep). For the module's unload, while its pernet state is
/// still registered.
pub(crate) fn for_each_net<F: FnMut(Net<'_>, &TxCtx)>(
    _rtnl: &impl HoldsRtnl,
    _alive: &TxReady,
    mut f: F,
) {
    // SAFETY: `each_net::<F>` receives `&mut f`, alive for the call; RTNL
    // is taken before `net_rwsem`, as `__rtnl_link_unregister` does.
    unsafe { bindings::cdp_for_each_net(Some(each_net::<F>), core::ptr::from_mut(&mut f).cast()) };
}

/// The `tx_default` parameter's trigger, allowed while it lives: created
/// once the pernet state is registered, dropped before it is unregistered.
/// While it lives, writing the parameter calls `cdp_rs_tx_kick`.
pub(crate) struct TxReady {
    _p: (),
}

impl TxReady {
    /// Allows the trigger. `CdpRs` (cdp_main.rs) creates it after
    /// registering its pernet subsystem and drops it first, as it does
    /// every registration whose callbacks use the per-namespace state.
    pub(crate) fn new() -> Self {
        // SAFETY: only a flag under the module's parameter lock.
        unsafe { bindings::cdp_tx_set_ready(true) };
        TxReady { _p: () }
    }

    /// Stops the trigger: no `cdp_rs_tx_kick` runs after this returns. The
    /// value still proves the pernet state registered ([`for_each_net`]).
    pub(crate) fn disarm(&mut self) {
        // SAFETY: only a flag, under the module's parameter lock.
        unsafe { bindings::cdp_tx_set_ready(false) };
    }
}

impl Drop for TxReady {
    fn drop(&mut self) {
        // SAFETY: only a flag, under the module's parameter lock: no
        // trigger runs after this returns.
        unsafe { bindings::cdp_tx_set_ready(false) };
    }
}

/// Called by the `tx_default` parameter's set operation (helpers.c), under
/// the module's parameter lock, only while a [`TxReady`] is armed: every
/// namespace's transmitter looks again.
#[no_mangle]
extern "C" fn cdp_rs_tx_kick() {
    for_each_net_rcu(crate::tx::kick);
}
