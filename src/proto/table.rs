// SPDX-License-Identifier: GPL-2.0

//! The neighbor table of one network namespace, with its statistics.
//!
//! The table never allocates: its slots and hash buckets are storage handed
//! in by the owner (a `KVVec` in the kernel, a `Vec` on the host), sized once
//! from the configured maximum. Memory is therefore fixed by configuration,
//! whatever the wire sends. Slots do not move, so a reader can walk them by
//! index, one entry per lock hold.

use super::wire::{self, Info};
use core::ops::DerefMut;

/// Interface names: IFNAMSIZ.
pub const IFNAMSIZ: usize = 16;
/// Interfaces tracked with their own counters (all are counted globally).
pub const IFSTATS_MAX: usize = 64;
/// The VLAN recorded for a frame whose 802.1Q tag the receiving stack
/// stripped before cdp_rs could read it (not a VLAN ID: those are 12 bits).
pub const VLAN_UNKNOWN: u16 = 0xffff;
/// Marks an empty bucket or the end of a chain.
const NIL: u32 = u32::MAX;

/// CDP counters: global and per interface.
///
/// Conservation: every CDP frame counted in `input` is counted in exactly
/// one of `v1_input`, `v2_input` (accepted), `hdr_syntax`, `checksum`,
/// `invalid`, `no_memory`, `over_max` (refused) or `disabled` (dropped:
/// the interface's admin status is disabled).
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct Stats {
    /// CDP frames received.
    pub input: u64,
    /// CDP frames sent.
    pub output: u64,
    /// Refused: unusable header (length, version).
    pub hdr_syntax: u64,
    /// Refused: checksum error.
    pub checksum: u64,
    /// Refused: broken TLV structure.
    pub invalid: u64,
    /// Refused: no memory.
    pub no_memory: u64,
    /// Refused: the table was full.
    pub over_max: u64,
    /// Accepted version 1 advertisements.
    pub v1_input: u64,
    /// Accepted version 2 advertisements.
    pub v2_input: u64,
    /// Version 1 advertisements sent.
    pub v1_output: u64,
    /// Version 2 advertisements sent.
    pub v2_output: u64,
    /// TLVs of unknown type seen in accepted frames.
    pub unknown_tlvs: u64,
    /// Neighbors inserted.
    pub inserted: u64,
    /// Neighbors deleted (TTL 0, interface removed, `clear`).
    pub deleted: u64,
    /// Neighbors whose holdtime ran out.
    pub aged_out: u64,
    /// Dropped: the interface's admin status is disabled.
    pub disabled: u64,
    /// Advertisements that could not be built or sent (no memory, the
    /// device refused or dropped them). Not part of the input counts.
    pub encaps_failed: u64,
}

impl Stats {
    /// All zero.
    pub const ZERO: Self = Self {
        input: 0,
        output: 0,
        hdr_syntax: 0,
        checksum: 0,
        invalid: 0,
        no_memory: 0,
        over_max: 0,
        v1_input: 0,
        v2_input: 0,
        v1_output: 0,
        v2_output: 0,
        unknown_tlvs: 0,
        inserted: 0,
        deleted: 0,
        aged_out: 0,
        disabled: 0,
        encaps_failed: 0,
    };

    /// Frames refused, by any reason.
    pub fn refused(&self) -> u64 {
        self.hdr_syntax
            + self.checksum
            + self.invalid
            + self.no_memory
            + self.over_max
            + self.disabled
    }
}

/// Counters of one interface.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct IfStats {
    /// Interface index; 0 for an unused place.
    pub ifindex: i32,
    /// Its name.
    pub name: [u8; IFNAMSIZ],
    /// Its counters.
    pub stats: Stats,
    /// Its admin status when set for it; `None` follows the defaults
    /// ([`Config::rx_default`] and the transmit default).
    pub admin: Option<Admin>,
}

/// What cdp_rs does on an interface: receive, transmit, both or neither.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Admin {
    /// Neither: received frames are counted and dropped, none are sent.
    Disabled,
    /// Receive only (the default).
    Rx,
    /// Transmit only: received frames are counted and dropped.
    Tx,
    /// Both.
    RxTx,
}

impl Admin {
    /// From the two halves.
    pub const fn new(rx: bool, tx: bool) -> Self {
        match (rx, tx) {
            (false, false) => Admin::Disabled,
            (true, false) => Admin::Rx,
            (false, true) => Admin::Tx,
            (true, true) => Admin::RxTx,
        }
    }

    /// Whether it receives.
    pub const fn rx(self) -> bool {
        matches!(self, Admin::Rx | Admin::RxTx)
    }

    /// Whether it transmits.
    pub const fn tx(self) -> bool {
        matches!(self, Admin::Tx | Admin::RxTx)
    }

    /// Its name, as `cdpctl` and the YNL spec spell it.
    pub const fn name(self) -> &'static str {
        match self {
            Admin::Disabled => "disabled",
            Admin::Rx => "rx",
            Admin::Tx => "tx",
            Admin::RxTx => "rx-tx",
        }
    }
}

impl IfStats {
    /// An unused place: the value to fill counter storage with.
    pub const EMPTY: Self = Self {
        ifindex: 0,
        name: [0; IFNAMSIZ],
        stats: Stats::ZERO,
        admin: None,
    };
}

/// Where and when a frame was received.
#[derive(Clone, Copy)]
pub struct Rx<'a> {
    /// Index of the physical port the frame came in on.
    pub ifindex: i32,
    /// Its name.
    pub ifname: &'a [u8],
    /// Name of the upper device that delivered it (bond, bridge, VLAN), or
    /// empty.
    pub upper: &'a [u8],
    /// VLAN ID of the frame's 802.1Q tag.
    pub vlan: Option<u16>,
    /// Source MAC.
    pub src_mac: [u8; 6],
    /// Monotonic time in milliseconds.
    pub now_ms: u64,
}

/// One neighbor.
///
/// It keeps the last PDU it sent (validated when it arrived) rather than
/// decoded fields: a refresh that repeats it byte for byte, the common case,
/// costs a comparison instead of a decode, and readers decode it on their
/// side of the lock. The memory per neighbor is the same either way.
#[derive(Clone, Copy)]
pub struct Neighbor {
    pdu: [u8; wire::PDU_MAX],
    pdu_len: u16,
    key: wire::KeySpan,
    /// Whether `pdu`'s checksum was verified when it arrived.
    verified: bool,
    /// CDP version of the last advertisement.
    pub version: u8,
    /// Holdtime of the last advertisement, in seconds.
    pub ttl: u8,
    /// TLVs of unknown type in the last advertisement.
    pub unknown_tlvs: u32,
    /// Local physical port.
    pub ifindex: i32,
    /// Its name (updated on rename).
    pub ifname: [u8; IFNAMSIZ],
    /// Upper device, or empty.
    pub upper: [u8; IFNAMSIZ],
    /// VLAN of the last frame, when tagged.
    pub vlan: u16,
    /// Whether the last frame was tagged.
    pub tagged: bool,
    /// Source MAC of the last frame.
    pub src_mac: [u8; 6],
    /// First seen (monotonic ms).
    pub first_seen_ms: u64,
    /// Last seen (monotonic ms).
    pub last_seen_ms: u64,
    /// Frames received from it.
    pub frames: u64,
    /// Refreshes that changed what it advertised.
    pub changes: u64,
}

impl Neighbor {
    /// An empty value.
    pub const EMPTY: Self = Self {
        pdu: [0; wire::PDU_MAX],
        pdu_len: 0,
        key: wire::KeySpan {
            device_id: (0, 0),
            port_id: (0, 0),
        },
        verified: false,
        version: 0,
        ttl: 0,
        unknown_tlvs: 0,
        ifindex: 0,
        ifname: [0; IFNAMSIZ],
        upper: [0; IFNAMSIZ],
        vlan: 0,
        tagged: false,
        src_mac: [0; 6],
        first_seen_ms: 0,
        last_seen_ms: 0,
        frames: 0,
        changes: 0,
    };

    /// Copies `src` into `self`, PDU bytes past its length excepted: what a
    /// reader does under the lock, so the lock is held for as little as
    /// the entry's real size.
    pub fn copy_from(&mut self, src: &Neighbor) {
        let n = usize::from(src.pdu_len);
        self.pdu[..n].copy_from_slice(&src.pdu[..n]);
        self.pdu_len = src.pdu_len;
        self.key = src.key;
        self.verified = src.verified;
        self.version = src.version;
        self.ttl = src.ttl;
        self.unknown_tlvs = src.unknown_tlvs;
        self.ifindex = src.ifindex;
        self.ifname = src.ifname;
        self.upper = src.upper;
        self.vlan = src.vlan;
        self.tagged = src.tagged;
        self.src_mac = src.src_mac;
        self.first_seen_ms = src.first_seen_ms;
        self.last_seen_ms = src.last_seen_ms;
        self.frames = src.frames;
        self.changes = src.changes;
    }

    /// The last PDU received (version byte to the end).
    pub fn pdu(&self) -> &[u8] {
        &self.pdu[..usize::from(self.pdu_len)]
    }

    /// The device ID, whole (part of the key).
    pub fn device_id(&self) -> &[u8] {
        span(self.pdu(), self.key.device_id)
    }

    /// The port ID, whole (part of the key).
    pub fn port_id(&self) -> &[u8] {
        span(self.pdu(), self.key.port_id)
    }

    /// Decodes what the neighbor advertised into `out`. The PDU was
    /// validated on arrival, so this cannot fail for a neighbor of a table;
    /// `false` (and `out` empty) otherwise.
    pub fn decode(&self, out: &mut Info) -> bool {
        if wire::decode(self.pdu(), out).is_ok() {
            true
        } else {
            *out = Info::EMPTY;
            false
        }
    }

    /// When the holdtime runs out (monotonic ms).
    pub fn expires_ms(&self) -> u64 {
        self.last_seen_ms + u64::from(self.ttl) * 1000
    }

    /// Seconds of holdtime left at `now_ms`, rounded up.
    pub fn holdtime_left(&self, now_ms: u64) -> u64 {
        self.expires_ms().saturating_sub(now_ms).div_ceil(1000)
    }

    /// Records where and when a frame from this neighbor arrived.
    fn note_frame(&mut self, rx: &Rx<'_>) {
        if self.frames == 0 {
            // The port's name is taken once; renames come through
            // `Table::rename_interface` (the receive path reads names
            // without the lock their writers take).
            copy_name(&mut self.ifname, rx.ifname);
        }
        copy_name(&mut self.upper, rx.upper);
        match rx.vlan {
            // A tag seen but its ID lost on the way: keep a known VLAN.
            Some(VLAN_UNKNOWN) if self.tagged && self.vlan != VLAN_UNKNOWN => {}
            v => {
                self.tagged = v.is_some();
                self.vlan = v.unwrap_or(0);
            }
        }
        self.src_mac = rx.src_mac;
        self.last_seen_ms = rx.now_ms;
        self.frames += 1;
    }

    /// Whether `pdu` says the same as this neighbor's last one, the holdtime
    /// (and so the checksum) aside.
    fn same_content(&self, pdu: &[u8]) -> bool {
        let old = self.pdu();
        old.len() == pdu.len()
            && old[0] == pdu[0]
            && old[wire::PDU_HDR_LEN..] == pdu[wire::PDU_HDR_LEN..]
    }
}

/// A table place.
#[derive(Clone, Copy)]
pub struct Slot {
    used: bool,
    hash: u32,
    next: u32,
    nb: Neighbor,
}

impl Slot {
    /// A free slot: the value to fill slot storage with.
    pub const FREE: Self = Self {
        used: false,
        hash: 0,
        next: NIL,
        nb: Neighbor::EMPTY,
    };
}

/// What happened to a frame.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Outcome {
    /// A new neighbor was inserted.
    Inserted,
    /// A known neighbor was refreshed; `changed` if its content changed.
    Refreshed {
        /// Whether the advertised content changed.
        changed: bool,
    },
    /// TTL 0: the neighbor was removed (or was not there).
    Removed,
    /// Refused for the given reason.
    Refused(Refusal),
    /// A new neighbor, but every slot is taken and the table may still
    /// grow ([`Table::limit`]), or a frame from an interface with no counter
    /// place while there may be more ([`Table::if_place_wanted`]): nothing
    /// was counted or changed. The caller grows the table ([`Table::grow`],
    /// [`Table::grow_ifstats`]) and gives the frame again.
    NeedsRoom,
}

/// Why a frame was refused.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Refusal {
    /// Header syntax.
    HdrSyntax,
    /// Checksum.
    Checksum,
    /// Broken structure.
    Invalid,
    /// Table full.
    OverMax,
    /// The interface's admin status is disabled.
    Disabled,
}

/// Settings that change at run time.
#[derive(Clone, Copy)]
pub struct Config {
    /// Verify checksums.
    pub verify_checksum: bool,
    /// Whether interfaces with no admin status of their own receive.
    pub rx_default: bool,
}

/// Why a neighbor left the table.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Gone {
    /// Its holdtime ran out.
    AgedOut,
    /// It advertised holdtime 0.
    TtlZero,
    /// Its interface went away.
    IfaceRemoved,
    /// The table was cleared.
    Cleared,
}

/// What the table tells an observer about its neighbors (the netlink
/// family's monitor group). Called with the table borrowed, at the moment
/// of the change. Observing never changes what the table does; when
/// [`Events::on`] is false the table computes nothing for it.
pub trait Events {
    /// Whether anyone listens.
    fn on(&self) -> bool;
    /// A new neighbor; `info` is its decoded advertisement.
    fn added(&mut self, nb: &Neighbor, info: &Info);
    /// A neighbor's advertised content changed: `fields` are bits of the
    /// family's `field` flags ([`wire::changed_fields`]).
    fn changed(&mut self, nb: &Neighbor, info: &Info, fields: u32);
    /// A neighbor is about to leave the table.
    fn gone(&mut self, nb: &Neighbor, why: Gone);
    /// A new neighbor (`device_id`, `port_id`) was refused: the table is
    /// full.
    fn refused(&mut self, rx: &Rx<'_>, device_id: &[u8], port_id: &[u8]);
}

/// No observer.
pub struct NoEvents;

impl Events for NoEvents {
    fn on(&self) -> bool {
        false
    }
    fn added(&mut self, _: &Neighbor, _: &Info) {}
    fn changed(&mut self, _: &Neighbor, _: &Info, _: u32) {}
    fn gone(&mut self, _: &Neighbor, _: Gone) {}
    fn refused(&mut self, _: &Rx<'_>, _: &[u8], _: &[u8]) {}
}

/// The neighbor table over slot storage `S`, bucket storage `B`,
/// per-interface counter storage `I` and scratch space `X` (where new or
/// changed advertisements are decoded to validate them). All storage is
/// handed in, so the table itself stays small: it is built on the stack,
/// then moved into its lock.
pub struct Table<S, B, I, X> {
    slots: S,
    buckets: B,
    ifstats: I,
    scratch: X,
    free_head: u32,
    len: usize,
    /// The most slots the table may grow to ([`Table::grow`]).
    limit: usize,
    key: [u64; 2],
    stats: Stats,
}

/// Number of hash buckets for a table of `max` neighbors: a power of two of
/// at least `max`, so chains stay short.
pub fn buckets_for(max: usize) -> usize {
    max.max(1).next_power_of_two()
}

/// Number of slots to give a table of `max` neighbors.
pub fn slots_for(max: usize) -> usize {
    max
}

fn hash(key: &[u64; 2], ifindex: i32, device_id: &[u8], port_id: &[u8]) -> u32 {
    // SipHash-1-3 (as the kernel's hsiphash on 64-bit, and Rust's std
    // HashMap) with a random 128-bit key, over an unambiguous word encoding
    // of the key fields: the wire cannot aim frames at one chain, whatever
    // it knows about the hash, short of the key. The lengths go in the first
    // word, so the zero-padded tails cannot be shifted between the fields.
    let mut s = SipHash13::new(key);
    s.word(
        u64::from(ifindex as u32)
            | (device_id.len() as u64 & 0xffff) << 32
            | (port_id.len() as u64 & 0xffff) << 48,
    );
    for part in [device_id, port_id] {
        let mut words = part.chunks_exact(8);
        for w in &mut words {
            s.word(u64::from_le_bytes([
                w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7],
            ]));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            // The last 1 to 7 bytes, zero-extended (wrapping arithmetic:
            // the kernel build keeps overflow checks, none can overflow).
            let last = rest.iter().enumerate().fold(0u64, |w, (i, &b)| {
                w | u64::from(b).wrapping_shl((i as u32).wrapping_mul(8))
            });
            s.word(last);
        }
    }
    let h = s.finish();
    (h ^ (h >> 32)) as u32
}

/// SipHash with one compression and three finalization rounds.
struct SipHash13 {
    v: [u64; 4],
    words: u64,
}

impl SipHash13 {
    fn new(key: &[u64; 2]) -> Self {
        Self {
            v: [
                key[0] ^ 0x736f_6d65_7073_6575,
                key[1] ^ 0x646f_7261_6e64_6f6d,
                key[0] ^ 0x6c79_6765_6e65_7261,
                key[1] ^ 0x7465_6462_7974_6573,
            ],
            words: 0,
        }
    }

    #[inline(always)]
    fn round(&mut self) {
        let [mut v0, mut v1, mut v2, mut v3] = self.v;
        v0 = v0.wrapping_add(v1);
        v1 = v1.rotate_left(13) ^ v0;
        v0 = v0.rotate_left(32);
        v2 = v2.wrapping_add(v3);
        v3 = v3.rotate_left(16) ^ v2;
        v0 = v0.wrapping_add(v3);
        v3 = v3.rotate_left(21) ^ v0;
        v2 = v2.wrapping_add(v1);
        v1 = v1.rotate_left(17) ^ v2;
        v2 = v2.rotate_left(32);
        self.v = [v0, v1, v2, v3];
    }

    #[inline(always)]
    fn word(&mut self, m: u64) {
        self.v[3] ^= m;
        self.round();
        self.v[0] ^= m;
        self.words = self.words.wrapping_add(1);
    }

    fn finish(mut self) -> u64 {
        // The last block carries the length (here, in words).
        self.word(self.words << 56);
        self.v[2] ^= 0xff;
        self.round();
        self.round();
        self.round();
        self.v[0] ^ self.v[1] ^ self.v[2] ^ self.v[3]
    }
}

/// The bytes of `pdu` at a [`wire::KeySpan`] position.
fn span(pdu: &[u8], (at, len): (u16, u16)) -> &[u8] {
    pdu.get(usize::from(at)..usize::from(at) + usize::from(len))
        .unwrap_or(&[])
}

fn copy_name(dst: &mut [u8; IFNAMSIZ], src: &[u8]) {
    *dst = [0; IFNAMSIZ];
    let n = src.len().min(IFNAMSIZ - 1);
    dst[..n].copy_from_slice(&src[..n]);
}

/// The bytes of a NUL-padded name.
pub fn name_bytes(name: &[u8; IFNAMSIZ]) -> &[u8] {
    let n = name.iter().position(|&b| b == 0).unwrap_or(IFNAMSIZ);
    &name[..n]
}

impl<S, B, I, X> Table<S, B, I, X>
where
    S: DerefMut<Target = [Slot]>,
    B: DerefMut<Target = [u32]>,
    I: DerefMut<Target = [IfStats]>,
    X: DerefMut<Target = Info>,
{
    /// Builds a table for `max` neighbors over `slots` (of length
    /// [`slots_for`]`(max)`), `buckets` (of length [`buckets_for`]`(max)`),
    /// `ifstats` (of length 1 to [`IFSTATS_MAX`]: it may grow to that with
    /// [`Table::grow_ifstats`]) and `scratch`, whatever their
    /// content. `key` keys the hash (make it random). Returns `None` if a length is wrong.
    pub fn new(
        mut slots: S,
        mut buckets: B,
        mut ifstats: I,
        scratch: X,
        key: [u64; 2],
    ) -> Option<Self> {
        let n = slots_for(slots.len());
        if n == 0
            || buckets.len() != buckets_for(n)
            || ifstats.is_empty()
            || ifstats.len() > IFSTATS_MAX
        {
            return None;
        }
        buckets.fill(NIL);
        ifstats.fill(IfStats::EMPTY);
        for (i, s) in slots.iter_mut().enumerate() {
            *s = Slot::FREE;
            s.next = if i + 1 < n { (i + 1) as u32 } else { NIL };
        }
        Some(Self {
            slots,
            buckets,
            ifstats,
            scratch,
            free_head: 0,
            len: 0,
            limit: n,
            key,
            stats: Stats::ZERO,
        })
    }

    /// Lets the table grow up to `limit` slots (never below its present
    /// size): new neighbors that find no free slot below the limit give
    /// [`Outcome::NeedsRoom`] instead of being refused.
    pub fn set_limit(&mut self, limit: usize) {
        self.limit = limit.max(self.slots.len());
    }

    /// Whether every slot, or every per-interface counter place, is taken
    /// but the table may grow: the next new neighbor, or the next frame from
    /// a new interface, would give [`Outcome::NeedsRoom`].
    pub fn wants_room(&self) -> bool {
        (self.free_head == NIL && self.slots.len() < self.limit)
            || (self.ifstats.len() < IFSTATS_MAX && self.ifstats.iter().all(|s| s.ifindex != 0))
    }

    /// Whether a frame from `ifindex` must wait for more per-interface
    /// counter places: it has none, none is free, and there may be more.
    pub fn if_place_wanted(&self, ifindex: i32) -> bool {
        self.ifstats.len() < IFSTATS_MAX
            && self
                .ifstats
                .iter()
                .all(|s| s.ifindex != 0 && s.ifindex != ifindex)
    }

    /// How many per-interface counter places to grow to for the interfaces
    /// `ifindexes` (repeats allowed) to have one each: at least double, at
    /// most [`IFSTATS_MAX`]; the present number when no growth is needed.
    pub fn ifstats_target(&self, ifindexes: impl Iterator<Item = i32> + Clone) -> usize {
        let n = self.ifstats.len();
        let used = self.ifstats.iter().filter(|s| s.ifindex != 0).count();
        let mut missing = 0usize;
        for (k, i) in ifindexes.clone().enumerate() {
            let placed = i == 0 || self.ifstats.iter().any(|s| s.ifindex == i);
            let repeat = ifindexes.clone().take(k).any(|j| j == i);
            if !placed && !repeat {
                missing += 1;
            }
        }
        let need = used + missing + usize::from(missing == 0 && used == n);
        if need <= n {
            return n;
        }
        need.max(n.saturating_mul(2)).min(IFSTATS_MAX).max(n)
    }

    /// Moves the per-interface counters into bigger storage (longer than
    /// the present one, at most [`IFSTATS_MAX`] places), whatever its
    /// content; every interface keeps its place. Returns the old storage, or
    /// the new one back if its length is wrong.
    pub fn grow_ifstats(&mut self, mut ifstats: I) -> Result<I, I> {
        let old = self.ifstats.len();
        if ifstats.len() <= old || ifstats.len() > IFSTATS_MAX {
            return Err(ifstats);
        }
        for (i, d) in ifstats.iter_mut().enumerate() {
            *d = self.ifstats.get(i).copied().unwrap_or(IfStats::EMPTY);
        }
        Ok(core::mem::replace(&mut self.ifstats, ifstats))
    }

    /// Number of per-interface counter places.
    pub fn ifstats_capacity(&self) -> usize {
        self.ifstats.len()
    }

    /// The most slots the table may grow to (the configured maximum).
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// How many slots a table holding `len` neighbors, with `more` new ones
    /// waiting, should grow to: at least double its size (so growing costs
    /// amortized constant time per neighbor), enough for all of them, and
    /// no more than the limit. Its present size when it cannot grow.
    pub fn grow_target(&self, more: usize) -> usize {
        let cap = self.slots.len();
        let want = self.len.saturating_add(more).max(cap.saturating_mul(2));
        want.min(self.limit).max(cap)
    }

    /// Moves the table into bigger storage: `slots` (longer than the present
    /// slots, at most [`Table::limit`]) and `buckets` (of length
    /// [`buckets_for`]`(slots.len())`), whatever their content. Every
    /// neighbor keeps its slot number, so walks in progress and slot
    /// positions held by readers stay valid. Returns the old storage (to be
    /// freed by the caller, outside its lock), or the new storage back if a
    /// length is wrong. Costs a copy of the used slots and a pass over them.
    #[allow(clippy::type_complexity)]
    pub fn grow(&mut self, mut slots: S, mut buckets: B) -> Result<(S, B), (S, B)> {
        let old = self.slots.len();
        let n = slots.len();
        if n <= old || n > self.limit || buckets.len() != buckets_for(n) {
            return Err((slots, buckets));
        }
        // Element by element: `copy_from_slice`'s length panic is a call
        // objtool does not know to be noreturn (kernel build warning).
        for (d, s) in slots.iter_mut().zip(self.slots.iter()) {
            *d = *s;
        }
        // The new slots go in front of the free list.
        for (i, s) in slots[old..].iter_mut().enumerate() {
            let i = old + i;
            *s = Slot::FREE;
            s.next = if i + 1 < n {
                (i + 1) as u32
            } else {
                self.free_head
            };
        }
        self.free_head = old as u32;
        // Bucket chains again, from the hashes kept in the slots.
        buckets.fill(NIL);
        let mask = buckets.len() - 1;
        for (i, s) in slots.iter_mut().enumerate().filter(|(_, s)| s.used) {
            let b = (s.hash as usize) & mask;
            s.next = buckets[b];
            buckets[b] = i as u32;
        }
        let old_slots = core::mem::replace(&mut self.slots, slots);
        let old_buckets = core::mem::replace(&mut self.buckets, buckets);
        Ok((old_slots, old_buckets))
    }

    /// Counts a CDP frame for a new neighbor that found no room because
    /// the table could not grow (no memory): input and no memory.
    pub fn count_no_room(&mut self, rx: &Rx<'_>) {
        let ifs = self.ifstats_index(rx.ifindex, rx.ifname);
        self.count(ifs, |s| {
            s.input += 1;
            s.no_memory += 1;
        });
    }

    /// Number of neighbors.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the table has no neighbor.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The configured maximum.
    pub fn capacity(&self) -> usize {
        self.slots.len()
    }

    /// Global counters.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// Per-interface counters (places with `ifindex != 0`).
    pub fn ifstats(&self) -> impl Iterator<Item = &IfStats> {
        self.ifstats.iter().filter(|s| s.ifindex != 0)
    }

    /// The slot of the neighbor (`ifindex`, `device_id`, `port_id`).
    pub fn lookup(&self, ifindex: i32, device_id: &[u8], port_id: &[u8]) -> Option<usize> {
        let h = hash(&self.key, ifindex, device_id, port_id);
        self.find(h, ifindex, &[], device_id, port_id)
            .map(|(i, _)| i)
    }

    /// The admin status set for `ifindex`, if any.
    pub fn admin(&self, ifindex: i32) -> Option<Admin> {
        self.ifstats
            .iter()
            .find(|s| s.ifindex == ifindex)
            .and_then(|s| s.admin)
    }

    /// Whether any interface has an admin status of its own that
    /// transmits.
    pub fn any_tx(&self) -> bool {
        self.ifstats
            .iter()
            .any(|s| s.ifindex != 0 && s.admin.is_some_and(Admin::tx))
    }

    /// Counts an advertisement sent on `ifindex` (named `name`), or one
    /// that could not be built or sent (`ok` false: encapsulation failed).
    pub fn count_output(&mut self, ifindex: i32, name: &[u8], ok: bool) {
        let ifs = self.ifstats_index(ifindex, name);
        if ok {
            self.count(ifs, |s| {
                s.output += 1;
                s.v2_output += 1;
            });
        } else {
            self.count(ifs, |s| s.encaps_failed += 1);
        }
    }

    /// The counters of `ifindex`, if it has a place.
    pub fn ifstats_of(&self, ifindex: i32) -> Option<&IfStats> {
        self.ifstats.iter().find(|s| s.ifindex == ifindex)
    }

    /// Sets the admin status of `ifindex` (named `name`): `None` to follow
    /// the defaults again. False when all [`IFSTATS_MAX`] places are taken
    /// by other interfaces.
    pub fn set_admin(&mut self, ifindex: i32, name: &[u8], admin: Option<Admin>) -> bool {
        match self.ifstats_index(ifindex, name) {
            Some(i) => {
                self.ifstats[i].admin = admin;
                true
            }
            None => false,
        }
    }

    /// Zeroes all counters (global and per interface).
    pub fn clear_stats(&mut self) {
        self.stats = Stats::ZERO;
        for s in self.ifstats.iter_mut() {
            s.stats = Stats::ZERO;
        }
    }

    /// The neighbor in slot `i`, if that slot is in use.
    pub fn get(&self, i: usize) -> Option<&Neighbor> {
        self.slots[..self.capacity()]
            .get(i)
            .filter(|s| s.used)
            .map(|s| &s.nb)
    }

    /// The first used slot in `i..i + limit`: `Ok(slot)`, or `Err(next)`
    /// with the slot to continue from (`None` at the end). Readers scan in
    /// bounded steps so the lock is never held long.
    pub fn next_used(&self, i: usize, limit: usize) -> Result<usize, Option<usize>> {
        let cap = self.capacity();
        let end = i.saturating_add(limit).min(cap);
        match self
            .slots
            .get(i..end)
            .and_then(|r| r.iter().position(|s| s.used))
        {
            Some(p) => Ok(i + p),
            None if end < cap => Err(Some(end)),
            None => Err(None),
        }
    }

    /// Iterates over the neighbors.
    pub fn iter(&self) -> impl Iterator<Item = &Neighbor> {
        self.slots[..self.capacity()]
            .iter()
            .filter(|s| s.used)
            .map(|s| &s.nb)
    }

    fn bucket(&self, h: u32) -> usize {
        (h as usize) & (self.buckets.len() - 1)
    }

    /// The slot holding the neighbor (`ifindex`, `device_id`, `port_id`),
    /// whose key hashes to `h`, and whether its last PDU was `pdu` byte for
    /// byte (the same bytes give the same key, so that comparison is tried
    /// first: it is the common case).
    fn find(
        &self,
        h: u32,
        ifindex: i32,
        pdu: &[u8],
        device_id: &[u8],
        port_id: &[u8],
    ) -> Option<(usize, bool)> {
        let mut i = self.buckets[self.bucket(h)];
        while i != NIL {
            let s = &self.slots[i as usize];
            if s.hash == h && s.nb.ifindex == ifindex {
                if s.nb.pdu() == pdu {
                    return Some((i as usize, true));
                }
                if s.nb.device_id() == device_id && s.nb.port_id() == port_id {
                    return Some((i as usize, false));
                }
            }
            i = s.next;
        }
        None
    }

    /// Unlinks and frees slot `i`.
    fn remove_slot(&mut self, i: usize) {
        let h = self.slots[i].hash;
        let b = self.bucket(h);
        let next = self.slots[i].next;
        if self.buckets[b] == i as u32 {
            self.buckets[b] = next;
        } else {
            let mut p = self.buckets[b];
            while p != NIL {
                let pn = self.slots[p as usize].next;
                if pn == i as u32 {
                    self.slots[p as usize].next = next;
                    break;
                }
                p = pn;
            }
        }
        self.slots[i] = Slot::FREE;
        self.slots[i].next = self.free_head;
        self.free_head = i as u32;
        self.len -= 1;
    }

    fn ifstats_index(&mut self, ifindex: i32, name: &[u8]) -> Option<usize> {
        if let Some(i) = self.ifstats.iter().position(|s| s.ifindex == ifindex) {
            return Some(i);
        }
        let i = self.ifstats.iter().position(|s| s.ifindex == 0)?;
        self.ifstats[i] = IfStats::EMPTY;
        self.ifstats[i].ifindex = ifindex;
        copy_name(&mut self.ifstats[i].name, name);
        Some(i)
    }

    fn count(&mut self, ifs: Option<usize>, f: impl Fn(&mut Stats)) {
        f(&mut self.stats);
        if let Some(i) = ifs {
            f(&mut self.ifstats[i].stats);
        }
    }

    /// Counts `n` CDP frames that could not be kept for the table while it
    /// was being allocated (global counters: input, no memory).
    pub fn count_lost(&mut self, n: u64) {
        self.stats.input += n;
        self.stats.no_memory += n;
    }

    /// Counts a frame refused before its PDU could be read (an 802.3 length
    /// that does not fit the frame): input and header syntax.
    pub fn count_bad_length(&mut self, rx: &Rx<'_>) {
        let ifs = self.ifstats_index(rx.ifindex, rx.ifname);
        self.count(ifs, |s| {
            s.input += 1;
            s.hdr_syntax += 1;
        });
    }

    /// Takes one CDP PDU (version byte to the end of the 802.3 length)
    /// received as described by `rx`.
    ///
    /// Bounded work, no allocation. In order: the header, the TLV headers
    /// and the key (device ID, port ID) are checked and the neighbor looked
    /// up; a PDU identical to the neighbor's last one, byte for byte, ends
    /// there (it was validated when it first came); then the checksum
    /// (unless disabled), which is also the reason given first when the
    /// TLV headers are broken; a refresh that repeats the neighbor's last
    /// PDU with another holdtime ends there; a frame from an unknown
    /// neighbor when the table is full is refused as over the maximum;
    /// anything else is decoded in full to validate it, then committed. A
    /// refused frame changes no neighbor.
    pub fn receive(&mut self, rx: &Rx<'_>, pdu: &[u8], cfg: &Config) -> Outcome {
        self.receive_with(rx, pdu, cfg, &mut NoEvents)
    }

    /// [`Table::receive`], telling `ev` what it did to the neighbors.
    pub fn receive_with(
        &mut self,
        rx: &Rx<'_>,
        pdu: &[u8],
        cfg: &Config,
        ev: &mut impl Events,
    ) -> Outcome {
        let ifs = self.ifstats_index(rx.ifindex, rx.ifname);
        if ifs.is_none() && self.ifstats.len() < IFSTATS_MAX {
            // Every place taken, and there may be more: counted once the
            // counters have a place for the interface.
            return Outcome::NeedsRoom;
        }
        self.count(ifs, |s| s.input += 1);
        let on = ifs
            .and_then(|i| self.ifstats[i].admin)
            .map_or(cfg.rx_default, Admin::rx);
        if !on {
            self.count(ifs, |s| s.disabled += 1);
            return Outcome::Refused(Refusal::Disabled);
        }
        let refuse = |t: &mut Self, e: wire::Error| {
            let (r, f): (Refusal, fn(&mut Stats)) = match e {
                wire::Error::HdrSyntax => (Refusal::HdrSyntax, |s| s.hdr_syntax += 1),
                wire::Error::Checksum => (Refusal::Checksum, |s| s.checksum += 1),
                wire::Error::Invalid => (Refusal::Invalid, |s| s.invalid += 1),
            };
            t.count(ifs, f);
            Outcome::Refused(r)
        };
        if pdu.len() < wire::PDU_HDR_LEN
            || pdu.len() > wire::PDU_MAX
            || (pdu[0] != 1 && pdu[0] != 2)
        {
            return refuse(self, wire::Error::HdrSyntax);
        }
        let key = match wire::scan_key(pdu) {
            Ok(k) => k,
            // A bad checksum is the reason given first.
            Err(_) if cfg.verify_checksum && wire::checksum(pdu) != 0 => {
                return refuse(self, wire::Error::Checksum);
            }
            Err(e) => return refuse(self, e),
        };
        let (dev, port) = (span(pdu, key.device_id), span(pdu, key.port_id));
        let h = hash(&self.key, rx.ifindex, dev, port);
        let hit = self.find(h, rx.ifindex, pdu, dev, port);
        let found = hit.map(|(i, _)| i);
        let ttl = pdu[1];
        let accept = |s: &mut Stats, version: u8, unknown: u32| {
            if version == 2 {
                s.v2_input += 1;
            } else {
                s.v1_input += 1;
            }
            s.unknown_tlvs += u64::from(unknown);
        };
        let refresh = |t: &mut Self, i: usize| {
            let nb = &mut t.slots[i].nb;
            nb.note_frame(rx);
            let (v, u) = (nb.version, nb.unknown_tlvs);
            t.count(ifs, |s| accept(s, v, u));
            Outcome::Refreshed { changed: false }
        };

        match hit {
            Some((i, true)) if ttl != 0 && (self.slots[i].nb.verified || !cfg.verify_checksum) => {
                // The common case: the neighbor's last PDU again, byte for
                // byte. It was validated (and its checksum verified) when it
                // first came.
                return refresh(self, i);
            }
            _ => {}
        }
        if cfg.verify_checksum && wire::checksum(pdu) != 0 {
            return refuse(self, wire::Error::Checksum);
        }
        if let Some(i) = found {
            if ttl != 0 && self.slots[i].nb.same_content(pdu) {
                // The same advertisement with another holdtime.
                let nb = &mut self.slots[i].nb;
                nb.ttl = ttl;
                nb.pdu[1] = ttl;
                nb.pdu[2] = pdu[2];
                nb.pdu[3] = pdu[3];
                nb.verified = cfg.verify_checksum;
                return refresh(self, i);
            }
        } else if ttl != 0 && self.free_head == NIL && self.slots.len() < self.limit {
            // Room once the table grows: as if the frame had not come yet.
            self.count(ifs, |s| s.input -= 1);
            return Outcome::NeedsRoom;
        } else if ttl != 0 && self.free_head == NIL {
            self.count(ifs, |s| s.over_max += 1);
            if ev.on() {
                ev.refused(rx, span(pdu, key.device_id), span(pdu, key.port_id));
            }
            return Outcome::Refused(Refusal::OverMax);
        }

        let summary = match wire::decode(pdu, &mut self.scratch) {
            Ok(s) => s,
            Err(e) => return refuse(self, e),
        };
        let (version, unknown) = (pdu[0], summary.unknown_tlvs);
        self.count(ifs, |s| accept(s, version, unknown));

        if ttl == 0 {
            if let Some(i) = found {
                ev.gone(&self.slots[i].nb, Gone::TtlZero);
                self.remove_slot(i);
                self.count(ifs, |s| s.deleted += 1);
            }
            return Outcome::Removed;
        }

        let i = match found {
            Some(i) => i,
            None => {
                // A free slot exists: checked above.
                let i = self.free_head as usize;
                self.free_head = self.slots[i].next;
                let b = self.bucket(h);
                let slot = &mut self.slots[i];
                slot.used = true;
                slot.hash = h;
                slot.next = self.buckets[b];
                slot.nb = Neighbor::EMPTY;
                slot.nb.ifindex = rx.ifindex;
                slot.nb.first_seen_ms = rx.now_ms;
                self.buckets[b] = i as u32;
                self.len += 1;
                i
            }
        };
        let fields = match found {
            Some(i) if ev.on() => wire::changed_fields(self.slots[i].nb.pdu(), pdu),
            _ => 0,
        };
        let nb = &mut self.slots[i].nb;
        nb.pdu[..pdu.len()].copy_from_slice(pdu);
        nb.pdu_len = pdu.len() as u16;
        nb.key = key;
        nb.verified = cfg.verify_checksum;
        nb.version = version;
        nb.ttl = ttl;
        nb.unknown_tlvs = unknown;
        nb.note_frame(rx);
        if found.is_some() {
            nb.changes += 1;
            if ev.on() {
                ev.changed(&self.slots[i].nb, &self.scratch, fields);
            }
            Outcome::Refreshed { changed: true }
        } else {
            self.count(ifs, |s| s.inserted += 1);
            if ev.on() {
                ev.added(&self.slots[i].nb, &self.scratch);
            }
            Outcome::Inserted
        }
    }

    /// Removes the neighbors whose holdtime ran out at `now_ms`. Returns how
    /// many went and when the next one expires.
    pub fn expire(&mut self, now_ms: u64) -> (usize, Option<u64>) {
        self.expire_range(0, self.capacity(), now_ms)
    }

    /// [`Table::expire`] for the slots `from..to` only, so that a caller
    /// holding a lock can age a large table a bounded piece at a time.
    pub fn expire_range(&mut self, from: usize, to: usize, now_ms: u64) -> (usize, Option<u64>) {
        self.expire_range_with(from, to, now_ms, &mut NoEvents)
    }

    /// [`Table::expire_range`], telling `ev`.
    pub fn expire_range_with(
        &mut self,
        from: usize,
        to: usize,
        now_ms: u64,
        ev: &mut impl Events,
    ) -> (usize, Option<u64>) {
        let mut gone = 0;
        let mut next: Option<u64> = None;
        for i in from..to.min(self.capacity()) {
            if !self.slots[i].used {
                continue;
            }
            let nb = &self.slots[i].nb;
            let exp = nb.expires_ms();
            if exp <= now_ms {
                let ifindex = nb.ifindex;
                ev.gone(nb, Gone::AgedOut);
                self.remove_slot(i);
                let ifs = self.ifstats.iter().position(|s| s.ifindex == ifindex);
                self.count(ifs, |s| s.aged_out += 1);
                gone += 1;
            } else {
                next = Some(next.map_or(exp, |n| n.min(exp)));
            }
        }
        (gone, next)
    }

    /// Removes every neighbor learnt on `ifindex` and forgets its counters
    /// (the interface is going away).
    pub fn remove_interface(&mut self, ifindex: i32) -> usize {
        let n = self.remove_interface_range(ifindex, 0, self.capacity());
        self.forget_interface(ifindex);
        n
    }

    /// [`Table::remove_interface`] for the slots `from..to` only (counted
    /// as deleted), so that a caller holding a lock can walk a large table a
    /// bounded piece at a time; [`Table::forget_interface`] ends the walk.
    pub fn remove_interface_range(&mut self, ifindex: i32, from: usize, to: usize) -> usize {
        self.remove_interface_range_with(ifindex, from, to, &mut NoEvents)
    }

    /// [`Table::remove_interface_range`], telling `ev`.
    pub fn remove_interface_range_with(
        &mut self,
        ifindex: i32,
        from: usize,
        to: usize,
        ev: &mut impl Events,
    ) -> usize {
        let n = self.remove_where(from, to, |nb| nb.ifindex == ifindex, ev, Gone::IfaceRemoved);
        self.stats.deleted += n as u64;
        n
    }

    /// Forgets the counters of `ifindex` (the interface is gone).
    pub fn forget_interface(&mut self, ifindex: i32) {
        if let Some(i) = self.ifstats.iter().position(|s| s.ifindex == ifindex) {
            self.ifstats[i] = IfStats::EMPTY;
        }
    }

    /// Records the new name of `ifindex` in its neighbors and counters.
    pub fn rename_interface(&mut self, ifindex: i32, name: &[u8]) {
        self.rename_interface_range(ifindex, name, 0, self.capacity());
    }

    /// [`Table::rename_interface`] for the counters and the neighbors in the
    /// slots `from..to` only (a bounded piece of a large table).
    pub fn rename_interface_range(&mut self, ifindex: i32, name: &[u8], from: usize, to: usize) {
        let to = to.min(self.capacity());
        for s in self.slots[from.min(to)..to].iter_mut().filter(|s| s.used) {
            if s.nb.ifindex == ifindex {
                copy_name(&mut s.nb.ifname, name);
            }
        }
        if let Some(s) = self.ifstats.iter_mut().find(|s| s.ifindex == ifindex) {
            copy_name(&mut s.name, name);
        }
    }

    /// Removes every neighbor (`clear`). Counted as deleted.
    pub fn clear(&mut self) -> usize {
        self.clear_range(0, self.capacity())
    }

    /// [`Table::clear`] for the slots `from..to` only (a bounded piece of a
    /// large table).
    pub fn clear_range(&mut self, from: usize, to: usize) -> usize {
        self.clear_range_with(from, to, &mut NoEvents)
    }

    /// [`Table::clear_range`], telling `ev`.
    pub fn clear_range_with(&mut self, from: usize, to: usize, ev: &mut impl Events) -> usize {
        let to = to.min(self.capacity());
        let mut per_if = [0u64; IFSTATS_MAX];
        for s in self.slots[from.min(to)..to].iter().filter(|s| s.used) {
            if let Some(p) = self.ifstats.iter().position(|x| x.ifindex == s.nb.ifindex) {
                per_if[p] += 1;
            }
        }
        for (st, c) in self.ifstats.iter_mut().zip(per_if) {
            st.stats.deleted += c;
        }
        let n = self.remove_where(from, to, |_| true, ev, Gone::Cleared);
        self.stats.deleted += n as u64;
        n
    }

    fn remove_where(
        &mut self,
        from: usize,
        to: usize,
        f: impl Fn(&Neighbor) -> bool,
        ev: &mut impl Events,
        why: Gone,
    ) -> usize {
        let mut n = 0;
        for i in from..to.min(self.capacity()) {
            if self.slots[i].used && f(&self.slots[i].nb) {
                ev.gone(&self.slots[i].nb, why);
                self.remove_slot(i);
                n += 1;
            }
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::hash;

    #[test]
    fn no_key_independent_collisions() {
        // Flipping the top bit of one word and the bit a rotation would
        // move it to in the next collided for every key with the
        // multiply-rotate hash used before; SipHash keeps them apart.
        let a = *b"switch-0000000000.example";
        let mut b = a;
        b[7] ^= 0x80;
        b[11] ^= 0x10;
        for k in 0..64u64 {
            let key = [k.wrapping_mul(0x9e37_79b9_7f4a_7c15), !k];
            assert_ne!(hash(&key, 2, &a, b"Gi0/1"), hash(&key, 2, &b, b"Gi0/1"));
        }
        // The boundary between device ID and port ID is part of the input.
        let key = [1, 2];
        assert_ne!(hash(&key, 2, b"ab", b"c"), hash(&key, 2, b"a", b"bc"));
        assert_ne!(hash(&key, 2, b"a", b""), hash(&key, 2, b"a\0", b""));
        // Tails count.
        let long = b"GigabitEthernet1/0/1";
        assert_ne!(hash(&key, 2, long, b"x"), hash(&key, 2, &long[..19], b"x"));
        let mut other = *long;
        other[19] = b'2';
        assert_ne!(hash(&key, 2, long, b"x"), hash(&key, 2, &other, b"x"));
    }
}
