// SPDX-License-Identifier: GPL-2.0

//! cdp_rs: a Cisco Discovery Protocol neighbor tracker.
//!
//! Listens on every interface for CDP frames (802.3 LLC/SNAP, OUI 00:00:0c,
//! PID 0x2000) through a `packet_type` handler for ETH_P_802_2, keeps a
//! neighbor table with statistics per network namespace, and shows it in
//! `/proc/cdp_neighbors`, `/proc/cdp_neighbors_detail` and
//! `/proc/cdp_traffic` in the layouts of Cisco IOS `show cdp ...`.
//!
//! Layout: `proto/` is the protocol (decoder, table, rendering) in safe
//! `core`-only Rust, shared with the host tests and fuzzers; `sys/` is the
//! thin unsafe layer over the C APIs the `kernel` crate lacks; `rx` (the
//! receive path), `tx` (the host's own advertisements), `ports`
//! (per-device hooks), `netns` (per-namespace state), `procfs` (the /proc
//! files) and `nl` (the generic netlink family) tie them together; this
//! file registers
//! them and tears them down, with no `unsafe` of its own.

use core::pin::Pin;
use core::sync::atomic::Ordering;
use kernel::c_str;
use kernel::prelude::*;

/// The protocol: decoder, neighbor table and rendering (shared with the
/// host tests, hence public).
pub mod proto;
mod sys;

mod netns;
mod nl;
mod ports;
mod procfs;
mod rx;
mod tx;

use netns::{NetState, NET_ID};
use ports::{Addrs, Netdevs, STOPPING};
use procfs::{DetailFile, NeighborsFile, TrafficFile};
use rx::{Receiver, ETH_P_802_2};
use sys::genl::Family;
use sys::notifier::{AddrNotifier, Notifier};
use sys::packet::PacketType;
use sys::params;
use sys::pernet::Pernet;
use sys::proc::ProcFile;

// The author is declared in helpers.c: 6.12's `module!` spells the key
// `author`, 7.x's `authors`.
module! {
    type: CdpRs,
    name: "cdp_rs",
    description: "Cisco Discovery Protocol neighbor tracker",
    license: "GPL",
}

/// Everything cdp_rs registers, torn down in reverse order of creation
/// (fields drop in declaration order).
struct CdpRs {
    _tx: tx::Transmitter,
    _packet: Pin<KBox<PacketType<Receiver>>>,
    _stopping: Stopping,
    _notifier: Pin<KBox<Notifier<Netdevs>>>,
    _addr6: Pin<KBox<AddrNotifier<Addrs>>>,
    _addr4: Pin<KBox<AddrNotifier<Addrs>>>,
    _family: Family,
    _traffic: Pin<KBox<ProcFile<TrafficFile>>>,
    _detail: Pin<KBox<ProcFile<DetailFile>>>,
    _neighbors: Pin<KBox<ProcFile<NeighborsFile>>>,
    _pernet: Pin<KBox<Pernet<NetState>>>,
}

/// Sets [`STOPPING`] when dropped, before the notifier goes: its
/// unregistration removes every per-device hook, and no VLAN tap may be
/// added after that (the work item checks the flag under RTNL). Dropped at
/// unload, and when `init` fails after registering the notifier.
struct Stopping;

impl Drop for Stopping {
    fn drop(&mut self) {
        STOPPING.store(true, Ordering::Relaxed);
    }
}

impl kernel::Module for CdpRs {
    fn init(_module: &'static ThisModule) -> Result<Self> {
        STOPPING.store(false, Ordering::Relaxed);
        params::check()?;
        let mode = params::proc_mode();
        // On failure, what was registered so far is dropped in reverse
        // order, as at unload.
        let pernet = Pernet::<NetState>::register()?;
        let neighbors = ProcFile::<NeighborsFile>::create(c_str!("cdp_neighbors"), mode)?;
        let detail = ProcFile::<DetailFile>::create(c_str!("cdp_neighbors_detail"), mode)?;
        let traffic = ProcFile::<TrafficFile>::create(c_str!("cdp_traffic"), mode)?;
        let family = Family::register()?;
        // Address changes, for the transmitter (which starts last).
        let addr4 = AddrNotifier::<Addrs>::register(false)?;
        let addr6 = AddrNotifier::<Addrs>::register(true)?;
        let notifier = Notifier::<Netdevs>::register()?;
        let stopping = Stopping;
        let packet = PacketType::<Receiver>::register(ETH_P_802_2)?;
        // Last: every namespace looks for interfaces to advertise on.
        let transmitter = tx::Transmitter::start();
        pr_info!(
            "listening for CDP, up to {} neighbors per namespace (id {}); a namespace costs {} bytes until it receives CDP\n",
            params::max_neighbors(),
            NET_ID.load(Ordering::Relaxed),
            core::mem::size_of::<NetState>()
        );
        Ok(CdpRs {
            _tx: transmitter,
            _packet: packet,
            _stopping: stopping,
            _notifier: notifier,
            _addr6: addr6,
            _addr4: addr4,
            _family: family,
            _traffic: traffic,
            _detail: detail,
            _neighbors: neighbors,
            _pernet: pernet,
        })
    }
}
