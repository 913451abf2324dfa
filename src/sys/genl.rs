// SPDX-License-Identifier: GPL-2.0

//! Generic netlink for the `cdp` family: its registration, the requests
//! and dumps its handlers get, replies, and events for the monitor group.
//!
//! The family, its policies and ops are C generated from the YNL spec
//! (src/netlink/); the ops point at the `cdp_nl_*` functions defined here,
//! which hand safe views to the module's [`Handlers`] (src/nl.rs).

use super::bindings;
use super::ctx::GenlCtx;
use super::net::Net;
use crate::proto::nlmsg::{AttrSink, Full, Nest};
use core::ffi::c_int;
use core::marker::PhantomData;
use core::ptr::NonNull;
use core::sync::atomic::{AtomicBool, Ordering};
use kernel::error::{to_result, Error, Result};
use kernel::prelude::*;
use kernel::str::CStr;

/// What the module does for each operation of the family.
pub(crate) trait Handlers {
    /// neigh-get, do.
    fn neigh_get(req: &Request<'_>, cx: &GenlCtx) -> Result;
    /// neigh-get, dump.
    fn neigh_dump(d: &mut Dump<'_>, cx: &GenlCtx) -> Result;
    /// iface-get, do.
    fn iface_get(req: &Request<'_>, cx: &GenlCtx) -> Result;
    /// iface-get, dump.
    fn iface_dump(d: &mut Dump<'_>, cx: &GenlCtx) -> Result;
    /// iface-set.
    fn iface_set(req: &Request<'_>, cx: &GenlCtx) -> Result;
    /// stats-get.
    fn stats_get(req: &Request<'_>, cx: &GenlCtx) -> Result;
    /// neigh-clear.
    fn neigh_clear(req: &Request<'_>, cx: &GenlCtx) -> Result;
    /// stats-clear.
    fn stats_clear(req: &Request<'_>, cx: &GenlCtx) -> Result;
    /// global-set.
    fn global_set(req: &Request<'_>, cx: &GenlCtx) -> Result;
}

/// The registered family: unregistered on drop, which waits for the
/// handlers in progress.
pub(crate) struct Family {
    _private: (),
}

/// EMSGSIZE (the 6.12 `kernel` crate has no constant for it).
pub(crate) fn emsgsize() -> Error {
    Error::from_errno(-bindings::CDP_EMSGSIZE)
}

/// Whether events may be sent: the family is registered. Tables change
/// (and so send events) from the aging timer too, which runs as long as
/// the pernet state exists, before and after the family's registration.
static EVENTS: AtomicBool = AtomicBool::new(false);

impl Family {
    /// Registers the family.
    pub(crate) fn register() -> Result<Self> {
        // SAFETY: module init, process context; the family is static.
        to_result(unsafe { bindings::cdp_genl_register() })?;
        EVENTS.store(true, Ordering::Release);
        Ok(Self { _private: () })
    }
}

impl Drop for Family {
    fn drop(&mut self) {
        EVENTS.store(false, Ordering::Release);
        // Events are sent with bottom halves off, from the check of
        // `EVENTS` in `has_listeners` to the send (see there): an RCU
        // grace period waits for those in flight.
        // SAFETY: process context (module exit or failed init).
        unsafe { bindings::synchronize_rcu() };
        // SAFETY: registered in `register`.
        unsafe { bindings::cdp_genl_unregister() };
    }
}

/// Whether a socket of `net` listens to the monitor group. Cheap (a bit
/// test): the receive path asks before building an event.
///
/// Call with bottom halves disabled (the table lock held, or softirq) and
/// send the events before enabling them again: `Family`'s drop waits for
/// such sections after clearing `EVENTS`, so no event follows the family's
/// unregistration.
pub(crate) fn has_listeners(net: Net<'_>) -> bool {
    if !EVENTS.load(Ordering::Acquire) {
        return false;
    }
    // SAFETY: `net` is alive; the family is registered (`EVENTS`).
    unsafe { bindings::cdp_genl_has_listeners(net.raw()) }
}

/// Tells the monitor group's listeners of `net` that they missed an event
/// (ENOBUFS on their sockets, as for a netlink overrun). Same context as
/// [`has_listeners`], after it said yes.
pub(crate) fn report_loss(net: Net<'_>) {
    // SAFETY: `net` is alive; the family is registered (see above).
    unsafe { bindings::cdp_genl_report_loss(net.raw()) };
}

/// One message being written into `skb`, which outlives the borrow.
///
/// # Invariants
///
/// `skb` is a valid skb that the message's owner holds for `'a`; `start`
/// is the offset of this message's netlink header in it.
pub(crate) struct Msg<'a> {
    skb: NonNull<bindings::sk_buff>,
    start: c_int,
    _p: PhantomData<&'a mut bindings::sk_buff>,
}

impl Msg<'_> {
    /// Starts a message of command `cmd` in `skb`.
    ///
    /// # Safety
    ///
    /// `skb` must be valid and writable by the caller for `'a`.
    unsafe fn begin(
        skb: NonNull<bindings::sk_buff>,
        portid: u32,
        seq: u32,
        flags: c_int,
        cmd: u8,
    ) -> Option<Self> {
        // SAFETY: `skb` is valid and ours to write (caller).
        let start = unsafe { bindings::cdp_genl_put(skb.as_ptr(), portid, seq, flags, cmd) };
        (start >= 0).then_some(Self {
            skb,
            start,
            _p: PhantomData,
        })
    }

    /// Ends the message: its length covers what was put.
    fn end(self) {
        // SAFETY: `start` is this message's header in `skb` (invariant).
        unsafe { bindings::cdp_genl_end(self.skb.as_ptr(), self.start) };
    }

    /// Removes the message (it did not fit).
    fn cancel(self) {
        // SAFETY: as in `end`.
        unsafe { bindings::cdp_genl_cancel(self.skb.as_ptr(), self.start) };
    }
}

impl AttrSink for Msg<'_> {
    fn put(&mut self, ty: u16, value: &[u8]) -> Result<(), Full> {
        let len = c_int::try_from(value.len()).map_err(|_| Full)?;
        // SAFETY: `skb` is ours to write (invariant); `value` is valid for
        // `len` bytes, which `nla_put` copies.
        let r = unsafe {
            bindings::cdp_nla_put(self.skb.as_ptr(), ty.into(), len, value.as_ptr().cast())
        };
        if r == 0 {
            Ok(())
        } else {
            Err(Full)
        }
    }

    fn nest_start(&mut self, ty: u16) -> Result<Nest, Full> {
        // SAFETY: `skb` is ours to write (invariant).
        let off = unsafe { bindings::cdp_nla_nest_start(self.skb.as_ptr(), ty.into()) };
        usize::try_from(off).map(Nest).map_err(|_| Full)
    }

    fn nest_end(&mut self, nest: Nest) {
        // `nest` came from `nest_start` on this skb: an offset into it.
        let off = c_int::try_from(nest.0).unwrap_or(c_int::MAX);
        // SAFETY: `skb` is ours (invariant) and `off` the offset of an
        // attribute header in it, written by `nest_start`.
        unsafe { bindings::cdp_nla_nest_end(self.skb.as_ptr(), off) };
    }
}

/// A netlink skb the module allocated; freed on drop unless handed on.
///
/// # Invariants
///
/// `skb` is a valid skb owned by this value.
struct OwnedSkb {
    skb: NonNull<bindings::sk_buff>,
}

impl OwnedSkb {
    fn new(size: usize, atomic: bool) -> Option<Self> {
        // SAFETY: allocation; GFP_ATOMIC when `atomic` (softirq callers).
        let skb = unsafe { bindings::cdp_genl_new(size, atomic) };
        Some(Self {
            skb: NonNull::new(skb)?,
        })
    }

    /// Gives up ownership (the skb was consumed by a send).
    fn into_raw(self) -> *mut bindings::sk_buff {
        let p = self.skb.as_ptr();
        core::mem::forget(self);
        p
    }
}

impl Drop for OwnedSkb {
    fn drop(&mut self) {
        // SAFETY: owned (invariant), not handed on.
        unsafe { bindings::cdp_genl_free(self.skb.as_ptr()) };
    }
}

/// A reply being built for a request.
pub(crate) struct Reply<'r, 'a> {
    req: &'r Request<'a>,
    skb: OwnedSkb,
    start: c_int,
}

impl<'r, 'a> Reply<'r, 'a> {
    /// A reply of command `cmd` to `req`, with room for `size` bytes of
    /// attributes. Process context.
    pub(crate) fn new(req: &'r Request<'a>, cmd: u8, size: usize) -> Result<Self> {
        let skb = OwnedSkb::new(size, false).ok_or(ENOMEM)?;
        let msg =
            // SAFETY: `skb` is ours.
            unsafe { Msg::begin(skb.skb, req.portid(), req.seq(), 0, cmd) }.ok_or_else(emsgsize)?;
        Ok(Self {
            req,
            skb,
            start: msg.start,
        })
    }

    /// Where the attributes go.
    pub(crate) fn attrs(&mut self) -> Msg<'_> {
        // INVARIANT: the skb is ours and `start` its message's header.
        Msg {
            skb: self.skb.skb,
            start: self.start,
            _p: PhantomData,
        }
    }

    /// Sends the reply.
    pub(crate) fn send(mut self) -> Result {
        self.attrs().end();
        let info = self.req.info.as_ptr();
        let skb = self.skb.into_raw();
        // SAFETY: `skb` is a finished message we own, consumed by the
        // call; `info` is the request's, valid during the handler.
        to_result(unsafe { bindings::cdp_genl_reply(skb, info) })
    }
}

/// An event for the monitor group, built in any context (GFP_ATOMIC).
pub(crate) struct Event {
    skb: OwnedSkb,
    start: c_int,
}

impl Event {
    /// An event of command `cmd` with room for `size` bytes.
    pub(crate) fn new(cmd: u8, size: usize) -> Option<Self> {
        let skb = OwnedSkb::new(size, true)?;
        // SAFETY: `skb` is ours.
        let msg = unsafe { Msg::begin(skb.skb, 0, 0, 0, cmd) }?;
        Some(Self {
            skb,
            start: msg.start,
        })
    }

    /// Where the attributes go.
    pub(crate) fn attrs(&mut self) -> Msg<'_> {
        // INVARIANT: as in `Reply::attrs`.
        Msg {
            skb: self.skb.skb,
            start: self.start,
            _p: PhantomData,
        }
    }

    /// Sends the event to the monitor group of `net`. A listener whose
    /// socket is full gets the usual overrun error; nothing is reported
    /// here.
    pub(crate) fn send(mut self, net: Net<'_>) {
        self.attrs().end();
        let skb = self.skb.into_raw();
        // SAFETY: a finished message we own, consumed by the call; `net` is
        // alive; the family is registered (see `has_listeners`).
        let _ = unsafe { bindings::cdp_genl_multicast(net.raw(), skb) };
    }
}

/// A request to a `do` operation.
///
/// # Invariants
///
/// `info` is the request's `genl_info`, valid for `'a`; its attribute
/// array has `maxattr + 1` entries (or is NULL).
pub(crate) struct Request<'a> {
    info: NonNull<bindings::genl_info>,
    maxattr: c_int,
    _p: PhantomData<&'a bindings::genl_info>,
}

impl<'a> Request<'a> {
    fn portid(&self) -> u32 {
        // SAFETY: valid (invariant).
        unsafe { bindings::cdp_genl_info_portid(self.info.as_ptr()) }
    }

    fn seq(&self) -> u32 {
        // SAFETY: valid (invariant).
        unsafe { bindings::cdp_genl_info_seq(self.info.as_ptr()) }
    }

    /// The namespace of the requesting socket.
    pub(crate) fn net(&self) -> Net<'a> {
        // SAFETY: the socket's namespace outlives the request (invariant:
        // `'a` is the request's duration).
        unsafe { Net::from_raw(bindings::cdp_genl_info_net(self.info.as_ptr())) }
            .expect("a request has a namespace")
    }

    /// The payload of attribute `ty`, if present (validated by the op's
    /// policy).
    pub(crate) fn attr(&self, ty: u16) -> Option<&'a [u8]> {
        let mut len: c_int = 0;
        // SAFETY: `info` is valid and `maxattr` its array's bound
        // (invariant), which the helper checks `ty` against.
        let p = unsafe {
            bindings::cdp_genl_attr(self.info.as_ptr(), self.maxattr, ty.into(), &mut len)
        };
        let p = NonNull::new(p as *mut u8)?;
        // SAFETY: the helper returns the attribute's payload and its
        // length; the request's message outlives `'a`.
        Some(unsafe { core::slice::from_raw_parts(p.as_ptr(), usize::try_from(len).ok()?) })
    }

    /// Attribute `ty`, which the operation needs: when it is missing, the
    /// error says so (extack's missing-attribute report) and is EINVAL.
    pub(crate) fn need(&self, ty: u16) -> Result<&'a [u8]> {
        // SAFETY: as in `attr`.
        let missing =
            unsafe { bindings::cdp_genl_attr_missing(self.info.as_ptr(), self.maxattr, ty.into()) };
        match self.attr(ty) {
            Some(v) if !missing => Ok(v),
            _ => Err(EINVAL),
        }
    }

    /// A u32 attribute the operation needs.
    pub(crate) fn need_u32(&self, ty: u16) -> Result<u32> {
        let v: [u8; 4] = self.need(ty)?.try_into().map_err(|_| EINVAL)?;
        Ok(u32::from_ne_bytes(v))
    }

    /// Tells the requester why the request failed (extack message).
    pub(crate) fn err(&self, e: Error, msg: &'static CStr) -> Error {
        // SAFETY: `info` is valid; `msg` is static, as extack keeps it.
        unsafe { bindings::cdp_genl_set_err_msg(self.info.as_ptr(), msg.as_char_ptr().cast()) };
        e
    }
}

/// A dump in progress: one call fills one skb, and the position is kept
/// between calls.
///
/// # Invariants
///
/// `skb` and `cb` are the dump's, valid and ours to use for `'a`.
pub(crate) struct Dump<'a> {
    skb: NonNull<bindings::sk_buff>,
    cb: NonNull<bindings::netlink_callback>,
    _p: PhantomData<&'a mut bindings::netlink_callback>,
}

/// How many position words a dump keeps (`netlink_callback.args`).
pub(crate) const DUMP_ARGS: usize = 6;

impl<'a> Dump<'a> {
    /// Position word `i` (0 when the dump starts).
    pub(crate) fn arg(&self, i: usize) -> i64 {
        let i = i.min(DUMP_ARGS - 1) as c_int;
        // SAFETY: valid (invariant); `i` is within `args`.
        unsafe { bindings::cdp_cb_arg(self.cb.as_ptr(), i) }
    }

    /// Sets position word `i`.
    pub(crate) fn set_arg(&mut self, i: usize, v: i64) {
        let i = i.min(DUMP_ARGS - 1) as c_int;
        // SAFETY: valid (invariant); `i` is within `args`.
        unsafe { bindings::cdp_cb_set_arg(self.cb.as_ptr(), i, v) };
    }

    /// The namespace of the dumping socket.
    pub(crate) fn net(&self) -> Net<'a> {
        // SAFETY: the socket holds its namespace for the dump (`'a`).
        unsafe { Net::from_raw(bindings::cdp_cb_net(self.cb.as_ptr())) }
            .expect("a dump has a namespace")
    }

    /// Writes one message of command `cmd` with what `f` puts. `Ok(false)`
    /// when it did not fit: the caller stops and resumes at that item on
    /// the next call. Fails only when not even one message fits in an
    /// empty skb.
    pub(crate) fn message(
        &mut self,
        cmd: u8,
        f: impl FnOnce(&mut Msg<'_>) -> Result<(), Full>,
    ) -> Result<bool> {
        // SAFETY: valid (invariant).
        let (portid, seq) = unsafe {
            (
                bindings::cdp_cb_portid(self.cb.as_ptr()),
                bindings::cdp_cb_seq(self.cb.as_ptr()),
            )
        };
        let empty = self.len() == 0;
        let multi = bindings::CDP_NLM_F_MULTI as c_int;
        // SAFETY: the dump's skb is ours to fill (invariant).
        let Some(mut msg) = (unsafe { Msg::begin(self.skb, portid, seq, multi, cmd) }) else {
            return if empty { Err(emsgsize()) } else { Ok(false) };
        };
        match f(&mut msg) {
            Ok(()) => {
                msg.end();
                Ok(true)
            }
            Err(Full) => {
                msg.cancel();
                if empty {
                    Err(emsgsize())
                } else {
                    Ok(false)
                }
            }
        }
    }

    fn len(&self) -> usize {
        // SAFETY: valid (invariant).
        unsafe { (*self.skb.as_ptr()).len as usize }
    }
}

/// Runs a `do` handler on a request with `maxattr` attributes.
///
/// # Safety
///
/// `info` must be the `genl_info` genetlink passes to a `doit` of the
/// module's family whose policy has `maxattr`.
unsafe fn doit(
    info: *mut bindings::genl_info,
    maxattr: u16,
    f: fn(&Request<'_>, &GenlCtx) -> Result,
) -> c_int {
    let Some(info) = NonNull::new(info) else {
        return EINVAL.to_errno();
    };
    // INVARIANT: the caller passes the request's info and its bound.
    let req = Request {
        info,
        maxattr: maxattr.into(),
        _p: PhantomData,
    };
    // SAFETY: a handler of the module's family (caller).
    let cx = unsafe { GenlCtx::assume() };
    match f(&req, &cx) {
        Ok(()) => 0,
        Err(e) => e.to_errno(),
    }
}

/// Runs a dump handler.
///
/// # Safety
///
/// `skb` and `cb` must be what genetlink passes to a `dumpit` of the
/// module's family.
unsafe fn dumpit(
    skb: *mut bindings::sk_buff,
    cb: *mut bindings::netlink_callback,
    f: fn(&mut Dump<'_>, &GenlCtx) -> Result,
) -> c_int {
    let (Some(skb), Some(cb)) = (NonNull::new(skb), NonNull::new(cb)) else {
        return EINVAL.to_errno();
    };
    // INVARIANT: the caller passes the dump's skb and callback.
    let mut d = Dump {
        skb,
        cb,
        _p: PhantomData,
    };
    // SAFETY: a handler of the module's family (caller).
    let cx = unsafe { GenlCtx::assume() };
    match f(&mut d, &cx) {
        Ok(()) => d.len() as c_int,
        Err(e) => e.to_errno(),
    }
}

/// The C names the generated ops table points at.
macro_rules! ops {
    ($h:ty; $(do $dn:ident = $df:ident, $max:expr;)* $(dump $pn:ident = $pf:ident;)*) => {
        $(
            /// Called by genetlink for this `do` operation.
            ///
            /// # Safety
            ///
            /// Only called by genetlink, as the generated ops table says.
            #[no_mangle]
            pub(crate) unsafe extern "C" fn $dn(
                _skb: *mut bindings::sk_buff,
                info: *mut bindings::genl_info,
            ) -> c_int {
                // SAFETY: genetlink passes this op's info; `$max` is its
                // policy's maxattr in the generated table.
                unsafe { doit(info, $max, <$h as Handlers>::$df) }
            }
        )*
        $(
            /// Called by genetlink for this dump.
            ///
            /// # Safety
            ///
            /// Only called by genetlink, as the generated ops table says.
            #[no_mangle]
            pub(crate) unsafe extern "C" fn $pn(
                skb: *mut bindings::sk_buff,
                cb: *mut bindings::netlink_callback,
            ) -> c_int {
                // SAFETY: genetlink passes the dump's skb and callback.
                unsafe { dumpit(skb, cb, <$h as Handlers>::$pf) }
            }
        )*
    };
}

use crate::proto::nl::do_maxattr as m;

// The maxattr of each op is its policy's, read from the generated ops table
// (src/netlink/cdp-nl-gen.c) into `do_maxattr` by scripts/nl-gen.
ops! {
    crate::nl::Cdp;
    do cdp_nl_neigh_get_doit = neigh_get, m::NEIGH_GET;
    do cdp_nl_iface_get_doit = iface_get, m::IFACE_GET;
    do cdp_nl_iface_set_doit = iface_set, m::IFACE_SET;
    do cdp_nl_stats_get_doit = stats_get, m::STATS_GET;
    do cdp_nl_neigh_clear_doit = neigh_clear, m::NEIGH_CLEAR;
    do cdp_nl_stats_clear_doit = stats_clear, m::STATS_CLEAR;
    do cdp_nl_global_set_doit = global_set, m::GLOBAL_SET;
    dump cdp_nl_neigh_get_dumpit = neigh_dump;
    dump cdp_nl_iface_get_dumpit = iface_dump;
}
