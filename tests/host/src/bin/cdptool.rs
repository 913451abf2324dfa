// SPDX-License-Identifier: GPL-2.0

//! cdptool: the test bench's traffic tool, run inside the guest (statically
//! linked) and on the host.
//!
//! ```text
//! cdptool sync IFACE TOKEN [SECONDS]   the guest's end of scripts/vm's replay:
//!                                      print "@@CDP_RS_READY@@", acknowledge
//!                                      each batch with the NIC's rx count
//! cdptool send IFACE [options]         send generated CDP frames
//!     --device NAME     device ID (default "sw1"); with --count > 1 and
//!                       --unique, NAME-0, NAME-1, ...
//!     --port NAME       port ID (default "Gi0/1")
//!     --ttl N           holdtime (default 180)
//!     --vlan V          802.1Q tag
//!     --count N         frames to send (default 1)
//!     --unique          a different neighbor in every frame
//!     --random          Yersinia-style: random source MAC, device ID,
//!                       address, TTL 255
//!     --stp             send STP BPDUs instead of CDP
//!     --ipv4-udp LEN    send IPv4/UDP frames of LEN bytes instead, to
//!     --dst MAC         this destination (default 02:00:00:00:00:02)
//!     --pcap FILE       send the frames of a pcap file
//!     --src MAC         source MAC (default 02:00:00:00:00:01)
//!     --version-text T  software version text
//!     --tlv TYPE:HEX    also this TLV (TYPE decimal or 0x..., value in
//!                       hex), e.g. --tlv 0x15:06092b0601040109018d51
//!     --tlvs N:TYPE:HEX also N copies of this TLV
//!     --bare            only the device ID and port ID TLVs, then the
//!                       --tlv/--tlvs ones (room for 360 empty TLVs)
//!     --bad-checksum    corrupt the checksum
//!     --malformed       --count hostile frames: every structural error,
//!                       then mutations and truncations of a real frame
//! cdptool frames FILE [options]        write the frames `send` would send
//!                                      to a pcap file instead
//! cdptool bench IFACE --count N [--distinct K] [options]
//!                                      time sending N frames (sendmmsg)
//! cdptool readtime FILE N              time reading FILE N times
//! cdptool render PCAP...               decode pcaps with cdp_rs's table and
//!                                      print both neighbor files
//! cdptool demo-frames FILE             write the demo's simulated neighbors
//! cdptool all-tlv-frames FILE         the demo's neighbors and one with every
//!                                      TLV type, unknown ones included
//! cdptool tun-send NAME               write an 802.2 CDP frame with no MAC
//!                                      header through a new IFF_TUN device
//! cdptool reread FILE CMD              read FILE, run CMD, read it again
//!                                      from offset 0 on the same open file
//! cdptool join IFACE MAC SECONDS       hold a multicast subscription
//! cdptool capture IFACE SECONDS        count the CDP frames IFACE carries
//!                                      (either way) for SECONDS, printing
//!                                      each one's device ID and holdtime
//!                                      (CDPTOOL_TIMES=1: and its arrival,
//!                                      in ms since the start)
//! cdptool tap NAME SECONDS             create tap device NAME (so it has
//!                                      carrier: a reader is attached), up,
//!                                      and count the CDP frames the host
//!                                      sends on it, as `capture` does
//! cdptool fail-insmod KO [PARAMS]     load KO failing each allocation in
//!                                      turn (fail-nth); unload when it loads
//! cdptool pcap-info FILE...           frames and CDP frames in each capture
//! cdptool mix-frames FILE [--count N] [--neighbors K]
//!                                      write N mixed frames (valid CDP from K
//!                                      neighbors, hostile CDP, other Cisco
//!                                      SNAP protocols, ARP, IPv4; a third
//!                                      tagged), print what they hold and
//!                                      list the neighbors in FILE.neighbors
//! ```

use cdp_host::build::{self, Pdu};
use cdp_host::pcap;
use cdp_host::proto::{self, wire::tlv};
use std::ffi::CString;
use std::io::Write;
use std::process::exit;
use std::time::{Duration, Instant};

const ETH_P_ALL: u16 = 0x0003;
/// Ethertype of the runner's marker frames (IEEE local experimental).
const ETH_P_MARKER: u16 = 0x88b5;

mod sys {
    //! The few libc calls an AF_PACKET socket needs.
    use std::os::raw::{c_char, c_int, c_uint, c_void};

    #[repr(C)]
    pub struct SockaddrLl {
        pub family: u16,
        pub protocol: u16,
        pub ifindex: c_int,
        pub hatype: u16,
        pub pkttype: u8,
        pub halen: u8,
        pub addr: [u8; 8],
    }

    #[repr(C)]
    pub struct Timeval {
        pub sec: i64,
        pub usec: i64,
    }

    extern "C" {
        pub fn socket(domain: c_int, ty: c_int, protocol: c_int) -> c_int;
        pub fn bind(fd: c_int, addr: *const SockaddrLl, len: c_uint) -> c_int;
        pub fn send(fd: c_int, buf: *const c_void, len: usize, flags: c_int) -> isize;
        pub fn recv(fd: c_int, buf: *mut c_void, len: usize, flags: c_int) -> isize;
        pub fn setsockopt(
            fd: c_int,
            level: c_int,
            name: c_int,
            val: *const c_void,
            len: c_uint,
        ) -> c_int;
        pub fn if_nametoindex(name: *const c_char) -> c_uint;
        pub fn sendmmsg(fd: c_int, msgs: *mut Mmsghdr, n: c_uint, flags: c_int) -> c_int;
        pub fn ioctl(fd: c_int, req: std::os::raw::c_ulong, ...) -> c_int;
        pub fn syscall(n: std::os::raw::c_long, ...) -> std::os::raw::c_long;
        pub fn poll(fds: *mut Pollfd, n: std::os::raw::c_ulong, timeout: c_int) -> c_int;
    }

    /// `struct pollfd`.
    #[repr(C)]
    pub struct Pollfd {
        pub fd: c_int,
        pub events: i16,
        pub revents: i16,
    }

    /// `struct ifreq` with the flags member of its union.
    #[repr(C)]
    pub struct IfreqFlags {
        pub name: [u8; 16],
        pub flags: i16,
        pub pad: [u8; 22],
    }

    /// `struct packet_mreq`.
    #[repr(C)]
    pub struct PacketMreq {
        pub ifindex: c_int,
        pub ty: u16,
        pub alen: u16,
        pub address: [u8; 8],
    }

    #[repr(C)]
    pub struct Iovec {
        pub base: *mut c_void,
        pub len: usize,
    }

    #[repr(C)]
    pub struct Msghdr {
        pub name: *mut c_void,
        pub namelen: c_uint,
        pub iov: *mut Iovec,
        pub iovlen: usize,
        pub control: *mut c_void,
        pub controllen: usize,
        pub flags: c_int,
    }

    #[repr(C)]
    pub struct Mmsghdr {
        pub hdr: Msghdr,
        pub len: c_uint,
    }
}

/// A raw AF_PACKET socket bound to one interface.
struct Sock(i32);

impl Sock {
    fn open(ifname: &str, proto: u16) -> Self {
        let name = CString::new(ifname).expect("interface name");
        // SAFETY: `name` is a valid NUL-terminated string.
        let ifindex = unsafe { sys::if_nametoindex(name.as_ptr()) };
        if ifindex == 0 {
            die(&format!("no interface {ifname}"));
        }
        // SAFETY: plain syscall with constant arguments.
        let fd = unsafe { sys::socket(17, 3, i32::from(proto.to_be())) };
        if fd < 0 {
            die(&format!("socket: {}", std::io::Error::last_os_error()));
        }
        let sa = sys::SockaddrLl {
            family: 17,
            protocol: proto.to_be(),
            ifindex: ifindex as i32,
            hatype: 0,
            pkttype: 0,
            halen: 0,
            addr: [0; 8],
        };
        // SAFETY: `sa` is a valid sockaddr_ll of the given size.
        let r = unsafe { sys::bind(fd, &sa, std::mem::size_of::<sys::SockaddrLl>() as u32) };
        if r < 0 {
            die(&format!("bind: {}", std::io::Error::last_os_error()));
        }
        Sock(fd)
    }

    fn send(&self, frame: &[u8]) {
        loop {
            // SAFETY: `frame` is valid for reads of its length.
            let r = unsafe { sys::send(self.0, frame.as_ptr().cast(), frame.len(), 0) };
            if r >= 0 {
                return;
            }
            let e = std::io::Error::last_os_error();
            if e.raw_os_error() == Some(105) || e.raw_os_error() == Some(11) {
                // ENOBUFS / EAGAIN: the queue is full, let it drain.
                std::thread::sleep(Duration::from_micros(50));
                continue;
            }
            die(&format!("send: {e}"));
        }
    }

    /// Sends `frames` with sendmmsg, 64 at a time.
    fn send_batch(&self, frames: &[Vec<u8>]) {
        for chunk in frames.chunks(64) {
            let mut iov: Vec<sys::Iovec> = chunk
                .iter()
                .map(|f| sys::Iovec {
                    base: f.as_ptr() as *mut _,
                    len: f.len(),
                })
                .collect();
            let mut msgs: Vec<sys::Mmsghdr> = iov
                .iter_mut()
                .map(|v| sys::Mmsghdr {
                    hdr: sys::Msghdr {
                        name: std::ptr::null_mut(),
                        namelen: 0,
                        iov: v,
                        iovlen: 1,
                        control: std::ptr::null_mut(),
                        controllen: 0,
                        flags: 0,
                    },
                    len: 0,
                })
                .collect();
            let mut done = 0;
            while done < msgs.len() {
                // SAFETY: `msgs` and the iovecs and frames they point to are
                // valid for the call.
                let r = unsafe {
                    sys::sendmmsg(
                        self.0,
                        msgs[done..].as_mut_ptr(),
                        (msgs.len() - done) as u32,
                        0,
                    )
                };
                if r > 0 {
                    done += r as usize;
                } else {
                    let e = std::io::Error::last_os_error();
                    if matches!(e.raw_os_error(), Some(105) | Some(11)) {
                        std::thread::sleep(Duration::from_micros(50));
                        continue;
                    }
                    die(&format!("sendmmsg: {e}"));
                }
            }
        }
    }

    fn set_timeout(&self, d: Duration) {
        let tv = sys::Timeval {
            sec: d.as_secs() as i64,
            usec: i64::from(d.subsec_micros()),
        };
        // SAFETY: SOL_SOCKET/SO_RCVTIMEO with a timeval of the right size.
        unsafe {
            sys::setsockopt(
                self.0,
                1,
                20,
                (&tv as *const sys::Timeval).cast(),
                std::mem::size_of::<sys::Timeval>() as u32,
            )
        };
    }

    fn recv(&self, buf: &mut [u8]) -> Option<usize> {
        // SAFETY: `buf` is valid for writes of its length.
        let r = unsafe { sys::recv(self.0, buf.as_mut_ptr().cast(), buf.len(), 0) };
        (r >= 0).then_some(r as usize)
    }
}

fn die(msg: &str) -> ! {
    eprintln!("cdptool: {msg}");
    exit(2);
}

/// A counter of `ifname` from sysfs (`rx_packets`, ...).
fn if_stat(ifname: &str, stat: &str) -> u64 {
    std::fs::read_to_string(format!("/sys/class/net/{ifname}/statistics/{stat}"))
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0)
}

/// What the NIC's receive filter depends on, for the runner's model of it:
/// the MAC, the flags (PROMISC, ALLMULTI), the multicast list and the VLAN
/// IDs registered on the device (VLAN devices, and 0 which 8021q adds).
fn filter_state(ifname: &str) -> String {
    let read = |p: &str| std::fs::read_to_string(p).unwrap_or_default();
    let mac = read(&format!("/sys/class/net/{ifname}/address"));
    let flags = read(&format!("/sys/class/net/{ifname}/flags"));
    let mc: Vec<String> = read("/proc/net/dev_mcast")
        .lines()
        .filter_map(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            (c.len() == 5 && c[1] == ifname).then(|| c[4].to_string())
        })
        .collect();
    let mut vids = vec!["0".to_string()];
    for l in read("/proc/net/vlan/config").lines().skip(2) {
        let c: Vec<&str> = l.split('|').map(str::trim).collect();
        if c.len() == 3 && c[2] == ifname {
            vids.push(c[1].to_string());
        }
    }
    format!(
        "mac={} flags={} mc={} vids={}",
        mac.trim(),
        flags.trim(),
        if mc.is_empty() {
            "-".into()
        } else {
            mc.join(",")
        },
        vids.join(",")
    )
}

/// The guest's end of the runner's replay (scripts/vm). Prints
/// "@@CDP_RS_READY@@" and the NIC's filter state, then acknowledges each
/// marker frame "CDPRS-SYNC:TOKEN:SEQ:EXPECT:END" that follows a batch of
/// replayed frames: once the NIC's rx_packets shows EXPECT replayed frames
/// (plus the markers seen), or after 2 s without them, it answers
/// "CDPRS-ACK:TOKEN:SEQ:RECEIVED:MARKERS" on the same wire. The runner sends
/// the next batch only then, so nothing is lost to a full ring or socket
/// buffer, and it compares RECEIVED with what it sent. Returns after the
/// marker with END=1; fails after SECONDS without a marker.
fn cmd_sync(args: &[String]) {
    let (ifname, token) = match args {
        [i, t, ..] => (i, t),
        _ => die("usage: cdptool sync IFACE TOKEN [SECONDS]"),
    };
    let secs: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(120);
    let sock = Sock::open(ifname, ETH_P_MARKER);
    sock.set_timeout(Duration::from_secs(1));
    let base = if_stat(ifname, "rx_packets");
    println!("@@CDP_RS_READY@@ {}", filter_state(ifname));
    std::io::stdout().flush().ok();
    let prefix = format!("CDPRS-SYNC:{token}:");
    let mut markers = 0u64;
    let mut deadline = Instant::now() + Duration::from_secs(secs);
    let mut buf = [0u8; 2048];
    while Instant::now() < deadline {
        let Some(n) = sock.recv(&mut buf) else {
            continue;
        };
        let body = &buf[14.min(n)..n];
        let Some(rest) = body.strip_prefix(prefix.as_bytes()) else {
            continue;
        };
        let rest = rest.split(|&b| b == 0).next().unwrap_or(&[]);
        let fields: Vec<u64> = std::str::from_utf8(rest)
            .unwrap_or("")
            .split(':')
            .filter_map(|f| f.parse().ok())
            .collect();
        let [seq, expect, end] = fields[..] else {
            continue;
        };
        markers += 1;
        deadline = Instant::now() + Duration::from_secs(secs);
        // rx_packets is updated at the end of a NAPI poll, which may still
        // be running when the marker reaches this socket: wait for it.
        let waited = Instant::now();
        let mut rx = if_stat(ifname, "rx_packets") - base;
        while rx < expect + markers && waited.elapsed() < Duration::from_secs(2) {
            std::thread::sleep(Duration::from_micros(200));
            rx = if_stat(ifname, "rx_packets") - base;
        }
        let received = rx.saturating_sub(markers);
        let mut ack = vec![0xff; 6];
        ack.extend_from_slice(&[0x02, 0, 0, 0, 0, 0xfd]);
        ack.extend_from_slice(&ETH_P_MARKER.to_be_bytes());
        ack.extend_from_slice(format!("CDPRS-ACK:{token}:{seq}:{received}:{markers}").as_bytes());
        ack.resize(ack.len().max(60), 0);
        sock.send(&ack);
        if end == 1 {
            return;
        }
    }
    die("timed out waiting for the runner's marker frame");
}

fn parse_mac(s: &str) -> [u8; 6] {
    let mut m = [0u8; 6];
    let parts: Vec<&str> = s.split(':').collect();
    if parts.len() != 6 {
        die(&format!("bad MAC {s}"));
    }
    for (i, p) in parts.iter().enumerate() {
        m[i] = u8::from_str_radix(p, 16).unwrap_or_else(|_| die(&format!("bad MAC {s}")));
    }
    m
}

/// A small xorshift generator: reproducible floods.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
}

/// `--tlv TYPE:HEX`: a TLV's type and value.
fn parse_tlv(s: &str) -> (u16, Vec<u8>) {
    let bad = || -> ! { die(&format!("bad --tlv {s} (TYPE:HEX)")) };
    let (ty, hex) = s.split_once(':').unwrap_or_else(|| bad());
    let ty = match ty.strip_prefix("0x") {
        Some(h) => u16::from_str_radix(h, 16),
        None => ty.parse(),
    }
    .unwrap_or_else(|_| bad());
    if hex.len() % 2 != 0 {
        bad();
    }
    let v = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or_else(|_| bad()))
        .collect();
    (ty, v)
}

/// The frames `send` and `frames` produce for the options in `args`.
fn frames(args: &[String]) -> Vec<Vec<u8>> {
    let mut device = "sw1".to_string();
    let mut port = "Gi0/1".to_string();
    let mut ttl = 180u8;
    let mut vlan = None;
    let mut count = 1usize;
    let mut unique = false;
    let mut random = false;
    let mut stp = false;
    let mut ipv4_udp: Option<usize> = None;
    let mut dst = [0x02, 0, 0, 0, 0, 0x02];
    let mut pcap_file = None;
    let mut src = [0x02, 0, 0, 0, 0, 1];
    let mut version_text = None;
    let mut extra: Vec<(u16, Vec<u8>)> = Vec::new();
    let mut bad_checksum = false;
    let mut malformed = false;
    let mut bare = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut val = || {
            it.next()
                .cloned()
                .unwrap_or_else(|| die(&format!("{a} needs a value")))
        };
        match a.as_str() {
            "--device" => device = val(),
            "--port" => port = val(),
            "--ttl" => ttl = val().parse().unwrap_or_else(|_| die("bad --ttl")),
            "--vlan" => vlan = Some(val().parse().unwrap_or_else(|_| die("bad --vlan"))),
            "--count" => count = val().parse().unwrap_or_else(|_| die("bad --count")),
            "--unique" => unique = true,
            "--random" => random = true,
            "--stp" => stp = true,
            "--ipv4-udp" => {
                ipv4_udp = Some(val().parse().unwrap_or_else(|_| die("bad --ipv4-udp")))
            }
            "--dst" => dst = parse_mac(&val()),
            "--pcap" => pcap_file = Some(val()),
            "--src" => src = parse_mac(&val()),
            "--version-text" => version_text = Some(val()),
            "--tlv" => extra.push(parse_tlv(&val())),
            "--tlvs" => {
                let v = val();
                let (n, t) = v
                    .split_once(':')
                    .unwrap_or_else(|| die(&format!("bad --tlvs {v} (N:TYPE:HEX)")));
                let n: usize = n
                    .parse()
                    .unwrap_or_else(|_| die(&format!("bad --tlvs {v} (N:TYPE:HEX)")));
                let t = parse_tlv(t);
                extra.extend(std::iter::repeat(t).take(n));
            }
            "--bare" => bare = true,
            "--bad-checksum" => bad_checksum = true,
            "--malformed" => malformed = true,
            _ => die(&format!("unknown option {a}")),
        }
    }
    if let Some(p) = pcap_file {
        let data = std::fs::read(&p).unwrap_or_else(|e| die(&format!("{p}: {e}")));
        return pcap::read(&data).unwrap_or_else(|| die(&format!("{p}: not an Ethernet pcap")));
    }
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    if malformed {
        return malformed_frames(count, src, vlan, &mut rng);
    }
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        if stp {
            out.push(build::stp_bpdu(src));
            continue;
        }
        if let Some(len) = ipv4_udp {
            out.push(ipv4_udp_frame(dst, src, len.clamp(60, 1514)));
            continue;
        }
        if random {
            let r = rng.next();
            let mut mac = r.to_be_bytes();
            mac[0] = (mac[0] & 0xfe) | 0x02;
            let mut m = [0u8; 6];
            m.copy_from_slice(&mac[..6]);
            let id = format!("{:016x}", rng.next());
            let ip = (rng.next() as u32).to_be_bytes();
            let pdu = Pdu {
                ttl: 255,
                ..Pdu::new()
            }
            .tlv(tlv::DEVICE_ID, id.as_bytes())
            .tlv(tlv::ADDRESSES, &build::addresses(&[build::ipv4(ip)]))
            .tlv(tlv::PORT_ID, b"Ethernet0")
            .tlv(tlv::CAPABILITIES, &1u32.to_be_bytes())
            .tlv(tlv::PLATFORM, b"yersinia");
            out.push(pdu.frame(m, vlan));
            continue;
        }
        let dev = if unique {
            format!("{device}-{i}")
        } else {
            device.clone()
        };
        let mut pdu = if bare {
            Pdu::new()
                .tlv(tlv::DEVICE_ID, dev.as_bytes())
                .tlv(tlv::PORT_ID, port.as_bytes())
        } else {
            Pdu::switch(&dev, &port)
        };
        pdu.ttl = ttl;
        if let Some(t) = &version_text {
            pdu = pdu.tlv(tlv::VERSION, t.as_bytes());
        }
        for (ty, v) in &extra {
            pdu = pdu.tlv(*ty, v);
        }
        let mut bytes = pdu.bytes();
        if bad_checksum {
            bytes[2] ^= 0x5a;
        }
        out.push(build::frame_from_pdu(&bytes, src, vlan));
    }
    out
}

/// Hostile frames: every structural error the decoder must refuse, then
/// random mutations and truncations of a real Catalyst frame. All keep the
/// CDP LLC/SNAP header, so each one is a CDP frame the counters must
/// account for.
fn malformed_frames(count: usize, src: [u8; 6], vlan: Option<u16>, rng: &mut Rng) -> Vec<Vec<u8>> {
    let real = pcap::read(include_bytes!("../../../data/3560_CDP.pcap")).expect("embedded capture");
    let real_pdu = real[0][22..22 + 378].to_vec();
    let tlv_len = |len: u16| {
        let mut v = Pdu::new().tlv(tlv::DEVICE_ID, b"x").tlvs;
        v.extend_from_slice(&[0, 3]);
        v.extend_from_slice(&len.to_be_bytes());
        v.extend_from_slice(b"Gi0/1");
        v
    };
    let mut crafted: Vec<Vec<u8>> = Vec::new();
    for len in [0u16, 1, 3, 4, 100, 1400, 65535] {
        crafted.push(
            Pdu {
                tlvs: tlv_len(len),
                ..Pdu::new()
            }
            .bytes(),
        );
    }
    for count in [2u32, 1000, 0x7fff_ffff, u32::MAX] {
        let mut v = count.to_be_bytes().to_vec();
        v.extend_from_slice(&build::ipv4([10, 0, 0, 1]));
        crafted.push(
            Pdu::new()
                .tlv(tlv::DEVICE_ID, b"x")
                .tlv(tlv::ADDRESSES, &v)
                .bytes(),
        );
    }
    let rec = build::ipv6([0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    for cut in [1, 2, 5, 11, 12, 20] {
        let mut v = 1u32.to_be_bytes().to_vec();
        v.extend_from_slice(&rec[..cut]);
        crafted.push(
            Pdu::new()
                .tlv(tlv::DEVICE_ID, b"x")
                .tlv(tlv::MGMT_ADDRESSES, &v)
                .bytes(),
        );
    }
    for v in [0u8, 3, 0x80, 0xff] {
        crafted.push(
            Pdu {
                version: v,
                ..Pdu::switch("badver", "p")
            }
            .bytes(),
        );
    }
    crafted.push(vec![2, 180, 0]); // shorter than the header
    crafted.push(Pdu::new().tlv(tlv::PORT_ID, b"no device id").bytes());
    crafted.push(
        Pdu::new()
            .tlv(tlv::DEVICE_ID, b"x")
            .tlv(tlv::CAPABILITIES, &[1, 2, 3])
            .bytes(),
    );
    crafted.push(
        Pdu::new()
            .tlv(tlv::DEVICE_ID, b"x")
            .tlv(tlv::POWER_REQUESTED, &[0; 7])
            .bytes(),
    );
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let pdu = if i < crafted.len() {
            crafted[i].clone()
        } else {
            let mut p = real_pdu.clone();
            match rng.next() % 4 {
                0 => {
                    // Flip 1-8 random bytes, keep the checksum right half
                    // the time so the TLV decoder sees the damage.
                    for _ in 0..1 + rng.next() % 8 {
                        let at = (rng.next() as usize) % p.len();
                        p[at] = rng.next() as u8;
                    }
                    if rng.next() % 2 == 0 {
                        cdp_host::proto::wire::set_checksum(&mut p);
                    }
                }
                1 => {
                    let keep = 4 + (rng.next() as usize) % (p.len() - 4);
                    p.truncate(keep);
                    cdp_host::proto::wire::set_checksum(&mut p);
                }
                2 => {
                    // Oversized: junk appended up to the largest PDU.
                    let extra = (rng.next() as usize) % (1400 - p.len());
                    for _ in 0..extra {
                        p.push(rng.next() as u8);
                    }
                    cdp_host::proto::wire::set_checksum(&mut p);
                }
                _ => {
                    // A TLV length field overwritten.
                    let at = 4 + 2 + 4 * ((rng.next() as usize) % 8);
                    let l = [0u16, 3, 65535, rng.next() as u16][(rng.next() % 4) as usize];
                    p[at..at + 2].copy_from_slice(&l.to_be_bytes());
                    cdp_host::proto::wire::set_checksum(&mut p);
                }
            }
            p
        };
        let pdu = if pdu.len() > 1400 {
            pdu[..1400].to_vec()
        } else {
            pdu
        };
        out.push(build::frame_from_pdu(&pdu, src, vlan));
    }
    // One more kind: an 802.3 length that claims more than the frame holds.
    if let Some(f) = out.last_mut() {
        let claimed = (f.len() as u16).saturating_add(100);
        let off = if vlan.is_some() { 16 } else { 12 };
        f[off..off + 2].copy_from_slice(&claimed.min(0x5dc).to_be_bytes());
    }
    out
}

/// Decodes the CDP frames of pcap files with cdp_rs's own table and
/// rendering, as if received on "eth0", and prints both neighbor files.
fn render_pcaps(files: &[String]) {
    use cdp_host::proto::render;
    use cdp_host::proto::table::{Config, Rx};
    use cdp_host::proto::wire;
    let max = 1024;
    let mut t = cdp_host::host_table(max, 1);
    for f in files {
        let data = std::fs::read(f).unwrap_or_else(|e| die(&format!("{f}: {e}")));
        for fr in pcap::read(&data).unwrap_or_else(|| die(&format!("{f}: not an Ethernet pcap"))) {
            if let Ok(l) = wire::locate(&fr) {
                let mut src = [0u8; 6];
                src.copy_from_slice(&fr[6..12]);
                let rx = Rx {
                    ifindex: 2,
                    ifname: b"eth0",
                    upper: b"",
                    vlan: l.vlan,
                    src_mac: src,
                    now_ms: 0,
                };
                let pdu = &fr[l.pdu_offset..l.pdu_offset + l.pdu_len];
                t.receive(
                    &rx,
                    pdu,
                    &Config {
                        verify_checksum: true,
                        rx_default: true,
                    },
                );
            }
        }
    }
    let mut s = String::new();
    render::neighbors_header(&mut s).unwrap();
    let mut info = Box::new(cdp_host::proto::wire::Info::EMPTY);
    for nb in t.iter() {
        nb.decode(&mut info);
        render::neighbor_row(&mut s, nb, &info, 0).unwrap();
    }
    render::neighbors_footer(&mut s, t.len()).unwrap();
    println!("@@@ summary\n{s}@@@ detail");
    let mut d = String::new();
    for nb in t.iter() {
        nb.decode(&mut info);
        render::neighbor_detail(&mut d, nb, &info, 0).unwrap();
    }
    render::neighbors_footer(&mut d, t.len()).unwrap();
    println!("{d}@@@ end");
}

/// Simulated neighbors for `make demo`: a router, an IP phone and a data
/// centre switch with IPv6 management, as built by cdp_rs's own builder.
fn demo_frames() -> Vec<Vec<u8>> {
    let router = Pdu::new()
        .tlv(tlv::DEVICE_ID, b"edge-rtr-01.example.net")
        .tlv(tlv::ADDRESSES, &build::addresses(&[build::ipv4([198, 51, 100, 1])]))
        .tlv(tlv::PORT_ID, b"GigabitEthernet0/0/1")
        .tlv(tlv::CAPABILITIES, &0x29u32.to_be_bytes())
        .tlv(tlv::VERSION, b"Cisco IOS XE Software, Version 17.09.04a\nCisco IOS Software [Cupertino], ISR Software (X86_64_LINUX_IOSD-UNIVERSALK9-M)")
        .tlv(tlv::PLATFORM, b"cisco ISR4331/K9")
        .tlv(tlv::NATIVE_VLAN, &1u16.to_be_bytes())
        .tlv(tlv::DUPLEX, &[1])
        .tlv(tlv::MGMT_ADDRESSES, &build::addresses(&[build::ipv4([198, 51, 100, 1])]));
    let phone = Pdu::new()
        .tlv(tlv::DEVICE_ID, b"SEP001122334455")
        .tlv(
            tlv::ADDRESSES,
            &build::addresses(&[build::ipv4([10, 20, 30, 40])]),
        )
        .tlv(tlv::PORT_ID, b"Port 1")
        .tlv(tlv::CAPABILITIES, &0x490u32.to_be_bytes())
        .tlv(tlv::VERSION, b"SIP88xx.14-2-1-0001-14")
        .tlv(tlv::PLATFORM, b"Cisco IP Phone 8841")
        .tlv(tlv::DUPLEX, &[1])
        .tlv(tlv::POWER, &6300u16.to_be_bytes())
        .tlv(tlv::VOIP_VLAN_QUERY, &[1, 0, 20]);
    let nexus = Pdu::new()
        .tlv(tlv::DEVICE_ID, b"dc1-leaf-07(FDO21120U8N)")
        .tlv(
            tlv::ADDRESSES,
            &build::addresses(&[build::ipv4([192, 0, 2, 7])]),
        )
        .tlv(tlv::PORT_ID, b"Ethernet1/17")
        .tlv(tlv::CAPABILITIES, &0x229u32.to_be_bytes())
        .tlv(
            tlv::VERSION,
            b"Cisco Nexus Operating System (NX-OS) Software, Version 10.3(4a)",
        )
        .tlv(tlv::PLATFORM, b"N9K-C93180YC-FX")
        .tlv(tlv::NATIVE_VLAN, &100u16.to_be_bytes())
        .tlv(tlv::DUPLEX, &[1])
        .tlv(tlv::MTU, &9216u32.to_be_bytes())
        .tlv(tlv::SYSTEM_NAME, b"dc1-leaf-07")
        .tlv(
            tlv::MGMT_ADDRESSES,
            &build::addresses(&[
                build::ipv4([192, 0, 2, 7]),
                build::ipv6([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7]),
            ]),
        );
    let mut frames = vec![
        router.frame([0x00, 0x5d, 0x73, 0x10, 0x00, 0x01], None),
        phone.frame([0x00, 0x11, 0x22, 0x33, 0x44, 0x55], None),
        nexus.frame([0x00, 0x3a, 0x9c, 0x07, 0x00, 0x11], None),
    ];
    // Device IDs of 15, 16 and 17 columns, around the summary's column
    // width: each must still parse as its own neighbor.
    for (i, (id, port)) in [
        ("core-sw-lab73-1", "TenGigabitEthernet1/1/1"),
        ("leaf-rtr-lab73-1", "GigabitEthernet0/0/2"),
        ("spine-sw-lab73-01", "Ethernet1/49"),
    ]
    .into_iter()
    .enumerate()
    {
        let pdu = Pdu::switch(id, port);
        frames.push(pdu.frame([0x00, 0x1e, 0x7a, 0x73, 0x00, i as u8 + 1], None));
    }
    frames
}

/// The demo's neighbors and one that carries every TLV type the decoder
/// knows, in several forms (IPv4, IPv6 and another protocol's address;
/// prefixes; a location; power requests), plus unknown TLVs, one longer
/// than the 16 bytes the detail file shows: what the netlink test compares
/// field for field with /proc/cdp_neighbors_detail.
fn all_tlv_frames() -> Vec<Vec<u8>> {
    let mut frames = demo_frames();
    let other = {
        // Protocol type 2 (802.2), 8-byte protocol field, 6-byte address.
        let mut r = vec![
            2, 8, 0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x80, 0x9b, 0x00, 0x06,
        ];
        r.extend_from_slice(&[0x00, 0x01, 0x02, 0x03, 0x04, 0x05]);
        r
    };
    let sink = Pdu::new()
        .tlv(tlv::DEVICE_ID, b"kitchen-sink.example")
        .tlv(
            tlv::ADDRESSES,
            &build::addresses(&[
                build::ipv4([203, 0, 113, 9]),
                build::ipv6([
                    0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x11, 0x22, 0xff, 0xfe, 0x33, 0x44, 0x55,
                ]),
                other,
            ]),
        )
        .tlv(tlv::PORT_ID, b"TwentyFiveGigE1/0/3")
        .tlv(tlv::CAPABILITIES, &0x7ffu32.to_be_bytes())
        .tlv(tlv::VERSION, b"Line one\nLine two\n\nLine four")
        .tlv(tlv::PLATFORM, b"cisco C9300-48UXM")
        .tlv(tlv::PREFIXES, &[10, 1, 0, 0, 16, 192, 168, 4, 0, 24])
        .tlv(
            tlv::HELLO,
            &[0x00, 0x00, 0x0c, 0x01, 0x12, 0xde, 0xad, 0xbe, 0xef],
        )
        .tlv(tlv::VTP_DOMAIN, b"campus")
        .tlv(tlv::NATIVE_VLAN, &42u16.to_be_bytes())
        .tlv(tlv::DUPLEX, &[0])
        .tlv(tlv::VOIP_VLAN_REPLY, &[1, 0, 110])
        .tlv(tlv::POWER, &15400u16.to_be_bytes())
        .tlv(tlv::MTU, &1500u32.to_be_bytes())
        .tlv(tlv::TRUST_BITMAP, &[0x01])
        .tlv(tlv::UNTRUSTED_COS, &[3])
        .tlv(tlv::SYSTEM_NAME, b"sink")
        .tlv(
            tlv::SYSTEM_OID,
            &[0x06, 0x08, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x09, 0x01, 0x01],
        )
        .tlv(
            tlv::MGMT_ADDRESSES,
            &build::addresses(&[build::ipv6([
                0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9,
            ])]),
        )
        .tlv(tlv::LOCATION, b"\x00Building 7, rack 12")
        .tlv(
            tlv::POWER_REQUESTED,
            &[
                0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x3a, 0x98, 0x00, 0x00, 0x1d, 0x4c,
            ],
        )
        .tlv(
            tlv::POWER_AVAILABLE,
            &[0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x75, 0x30],
        )
        .tlv(tlv::SPARE_PAIR_POE, &[0x05])
        .tlv(0x00f0, b"short")
        .tlv(0x1234, &(0u8..40).collect::<Vec<u8>>());
    frames.push(sink.frame([0x00, 0x00, 0x5e, 0x00, 0x53, 0x99], None));
    frames
}

/// An Ethernet II IPv4/UDP frame of `len` bytes (no FCS) from
/// 192.0.2.1:4000 to 192.0.2.2:5000, with a valid IP header checksum: the
/// ordinary traffic of a container host, for the bridged-traffic benchmark.
fn ipv4_udp_frame(dst: [u8; 6], src: [u8; 6], len: usize) -> Vec<u8> {
    let ip_len = len - 14;
    let [l0, l1] = (ip_len as u16).to_be_bytes();
    let mut ip = vec![0x45, 0, l0, l1, 0, 0, 0x40, 0, 64, 17, 0, 0];
    ip.extend_from_slice(&[192, 0, 2, 1, 192, 0, 2, 2]);
    let mut sum: u32 = ip
        .chunks_exact(2)
        .map(|w| u32::from(u16::from_be_bytes([w[0], w[1]])))
        .sum();
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    let c = !(sum as u16);
    ip[10..12].copy_from_slice(&c.to_be_bytes());
    let udp_len = ip_len - 20;
    let [u0, u1] = (udp_len as u16).to_be_bytes();
    ip.extend_from_slice(&[0x0f, 0xa0, 0x13, 0x88, u0, u1, 0, 0]);
    ip.resize(ip_len, 0x5a);
    eth(dst, src, None, 0x0800, &ip)
}

/// The guest NIC's MAC in scripts/vm.
const GUEST_MAC: [u8; 6] = [0x52, 0x54, 0x00, 0x12, 0x34, 0x56];

/// An Ethernet II or 802.3 frame: `dst`, `src`, an optional 802.1Q tag,
/// then `ty_len` and `body`, padded to 60 bytes.
fn eth(dst: [u8; 6], src: [u8; 6], vlan: Option<u16>, ty_len: u16, body: &[u8]) -> Vec<u8> {
    let mut f = dst.to_vec();
    f.extend_from_slice(&src);
    if let Some(v) = vlan {
        f.extend_from_slice(&[0x81, 0x00]);
        f.extend_from_slice(&(v & 0x0fff).to_be_bytes());
    }
    f.extend_from_slice(&ty_len.to_be_bytes());
    f.extend_from_slice(body);
    f.resize(f.len().max(60), 0);
    f
}

/// Frames that reach the guest NIC but are not CDP: the other Cisco
/// protocols sent to the CDP address (VTP, DTP, UDLD, PAgP: same OUI,
/// another PID), ARP broadcasts and IPv4/UDP to the guest's MAC.
fn foreign_frame(kind: u64, vlan: Option<u16>, rng: &mut Rng) -> Vec<u8> {
    let src = [0x00, 0x1b, 0x54, 0x00, 0x00, (rng.next() as u8) | 1];
    match kind % 6 {
        k @ 0..=3 => {
            let pid: u16 = [0x2003, 0x2004, 0x0111, 0x0104][k as usize];
            let mut body = vec![0xaa, 0xaa, 0x03, 0x00, 0x00, 0x0c];
            body.extend_from_slice(&pid.to_be_bytes());
            for _ in 0..(rng.next() % 80) {
                body.push(rng.next() as u8);
            }
            eth(proto::wire::CDP_MAC, src, vlan, body.len() as u16, &body)
        }
        4 => {
            let mut body = vec![0, 1, 8, 0, 6, 4, 0, 1];
            body.extend_from_slice(&src);
            body.extend_from_slice(&[10, 0, 0, 1, 0, 0, 0, 0, 0, 0, 10, 0, 0, 2]);
            eth([0xff; 6], src, vlan, 0x0806, &body)
        }
        _ => {
            // IPv4 header (checksum not computed: the guest drops it in IP).
            let mut body = vec![
                0x45, 0, 0, 40, 0, 0, 0x40, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
            ];
            body.extend_from_slice(&[0x30, 0x39, 0x30, 0x39, 0, 20, 0, 0]);
            body.extend_from_slice(&rng.next().to_be_bytes());
            body.extend_from_slice(&rng.next().to_be_bytes());
            eth(GUEST_MAC, src, vlan, 0x0800, &body)
        }
    }
}

/// Whether `f` carries CDP's LLC/SNAP header (what cdp_rs counts as input).
fn is_cdp(f: &[u8]) -> bool {
    let off = if f.len() > 14 && f[12..14] == [0x81, 0x00] {
        18
    } else {
        14
    };
    f.len() >= off + 8 && f[off..off + 8] == proto::wire::LLC_SNAP_CDP
}

/// `cdptool mix-frames`: a replay workload with every kind of frame a
/// switch port carries, in a fixed pseudo-random order.
fn mix_frames(args: &[String]) {
    let file = args
        .first()
        .unwrap_or_else(|| die("usage: cdptool mix-frames FILE [--count N] [--neighbors K]"));
    let opt = |name: &str, default: usize| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .map(|v| v.parse().unwrap_or_else(|_| die(&format!("bad {name}"))))
            .unwrap_or(default)
    };
    let count = opt("--count", 20_000);
    let neighbors = opt("--neighbors", 200).max(1);
    let mut rng = Rng(0x5eed_cafe_f00d_0001);
    let hostile = malformed_frames(4000, [0x02, 0, 0, 0, 0, 7], None, &mut rng);
    let hostile_tagged = malformed_frames(2000, [0x02, 0, 0, 0, 0, 8], Some(7), &mut rng);
    // The last hostile frame of each set has an 802.3 length past the frame.
    let (mut h, mut ht, mut valid) = (0usize, 0usize, 0usize);
    let mut out = Vec::with_capacity(count);
    let vlan_of = |k: usize| (k % 3 == 0).then_some(2 + (k as u16 * 37) % 4000);
    for i in 0..count {
        let r = rng.next() % 10;
        // Every neighbor appears at least once: the first `neighbors`
        // frames of the valid kind go round them in order.
        if r < 4 || (count - i <= neighbors && valid < neighbors) {
            let k = valid % neighbors;
            let mac = [0x00, 0x1e, 0x13, 0x00, (k >> 8) as u8, k as u8];
            let pdu = Pdu::switch(&format!("mix-sw-{k:04}"), &format!("Gi1/0/{}", k % 48 + 1));
            out.push(pdu.frame(mac, vlan_of(k)));
            valid += 1;
        } else if r < 7 {
            if r == 6 {
                out.push(hostile_tagged[ht % hostile_tagged.len()].clone());
                ht += 1;
            } else {
                out.push(hostile[h % hostile.len()].clone());
                h += 1;
            }
        } else {
            let vlan = (rng.next() % 3 == 0).then(|| 2 + (rng.next() % 4000) as u16);
            out.push(foreign_frame(rng.next(), vlan, &mut rng));
        }
    }
    std::fs::write(file, pcap::write(&out)).unwrap_or_else(|e| die(&format!("{file}: {e}")));
    let names: String = (0..neighbors.min(valid))
        .map(|k| format!("mix-sw-{k:04}\n"))
        .collect();
    let list = format!("{file}.neighbors");
    std::fs::write(&list, names).unwrap_or_else(|e| die(&format!("{list}: {e}")));
    let cdp = out.iter().filter(|f| is_cdp(f)).count();
    let tagged = out.iter().filter(|f| f[12..14] == [0x81, 0x00]).count();
    println!(
        "MIX frames={} cdp={cdp} valid={valid} neighbors={} hostile={} foreign={} tagged={tagged}",
        out.len(),
        neighbors.min(valid),
        h + ht,
        out.len() - cdp,
    );
}

/// `cdptool tun-send NAME`: creates a tun device in IFF_TUN mode with
/// packet information, brings it up and writes one CDP PDU behind an LLC/SNAP
/// header with protocol ETH_P_802_2 in the packet information: an 802.2
/// frame with no MAC header, which the stack hands to every ETH_P_802_2
/// handler. Needs CAP_NET_ADMIN in the network namespace's user namespace
/// only (an unprivileged user in `unshare -Urn` has it).
fn tun_send(args: &[String]) {
    use std::os::fd::AsRawFd;
    let name = args
        .first()
        .unwrap_or_else(|| die("usage: cdptool tun-send NAME"));
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/net/tun")
        .unwrap_or_else(|e| die(&format!("/dev/net/tun: {e}")));
    let mut req = sys::IfreqFlags {
        name: [0; 16],
        flags: 0x0001, // IFF_TUN, packet information on
        pad: [0; 22],
    };
    req.name[..name.len().min(15)].copy_from_slice(&name.as_bytes()[..name.len().min(15)]);
    // SAFETY: TUNSETIFF with a valid ifreq.
    if unsafe { sys::ioctl(f.as_raw_fd(), 0x4004_54ca, &mut req as *mut sys::IfreqFlags) } < 0 {
        die(&format!("TUNSETIFF: {}", std::io::Error::last_os_error()));
    }
    // SAFETY: plain syscall with constant arguments.
    let s = unsafe { sys::socket(2, 2, 0) };
    // SAFETY: SIOCGIFFLAGS / SIOCSIFFLAGS with a valid ifreq.
    unsafe {
        sys::ioctl(s, 0x8913, &mut req as *mut sys::IfreqFlags);
        req.flags |= 0x1; // IFF_UP
        if sys::ioctl(s, 0x8914, &mut req as *mut sys::IfreqFlags) < 0 {
            die(&format!(
                "SIOCSIFFLAGS: {}",
                std::io::Error::last_os_error()
            ));
        }
    }
    let pdu = Pdu::switch("tun-forged", "Gi0/1").bytes();
    let mut frame = vec![0, 0, 0x00, 0x04]; // packet information: ETH_P_802_2
    frame.extend_from_slice(&proto::wire::LLC_SNAP_CDP);
    frame.extend_from_slice(&pdu);
    f.write_all(&frame)
        .unwrap_or_else(|e| die(&format!("write to {name}: {e}")));
    println!("tun-send: wrote {} bytes on {name}", frame.len());
}

/// `cdptool reread FILE CMD`: reads FILE from the start, runs `sh -c CMD`,
/// then reads the same open file from offset 0 again (lseek), printing
/// both passes: a re-read must not show the first pass's figures.
fn reread(args: &[String]) {
    use std::io::{Read, Seek, SeekFrom};
    let [file, cmd] = args else {
        die("usage: cdptool reread FILE CMD");
    };
    let mut f = std::fs::File::open(file).unwrap_or_else(|e| die(&format!("{file}: {e}")));
    for pass in 1..=2 {
        if pass == 2 {
            let st = std::process::Command::new("sh").arg("-c").arg(cmd).status();
            if !st.is_ok_and(|s| s.success()) {
                die(&format!("{cmd}: failed"));
            }
            f.seek(SeekFrom::Start(0))
                .unwrap_or_else(|e| die(&format!("lseek: {e}")));
        }
        let mut text = String::new();
        f.read_to_string(&mut text)
            .unwrap_or_else(|e| die(&format!("{file}: {e}")));
        println!("@@ pass {pass}");
        print!("{text}");
    }
}

/// `cdptool join IFACE MAC SECONDS`: holds a multicast subscription to MAC
/// on IFACE (PACKET_ADD_MEMBERSHIP, as lldpd does) for SECONDS.
fn join(args: &[String]) {
    let [ifname, mac, secs] = args else {
        die("usage: cdptool join IFACE MAC SECONDS");
    };
    let sock = Sock::open(ifname, ETH_P_MARKER);
    let name = CString::new(ifname.as_str()).expect("interface name");
    let mut address = [0u8; 8];
    address[..6].copy_from_slice(&parse_mac(mac));
    let mreq = sys::PacketMreq {
        // SAFETY: `name` is NUL-terminated.
        ifindex: unsafe { sys::if_nametoindex(name.as_ptr()) } as i32,
        ty: 0, // PACKET_MR_MULTICAST
        alen: 6,
        address,
    };
    // SAFETY: SOL_PACKET/PACKET_ADD_MEMBERSHIP with a packet_mreq.
    let r = unsafe {
        sys::setsockopt(
            sock.0,
            263,
            1,
            (&mreq as *const sys::PacketMreq).cast(),
            std::mem::size_of::<sys::PacketMreq>() as u32,
        )
    };
    if r < 0 {
        die(&format!(
            "PACKET_ADD_MEMBERSHIP: {}",
            std::io::Error::last_os_error()
        ));
    }
    println!("join: holding {mac} on {ifname}");
    std::io::stdout().flush().ok();
    std::thread::sleep(Duration::from_secs(secs.parse().unwrap_or(60)));
}

/// The device ID and holdtime of a CDP frame (untagged or 802.1Q-tagged).
fn cdp_identity(f: &[u8]) -> Option<(String, u8)> {
    if !is_cdp(f) {
        return None;
    }
    let pdu = &f[if f[12..14] == [0x81, 0x00] { 26 } else { 22 }..];
    let ttl = *pdu.get(1)?;
    let mut at = 4;
    while at + 4 <= pdu.len() {
        let ty = u16::from_be_bytes([pdu[at], pdu[at + 1]]);
        let len = usize::from(u16::from_be_bytes([pdu[at + 2], pdu[at + 3]]));
        if len < 4 || at + len > pdu.len() {
            break;
        }
        if ty == tlv::DEVICE_ID {
            let id = String::from_utf8_lossy(&pdu[at + 4..at + len]).into_owned();
            return Some((id, ttl));
        }
        at += len;
    }
    Some((String::new(), ttl))
}

/// Counts the CDP frames `next` yields until `secs` seconds have passed,
/// printing one `WHAT: IFACE device-id=ID holdtime=N` line for each and
/// then `WHAT: IFACE N CDP frames`.
fn count_cdp(
    what: &str,
    ifname: &str,
    secs: u64,
    mut next: impl FnMut(Duration) -> Option<Vec<u8>>,
) {
    let start = Instant::now();
    let end = start + Duration::from_secs(secs);
    // CDPTOOL_TIMES=1: each frame's arrival, in ms since the start.
    let times = std::env::var_os("CDPTOOL_TIMES").is_some();
    let mut n = 0;
    while let Some(left) = end.checked_duration_since(Instant::now()) {
        let Some(f) = next(left.max(Duration::from_millis(1))) else {
            continue;
        };
        if let Some((id, ttl)) = cdp_identity(&f) {
            n += 1;
            if times {
                let ms = start.elapsed().as_millis();
                println!("{what}: {ifname} at-ms={ms} device-id={id} holdtime={ttl}");
            } else {
                println!("{what}: {ifname} device-id={id} holdtime={ttl}");
            }
            std::io::stdout().flush().ok();
        }
    }
    println!("{what}: {ifname} {n} CDP frames");
}

/// `cdptool capture IFACE SECONDS`: what a sniffer on IFACE sees.
fn capture(args: &[String]) {
    let [ifname, secs] = args else {
        die("usage: cdptool capture IFACE SECONDS");
    };
    let secs = secs.parse().unwrap_or_else(|_| die("bad SECONDS"));
    let sock = Sock::open(ifname, ETH_P_ALL);
    println!("capture: listening on {ifname}");
    std::io::stdout().flush().ok();
    let mut buf = vec![0u8; 2048];
    count_cdp("capture", ifname, secs, |left| {
        sock.set_timeout(left.min(Duration::from_millis(200)));
        sock.recv(&mut buf).map(|n| buf[..n].to_vec())
    });
}

/// `cdptool tap NAME SECONDS`: a tap device with its reader attached (a
/// tap without one has no carrier, and nothing is sent on it), as a VM's
/// NIC on the host is; counts what the host sends to the guest.
fn tap(args: &[String]) {
    use std::io::Read;
    use std::os::fd::AsRawFd;
    let [name, secs] = args else {
        die("usage: cdptool tap NAME SECONDS");
    };
    let secs = secs.parse().unwrap_or_else(|_| die("bad SECONDS"));
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/net/tun")
        .unwrap_or_else(|e| die(&format!("/dev/net/tun: {e}")));
    let mut req = sys::IfreqFlags {
        name: [0; 16],
        flags: 0x0002 | 0x1000, // IFF_TAP | IFF_NO_PI
        pad: [0; 22],
    };
    req.name[..name.len().min(15)].copy_from_slice(&name.as_bytes()[..name.len().min(15)]);
    // SAFETY: TUNSETIFF with a valid ifreq.
    if unsafe { sys::ioctl(f.as_raw_fd(), 0x4004_54ca, &mut req as *mut sys::IfreqFlags) } < 0 {
        die(&format!("TUNSETIFF: {}", std::io::Error::last_os_error()));
    }
    // SAFETY: plain syscall with constant arguments.
    let s = unsafe { sys::socket(2, 2, 0) };
    // SAFETY: SIOCGIFFLAGS / SIOCSIFFLAGS with a valid ifreq.
    unsafe {
        sys::ioctl(s, 0x8913, &mut req as *mut sys::IfreqFlags);
        req.flags |= 0x1; // IFF_UP
        if sys::ioctl(s, 0x8914, &mut req as *mut sys::IfreqFlags) < 0 {
            die(&format!(
                "SIOCSIFFLAGS: {}",
                std::io::Error::last_os_error()
            ));
        }
    }
    println!("tap: {name} up, reader attached");
    std::io::stdout().flush().ok();
    let mut buf = vec![0u8; 2048];
    count_cdp("tap", name, secs, |left| {
        let mut p = sys::Pollfd {
            fd: f.as_raw_fd(),
            events: 1, // POLLIN
            revents: 0,
        };
        let ms = left.min(Duration::from_millis(200)).as_millis() as i32;
        // SAFETY: one valid pollfd.
        if unsafe { sys::poll(&mut p, 1, ms) } <= 0 {
            return None;
        }
        f.read(&mut buf).ok().map(|n| buf[..n].to_vec())
    });
}

/// `cdptool fail-insmod KO [PARAMS]`: loads KO once for every allocation
/// that loading it makes, failing the Nth one (the kernel's fail-nth fault
/// injection, N = 1, 2, ...), and unloads it whenever it loaded anyway. Stops
/// when a load makes fewer than N allocations. Prints one line per point
/// and a summary; after each failed load, the module and its /proc files
/// must be gone.
fn fail_insmod(args: &[String]) {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::FileExt;
    let ko = args
        .first()
        .unwrap_or_else(|| die("usage: cdptool fail-insmod KO [PARAMS]"));
    let params = CString::new(args.get(1).cloned().unwrap_or_default()).expect("params");
    let module = std::fs::File::open(ko).unwrap_or_else(|e| die(&format!("{ko}: {e}")));
    let nth = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/proc/thread-self/fail-nth")
        .unwrap_or_else(|e| die(&format!("fail-nth: {e}")));
    let name = CString::new("cdp_rs").expect("name");
    let (mut failed, mut absorbed) = (0, 0);
    // pread/pwrite at offset 0: no other call between setting the count
    // and the load, nor between the load and reading what is left of it.
    for n in 1u32.. {
        nth.write_at(n.to_string().as_bytes(), 0)
            .unwrap_or_else(|e| die(&format!("fail-nth: {e}")));
        // SAFETY: finit_module(fd, params, flags) with a valid fd and string.
        let r = unsafe { sys::syscall(313, module.as_raw_fd(), params.as_ptr(), 0) };
        let err = std::io::Error::last_os_error();
        let mut buf = [0u8; 16];
        let got = nth.read_at(&mut buf, 0).unwrap_or(0);
        nth.write_at(b"0", 0).ok();
        let left = String::from_utf8_lossy(&buf[..got]).into_owned();
        let injected = left.trim() == "0";
        if r == 0 {
            // SAFETY: delete_module(name, O_NONBLOCK) with a valid string.
            if unsafe { sys::syscall(176, name.as_ptr(), 0o4000) } != 0 {
                die(&format!(
                    "point {n}: loaded, but cannot unload: {}",
                    std::io::Error::last_os_error()
                ));
            }
            if !injected {
                println!(
                    "fail-insmod: {} allocation points tried: {failed} loads failed cleanly, \
                     {absorbed} loaded despite the failure; the load after them works",
                    n - 1
                );
                return;
            }
            absorbed += 1;
            println!("point {n}: loaded despite the failure (unloaded)");
        } else {
            failed += 1;
            let leftovers: Vec<&str> = [
                "/proc/cdp_neighbors",
                "/proc/cdp_neighbors_detail",
                "/proc/cdp_traffic",
                "/sys/module/cdp_rs",
            ]
            .into_iter()
            .filter(|p| std::path::Path::new(p).exists())
            .collect();
            if !leftovers.is_empty() {
                die(&format!(
                    "point {n}: the load failed ({err}) but left {leftovers:?}"
                ));
            }
            println!("point {n}: load failed cleanly ({err})");
        }
        if !injected && r != 0 {
            die(&format!("the load failed with no fault injected: {err}"));
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("sync") => cmd_sync(&args[1..]),
        Some("send") => {
            let ifname = args
                .get(1)
                .unwrap_or_else(|| die("usage: cdptool send IFACE ..."));
            let sock = Sock::open(ifname, ETH_P_ALL);
            let fr = frames(&args[2..]);
            let start = Instant::now();
            for f in &fr {
                sock.send(f);
            }
            let el = start.elapsed();
            eprintln!(
                "cdptool: sent {} frames in {:.3} s",
                fr.len(),
                el.as_secs_f64()
            );
        }
        Some("render") => render_pcaps(&args[1..]),
        Some("bench") => {
            // cdptool bench IFACE --count N [frame options]: sends N frames
            // (cycling through the distinct ones the options give) with
            // sendmmsg and prints the time per frame.
            let ifname = args
                .get(1)
                .unwrap_or_else(|| die("usage: cdptool bench IFACE ..."));
            let mut opts: Vec<String> = args[2..].to_vec();
            let total: usize = opts
                .iter()
                .position(|a| a == "--count")
                .and_then(|i| opts.get(i + 1))
                .and_then(|n| n.parse().ok())
                .unwrap_or(100_000);
            let distinct: usize = opts
                .iter()
                .position(|a| a == "--distinct")
                .and_then(|i| opts.get(i + 1))
                .and_then(|n| n.parse().ok())
                .unwrap_or(64);
            if let Some(i) = opts.iter().position(|a| a == "--distinct") {
                opts.drain(i..i + 2);
            }
            if let Some(i) = opts.iter().position(|a| a == "--count") {
                opts[i + 1] = distinct.min(total).to_string();
            } else {
                opts.extend(["--count".to_string(), distinct.min(total).to_string()]);
            }
            let set = frames(&opts);
            let all: Vec<Vec<u8>> = set.iter().cycle().take(total).cloned().collect();
            let sock = Sock::open(ifname, ETH_P_ALL);
            sock.send_batch(&all[..all.len().min(1000)]); // warm up
            let start = Instant::now();
            sock.send_batch(&all);
            let ns = start.elapsed().as_nanos() as f64 / all.len() as f64;
            println!("BENCH frames={} ns_per_frame={:.1}", all.len(), ns);
        }
        Some("readtime") => {
            // cdptool readtime FILE N: reads FILE whole N times, prints the
            // mean time per read.
            let file = args
                .get(1)
                .unwrap_or_else(|| die("usage: cdptool readtime FILE N"));
            let n: u32 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10);
            let mut bytes = 0;
            let start = Instant::now();
            for _ in 0..n {
                bytes = std::fs::read(file)
                    .unwrap_or_else(|e| die(&format!("{file}: {e}")))
                    .len();
            }
            let us = start.elapsed().as_nanos() as f64 / 1000.0 / f64::from(n);
            println!("READTIME file={file} bytes={bytes} us_per_read={us:.1}");
        }
        Some("demo-frames") => {
            let file = args
                .get(1)
                .unwrap_or_else(|| die("usage: cdptool demo-frames FILE"));
            std::fs::write(file, pcap::write(&demo_frames()))
                .unwrap_or_else(|e| die(&format!("{file}: {e}")));
        }
        Some("all-tlv-frames") => {
            let file = args
                .get(1)
                .unwrap_or_else(|| die("usage: cdptool all-tlv-frames FILE"));
            std::fs::write(file, pcap::write(&all_tlv_frames()))
                .unwrap_or_else(|e| die(&format!("{file}: {e}")));
        }
        Some("mix-frames") => mix_frames(&args[1..]),
        Some("tun-send") => tun_send(&args[1..]),
        Some("reread") => reread(&args[1..]),
        Some("join") => join(&args[1..]),
        Some("capture") => capture(&args[1..]),
        Some("tap") => tap(&args[1..]),
        Some("fail-insmod") => fail_insmod(&args[1..]),
        Some("pcap-info") => {
            for file in &args[1..] {
                let data = std::fs::read(file).unwrap_or_else(|e| die(&format!("{file}: {e}")));
                let fr = pcap::read(&data)
                    .unwrap_or_else(|| die(&format!("{file}: not an Ethernet pcap")));
                let cdp = fr.iter().filter(|f| is_cdp(f)).count();
                println!("PCAP {file} frames={} cdp={cdp}", fr.len());
            }
        }
        Some("frames") => {
            let file = args
                .get(1)
                .unwrap_or_else(|| die("usage: cdptool frames FILE ..."));
            let fr = frames(&args[2..]);
            std::fs::write(file, pcap::write(&fr)).unwrap_or_else(|e| die(&format!("{file}: {e}")));
        }
        _ => {
            eprintln!("usage: cdptool sync|marker|send|frames ... (see the source header)");
            exit(2);
        }
    }
}
