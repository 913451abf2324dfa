// SPDX-License-Identifier: GPL-2.0

//! The /proc files: `cdp_neighbors`, `cdp_neighbors_detail` and
//! `cdp_traffic`, which show the reader's namespace, and the same three in
//! each namespace's `/proc/net/cdp` (`neighbors`, `neighbors_detail`,
//! `traffic`), which show their own.

use crate::netns::NetState;
use crate::proto::render;
use crate::proto::table::{self, IfStats, Neighbor, Stats};
use crate::proto::wire::{self, Info};
use crate::sys::bh::lock_bh;
use crate::sys::ctx::ProcCtx;
use crate::sys::net::{NetRef, Rtnl};
use crate::sys::params;
use crate::sys::proc::{NetFile, ProcFile, SeqOut, SeqSource, Writer};
use core::fmt::Write;
use kernel::c_str;
use kernel::prelude::*;

/// Slots a reader scans per lock hold while looking for the next neighbor.
const SCAN_STEP: usize = 16;
/// Position of the footer record.
const FOOTER: u64 = u32::MAX as u64;

/// Per-open state of the neighbor files: a copy of the entry being shown,
/// taken under the lock, and its decoded form, made and rendered outside
/// it, so a reader never holds up the receive path for more than one
/// entry's copy and never sees a torn entry.
pub(crate) struct ReaderState {
    nb: Neighbor,
    info: Info,
    now_ms: u64,
    shown: usize,
    last_counted: u64,
}

/// Finds the record at or after `pos`: 0 is the header, 1 + i the
/// neighbor in slot i, [`FOOTER`] the footer. Copies the neighbor.
fn seek_neighbor(st: &mut ReaderState, net: &NetRef, pos: u64, cx: &ProcCtx) -> Option<u64> {
    if pos == 0 {
        // A new pass (the first read, or a read from offset 0 on the open
        // file after lseek or with pread): count the neighbors afresh.
        st.now_ms = params::now_ms();
        st.shown = 0;
        st.last_counted = 0;
        return Some(0);
    }
    if pos > FOOTER {
        return None;
    }
    let ns = NetState::of(net.net(), cx)?;
    let mut i = (pos - 1) as usize;
    if pos < FOOTER {
        loop {
            let l = lock_bh(&ns.locked);
            let Some(t) = l.table() else {
                break;
            };
            match t.next_used(i, SCAN_STEP) {
                Ok(found) => {
                    if let Some(nb) = t.get(found) {
                        st.nb.copy_from(nb);
                    }
                    return Some(found as u64 + 1);
                }
                Err(Some(next)) => i = next,
                Err(None) => break,
            }
        }
    }
    Some(FOOTER)
}

fn count_shown(st: &mut ReaderState, pos: u64) {
    // seq_file may show a record twice (buffer growth): count it once.
    if pos > st.last_counted {
        st.last_counted = pos;
        st.shown += 1;
    }
}

/// The namespace state a write of `clear` acts on: the writer needs
/// CAP_NET_ADMIN, and `clear` is the only command.
fn clear_target<'a>(
    net: &'a NetRef,
    w: &Writer<'_>,
    data: &[u8],
    cx: &'a ProcCtx,
) -> Result<&'a NetState> {
    if !w.net_admin() {
        return Err(EPERM);
    }
    if wire::trim_ascii_space(data) != b"clear" {
        return Err(EINVAL);
    }
    NetState::of(net.net(), cx).ok_or(ENODEV)
}

fn clear_neighbors(net: &NetRef, w: &Writer<'_>, data: &[u8], cx: &ProcCtx) -> Result {
    clear_target(net, w, data, cx)?.clear();
    Ok(())
}

/// A reader's state, built in place on the heap (it is about 3 KB: too much
/// for the stack of the `open` path).
fn new_reader() -> Result<KBox<ReaderState>> {
    KBox::init(
        init!(ReaderState {
            nb: Neighbor::EMPTY,
            info: Info::EMPTY,
            now_ms: 0,
            shown: 0,
            last_counted: 0,
        }),
        GFP_KERNEL,
    )
}

/// `/proc/cdp_neighbors` (`show cdp neighbors`) and, with `DETAIL`,
/// `/proc/cdp_neighbors_detail` (`show cdp neighbors detail`).
pub(crate) struct NeighborFile<const DETAIL: bool>;

pub(crate) type NeighborsFile = NeighborFile<false>;
pub(crate) type DetailFile = NeighborFile<true>;

impl<const DETAIL: bool> SeqSource for NeighborFile<DETAIL> {
    type State = ReaderState;

    fn open(_net: &NetRef) -> Result<KBox<ReaderState>> {
        new_reader()
    }

    fn seek(st: &mut ReaderState, net: &NetRef, pos: u64, cx: &ProcCtx) -> Option<u64> {
        seek_neighbor(st, net, pos, cx)
    }

    fn show(st: &mut ReaderState, _net: &NetRef, pos: u64, out: &mut SeqOut) {
        let _ = match pos {
            0 if DETAIL => Ok(()),
            0 => render::neighbors_header(out),
            FOOTER => render::neighbors_footer(out, st.shown),
            _ => {
                count_shown(st, pos);
                st.nb.decode(&mut st.info);
                if DETAIL {
                    render::neighbor_detail(out, &st.nb, &st.info, st.now_ms)
                } else {
                    render::neighbor_row(out, &st.nb, &st.info, st.now_ms)
                }
            }
        };
    }

    fn write(net: &NetRef, w: &Writer<'_>, data: &[u8], cx: &ProcCtx) -> Result {
        clear_neighbors(net, w, data, cx)
    }
}

/// Per-open state of `/proc/cdp_traffic`: a snapshot of the counters.
pub(crate) struct TrafficState {
    stats: Stats,
    rx_wait_max_ns: Option<u64>,
    ifs: KVVec<IfStats>,
    n: usize,
    /// For each of `ifs` with no admin status of its own, whether the
    /// transmit default applies to it (the initial namespace, a device
    /// facing a wire).
    default_tx: [bool; table::IFSTATS_MAX],
}

/// `/proc/cdp_traffic`: `show cdp traffic` and a per-interface table.
pub(crate) struct TrafficFile;

impl SeqSource for TrafficFile {
    type State = TrafficState;

    fn open(_net: &NetRef) -> Result<KBox<TrafficState>> {
        Ok(KBox::new(
            TrafficState {
                stats: Stats::ZERO,
                rx_wait_max_ns: None,
                ifs: KVVec::from_elem(IfStats::EMPTY, table::IFSTATS_MAX, GFP_KERNEL)?,
                n: 0,
                default_tx: [false; table::IFSTATS_MAX],
            },
            GFP_KERNEL,
        )?)
    }

    fn seek(st: &mut TrafficState, net: &NetRef, pos: u64, cx: &ProcCtx) -> Option<u64> {
        if pos == 0 {
            // One consistent snapshot for the whole read.
            let ns = NetState::of(net.net(), cx)?;
            {
                let l = lock_bh(&ns.locked);
                st.stats = l.stats();
                st.rx_wait_max_ns = params::lock_stats().then_some(l.rx_wait_max_ns);
                st.n = 0;
                for (dst, src) in st
                    .ifs
                    .iter_mut()
                    .zip(l.table().into_iter().flat_map(|t| t.ifstats()))
                {
                    *dst = *src;
                    st.n += 1;
                }
            }
            // Which devices the transmit default would make transmit: only
            // asked (under RTNL, after the table lock is released) where
            // it can apply at all.
            st.default_tx = [false; table::IFSTATS_MAX];
            if params::tx_default() && net.net().is_initial() {
                let rtnl = Rtnl::lock();
                for (d, i) in st.default_tx.iter_mut().zip(&st.ifs[..st.n]) {
                    *d = i.admin.is_none()
                        && rtnl.dev_by_index(net.net(), i.ifindex).is_some_and(|dev| {
                            crate::tx::default_applies(net.net(), dev.faces_wire(&rtnl))
                        });
                }
            }
            return Some(0);
        }
        (pos as usize <= st.n).then_some(pos)
    }

    fn show(st: &mut TrafficState, _net: &NetRef, pos: u64, out: &mut SeqOut) {
        let _ = if pos == 0 {
            render::traffic(out, &st.stats)
                .and_then(|()| match st.rx_wait_max_ns {
                    Some(ns) => writeln!(out, "        Receive path lock wait max: {} ns", ns),
                    None => Ok(()),
                })
                .and_then(|()| render::traffic_if_header(out))
        } else {
            let k = pos as usize - 1;
            let i = &st.ifs[k];
            let admin = i
                .admin
                .unwrap_or_else(|| crate::tx::default_admin(st.default_tx[k]));
            render::traffic_if_row(out, i, admin)
        };
    }

    fn write(net: &NetRef, w: &Writer<'_>, data: &[u8], cx: &ProcCtx) -> Result {
        let ns = clear_target(net, w, data, cx)?;
        lock_bh(&ns.locked).clear_stats();
        Ok(())
    }
}

/// The files of `/proc/net/cdp`, with the permissions of the global ones.
pub(crate) fn net_files() -> [NetFile; 3] {
    let mode = params::proc_mode();
    [
        NetFile {
            name: c_str!("neighbors"),
            mode,
            ops: &ProcFile::<NeighborsFile>::NET_FILE,
        },
        NetFile {
            name: c_str!("neighbors_detail"),
            mode,
            ops: &ProcFile::<DetailFile>::NET_FILE,
        },
        NetFile {
            name: c_str!("traffic"),
            mode,
            ops: &ProcFile::<TrafficFile>::NET_FILE,
        },
    ]
}
