// SPDX-License-Identifier: GPL-2.0

//! An independent oracle for the checksum: Wireshark's CDP dissector
//! (tshark, installed by scripts/setup) must call the checksums of frames
//! built by cdp_rs good, odd lengths with both kinds of last byte included,
//! and a corrupted one bad.

use cdp_host::build::{frame_from_pdu, Pdu};
use cdp_host::pcap;
use cdp_host::proto::wire::tlv;
use std::process::Command;

#[test]
fn wireshark_agrees_on_checksums() {
    let mut frames = Vec::new();
    let mut expect = Vec::new();
    for (id, good) in [
        (&b"even-ok"[..], true),
        (&b"odd-lo\x41"[..], true), // odd length, last byte < 0x80
        (&b"odd-hi\xc3"[..], true), // odd length, last byte >= 0x80
        (&b"odd-80\x80"[..], true), // the boundary
        (&b"odd-ff\xff"[..], true),
        (&b"odd-bad\xc3"[..], false),
    ] {
        let mut b = Pdu::new().tlv(tlv::DEVICE_ID, id).bytes();
        if !good {
            b[3] ^= 0x10;
        }
        frames.push(frame_from_pdu(&b, [2, 0, 0, 0, 0, 1], None));
        expect.push(if good { "1" } else { "0" });
    }
    let dir = std::env::temp_dir().join(format!("cdp-tshark-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("odd.pcap");
    std::fs::write(&file, pcap::write(&frames)).unwrap();
    let out = Command::new("tshark")
        .args([
            "-r",
            file.to_str().unwrap(),
            "-T",
            "fields",
            "-e",
            "cdp.checksum.status",
        ])
        .output()
        .expect("tshark (scripts/setup installs it)");
    let text = String::from_utf8_lossy(&out.stdout);
    let got: Vec<&str> = text.lines().collect();
    // Wireshark's expert status: 1 good, 0 bad.
    assert_eq!(
        got,
        expect,
        "tshark output: {text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).ok();
}
