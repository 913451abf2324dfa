// SPDX-License-Identifier: GPL-2.0

//! Views of `struct sk_buff`, `struct net_device` and `struct net`.

use super::bindings;
use super::ctx::{HoldsRcu, HoldsRtnl};
use core::ffi::c_void;
use core::ptr::NonNull;
use kernel::types::Opaque;

/// A network namespace, borrowed for `'a`.
///
/// # Invariants
///
/// `ptr` points to a live `struct net` for at least `'a`.
#[derive(Clone, Copy)]
pub(crate) struct Net<'a> {
    ptr: NonNull<bindings::net>,
    _p: core::marker::PhantomData<&'a bindings::net>,
}

impl<'a> Net<'a> {
    /// # Safety
    ///
    /// `ptr` must point to a `struct net` that stays alive for `'a`.
    pub(crate) unsafe fn from_raw(ptr: *mut bindings::net) -> Option<Self> {
        // INVARIANT: guaranteed by the caller.
        Some(Self {
            ptr: NonNull::new(ptr)?,
            _p: core::marker::PhantomData,
        })
    }

    /// The raw pointer, for the other wrappers of `sys/`.
    pub(super) fn raw(&self) -> *mut bindings::net {
        self.ptr.as_ptr()
    }

    /// The device of this namespace with the smallest ifindex of at least
    /// `from`: its ifindex and name (NUL-padded), read under RTNL.
    pub(crate) fn next_dev(&self, from: i32, _rtnl: &impl HoldsRtnl) -> Option<(i32, [u8; 16])> {
        let mut idx = core::ffi::c_ulong::try_from(from.max(1)).ok()?;
        let mut name = [0u8; 16];
        // SAFETY: `self.ptr` is a live net (type invariant); RTNL is held
        // (`_rtnl`), as the helper needs; `name` has the IFNAMSIZ bytes it
        // writes at most.
        let found = unsafe {
            bindings::cdp_netdev_find(self.ptr.as_ptr(), &mut idx, name.as_mut_ptr().cast())
        };
        (found).then(|| (i32::try_from(idx).unwrap_or(i32::MAX), name))
    }

    /// Whether this is the initial namespace (the host's).
    pub(crate) fn is_initial(&self) -> bool {
        // SAFETY: `self.ptr` is a live net (type invariant); only its
        // address is compared.
        unsafe { bindings::cdp_net_is_init(self.ptr.as_ptr()) }
    }

    /// The namespace's generic pointer slot `id` (`net_generic()`).
    pub(crate) fn generic(&self, id: u32) -> *mut c_void {
        // SAFETY: `self.ptr` is a live net (type invariant); `net_generic`
        // only reads its `gen` array under RCU or with the net alive.
        unsafe { bindings::cdp_net_generic(self.ptr.as_ptr(), id) }
    }
}

/// The namespace a pernet state belongs to, kept inside that state, which
/// the namespace outlives (the state is freed by the namespace's exit).
///
/// # Invariants
///
/// `ptr` points to the `struct net` whose pernet state holds this value.
pub(crate) struct OwnNet {
    ptr: NonNull<bindings::net>,
}

// SAFETY: the pointer is only used to borrow the (longer-lived) namespace.
unsafe impl Send for OwnNet {}
// SAFETY: see `Send`.
unsafe impl Sync for OwnNet {}

impl OwnNet {
    /// # Safety
    ///
    /// The value must only be kept by `net`'s own pernet state.
    pub(crate) unsafe fn new(net: Net<'_>) -> Self {
        // INVARIANT: guaranteed by the caller.
        Self { ptr: net.ptr }
    }

    /// Borrows the namespace.
    pub(crate) fn net(&self) -> Net<'_> {
        // SAFETY: the namespace outlives the state holding `self` (type
        // invariant), so it is alive while `self` is borrowed.
        unsafe { Net::from_raw(self.ptr.as_ptr()) }.expect("non-null")
    }
}

/// The RTNL lock, held while the value lives (process context only).
pub(crate) struct Rtnl {
    _not_send: core::marker::PhantomData<*mut ()>,
}

impl Rtnl {
    /// Takes the lock; may sleep.
    pub(crate) fn lock() -> Self {
        // SAFETY: process context (the caller may sleep); released on drop.
        unsafe { bindings::rtnl_lock() };
        Self {
            _not_send: core::marker::PhantomData,
        }
    }

    /// The device of `net` with index `ifindex`, alive while RTNL is held
    /// (while `self` is borrowed).
    pub(crate) fn dev_by_index<'a>(&'a self, net: Net<'a>, ifindex: i32) -> Option<NetDev<'a>> {
        // SAFETY: `net` is alive and RTNL is held, which
        // `__dev_get_by_index` needs and which keeps the device registered
        // while `self` is borrowed.
        unsafe { NetDev::from_raw(bindings::__dev_get_by_index(net.ptr.as_ptr(), ifindex)) }
    }
}

// SAFETY: an `Rtnl` exists only while its task holds RTNL (taken in `lock`,
// released on drop), and it is not `Send`.
unsafe impl HoldsRtnl for Rtnl {}

impl Drop for Rtnl {
    fn drop(&mut self) {
        // SAFETY: taken in `lock()`.
        unsafe { bindings::rtnl_unlock() };
    }
}

/// A counted reference to the network namespace of the current task.
///
/// # Invariants
///
/// `ptr` holds a reference taken with `get_net()`, put on drop.
pub(crate) struct NetRef {
    ptr: NonNull<bindings::net>,
}

// SAFETY: a counted `struct net` reference may be used and dropped from any
// thread.
unsafe impl Send for NetRef {}
// SAFETY: `NetRef` only hands out shared views.
unsafe impl Sync for NetRef {}

impl NetRef {
    /// The current task's network namespace.
    pub(crate) fn current() -> Self {
        // SAFETY: called in process context, where `current` has an
        // nsproxy; the helper takes a reference with `get_net()`.
        let ptr = unsafe { bindings::cdp_get_current_net() };
        // INVARIANT: `get_net` returned a counted reference; it is never NULL.
        Self {
            ptr: NonNull::new(ptr).expect("current task has a network namespace"),
        }
    }

    /// The namespace of a `/proc/net/cdp` file being opened, counted, or
    /// `None` when the namespace is already being dismantled.
    ///
    /// # Safety
    ///
    /// `inode` is the inode of a file created by
    /// [`super::proc::NetProcDir`], inside one of its file operations.
    pub(super) unsafe fn of_proc_inode(inode: *const bindings::inode) -> Option<Self> {
        // SAFETY: the file's data is its namespace, which outlives the
        // entry: the entry is removed in the namespace's exit, and that
        // removal waits for file operations in progress, such as this one.
        // `maybe_get_net` takes a reference unless the count is already 0.
        let ptr = unsafe { bindings::cdp_proc_get_net(inode) };
        // INVARIANT: non-NULL means a reference was taken.
        NonNull::new(ptr).map(|ptr| Self { ptr })
    }

    /// Borrows the namespace.
    pub(crate) fn net(&self) -> Net<'_> {
        // SAFETY: the reference we hold keeps it alive for `&self`.
        unsafe { Net::from_raw(self.ptr.as_ptr()) }.expect("non-null")
    }

    /// The user namespace owning this network namespace.
    pub(crate) fn user_ns(&self) -> *mut bindings::user_namespace {
        // SAFETY: the net is alive; `user_ns` is set at creation and
        // constant for its life.
        unsafe { (*self.ptr.as_ptr()).user_ns }
    }
}

impl Drop for NetRef {
    fn drop(&mut self) {
        // SAFETY: releases the reference taken in `current()`.
        unsafe { bindings::cdp_put_net(self.ptr.as_ptr()) };
    }
}

/// A network device, borrowed for `'a`.
///
/// The device is shared with the rest of the kernel, which changes it while
/// we hold it (its name under RTNL, its flags and statistics at any time),
/// so it is seen as [`Opaque`]: never as a Rust reference to its fields.
/// Fields are read through the raw pointer, with `READ_ONCE` semantics
/// (volatile reads) for those that change, and the C functions that write
/// to it get the raw pointer ([`Opaque::get`]).
///
/// # Invariants
///
/// `dev` is a registered (or registering/unregistering) `struct
/// net_device` that stays alive for `'a`.
#[derive(Clone, Copy)]
pub(crate) struct NetDev<'a> {
    dev: &'a Opaque<bindings::net_device>,
}

/// A copy of an interface name (at most 15 bytes, no NUL).
#[derive(Clone, Copy)]
pub(crate) struct IfName {
    buf: [u8; 16],
    len: usize,
}

impl IfName {
    /// The name's bytes.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len.min(15)]
    }
}

impl<'a> NetDev<'a> {
    /// # Safety
    ///
    /// `ptr` must point to a `struct net_device` alive for `'a`.
    pub(crate) unsafe fn from_raw(ptr: *const bindings::net_device) -> Option<Self> {
        // SAFETY: `Opaque<T>` is `repr(transparent)` over `T`; the caller
        // guarantees the pointer is valid for `'a` if non-null.
        unsafe { ptr.cast::<Opaque<bindings::net_device>>().as_ref() }.map(|dev| Self { dev })
    }

    /// The device, for the C functions (which may write to it).
    fn raw(&self) -> *mut bindings::net_device {
        self.dev.get()
    }

    /// Interface index.
    pub(crate) fn ifindex(&self) -> i32 {
        // SAFETY: the device is alive (type invariant); an aligned int read
        // once (it changes only when the device moves to another namespace,
        // under RTNL, while it is unlisted).
        unsafe { core::ptr::addr_of!((*self.raw()).ifindex).read_volatile() }
    }

    /// A copy of the interface name, rename-safe: exact under RTNL (renames
    /// hold it); elsewhere (softirq, where no rename lock can be taken) each
    /// byte is read once, and a name read during a rename is corrected by
    /// the NETDEV_CHANGENAME notification that follows it.
    pub(crate) fn name(&self) -> IfName {
        let mut n = IfName {
            buf: [0; 16],
            len: 0,
        };
        // SAFETY: the device is alive (type invariant); the helper writes
        // at most IFNAMSIZ (16) bytes, NUL-terminated, into `buf`.
        unsafe { bindings::cdp_dev_copy_name(self.raw(), n.buf.as_mut_ptr().cast()) };
        n.len = n.buf.iter().position(|&b| b == 0).unwrap_or(15);
        n
    }

    /// The MTU now (it changes under RTNL; read once).
    pub(crate) fn mtu(&self) -> u32 {
        // SAFETY: the device is alive (type invariant); the helper reads
        // one field with READ_ONCE.
        unsafe { bindings::cdp_dev_mtu(self.raw()) }
    }

    /// Whether this is an Ethernet-like device that can carry CDP (not
    /// loopback).
    pub(crate) fn is_ethernet(&self) -> bool {
        // SAFETY: the device is alive (type invariant); `type` is set before
        // registration, `flags` read once (it changes under RTNL).
        let (ty, flags) = unsafe {
            (
                core::ptr::addr_of!((*self.raw()).type_).read_volatile(),
                core::ptr::addr_of!((*self.raw()).flags).read_volatile(),
            )
        };
        u32::from(ty) == bindings::CDP_ARPHRD_ETHER && flags & bindings::CDP_IFF_LOOPBACK == 0
    }

    /// The VLAN ID of a VLAN device.
    pub(crate) fn vlan_id(&self) -> Option<u16> {
        // SAFETY: the device is alive (type invariant).
        let v = unsafe { bindings::cdp_dev_vlan_id(self.raw()) };
        u16::try_from(v).ok()
    }

    /// Whether this is a bridge.
    pub(crate) fn is_bridge_master(&self) -> bool {
        // SAFETY: the device is alive (type invariant).
        unsafe { bindings::cdp_dev_is_bridge_master(self.raw()) }
    }

    /// Whether this device is a port of a bridge.
    pub(crate) fn is_bridge_port(&self) -> bool {
        // SAFETY: the device is alive (type invariant).
        unsafe { bindings::cdp_dev_is_bridge_port(self.raw()) }
    }

    /// Whether this is a VLAN device on a bridge port.
    pub(crate) fn is_vlan_on_bridge_port(&self) -> bool {
        // SAFETY: the device is alive (type invariant); a VLAN device holds its real
        // device.
        unsafe { bindings::cdp_dev_is_vlan_on_bridge_port(self.raw()) }
    }

    /// Whether this device is a bond (its flags say so).
    pub(crate) fn is_bond_master(&self) -> bool {
        // SAFETY: the device is alive (type invariant).
        unsafe { bindings::cdp_dev_is_bond_master(self.raw()) }
    }

    /// Whether this device is a bond's slave (its flags say so).
    pub(crate) fn is_bond_slave(&self) -> bool {
        // SAFETY: the device is alive (type invariant).
        unsafe { bindings::cdp_dev_is_bond_slave(self.raw()) }
    }

    /// Whether this device's master is a bond. Needs RTNL.
    pub(crate) fn has_bond_master(&self, _rtnl: &impl HoldsRtnl) -> bool {
        // SAFETY: the device is alive (type invariant); RTNL is held (the proof),
        // which `netdev_master_upper_dev_get` needs.
        unsafe { bindings::cdp_dev_has_bond_master(self.raw()) }
    }

    /// Whether this device's master is a bridge (it is a bridge port, or
    /// becoming one; already false in the notification that unlinks it,
    /// unlike [`NetDev::is_bridge_port`]). Needs RTNL.
    pub(crate) fn has_bridge_master(&self, _rtnl: &impl HoldsRtnl) -> bool {
        // SAFETY: the device is alive (type invariant); RTNL is held (the proof),
        // which `netdev_master_upper_dev_get` needs.
        unsafe { bindings::cdp_dev_has_bridge_master(self.raw()) }
    }

    /// The master upper device (bond, bridge), valid for the RCU read-side
    /// section the caller is in.
    pub(crate) fn master_upper<'r>(&self, _rcu: &'r impl HoldsRcu) -> Option<NetDev<'r>>
    where
        'a: 'r,
    {
        let dev = self.raw();
        // SAFETY: the caller is in an RCU read-side section (the proof),
        // which `netdev_master_upper_dev_get_rcu` needs and which keeps the
        // upper device alive while the proof is borrowed (`'r`).
        unsafe { NetDev::from_raw(bindings::netdev_master_upper_dev_get_rcu(dev)) }
    }

    /// The port of this bridge that learnt `mac`, from the bridge's
    /// forwarding database, looked up in each VLAN of `vids` (0: none) in
    /// turn until an entry is found; valid for the RCU read-side section
    /// the caller is in. `None` if the bridge has no entry for it (or the
    /// entry is its own, or memory for the lookup ran out).
    pub(crate) fn bridge_port_of<'r>(
        &self,
        mac: &[u8; 6],
        vids: &[u16],
        _rcu: &'r impl HoldsRcu,
    ) -> Option<NetDev<'r>>
    where
        'a: 'r,
    {
        let n = u32::try_from(vids.len()).ok()?;
        // SAFETY: the device is alive (type invariant), `mac` 6 readable bytes and
        // `vids` `n` readable u16s, all only read during the call; the
        // caller is in an RCU read-side section (the proof), which the
        // helper needs and which keeps the port alive while the proof is
        // borrowed (`'r`).
        unsafe {
            NetDev::from_raw(bindings::cdp_bridge_fdb_port(
                self.as_ptr(),
                mac.as_ptr(),
                vids.as_ptr(),
                n,
            ))
        }
    }

    /// Whether `other` is this very device (not merely one with the same
    /// ifindex: two namespaces may each have a device with a given index).
    pub(crate) fn is_same(&self, other: &NetDev<'_>) -> bool {
        core::ptr::eq(self.dev, other.dev)
    }

    /// Identity of the device (its address), for bookkeeping only.
    pub(crate) fn key(&self) -> usize {
        self.raw() as usize
    }

    /// The raw pointer, for registering per-device handlers.
    pub(crate) fn as_ptr(&self) -> *mut bindings::net_device {
        self.raw()
    }

    /// The device's network namespace.
    pub(crate) fn net(&self) -> Net<'a> {
        // SAFETY: the device is alive (type invariant); a device holds its
        // namespace alive.
        let p = unsafe { bindings::cdp_dev_net(self.raw()) };
        // SAFETY: see above: the namespace outlives the device borrow.
        unsafe { Net::from_raw(p) }.expect("device has a namespace")
    }

    /// Subscribes (`add`) or unsubscribes the multicast address `addr`.
    /// Called under RTNL from the netdevice notifier.
    pub(crate) fn mc(&self, addr: &[u8; 6], add: bool) -> i32 {
        let dev = self.raw();
        // SAFETY: the device is live; `dev_mc_add`/`dev_mc_del` take the
        // device's address lock themselves and copy `addr`.
        unsafe {
            if add {
                bindings::dev_mc_add(dev, addr.as_ptr())
            } else {
                bindings::dev_mc_del(dev, addr.as_ptr())
            }
        }
    }
}

/// A socket buffer handed to a packet handler, borrowed for `'a`.
///
/// Seen as [`Opaque`], like [`NetDev`]: fields are read through the raw
/// pointer, and the skb's data through the slices its fields bound.
///
/// # Invariants
///
/// `skb` is an `sk_buff` the handler holds a reference to for `'a`, which
/// nothing else changes meanwhile (the handler's own, or a shared skb that
/// handlers only read).
pub(crate) struct Skb<'a> {
    skb: &'a Opaque<bindings::sk_buff>,
}

impl<'a> Skb<'a> {
    /// # Safety
    ///
    /// `ptr` must be a valid skb referenced for `'a`.
    pub(crate) unsafe fn from_raw(ptr: *const bindings::sk_buff) -> Option<Self> {
        // SAFETY: `Opaque<T>` is `repr(transparent)` over `T`; the caller
        // guarantees the pointer is valid for `'a` if non-null.
        unsafe { ptr.cast::<Opaque<bindings::sk_buff>>().as_ref() }.map(|skb| Self { skb })
    }

    /// The skb, for the C helpers (which only read it).
    fn raw(&self) -> *mut bindings::sk_buff {
        self.skb.get()
    }

    /// `len`, `data_len`, `data` and `head`.
    fn geometry(&self) -> (u32, u32, *mut u8, *mut u8) {
        let p = self.raw();
        // SAFETY: the skb is alive and unchanged for `'a` (type invariant).
        unsafe { ((*p).len, (*p).data_len, (*p).data, (*p).head) }
    }

    /// Bytes from `skb->data` to the end, linear and paged.
    pub(crate) fn len(&self) -> usize {
        self.geometry().0 as usize
    }

    /// The first `n` bytes at `skb->data`, when they are in the linear
    /// part (no call, no copy: the receive path's first test).
    pub(crate) fn head(&self, n: usize) -> Option<&'a [u8]> {
        let (len, data_len, data, _) = self.geometry();
        let headlen = len.checked_sub(data_len)? as usize;
        if headlen < n || data.is_null() {
            return None;
        }
        // SAFETY: `data` points to `len - data_len` bytes of linear data,
        // alive as long as the skb reference we hold (`'a`).
        Some(unsafe { core::slice::from_raw_parts(data, n) })
    }

    /// `len` bytes at `offset` from `skb->data` (negative: into the
    /// headers before it), pointing into the skb when they are linear and
    /// copied into `buf` otherwise (`skb_header_pointer()`).
    pub(crate) fn bytes<'b>(&'b self, offset: isize, buf: &'b mut [u8]) -> Option<&'b [u8]> {
        let off = i32::try_from(offset).ok()?;
        let len = i32::try_from(buf.len()).ok()?;
        // SAFETY: the skb is valid; `skb_header_pointer` bounds-checks
        // `offset`/`len` against the skb and writes at most `len` bytes
        // into `buf`, which has room for them.
        let p = unsafe {
            bindings::cdp_skb_header_pointer(self.raw(), off, len, buf.as_mut_ptr().cast())
        };
        if p.is_null() {
            return None;
        }
        // SAFETY: a non-NULL result points to `len` readable bytes, either
        // in the skb (alive for `'a`, which outlives `'b`) or in `buf`.
        Some(unsafe { core::slice::from_raw_parts(p.cast::<u8>(), buf.len()) })
    }

    /// Where the MAC header starts, as an offset from `skb->data`, if it is
    /// set and its first 14 bytes lie between `skb->head` and the end of
    /// the linear data (a received skb's MAC header is in its linear head).
    fn mac_offset(&self) -> Option<isize> {
        // SAFETY: the skb is valid; the helper returns `skb_mac_offset()`
        // or INT_MIN when no MAC header is set.
        let off = unsafe { bindings::cdp_skb_mac_offset(self.raw()) };
        if off == i32::MIN {
            return None;
        }
        let (len, data_len, data, head) = self.geometry();
        let headlen = len.checked_sub(data_len)? as isize;
        let off = off as isize;
        let head_room = (data as isize).checked_sub(head as isize)?;
        (off >= -head_room && off + 14 <= headlen).then_some(off)
    }

    /// The Ethernet header (destination, source, type/length), if the
    /// MAC header is set.
    pub(crate) fn mac_header(&self) -> Option<&'a [u8; 14]> {
        let off = self.mac_offset()?;
        // SAFETY: `mac_offset` checked that `data + off .. data + off + 14`
        // lies within the skb's linear buffer, alive for `'a`.
        Some(unsafe { &*(self.geometry().2.offset(off) as *const [u8; 14]) })
    }

    /// The Ethernet header, as [`Skb::mac_header`], and the 802.3 length (or
    /// Ethertype) field that ends the MAC header: the two bytes just before
    /// `skb->data` (after the tag when a VLAN device with `reorder_hdr off`
    /// left it there). `None` unless a MAC header of at least 14 bytes ends
    /// at `skb->data`: a tun device in IFF_TUN mode hands 802.2 frames to the
    /// stack with the MAC header at `skb->data` and nothing before it but
    /// uninitialised headroom.
    pub(crate) fn ether(&self) -> Option<(&'a [u8; 14], u16)> {
        let off = self.mac_offset()?;
        if off > -14 {
            return None;
        }
        let data = self.geometry().2;
        // SAFETY: `mac_offset` checked that `data + off .. data + off + 14`
        // lies within the linear buffer; with `off <= -14` that range ends
        // at or before `data`, so the buffer holds everything from
        // `data + off` to `data`, which includes both the 14 bytes and
        // `data - 2 .. data`. The skb is alive for `'a`.
        let (eth, len) = unsafe {
            (
                &*(data.offset(off) as *const [u8; 14]),
                core::slice::from_raw_parts(data.offset(-2), 2),
            )
        };
        Some((eth, u16::from_be_bytes([len[0], len[1]])))
    }

    /// The VLAN ID in `skb->vlan_tci`, if a tag is there.
    pub(crate) fn vlan_id(&self) -> Option<u16> {
        // SAFETY: the skb is valid.
        let v = unsafe { bindings::cdp_skb_vlan_id(self.raw()) };
        u16::try_from(v).ok()
    }

    /// `skb->protocol` in host order.
    pub(crate) fn protocol(&self) -> u16 {
        // SAFETY: the skb is valid.
        u16::from_be(unsafe { bindings::cdp_skb_protocol(self.raw()) })
    }

    /// Whether the stack marked the frame as not for this host: for a CDP
    /// frame, that its 802.1Q tag (VLAN ID not 0) had no VLAN device to go
    /// to, and was stripped.
    pub(crate) fn is_otherhost(&self) -> bool {
        // SAFETY: the skb is valid.
        u32::from(unsafe { bindings::cdp_skb_pkt_type(self.raw()) })
            == bindings::CDP_PACKET_OTHERHOST
    }

    /// For a tap: the VLAN ID (not 0) of an incoming 802.1Q-tagged 802.2
    /// frame.
    pub(crate) fn tagged_llc_vid(&self) -> Option<u16> {
        // SAFETY: the skb is valid.
        u16::try_from(unsafe { bindings::cdp_skb_tagged_llc_vid(self.raw()) }).ok()
    }

    /// Identity of the skb (its address), to recognise it further along
    /// the same receive path; bookkeeping only.
    pub(crate) fn key(&self) -> usize {
        self.raw() as usize
    }

    /// Whether the skb is one we sent (seen by taps only).
    pub(crate) fn is_outgoing(&self) -> bool {
        // SAFETY: the skb is valid.
        u32::from(unsafe { bindings::cdp_skb_pkt_type(self.raw()) })
            == bindings::CDP_PACKET_OUTGOING
    }
}
