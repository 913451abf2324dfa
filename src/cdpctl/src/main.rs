// SPDX-License-Identifier: GPL-2.0

//! cdpctl: shows and controls cdp_rs, the kernel's CDP neighbor tracker,
//! through its generic netlink family (the same typed data as the YNL
//! spec src/netlink/cdp.yaml describes).
//!
//!     cdpctl [-f plain|json|keyvalue|json0] show neighbors [detail]
//!     cdpctl [-f ...] show interfaces | show statistics
//!     cdpctl [-f plain|json] watch
//!     cdpctl set interface IFNAME rx|tx|rx-tx|disabled|default
//!     cdpctl set device-id NAME        (empty: the host name in the initial
//!                                      namespace; in another, none, and it
//!                                      does not advertise)
//!     cdpctl clear [neighbors|counters]
//!     cdpctl metrics [-o FILE]         (Prometheus text format)
//!     cdpctl snmp                      (snmpd pass_persist: CISCO-CDP-MIB)
//!
//! Exit status: 0 done, 1 error, 2 usage, 3 cdp_rs not loaded, 4
//! permission denied, 5 no such interface.

mod nl;
mod out;
mod snmp;

#[allow(dead_code)]
#[path = "../../proto/nl.rs"]
mod numbers;

use nl::{Client, Error};
use numbers::admin_status;
use out::Format;
use std::io::Write;
use std::process::exit;

const USAGE: &str = "usage: cdpctl [-f plain|json|keyvalue|json0] show neighbors [detail]
       cdpctl [-f plain|json|keyvalue] show interfaces|statistics
       cdpctl [-f plain|json] watch
       cdpctl set interface IFNAME rx|tx|rx-tx|disabled|default
       cdpctl set device-id NAME
       cdpctl clear [neighbors|counters]
       cdpctl metrics [-o FILE]
       cdpctl snmp   (for snmpd.conf: pass_persist .1.3.6.1.4.1.9.9.23 /usr/sbin/cdpctl snmp)";

fn usage(msg: &str) -> ! {
    eprintln!("cdpctl: {msg}\n{USAGE}");
    exit(2)
}

fn fail(e: Error) -> ! {
    eprintln!("cdpctl: {e}");
    exit(e.exit_code())
}

/// The interface index of `name` in this network namespace, from the
/// family's interface dump (the requester's namespace as the kernel sees
/// it): not from /sys/class/net, which shows the namespace of whoever
/// mounted sysfs, so in a process that only unshared its network namespace
/// (`unshare -n`) it names the wrong namespace's devices.
fn ifindex(c: &mut Client, name: &str) -> Result<Option<u32>, Error> {
    Ok(c.interfaces()?
        .into_iter()
        .find(|i| i.ifname == name)
        .map(|i| i.ifindex))
}

/// Writes `text` to `path` atomically (a temporary file in the same
/// directory, then rename), as node_exporter's textfile collector wants.
fn write_atomic(path: &str, text: &str) -> std::io::Result<()> {
    let tmp = format!("{path}.cdpctl.{}", std::process::id());
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    std::fs::rename(&tmp, path)
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut format = Format::Plain;
    let mut output: Option<String> = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "-f" | "--format" => {
                let v = args.get(i + 1).cloned().unwrap_or_default();
                format = Format::parse(&v).unwrap_or_else(|| usage("unknown format"));
                args.drain(i..i + 2);
            }
            "-o" | "--output" => {
                output = Some(
                    args.get(i + 1)
                        .cloned()
                        .unwrap_or_else(|| usage("-o needs a file")),
                );
                args.drain(i..i + 2);
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            _ => i += 1,
        }
    }
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut c = Client::connect().unwrap_or_else(|e| fail(e));
    let stdout = &mut std::io::stdout().lock();
    let r = match words.as_slice() {
        ["show", "neighbors" | "neighbours"]
        | ["show", "neighbors" | "neighbours", "detail" | "details"] => {
            let detail = words.len() == 3;
            let n = c.neighbors().unwrap_or_else(|e| fail(e));
            out::neighbors(stdout, format, &n, detail)
        }
        ["show", "interfaces"] => {
            let v = c.interfaces().unwrap_or_else(|e| fail(e));
            out::interfaces(stdout, format, &v)
        }
        ["show", "statistics"] => {
            let g = c.global().unwrap_or_else(|e| fail(e));
            out::statistics(stdout, format, &g)
        }
        ["watch"] => {
            let r = c.watch(|ev| out::event(stdout, format, &ev).is_ok() && stdout.flush().is_ok());
            if let Err(e) = r {
                fail(e)
            }
            Ok(())
        }
        ["set", "interface", name, status] => {
            let s = match *status {
                "rx" => Some(admin_status::RX),
                "tx" => Some(admin_status::TX),
                "rx-tx" => Some(admin_status::RX_TX),
                "disabled" => Some(admin_status::DISABLED),
                "default" => None,
                _ => usage("the status is rx, tx, rx-tx, disabled or default"),
            };
            let idx = ifindex(&mut c, name)
                .unwrap_or_else(|e| fail(e))
                .unwrap_or_else(|| {
                    eprintln!("cdpctl: {name}: no such interface in this network namespace");
                    exit(5)
                });
            c.set_admin(idx, s).unwrap_or_else(|e| fail(e));
            Ok(())
        }
        ["set", "device-id", name] => {
            c.set_device_id(name).unwrap_or_else(|e| fail(e));
            Ok(())
        }
        ["clear"] | ["clear", "neighbors"] => {
            c.clear_neighbors().unwrap_or_else(|e| fail(e));
            Ok(())
        }
        ["clear", "counters"] => {
            c.clear_counters().unwrap_or_else(|e| fail(e));
            Ok(())
        }
        ["metrics"] => {
            let n = c.neighbors().unwrap_or_else(|e| fail(e));
            let v = c.interfaces().unwrap_or_else(|e| fail(e));
            let g = c.global().unwrap_or_else(|e| fail(e));
            let text = out::metrics(&n, &v, &g);
            match &output {
                Some(p) => write_atomic(p, &text).map_err(|e| {
                    eprintln!("cdpctl: {p}: {e}");
                    exit(1)
                }),
                None => stdout.write_all(text.as_bytes()),
            }
        }
        ["snmp"] => snmp::serve(&mut c),
        [] => usage("what to do?"),
        _ => usage("unknown command"),
    };
    if let Err(e) = r {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("cdpctl: {e}");
            exit(1);
        }
    }
}
