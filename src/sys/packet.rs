// SPDX-License-Identifier: GPL-2.0

//! `struct packet_type` registration (`dev_add_pack()`).

use super::bindings;
use super::ctx::RxCtx;
use super::net::{NetDev, Skb};
use core::ffi::c_int;
use core::marker::{PhantomData, PhantomPinned};
use core::pin::Pin;
use kernel::prelude::*;
use kernel::types::Opaque;

/// What a registered packet handler does with each frame.
pub(crate) trait PacketHandler {
    /// The first, cheap test, run inline for every frame before anything
    /// else: whether [`PacketHandler::receive`] should see it at all.
    fn wants(skb: &Skb<'_>) -> bool;

    /// Called in softirq context (RCU read side held, BH disabled) for each
    /// received frame of the registered protocol. `dev` is the device that
    /// delivered it (a bond, VLAN device...) and `orig_dev` the port it came
    /// in on. The skb is freed after the call. `cx` proves the context.
    fn receive(skb: &Skb<'_>, dev: &NetDev<'_>, orig_dev: &NetDev<'_>, cx: &RxCtx);
}

/// A registered packet handler; unregistered on drop.
///
/// # Invariants
///
/// `pt` is registered with `dev_add_pack()` for the life of the value and
/// never moves (the value is pinned).
pub(crate) struct PacketType<H: PacketHandler> {
    pt: Opaque<bindings::packet_type>,
    _h: PhantomData<H>,
    _pin: PhantomPinned,
}

// SAFETY: the registration is only touched in `register` and `drop`.
unsafe impl<H: PacketHandler> Send for PacketType<H> {}
// SAFETY: no method gives access to the inner `packet_type`.
unsafe impl<H: PacketHandler> Sync for PacketType<H> {}

/// The packet handler callback.
///
/// # Safety
///
/// Called by the stack only, in softirq context under RCU, with a
/// reference to `skb` that the callee owns and live devices.
unsafe extern "C" fn rcv<H: PacketHandler>(
    skb: *mut bindings::sk_buff,
    dev: *mut bindings::net_device,
    _pt: *mut bindings::packet_type,
    orig_dev: *mut bindings::net_device,
) -> c_int {
    // SAFETY: the stack hands us a reference to `skb` and the devices stay
    // alive during the call (RCU read side).
    if let Some(s) = unsafe { Skb::from_raw(skb) } {
        // The common case (a frame for someone else) costs only this test.
        if H::wants(&s) {
            // SAFETY: as above.
            let (d, o) = unsafe { (NetDev::from_raw(dev), NetDev::from_raw(orig_dev)) };
            if let (Some(d), Some(o)) = (d, o) {
                // SAFETY: a packet handler of the module, run by the stack
                // under `rcu_read_lock()`.
                let cx = unsafe { RxCtx::assume() };
                H::receive(&s, &d, &o, &cx);
            }
        }
    }
    // SAFETY: we own the reference the stack gave us and release it once;
    // `s` is not used after this point.
    unsafe { bindings::cdp_consume_skb(skb) };
    bindings::CDP_NET_RX_SUCCESS as c_int
}

impl<H: PacketHandler> PacketType<H> {
    /// Registers `H` for frames of `protocol` (host order) on every device.
    pub(crate) fn register(protocol: u16) -> Result<Pin<KBox<Self>>> {
        Self::register_raw(protocol, core::ptr::null_mut())
    }

    /// Registers `H` as a tap on `dev` only: it sees every frame `dev`
    /// receives, before any rx_handler (bridge, bond) takes it, but not the
    /// frames `dev` sends.
    ///
    /// The registration must be dropped before `dev` is unregistered (the
    /// netdevice notifier's `Unregister` is the place).
    pub(crate) fn register_tap(dev: &NetDev<'_>) -> Result<Pin<KBox<Self>>> {
        Self::register_raw(bindings::CDP_ETH_P_ALL as u16, dev.as_ptr())
    }

    /// Registers `H` for frames of `protocol` on `dev` only. Unlike the
    /// handlers for every device, it also sees the frames a bond keeps
    /// from its upper device (an inactive slave's: `RX_HANDLER_EXACT`).
    ///
    /// The registration must be dropped before `dev` is unregistered.
    pub(crate) fn register_on(dev: &NetDev<'_>, protocol: u16) -> Result<Pin<KBox<Self>>> {
        Self::register_raw(protocol, dev.as_ptr())
    }

    fn register_raw(protocol: u16, dev: *mut bindings::net_device) -> Result<Pin<KBox<Self>>> {
        let pt = bindings::packet_type {
            type_: protocol.to_be(),
            dev,
            ignore_outgoing: true,
            func: Some(rcv::<H>),
            ..Default::default()
        };
        let this = KBox::pin(
            Self {
                pt: Opaque::new(pt),
                _h: PhantomData,
                _pin: PhantomPinned,
            },
            GFP_KERNEL,
        )?;
        // SAFETY: `this.pt` is a fully initialised packet_type at a pinned
        // address that stays valid until `drop` removes it.
        unsafe { bindings::dev_add_pack(this.pt.get()) };
        Ok(this)
    }
}

impl<H: PacketHandler> Drop for PacketType<H> {
    fn drop(&mut self) {
        // SAFETY: `pt` was registered in `register` (type invariant);
        // `dev_remove_pack` waits (synchronize_net) until no CPU runs the
        // handler any more, so the memory may be freed afterwards.
        unsafe { bindings::dev_remove_pack(self.pt.get()) };
    }
}
