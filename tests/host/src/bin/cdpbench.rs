// SPDX-License-Identifier: GPL-2.0

//! Host-side benchmark of the decoder and table (the module's own
//! src/proto): frames/s and bytes/s on one core, next to the cost of copying
//! the same bytes once, measured side by side in one run. Prints one JSON
//! object per line: {"name", "value", "unit", "baseline", "ratio"}.

use cdp_host::build::Pdu;
use cdp_host::pcap;
use cdp_host::proto::table::{Config, Rx, Slot};
use cdp_host::proto::wire::{self, Info};
use std::hint::black_box;
use std::time::Instant;

fn frames_of(path: &str) -> Vec<Vec<u8>> {
    let data = std::fs::read(path).expect("capture");
    pcap::read(&data)
        .unwrap()
        .into_iter()
        .filter_map(|f| {
            let l = wire::locate(&f).ok()?;
            Some(f[l.pdu_offset..l.pdu_offset + l.pdu_len].to_vec())
        })
        .collect()
}

/// Runs `f` over the PDUs repeatedly for about `ms`, returns ns per PDU.
fn per_pdu(pdus: &[Vec<u8>], ms: u128, mut f: impl FnMut(&[u8])) -> f64 {
    let mut n: u64 = 0;
    let start = Instant::now();
    loop {
        for p in pdus {
            f(p);
        }
        n += pdus.len() as u64;
        if start.elapsed().as_millis() >= ms {
            break;
        }
    }
    start.elapsed().as_nanos() as f64 / n as f64
}

fn emit(name: &str, value: f64, unit: &str, baseline: f64) {
    let ratio = if baseline > 0.0 {
        value / baseline
    } else {
        0.0
    };
    println!(
        "{{\"name\": \"{name}\", \"value\": {value:.1}, \"unit\": \"{unit}\", \"baseline\": {baseline:.1}, \"ratio\": {ratio:.3}}}"
    );
}

fn main() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../data");
    let sets: Vec<(&str, Vec<Vec<u8>>)> = vec![
        ("3560 capture", frames_of(&format!("{dir}/3560_CDP.pcap"))),
        (
            "LLDP_and_CDP capture",
            frames_of(&format!("{dir}/LLDP_and_CDP.pcap")),
        ),
        (
            "generated switch frames",
            (0..64)
                .map(|i| Pdu::switch(&format!("sw{i}"), "Gi0/1").bytes())
                .collect(),
        ),
    ];
    let ms = 400;
    let mut info = Box::new(Info::EMPTY);
    let mut sink = vec![0u8; wire::PDU_MAX];
    for (name, pdus) in &sets {
        let bytes: usize = pdus.iter().map(Vec::len).sum::<usize>() / pdus.len();
        // Baseline: copying the PDU once (what the receive path does for a
        // non-linear skb), measured in the same run.
        let copy = per_pdu(pdus, ms, |p| {
            sink[..p.len()].copy_from_slice(black_box(p));
            black_box(&sink);
        });
        let parse = per_pdu(pdus, ms, |p| {
            let _ = black_box(wire::parse(black_box(p), true, &mut info));
        });
        emit(
            &format!("host decode+checksum, {name} ({bytes} B)"),
            parse,
            "ns/frame",
            copy,
        );
        emit(
            &format!("host decode throughput, {name}"),
            1e9 / parse,
            "frames/s",
            1e9 / copy,
        );
        emit(
            &format!("host decode bytes/s, {name}"),
            bytes as f64 * 1e9 / parse,
            "B/s",
            bytes as f64 * 1e9 / copy,
        );
    }
    // The whole table path for refreshes of known neighbors (hash lookup,
    // compare, copy) with 1000 neighbors present.
    let max = 1000;
    let mut t = cdp_host::host_table(max, 1);
    let pdus: Vec<Vec<u8>> = (0..max)
        .map(|i| Pdu::switch(&format!("sw{i}"), "Gi0/1").bytes())
        .collect();
    let rx = Rx {
        ifindex: 2,
        ifname: b"eth0",
        upper: b"",
        vlan: None,
        src_mac: [2, 0, 0, 0, 0, 1],
        now_ms: 0,
    };
    let cfg = Config {
        verify_checksum: true,
        rx_default: true,
    };
    for p in &pdus {
        t.receive(&rx, p, &cfg);
    }
    let copy = per_pdu(&pdus, ms, |p| {
        sink[..p.len()].copy_from_slice(black_box(p));
        black_box(&sink);
    });
    let refresh = per_pdu(&pdus, ms, |p| {
        black_box(t.receive(&rx, black_box(p), &cfg));
    });
    emit(
        "host table refresh, 1000 neighbors",
        refresh,
        "ns/frame",
        copy,
    );
    emit(
        "bytes per neighbor (slot + bucket)",
        (std::mem::size_of::<Slot>() + 4) as f64,
        "B",
        0.0,
    );
}
