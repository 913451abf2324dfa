// SPDX-License-Identifier: GPL-2.0
//! Byte-level: any bytes as a whole Ethernet frame and as a bare PDU,
//! through the decoder and the rendering. No panic, no unbounded work.
#![no_main]

use cdp_host::proto::render;
use cdp_host::proto::table::Neighbor;
use cdp_host::proto::wire::{self, Info};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let nb = Box::new(Neighbor::EMPTY);
    let mut info = Box::new(Info::EMPTY);
    if let Ok(l) = wire::locate(data) {
        let pdu = &data[l.pdu_offset..l.pdu_offset + l.pdu_len];
        let _ = wire::parse(pdu, true, &mut info);
    }
    let _ = wire::scan_key(data);
    if wire::parse(data, false, &mut info).is_ok() {
        // Whatever decodes has the key the table would find.
        assert!(wire::scan_key(data).is_ok() || data.len() > wire::PDU_MAX);
        let mut s = String::new();
        render::neighbor_detail(&mut s, &nb, &info, 0).unwrap();
        render::neighbor_row(&mut s, &nb, &info, 0).unwrap();
        // Escaping: no control byte but newline reaches the text, and no
        // line starts like a new entry but the first.
        assert!(!s.bytes().any(|b| b < 0x20 && b != b'\n'));
        assert!(!s.bytes().any(|b| b >= 0x7f));
        assert_eq!(
            s.lines().filter(|l| l.starts_with("Device ID: ")).count(),
            1
        );
    }
});
