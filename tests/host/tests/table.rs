// SPDX-License-Identifier: GPL-2.0

//! Neighbor table and rendering tests.

use cdp_host::build::Pdu;
use cdp_host::pcap;
use cdp_host::proto::render;
use cdp_host::proto::table::{self, Config, Outcome, Refusal, Rx, Slot, Stats};
use cdp_host::proto::wire::{self, tlv};

type T = cdp_host::HostTable;

fn table(max: usize) -> T {
    cdp_host::host_table(max, 0x1234)
}

fn rx(ifindex: i32, name: &'static str, now_ms: u64) -> Rx<'static> {
    Rx {
        ifindex,
        ifname: name.as_bytes(),
        upper: b"",
        vlan: None,
        src_mac: [0, 0x18, 0xba, 0x98, 0x68, 0x8f],
        now_ms,
    }
}

const CFG: Config = Config {
    verify_checksum: true,
    rx_default: true,
};

fn conserved(s: &Stats) {
    assert_eq!(
        s.input,
        s.v1_input + s.v2_input + s.refused(),
        "every frame accepted or counted under one reason: {s:?}"
    );
}

#[test]
fn insert_refresh_change_expire() {
    let mut t = table(8);
    let p = Pdu::switch("sw1", "Gi0/1").bytes();
    assert_eq!(t.receive(&rx(2, "eth0", 1000), &p, &CFG), Outcome::Inserted);
    assert_eq!(
        t.receive(&rx(2, "eth0", 2000), &p, &CFG),
        Outcome::Refreshed { changed: false }
    );
    let p2 = Pdu::switch("sw1", "Gi0/1")
        .tlv(tlv::MTU, &9000u32.to_be_bytes())
        .bytes();
    assert_eq!(
        t.receive(&rx(2, "eth0", 3000), &p2, &CFG),
        Outcome::Refreshed { changed: true }
    );
    // Same device and port on another interface: another neighbor.
    assert_eq!(t.receive(&rx(3, "eth1", 3000), &p, &CFG), Outcome::Inserted);
    assert_eq!(t.len(), 2);
    let nb = t.iter().find(|n| n.ifindex == 2).unwrap();
    assert_eq!(
        (nb.frames, nb.changes, nb.first_seen_ms, nb.last_seen_ms),
        (3, 1, 1000, 3000)
    );
    assert_eq!(nb.holdtime_left(3000), 180);
    assert_eq!(nb.holdtime_left(4500), 179);
    // Expiry: 180 s after the last frame.
    assert_eq!(t.expire(182_999).0, 0);
    let (gone, next) = t.expire(183_000);
    assert_eq!((gone, next), (2, None));
    assert!(t.is_empty());
    let s = t.stats();
    assert_eq!((s.inserted, s.aged_out, s.v2_input), (2, 2, 4));
    conserved(s);
}

#[test]
fn ttl_zero_removes_at_once() {
    let mut t = table(8);
    let p = Pdu::switch("sw1", "Gi0/1");
    t.receive(&rx(2, "eth0", 0), &p.bytes(), &CFG);
    let mut bye = p.clone();
    bye.ttl = 0;
    assert_eq!(
        t.receive(&rx(2, "eth0", 10), &bye.bytes(), &CFG),
        Outcome::Removed
    );
    assert!(t.is_empty());
    assert_eq!(t.stats().deleted, 1);
    conserved(t.stats());
}

#[test]
fn full_table_refuses_and_keeps_live_neighbors() {
    let mut t = table(4);
    for i in 0..4 {
        let p = Pdu::switch(&format!("sw{i}"), "p").bytes();
        assert_eq!(t.receive(&rx(2, "eth0", 0), &p, &CFG), Outcome::Inserted);
    }
    for i in 4..1000 {
        let p = Pdu::switch(&format!("sw{i}"), "p").bytes();
        assert_eq!(
            t.receive(&rx(2, "eth0", 0), &p, &CFG),
            Outcome::Refused(Refusal::OverMax)
        );
    }
    // Known neighbors still refresh.
    let p = Pdu::switch("sw0", "p").bytes();
    assert_eq!(
        t.receive(&rx(2, "eth0", 5), &p, &CFG),
        Outcome::Refreshed { changed: false }
    );
    assert_eq!(t.len(), 4);
    assert_eq!(t.stats().over_max, 996);
    conserved(t.stats());
    // Freed places are reused.
    t.clear();
    for i in 0..4 {
        let p = Pdu::switch(&format!("new{i}"), "p").bytes();
        assert_eq!(t.receive(&rx(2, "eth0", 0), &p, &CFG), Outcome::Inserted);
    }
}

#[test]
fn refused_frames_change_nothing_and_are_counted_once() {
    let mut t = table(4);
    let good = Pdu::switch("sw1", "Gi0/1").bytes();
    t.receive(&rx(2, "eth0", 0), &good, &CFG);
    let snap = |t: &T| -> Vec<(Vec<u8>, u64, u64)> {
        t.iter()
            .map(|n| (n.pdu().to_vec(), n.frames, n.last_seen_ms))
            .collect()
    };
    let before = snap(&t);
    let mut bad_sum = good.clone();
    bad_sum[10] ^= 1;
    let mut bad_ver = good.clone();
    bad_ver[0] = 3;
    let broken = Pdu::new()
        .tlv(tlv::DEVICE_ID, b"sw1")
        .raw(&[0, 3, 0, 2])
        .bytes();
    for (p, r) in [
        (&bad_sum, Refusal::Checksum),
        (&bad_ver, Refusal::HdrSyntax),
        (&broken, Refusal::Invalid),
    ] {
        assert_eq!(t.receive(&rx(2, "eth0", 50), p, &CFG), Outcome::Refused(r));
    }
    t.count_bad_length(&rx(2, "eth0", 50));
    assert!(before == snap(&t));
    let s = t.stats();
    assert_eq!((s.checksum, s.hdr_syntax, s.invalid, s.input), (1, 2, 1, 5));
    conserved(s);
    let ifs: Vec<_> = t.ifstats().collect();
    assert_eq!(ifs.len(), 1);
    assert_eq!(ifs[0].stats, *s);
}

#[test]
fn identical_refresh_skips_only_a_verified_checksum() {
    // A PDU stored while verification was off is not trusted once it is on:
    // the same bytes with a broken checksum are refused then.
    let mut t = table(4);
    let mut p = Pdu::switch("sw1", "Gi0/1").bytes();
    p[2] ^= 0x55;
    let off = Config {
        verify_checksum: false,
        rx_default: true,
    };
    assert_eq!(t.receive(&rx(2, "eth0", 0), &p, &off), Outcome::Inserted);
    assert_eq!(
        t.receive(&rx(2, "eth0", 10), &p, &off),
        Outcome::Refreshed { changed: false }
    );
    assert_eq!(
        t.receive(&rx(2, "eth0", 20), &p, &CFG),
        Outcome::Refused(Refusal::Checksum)
    );
    // A good PDU with the same content: verified, then refreshed byte for
    // byte (and its other holdtime taken).
    let mut good = Pdu::switch("sw1", "Gi0/1").bytes();
    good[1] = 90;
    wire::set_checksum(&mut good);
    for now in [30, 40] {
        assert_eq!(
            t.receive(&rx(2, "eth0", now), &good, &CFG),
            Outcome::Refreshed { changed: false }
        );
    }
    let nb = t.iter().next().unwrap();
    assert_eq!(
        (nb.ttl, nb.frames, nb.changes, nb.pdu()),
        (90, 4, 0, &good[..])
    );
    // Broken TLV headers and a bad checksum: the checksum is the reason.
    let mut broken = Pdu::new()
        .tlv(tlv::DEVICE_ID, b"sw1")
        .raw(&[0, 3, 0, 2])
        .bytes();
    broken[2] ^= 1;
    assert_eq!(
        t.receive(&rx(2, "eth0", 50), &broken, &CFG),
        Outcome::Refused(Refusal::Checksum)
    );
    let s = t.stats();
    assert_eq!((s.checksum, s.invalid, s.v2_input), (2, 0, 4));
    conserved(s);
}

#[test]
fn interfaces_removed_and_renamed() {
    let mut t = table(8);
    t.receive(&rx(2, "eth0", 0), &Pdu::switch("a", "p").bytes(), &CFG);
    t.receive(&rx(3, "eth1", 0), &Pdu::switch("b", "p").bytes(), &CFG);
    t.rename_interface(3, b"uplink");
    assert_eq!(
        table::name_bytes(&t.iter().find(|n| n.ifindex == 3).unwrap().ifname),
        b"uplink"
    );
    assert_eq!(t.remove_interface(2), 1);
    assert_eq!(t.len(), 1);
    assert_eq!(t.ifstats().count(), 1);
}

#[test]
fn many_neighbors_hash_chains() {
    let mut t = table(5000);
    for i in 0..5000 {
        let p = Pdu::switch(&format!("sw{i}"), "p").bytes();
        assert_eq!(t.receive(&rx(2, "eth0", i), &p, &CFG), Outcome::Inserted);
    }
    for i in (0..5000).step_by(7) {
        let p = Pdu::switch(&format!("sw{i}"), "p").bytes();
        assert_eq!(
            t.receive(&rx(2, "eth0", 10_000), &p, &CFG),
            Outcome::Refreshed { changed: false }
        );
    }
    // Bounded scanning.
    let mut seen = 0;
    let mut i = 0;
    loop {
        match t.next_used(i, 64) {
            Ok(s) => {
                seen += 1;
                i = s + 1;
            }
            Err(Some(n)) => i = n,
            Err(None) => break,
        }
    }
    assert_eq!(seen, 5000);
}

fn render_to_string(t: &T, now: u64, detail: bool) -> String {
    let mut s = String::new();
    if !detail {
        render::neighbors_header(&mut s).unwrap();
    }
    let mut n = 0;
    let mut info = Box::new(wire::Info::EMPTY);
    for nb in t.iter() {
        assert!(nb.decode(&mut info));
        if detail {
            render::neighbor_detail(&mut s, nb, &info, now).unwrap();
        } else {
            render::neighbor_row(&mut s, nb, &info, now).unwrap();
        }
        n += 1;
    }
    render::neighbors_footer(&mut s, n).unwrap();
    s
}

#[test]
fn render_3560_like_ios() {
    let frames = pcap::read(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../data/3560_CDP.pcap"
        ))
        .unwrap(),
    )
    .unwrap();
    let mut t = table(4);
    let l = wire::locate(&frames[0]).unwrap();
    let pdu = &frames[0][l.pdu_offset..l.pdu_offset + l.pdu_len];
    t.receive(&rx(2, "eth0", 1000), pdu, &CFG);
    let s = render_to_string(&t, 17_000, false);
    assert!(s.starts_with("Capability Codes: R - Router"));
    assert!(
        s.contains("Device ID        Local Intrfce     Holdtme    Capability  Platform  Port ID\n")
    );
    let row = s.lines().find(|l| l.starts_with("Switch")).unwrap();
    let cols: Vec<_> = row.split_whitespace().collect();
    assert_eq!(
        cols,
        [
            "Switch",
            "eth0",
            "164",
            "S",
            "I",
            "WS-C3560G-24PS",
            "GigabitEthernet0/5"
        ]
    );
    assert!(s.ends_with("\nTotal cdp entries displayed : 1\n"));

    let d = render_to_string(&t, 17_000, true);
    for want in [
        "-------------------------\nDevice ID: Switch\n",
        "Entry address(es): \n  IP address: 192.168.0.1\n",
        "Platform: cisco WS-C3560G-24PS,  Capabilities: Switch IGMP \n",
        "Interface: eth0,  Port ID (outgoing port): GigabitEthernet0/5\n",
        "Holdtime : 164 sec\n",
        "\nVersion :\nCisco IOS Software, C3560 Software (C3560-ADVIPSERVICESK9-M), Version 12.2(25)SEB4, RELEASE SOFTWARE (fc1)\n",
        "\n\nadvertisement version: 2\n",
        "VTP Management Domain: 'Lab'\n",
        "Native VLAN: 1\n",
        "Duplex: full\n",
        "Management address(es): \n  IP address: 192.168.0.1\n",
        "Power available: request-id=0, management-id=1, values: 0 mW 4294967295 mW\n",
        "VLAN: untagged\n",
        "Source MAC: 00:18:ba:98:68:8f\n",
    ] {
        assert!(d.contains(want), "missing {want:?} in\n{d}");
    }
}

#[test]
fn hostile_strings_are_escaped() {
    let evil = b"evil\nDevice ID: forged\x1b[2J\\ x";
    let p = Pdu::new()
        .tlv(tlv::DEVICE_ID, evil)
        .tlv(tlv::PORT_ID, b"Gi0/1\r\nTotal cdp entries displayed : 99")
        .tlv(tlv::PLATFORM, b"\x07bell")
        .tlv(
            tlv::VERSION,
            b"ok\n-------------------------\nDevice ID: x\n\n\nadvertisement version: 9",
        )
        .bytes();
    let mut t = table(4);
    t.receive(&rx(2, "eth0", 0), &p, &CFG);
    for detail in [false, true] {
        let s = render_to_string(&t, 0, detail);
        assert!(!s.bytes().any(|b| b == 0x1b || b == 0x07 || b == b'\r'));
        let starting = |p: &str| s.lines().filter(|l| l.starts_with(p)).count();
        assert_eq!(starting("Device ID: "), detail as usize);
        assert_eq!(starting("Total cdp entries displayed"), 1);
        assert_eq!(starting("-------------------------"), detail as usize);
        assert_eq!(starting("advertisement version:"), detail as usize);
        assert!(s.contains("evil\\x0aDevice\\x20ID:\\x20forged\\x1b[2J\\\\\\x20x"));
    }
}

#[test]
fn ipv6_text() {
    let cases: [([u8; 16], &str); 4] = [
        (
            [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            "fe80::1",
        ),
        (
            [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1],
            "2001:db8::1:0:0:1",
        ),
        ([0; 16], "::"),
        (
            [0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6],
            "2001:db8:1:2:3:4:5:6",
        ),
    ];
    for (a, want) in cases {
        assert_eq!(format!("{}", render::Ipv6(&a)), want);
    }
}

#[test]
fn version_first_line_cannot_forge_a_field() {
    // Found by the decode fuzz target: a version text whose first line
    // starts like "Device ID: " would begin a forged entry.
    for v in [
        &b"Device ID: forged\nmore"[..],
        b"\n\n-------------------------",
        b"Total cdp entries displayed : 9",
    ] {
        let p = Pdu::new()
            .tlv(tlv::DEVICE_ID, b"real")
            .tlv(tlv::VERSION, v)
            .bytes();
        let mut t = table(4);
        t.receive(&rx(2, "eth0", 0), &p, &CFG);
        let s = render_to_string(&t, 0, true);
        let starting = |pre: &str| s.lines().filter(|l| l.starts_with(pre)).count();
        assert_eq!(starting("Device ID: "), 1, "{s}");
        assert_eq!(starting("-------------------------"), 1, "{s}");
        assert_eq!(starting("Total cdp"), 1, "{s}");
    }
}

#[test]
fn reader_copy_is_complete() {
    let mut t = table(4);
    t.receive(&rx(2, "eth0", 5), &Pdu::switch("sw", "p").bytes(), &CFG);
    let src = t.iter().next().unwrap();
    let mut dst = Box::new(table::Neighbor::EMPTY);
    dst.copy_from(src);
    assert_eq!(dst.pdu(), src.pdu());
    assert_eq!((dst.device_id(), dst.port_id()), (&b"sw"[..], &b"p"[..]));
    assert_eq!(
        (dst.frames, dst.first_seen_ms, dst.ttl),
        (src.frames, src.first_seen_ms, src.ttl)
    );
    let (mut a, mut b) = (Box::new(wire::Info::EMPTY), Box::new(wire::Info::EMPTY));
    assert!(dst.decode(&mut a) && src.decode(&mut b));
    assert!(*a == *b);
}

#[test]
fn device_ids_of_15_16_and_17_columns() {
    // A 15-column ID keeps its row with two spaces before the interface;
    // from 16 columns on it gets a line of its own, so no parser of IOS
    // output reads "ID IF" as a two-word interface (ntc-templates did).
    let mut t = table(8);
    for (i, id) in ["core-sw-lab73-1", "leaf-rtr-lab73-1", "spine-sw-lab73-01"]
        .iter()
        .enumerate()
    {
        let pdu = Pdu::switch(id, "Gi0/1").bytes();
        let mut r = rx(2, "eth0", 1000);
        r.src_mac[5] = i as u8;
        assert!(matches!(t.receive(&r, &pdu, &CFG), Outcome::Inserted));
    }
    let s = render_to_string(&t, 1000, false);
    assert!(s.contains("\ncore-sw-lab73-1  eth0  "), "{s}");
    assert!(
        s.contains("\nleaf-rtr-lab73-1\n                 eth0  "),
        "{s}"
    );
    assert!(
        s.contains("\nspine-sw-lab73-01\n                 eth0  "),
        "{s}"
    );
}

#[test]
fn bounded_pieces_walk_the_whole_table() {
    // The kernel removes, renames and clears a piece of the table per lock
    // hold; piece by piece must do what one walk does.
    let fill = |t: &mut T| {
        for i in 0..300 {
            let pdu = Pdu::switch(&format!("sw-{i}"), "p").bytes();
            let ifindex = 2 + (i % 3);
            let name = ["eth0", "eth1", "eth2"][i % 3];
            assert!(matches!(
                t.receive(&rx(ifindex as i32, name, 0), &pdu, &CFG),
                Outcome::Inserted
            ));
        }
    };
    let mut t = table(300);
    fill(&mut t);
    let cap = t.capacity();
    let mut gone = 0;
    for from in (0..cap).step_by(7) {
        t.rename_interface_range(3, b"uplink", from, from + 7);
        gone += t.remove_interface_range(2, from, from + 7);
    }
    t.forget_interface(2);
    assert_eq!(gone, 100);
    assert_eq!(t.len(), 200);
    assert_eq!(t.ifstats().count(), 2);
    assert_eq!(
        t.iter()
            .filter(|n| table::name_bytes(&n.ifname) == b"uplink")
            .count(),
        100
    );
    let mut cleared = 0;
    for from in (0..cap).step_by(16) {
        cleared += t.clear_range(from, from + 16);
    }
    assert_eq!(cleared, 200);
    assert!(t.is_empty());
    let s = t.stats();
    assert_eq!((s.inserted, s.deleted), (300, 300));
    let per_if: u64 = t.ifstats().map(|i| i.stats.deleted).sum();
    assert_eq!(per_if, 200, "clear counts per interface");
}

#[test]
fn more_interfaces_than_counter_rows_still_count_every_frame() {
    // 70 interfaces, each sending a frame: 64 get a row of their own, every
    // frame is counted globally and every neighbor learnt.
    let mut t = table(128);
    let names: Vec<String> = (0..70).map(|i| format!("eth{i}")).collect();
    for (i, name) in names.iter().enumerate() {
        let rx = Rx {
            ifindex: i as i32 + 1,
            ifname: name.as_bytes(),
            upper: b"",
            vlan: None,
            src_mac: [0, 1, 2, 3, 4, i as u8],
            now_ms: 0,
        };
        let p = Pdu::switch("sw", &format!("Gi0/{i}")).bytes();
        assert_eq!(t.receive(&rx, &p, &CFG), Outcome::Inserted);
    }
    assert_eq!(t.stats().input, 70);
    assert_eq!(t.stats().v2_input, 70);
    assert_eq!(t.len(), 70);
    let rows: Vec<_> = t.ifstats().collect();
    assert_eq!(rows.len(), table::IFSTATS_MAX);
    assert_eq!(rows.iter().map(|r| r.stats.input).sum::<u64>(), 64);
    conserved(t.stats());
}

/// A table that grows with its neighbors (issue 23): it starts with one
/// slot, asks for room (counting nothing) while below its limit, keeps every
/// neighbor where it was when it grows, and refuses only at the limit.
#[test]
fn grows_to_its_limit_and_no_further() {
    let mut t = table(1);
    t.set_limit(40);
    assert_eq!(t.limit(), 40);
    let mut slots_of = Vec::new();
    for n in 0..40 {
        let p = Pdu::switch(&format!("sw{n}"), "Gi0/1").bytes();
        let r = rx(2, "eth0", 1000 + n);
        let mut out = t.receive(&r, &p, &CFG);
        if out == Outcome::NeedsRoom {
            // Nothing was counted for it.
            assert_eq!(t.stats().input, n);
            let cap = t.grow_target(1);
            assert!(cap > t.capacity() && cap <= 40, "grow to {cap}");
            let before: Vec<_> = (0..n as usize)
                .map(|i| t.lookup(2, format!("sw{i}").as_bytes(), b"Gi0/1"))
                .collect();
            let (old_s, old_b) = t
                .grow(vec![Slot::FREE; cap], vec![0u32; table::buckets_for(cap)])
                .ok()
                .expect("storage sized for the target");
            assert!(old_s.len() < cap && old_b.len() == table::buckets_for(old_s.len()));
            let after: Vec<_> = (0..n as usize)
                .map(|i| t.lookup(2, format!("sw{i}").as_bytes(), b"Gi0/1"))
                .collect();
            assert_eq!(before, after, "every neighbor keeps its slot");
            out = t.receive(&r, &p, &CFG);
        }
        assert_eq!(out, Outcome::Inserted, "neighbor {n}");
        slots_of.push(t.capacity());
    }
    assert_eq!(t.len(), 40);
    assert_eq!(t.capacity(), 40);
    // Doubling: 1, 2, 4, 8, 16, 32, then the limit.
    slots_of.dedup();
    assert_eq!(slots_of, vec![1, 2, 4, 8, 16, 32, 40]);
    // At the limit a new neighbor is refused, as a fixed table refuses it.
    let p = Pdu::switch("one-too-many", "Gi0/1").bytes();
    assert_eq!(
        t.receive(&rx(2, "eth0", 5000), &p, &CFG),
        Outcome::Refused(Refusal::OverMax)
    );
    assert_eq!(t.grow_target(1), 40);
    // Wrong sizes are handed back.
    assert!(t
        .grow(vec![Slot::FREE; 30], vec![0u32; table::buckets_for(30)])
        .is_err());
    let s = t.stats();
    assert_eq!(s.input, 41);
    assert_eq!(s.over_max, 1);
    conserved(s);
    // Removal, expiry and a refresh still find every neighbor after growth.
    let mut p = Pdu::switch("sw7", "Gi0/1");
    p.ttl = 0;
    let p = p.bytes();
    assert_eq!(t.receive(&rx(2, "eth0", 6000), &p, &CFG), Outcome::Removed);
    assert_eq!(t.len(), 39);
    let p = Pdu::switch("sw8", "Gi0/1").bytes();
    assert_eq!(
        t.receive(&rx(2, "eth0", 6000), &p, &CFG),
        Outcome::Refreshed { changed: false }
    );
    // The freed slot is reused.
    let p = Pdu::switch("sw-new", "Gi0/1").bytes();
    assert_eq!(t.receive(&rx(2, "eth0", 6000), &p, &CFG), Outcome::Inserted);
    assert_eq!(t.len(), 40);
}

/// A frame that found no room and could not be given room (no memory) is
/// counted exactly once, as input and no memory.
#[test]
fn no_room_is_counted_once() {
    let mut t = table(1);
    t.set_limit(4);
    let a = Pdu::switch("a", "Gi0/1").bytes();
    let b = Pdu::switch("b", "Gi0/1").bytes();
    assert_eq!(t.receive(&rx(2, "eth0", 1), &a, &CFG), Outcome::Inserted);
    assert_eq!(t.receive(&rx(2, "eth0", 2), &b, &CFG), Outcome::NeedsRoom);
    t.count_no_room(&rx(2, "eth0", 2));
    let s = t.stats();
    assert_eq!((s.input, s.no_memory, s.v2_input), (2, 1, 1));
    conserved(s);
}

/// Per-interface counters grow too (issue 23): a frame from an interface
/// with no place waits (nothing counted) while there may be more places;
/// after growing, every interface keeps its counters.
#[test]
fn interface_counters_grow() {
    use cdp_host::proto::table::{IfStats, Table};
    use cdp_host::proto::wire::Info;
    let mut t = Table::new(
        vec![Slot::FREE; 8],
        vec![0u32; table::buckets_for(8)],
        vec![IfStats::EMPTY; 1],
        Box::new(Info::EMPTY),
        [1, 2],
    )
    .unwrap();
    let mut grew = vec![];
    for i in 1..=5 {
        let name = format!("eth{i}");
        let r = Rx {
            ifindex: i,
            ifname: name.as_bytes(),
            upper: b"",
            vlan: None,
            src_mac: [0, 1, 2, 3, 4, i as u8],
            now_ms: 0,
        };
        let p = Pdu::switch("sw", &format!("Gi0/{i}")).bytes();
        let mut out = t.receive(&r, &p, &CFG);
        if out == Outcome::NeedsRoom {
            assert!(t.if_place_wanted(i));
            assert_eq!(t.stats().input, i as u64 - 1, "nothing counted");
            let n = t.ifstats_target([i].into_iter());
            let old = t.grow_ifstats(vec![IfStats::EMPTY; n]).ok().unwrap();
            grew.push((old.len(), n));
            out = t.receive(&r, &p, &CFG);
        }
        assert_eq!(out, Outcome::Inserted);
    }
    assert_eq!(grew, vec![(1, 2), (2, 4), (4, 8)]);
    let rows: Vec<_> = t.ifstats().collect();
    assert_eq!(rows.len(), 5);
    assert!(rows
        .iter()
        .all(|r| r.stats.input == 1 && r.stats.v2_input == 1));
    // Several new interfaces at once: room for all of them.
    assert_eq!(t.ifstats_target([6, 7, 6, 8, 9].into_iter()), 16);
    assert_eq!(t.ifstats_target([1, 2].into_iter()), 8);
    assert!(t.grow_ifstats(vec![IfStats::EMPTY; 65]).is_err());
    conserved(t.stats());
}
