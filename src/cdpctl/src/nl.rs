// SPDX-License-Identifier: GPL-2.0

//! The client side of the `cdp` generic netlink family (src/netlink/cdp.yaml),
//! over neli: requests, dumps and the monitor group, and the typed records
//! cdpctl prints. Attribute numbers come from the module's own generated
//! `src/proto/nl.rs`.

use crate::numbers::{
    admin_status, attr_address as aa, attr_global as ag, attr_iface as ai, attr_neighbor as an,
    attr_stats as ast, attr_voip_vlan as av, cmd, del_reason, FAMILY_NAME, FAMILY_VERSION,
};
use neli::consts::nl::{NlmF, NlmFFlags, Nlmsg};
use neli::consts::socket::NlFamily;
use neli::err::NlError;
use neli::genl::{Genlmsghdr, Nlattr};
use neli::nl::{NlPayload, Nlmsghdr};
use neli::socket::NlSocketHandle;
use neli::types::{Buffer, GenlBuffer};
use std::fmt;

/// Why a request failed, as the CLI reports it (see `Error::exit_code`).
#[derive(Debug)]
pub enum Error {
    /// The family is not registered: the module is not loaded.
    NotLoaded,
    /// The kernel refused: errno (positive) and the operation.
    Kernel(i32, &'static str),
    /// Anything else (socket, parsing).
    Other(String),
}

/// The errno values the kernel's answers are told apart by.
const EPERM: i32 = 1;
const ENOENT: i32 = 2;
const EACCES: i32 = 13;
const ENODEV: i32 = 19;
const ENOSPC: i32 = 28;

impl Error {
    /// The exit status: 3 module not loaded, 4 permission denied, 5 no such
    /// interface or neighbor, 1 anything else.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::NotLoaded => 3,
            Error::Kernel(EPERM | EACCES, _) => 4,
            Error::Kernel(ENODEV | ENOENT, _) => 5,
            _ => 1,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotLoaded => write!(
                f,
                "the cdp generic netlink family is not registered: is the cdp_rs module loaded?"
            ),
            Error::Kernel(EPERM | EACCES, op) => write!(
                f,
                "{op}: permission denied (needs CAP_NET_ADMIN in this network namespace's user namespace)"
            ),
            Error::Kernel(ENODEV, op) => {
                write!(f, "{op}: no such interface in this network namespace")
            }
            Error::Kernel(ENOENT, op) => write!(f, "{op}: no such neighbor"),
            Error::Kernel(ENOSPC, op) => write!(
                f,
                "{op}: no room: cdp_rs keeps an admin status for 64 interfaces per namespace"
            ),
            Error::Kernel(e, op) => write!(f, "{op}: {}", std::io::Error::from_raw_os_error(*e)),
            Error::Other(s) => f.write_str(s),
        }
    }
}

fn other<E: fmt::Display>(e: E) -> Error {
    Error::Other(e.to_string())
}

/// A raw attribute set: (type, payload) in order, nested ones unparsed.
#[derive(Clone, Debug, Default)]
pub struct Attrs(pub Vec<(u16, Vec<u8>)>);

impl Attrs {
    /// Parses a netlink attribute stream (bounded by the bytes present).
    pub fn parse(mut b: &[u8]) -> Attrs {
        let mut out = Vec::new();
        while b.len() >= 4 {
            let len = usize::from(u16::from_ne_bytes([b[0], b[1]]));
            let ty = u16::from_ne_bytes([b[2], b[3]]) & 0x3fff;
            if len < 4 || len > b.len() {
                break;
            }
            out.push((ty, b[4..len].to_vec()));
            let adv = (len + 3) & !3;
            b = b.get(adv..).unwrap_or(&[]);
        }
        Attrs(out)
    }

    fn get(&self, ty: u16) -> Option<&[u8]> {
        self.0
            .iter()
            .find(|(t, _)| *t == ty)
            .map(|(_, v)| v.as_slice())
    }

    fn all(&self, ty: u16) -> impl Iterator<Item = &[u8]> {
        self.0
            .iter()
            .filter(move |(t, _)| *t == ty)
            .map(|(_, v)| v.as_slice())
    }

    fn u8(&self, ty: u16) -> Option<u8> {
        self.get(ty).and_then(|v| v.first().copied())
    }

    fn u16(&self, ty: u16) -> Option<u16> {
        let v = self.get(ty)?;
        Some(u16::from_ne_bytes(v.get(..2)?.try_into().ok()?))
    }

    fn u32(&self, ty: u16) -> Option<u32> {
        let v = self.get(ty)?;
        Some(u32::from_ne_bytes(v.get(..4)?.try_into().ok()?))
    }

    fn u64(&self, ty: u16) -> Option<u64> {
        let v = self.get(ty)?;
        Some(u64::from_ne_bytes(v.get(..8)?.try_into().ok()?))
    }

    fn bytes(&self, ty: u16) -> Vec<u8> {
        self.get(ty).map(<[u8]>::to_vec).unwrap_or_default()
    }

    fn string(&self, ty: u16) -> String {
        let v = self.get(ty).unwrap_or(&[]);
        let n = v.iter().position(|&b| b == 0).unwrap_or(v.len());
        String::from_utf8_lossy(&v[..n]).into_owned()
    }
}

/// A neighbor, from `neigh-get` or an event.
#[derive(Clone, Debug, Default)]
pub struct Neighbor {
    pub ifindex: u32,
    pub ifname: String,
    pub upper: String,
    /// `Some(0xffff)`: tagged, ID not known yet.
    pub vlan: Option<u16>,
    pub src_mac: Vec<u8>,
    pub cdp_version: u8,
    pub holdtime: u8,
    pub holdtime_left: u32,
    pub age_ms: u64,
    pub idle_ms: u64,
    pub frames: u64,
    pub changes: u64,
    /// Raw wire bytes: hostile, escaped by each output format.
    pub device_id: Vec<u8>,
    pub addresses: Vec<String>,
    pub port_id: Vec<u8>,
    pub capabilities: u32,
    pub sw_version: Vec<u8>,
    pub platform: Vec<u8>,
    pub vtp_domain: Vec<u8>,
    pub native_vlan: Option<u16>,
    /// 0 half, 1 full.
    pub duplex: Option<u8>,
    pub voice_vlan: Option<u16>,
    /// The Appliance VLAN-ID TLV's appliance ID (the byte before the VLAN).
    pub voice_appliance: Option<u8>,
    pub power_mw: Option<u16>,
    pub mtu: Option<u32>,
    pub system_name: Vec<u8>,
    pub system_oid: Vec<u8>,
    pub mgmt_addresses: Vec<String>,
    pub location: Vec<u8>,
    /// Change events: the changed fields (`field` flags).
    pub changed: Option<u32>,
    /// Delete events: why it left.
    pub reason: Option<&'static str>,
    /// The message left out some of its unknown TLVs (the module sends
    /// the first 32).
    pub truncated: bool,
}

fn address(a: &Attrs) -> Option<String> {
    if let Some(v) = a.get(aa::IPV4) {
        let b: [u8; 4] = v.get(..4)?.try_into().ok()?;
        return Some(std::net::Ipv4Addr::from(b).to_string());
    }
    if let Some(v) = a.get(aa::IPV6) {
        let b: [u8; 16] = v.get(..16)?.try_into().ok()?;
        return Some(std::net::Ipv6Addr::from(b).to_string());
    }
    None
}

impl Neighbor {
    fn from_attrs(a: &Attrs) -> Neighbor {
        let addrs = |ty| {
            a.all(ty)
                .filter_map(|v| address(&Attrs::parse(v)))
                .collect::<Vec<_>>()
        };
        Neighbor {
            ifindex: a.u32(an::IFINDEX).unwrap_or(0),
            ifname: a.string(an::IFNAME),
            upper: a.string(an::UPPER),
            vlan: a.u16(an::VLAN),
            src_mac: a.bytes(an::SRC_MAC),
            cdp_version: a.u8(an::CDP_VERSION).unwrap_or(0),
            holdtime: a.u8(an::HOLDTIME).unwrap_or(0),
            holdtime_left: a.u32(an::HOLDTIME_LEFT).unwrap_or(0),
            age_ms: a.u64(an::AGE_MS).unwrap_or(0),
            idle_ms: a.u64(an::IDLE_MS).unwrap_or(0),
            frames: a.u64(an::FRAMES).unwrap_or(0),
            changes: a.u64(an::CHANGES).unwrap_or(0),
            device_id: a.bytes(an::DEVICE_ID),
            addresses: addrs(an::ADDRESS),
            port_id: a.bytes(an::PORT_ID),
            capabilities: a.u32(an::CAPABILITIES).unwrap_or(0),
            sw_version: a.bytes(an::SW_VERSION),
            platform: a.bytes(an::PLATFORM),
            vtp_domain: a.bytes(an::VTP_DOMAIN),
            native_vlan: a.u16(an::NATIVE_VLAN),
            duplex: a.u8(an::DUPLEX),
            voice_vlan: a
                .get(an::VOIP_VLAN_REPLY)
                .and_then(|v| Attrs::parse(v).u16(av::VLAN)),
            voice_appliance: a
                .get(an::VOIP_VLAN_REPLY)
                .and_then(|v| Attrs::parse(v).u8(av::DATA)),
            power_mw: a.u16(an::POWER),
            mtu: a.u32(an::MTU),
            system_name: a.bytes(an::SYSTEM_NAME),
            system_oid: a.bytes(an::SYSTEM_OID),
            mgmt_addresses: addrs(an::MGMT_ADDRESS),
            location: a.bytes(an::LOCATION),
            changed: a.u32(an::CHANGED),
            reason: a.u32(an::REASON).map(|r| match r {
                del_reason::AGED_OUT => "aged-out",
                del_reason::TTL_ZERO => "ttl-zero",
                del_reason::IFACE_REMOVED => "iface-removed",
                del_reason::CLEARED => "cleared",
                del_reason::TABLE_FULL => "table-full",
                _ => "unknown",
            }),
            truncated: a.get(an::TRUNCATED).is_some(),
        }
    }
}

/// Counters (`stats` nest), in the order of /proc/cdp_traffic.
pub const STAT_NAMES: [(u16, &str); 17] = [
    (ast::INPUT, "input"),
    (ast::OUTPUT, "output"),
    (ast::HDR_SYNTAX, "hdr-syntax"),
    (ast::CHECKSUM, "checksum"),
    (ast::INVALID, "invalid"),
    (ast::NO_MEMORY, "no-memory"),
    (ast::OVER_MAX, "over-max"),
    (ast::V1_INPUT, "v1-input"),
    (ast::V2_INPUT, "v2-input"),
    (ast::V1_OUTPUT, "v1-output"),
    (ast::V2_OUTPUT, "v2-output"),
    (ast::UNKNOWN_TLVS, "unknown-tlvs"),
    (ast::INSERTED, "inserted"),
    (ast::DELETED, "deleted"),
    (ast::AGED_OUT, "aged-out"),
    (ast::DISABLED, "disabled"),
    (ast::ENCAPS_FAILED, "encaps-failed"),
];

/// A set of counters: `(name, value)` in [`STAT_NAMES`] order.
pub type Stats = Vec<(&'static str, u64)>;

fn stats(v: Option<&[u8]>) -> Option<Stats> {
    let a = Attrs::parse(v?);
    Some(
        STAT_NAMES
            .iter()
            .map(|&(ty, name)| (name, a.u64(ty).unwrap_or(0)))
            .collect(),
    )
}

/// An interface, from `iface-get`.
#[derive(Clone, Debug)]
pub struct Iface {
    pub ifindex: u32,
    pub ifname: String,
    pub admin: &'static str,
    pub admin_default: bool,
    pub transmitting: bool,
    pub stats: Option<Stats>,
}

pub fn admin_name(v: u32) -> &'static str {
    match v {
        admin_status::DISABLED => "disabled",
        admin_status::RX => "rx",
        admin_status::TX => "tx",
        admin_status::RX_TX => "rx-tx",
        _ => "unknown",
    }
}

/// The namespace's global state, from `stats-get`.
#[derive(Clone, Debug)]
pub struct Global {
    pub stats: Stats,
    pub neighbors: u32,
    pub max_neighbors: u32,
    /// The Device ID the namespace advertises; `None`: it has no identity
    /// (a namespace other than the initial one, before `set device-id`).
    pub device_id: Option<String>,
    pub tx_interval: u32,
    pub tx_holdtime: u32,
    /// How many times the namespace's work item took RTNL (absent from
    /// a module without the counter).
    pub tx_rtnl_locks: Option<u64>,
    /// The same over every namespace (initial namespace only).
    pub tx_rtnl_locks_all: Option<u64>,
}

/// An event of the monitor group.
#[derive(Clone, Debug)]
pub struct Event {
    pub kind: &'static str,
    pub neighbor: Neighbor,
}

/// A connection to the family.
pub struct Client {
    sock: NlSocketHandle,
    family: u16,
}

type Msg = Genlmsghdr<u8, u16>;

fn kernel_error<T: fmt::Debug, P: fmt::Debug>(e: NlError<T, P>, op: &'static str) -> Error {
    match e {
        NlError::Nlmsgerr(m) => Error::Kernel(-m.error, op),
        e => Error::Other(format!("{op}: {e}")),
    }
}

impl Client {
    /// Connects and finds the family.
    pub fn connect() -> Result<Client, Error> {
        let mut sock = NlSocketHandle::connect(NlFamily::Generic, None, &[]).map_err(other)?;
        let family = sock
            .resolve_genl_family(FAMILY_NAME)
            .map_err(|_| Error::NotLoaded)?;
        Ok(Client { sock, family })
    }

    /// Sends `command` with `attrs` (type, payload) and collects the
    /// replies' attributes; a dump with `dump`.
    fn request(
        &mut self,
        command: u8,
        attrs: &[(u16, Vec<u8>)],
        dump: bool,
        op: &'static str,
    ) -> Result<Vec<Attrs>, Error> {
        let mut buf = GenlBuffer::<u16, Buffer>::new();
        for (ty, v) in attrs {
            buf.push(Nlattr::new(false, false, *ty, Buffer::from(v.as_slice())).map_err(other)?);
        }
        let mut flags = vec![NlmF::Request, NlmF::Ack];
        if dump {
            flags.push(NlmF::Dump);
        }
        let msg = Nlmsghdr::new(
            None,
            self.family,
            NlmFFlags::new(&flags),
            None,
            None,
            NlPayload::Payload(Genlmsghdr::<u8, u16>::new(command, FAMILY_VERSION, buf)),
        );
        self.sock.send(msg).map_err(other)?;
        let mut out = Vec::new();
        loop {
            let r: Option<Nlmsghdr<u16, Msg>> =
                self.sock.recv().map_err(|e| kernel_error(e, op))?;
            let Some(m) = r else { break };
            match m.nl_payload {
                NlPayload::Payload(p) => {
                    let mut a = Vec::new();
                    for attr in p.get_attr_handle().iter() {
                        a.push((attr.nla_type.nla_type, attr.nla_payload.as_ref().to_vec()));
                    }
                    out.push(Attrs(a));
                    if !dump {
                        // The ACK follows.
                        continue;
                    }
                }
                NlPayload::Ack(_) | NlPayload::Empty => break,
                NlPayload::Err(e) => return Err(Error::Kernel(-e.error, op)),
            }
            if m.nl_type == u16::from(Nlmsg::Done) {
                break;
            }
        }
        Ok(out)
    }

    /// Every neighbor of the namespace.
    pub fn neighbors(&mut self) -> Result<Vec<Neighbor>, Error> {
        Ok(self
            .request(cmd::NEIGH_GET, &[], true, "neigh-get")?
            .iter()
            .map(Neighbor::from_attrs)
            .collect())
    }

    /// Every interface of the namespace.
    pub fn interfaces(&mut self) -> Result<Vec<Iface>, Error> {
        Ok(self
            .request(cmd::IFACE_GET, &[], true, "iface-get")?
            .iter()
            .map(|a| Iface {
                ifindex: a.u32(ai::IFINDEX).unwrap_or(0),
                ifname: a.string(ai::IFNAME),
                admin: admin_name(a.u32(ai::ADMIN_STATUS).unwrap_or(u32::MAX)),
                admin_default: a.get(ai::ADMIN_DEFAULT).is_some(),
                transmitting: a.get(ai::TRANSMITTING).is_some(),
                stats: stats(a.get(ai::STATS)),
            })
            .collect())
    }

    /// The namespace's counters and settings.
    pub fn global(&mut self) -> Result<Global, Error> {
        let r = self.request(cmd::STATS_GET, &[], false, "stats-get")?;
        let a = r
            .first()
            .ok_or_else(|| Error::Other("stats-get: empty reply".into()))?;
        Ok(Global {
            stats: stats(a.get(ag::STATS)).unwrap_or_default(),
            neighbors: a.u32(ag::NEIGHBORS).unwrap_or(0),
            max_neighbors: a.u32(ag::MAX_NEIGHBORS).unwrap_or(0),
            device_id: a.get(ag::DEVICE_ID).map(|_| a.string(ag::DEVICE_ID)),
            tx_interval: a.u32(ag::TX_INTERVAL).unwrap_or(0),
            tx_holdtime: a.u32(ag::TX_HOLDTIME).unwrap_or(0),
            tx_rtnl_locks: a.u64(ag::TX_RTNL_LOCKS),
            tx_rtnl_locks_all: a.u64(ag::TX_RTNL_LOCKS_ALL),
        })
    }

    /// Sets an interface's admin status (`None`: the defaults again).
    pub fn set_admin(&mut self, ifindex: u32, status: Option<u32>) -> Result<(), Error> {
        let mut attrs = vec![(ai::IFINDEX, ifindex.to_ne_bytes().to_vec())];
        if let Some(s) = status {
            attrs.push((ai::ADMIN_STATUS, s.to_ne_bytes().to_vec()));
        }
        self.request(cmd::IFACE_SET, &attrs, false, "iface-set")
            .map(|_| ())
    }

    /// Sets the namespace's Device ID (empty: none of its own: the host
    /// name in the initial namespace, no identity in another).
    pub fn set_device_id(&mut self, id: &str) -> Result<(), Error> {
        let mut v = id.as_bytes().to_vec();
        v.push(0);
        self.request(cmd::GLOBAL_SET, &[(ag::DEVICE_ID, v)], false, "global-set")
            .map(|_| ())
    }

    /// Empties the neighbor table.
    pub fn clear_neighbors(&mut self) -> Result<(), Error> {
        self.request(cmd::NEIGH_CLEAR, &[], false, "neigh-clear")
            .map(|_| ())
    }

    /// Zeroes the counters.
    pub fn clear_counters(&mut self) -> Result<(), Error> {
        self.request(cmd::STATS_CLEAR, &[], false, "stats-clear")
            .map(|_| ())
    }

    /// Follows the monitor group: calls `f` for each event until it
    /// returns false.
    pub fn watch(&mut self, f: impl FnMut(Event) -> bool) -> Result<(), Error> {
        // On stderr, so scripts know the subscription is in place.
        self.watch_with(|| eprintln!("cdpctl: watching the cdp monitor group"), f)
    }

    /// [`Client::watch`], calling `subscribed` once the subscription is in
    /// place (events from then on are seen).
    pub fn watch_with(
        &mut self,
        subscribed: impl FnOnce(),
        mut f: impl FnMut(Event) -> bool,
    ) -> Result<(), Error> {
        let group = self
            .sock
            .resolve_nl_mcast_group(FAMILY_NAME, "monitor")
            .map_err(|_| Error::NotLoaded)?;
        self.sock.add_mcast_membership(&[group]).map_err(other)?;
        subscribed();
        loop {
            let r: Option<Nlmsghdr<u16, Msg>> =
                self.sock.recv().map_err(|e| kernel_error(e, "monitor"))?;
            let Some(m) = r else { continue };
            let NlPayload::Payload(p) = m.nl_payload else {
                continue;
            };
            let kind = match p.cmd {
                c if c == cmd::NEIGH_NEW_NTF => "new",
                c if c == cmd::NEIGH_CHANGE_NTF => "change",
                c if c == cmd::NEIGH_DEL_NTF => "delete",
                _ => continue,
            };
            let mut a = Vec::new();
            for attr in p.get_attr_handle().iter() {
                a.push((attr.nla_type.nla_type, attr.nla_payload.as_ref().to_vec()));
            }
            if !f(Event {
                kind,
                neighbor: Neighbor::from_attrs(&Attrs(a)),
            }) {
                return Ok(());
            }
        }
    }
}
