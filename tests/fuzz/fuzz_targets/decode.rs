// SPDX-License-Identifier: GPL-2.0
//! Byte-level: any bytes as a whole Ethernet frame and as a bare PDU,
//! through the decoder and the rendering. No panic, no unbounded work. A
//! PDU the table accepts is encoded as a neighbor message within the bound
//! every dump has room for.
#![no_main]

use cdp_host::proto::nlmsg::{self, SizeSink};
use cdp_host::proto::render;
use cdp_host::proto::table::{Config, Neighbor, Outcome, Rx};
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
        let mut t = cdp_host::host_table(1, 1);
        let rx = Rx {
            ifindex: 1,
            ifname: b"enp0s31f6abcdef",
            upper: b"br-0123456789ab",
            vlan: Some(4094),
            src_mac: [2, 0, 0, 0, 0, 1],
            now_ms: 0,
        };
        let cfg = Config {
            verify_checksum: false,
            rx_default: true,
        };
        if t.receive(&rx, data, &cfg) == Outcome::Inserted {
            let nb = t.iter().next().expect("inserted");
            assert!(nb.decode(&mut info));
            let mut size = SizeSink::default();
            nlmsg::neighbor(&mut size, nb, &info, 0).expect("counts");
            // With the `changed` attribute of a change event.
            assert!(size.0 + 8 <= nlmsg::NEIGHBOR_ATTRS_MAX, "{} bytes", size.0);
        }
    }
});
