// SPDX-License-Identifier: GPL-2.0

//! Reading and writing classic pcap files (Ethernet link type).

use std::vec::Vec;

/// The frames of a pcap file, or `None` when it is not one.
pub fn read(data: &[u8]) -> Option<Vec<Vec<u8>>> {
    let magic = data.get(..4)?;
    let le = match magic {
        [0xd4, 0xc3, 0xb2, 0xa1] | [0x4d, 0x3c, 0xb2, 0xa1] => true,
        [0xa1, 0xb2, 0xc3, 0xd4] | [0xa1, 0xb2, 0x3c, 0x4d] => false,
        _ => return None,
    };
    let u32at = |at: usize| -> Option<u32> {
        let b: [u8; 4] = data.get(at..at + 4)?.try_into().ok()?;
        Some(if le {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    };
    if u32at(20)? != 1 {
        return None; // not Ethernet
    }
    let mut at = 24;
    let mut out = Vec::new();
    while at < data.len() {
        let caplen = u32at(at + 8)? as usize;
        let frame = data.get(at + 16..at + 16 + caplen)?;
        out.push(frame.to_vec());
        at += 16 + caplen;
    }
    Some(out)
}

/// A pcap file holding `frames`.
pub fn write(frames: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&0xa1b2c3d4u32.to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&4u16.to_le_bytes());
    out.extend_from_slice(&[0; 8]);
    out.extend_from_slice(&65535u32.to_le_bytes());
    out.extend_from_slice(&1u32.to_le_bytes());
    for (i, f) in frames.iter().enumerate() {
        out.extend_from_slice(&(i as u32).to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&(f.len() as u32).to_le_bytes());
        out.extend_from_slice(&(f.len() as u32).to_le_bytes());
        out.extend_from_slice(f);
    }
    out
}
