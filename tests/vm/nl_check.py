#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Checks a neighbor dump of the cdp generic netlink family (the kernel's
YNL CLI, --output-json) against /proc/cdp_neighbors_detail, field for field:
every detail entry is rendered again from the typed netlink attributes, in
the detail file's layout (src/proto/render.rs), and must equal the file's
entry line for line; only the two time lines (Holdtime, First seen) may
differ by the second that passed between the two reads.

    nl_check.py OUTPUT [TAG]

OUTPUT holds, for each TAG (default "0"), a block
    @@NL-JSON TAG / <ynl --dump neigh-get --output-json> /
    @@NL-DETAIL TAG / <cat /proc/cdp_neighbors_detail> / @@NL-END TAG
"""
import json
import re
import sys

# Limits of the decoded fields (src/proto/wire.rs): longer values are shown
# cut, with " [truncated]".
LIMITS = {"device-id": 128, "port-id": 64, "platform": 64, "sw-version": 512,
          "vtp-domain": 32, "system-name": 64, "system-oid": 32, "location": 64,
          "unknown": 16, "hello": 32}
# Unknown TLVs a neighbor message carries at most (nlmsg::UNKNOWN_TLVS_SENT_MAX).
UNKNOWN_SENT = 32
CAPS = ["router", "trans-bridge", "source-route-bridge", "switch", "host", "igmp",
        "repeater", "phone", "remote", "cvta", "two-port-mac-relay"]
CAP_NAMES = ["Router", "Trans-Bridge", "Source-Route-Bridge", "Switch", "Host", "IGMP",
             "Repeater", "Phone", "Remote", "CVTA", "Two-port-Mac-Relay"]


def esc(b, style):
    """render::Esc for the test data (no line starts like a label)."""
    out = []
    pending = False
    line_start = True
    for c in b:
        if style == "text" and c in (10, 13):
            pending |= c == 10 and not line_start
            continue
        if pending:
            out.append("\n  ")
            pending = False
        line_start = False
        if c == 0x5c:
            out.append("\\\\")
        elif c == 0x20 and style == "token":
            out.append("\\x20")
        elif 0x20 <= c <= 0x7e:
            out.append(chr(c))
        else:
            out.append("\\x%02x" % c)
    return "".join(out)


def raw(n, key):
    return bytes.fromhex(n[key]) if key in n else b""


def cut(b, key):
    lim = LIMITS[key]
    return b[:lim], (" [truncated]" if len(b) > lim else "")


def addr_lines(addrs):
    out = []
    for a in addrs:
        if "ipv4" in a:
            out.append("  IP address: " + a["ipv4"])
        elif "ipv6" in a:
            import ipaddress
            ip = ipaddress.IPv6Address(a["ipv6"])
            kind = "  (link-local)" if ip.is_link_local else "  (global unicast)"
            out.append("  IPv6 address: " + str(ip) + kind)
        else:
            other = bytes.fromhex(a.get("other", ""))
            out.append("  Address: protocol type %d (%#04x), %d bytes: %s"
                       % (a["proto-type"], a["proto"], len(other), other.hex()))
    return out


def power(what, p):
    vals = "".join(" %d mW" % v for v in p.get("value", []))
    return "%s: request-id=%d, management-id=%d, values:%s" % (
        what, p["request-id"], p["mgmt-id"], vals)


def render(n):
    """The detail entry of neighbor `n`, as lines."""
    L = ["-------------------------"]
    dev, t = cut(raw(n, "device-id"), "device-id")
    L.append("Device ID: " + esc(dev, "token") + t)
    L.append("Entry address(es): ")
    L += addr_lines(n.get("address", []))
    caps = n.get("capabilities", [])
    caps = [CAP_NAMES[i] + " " for i, c in enumerate(CAPS) if c in caps]
    plat, t = cut(raw(n, "platform"), "platform")
    L.append("Platform: " + esc(plat, "line") + t + ",  Capabilities: " + "".join(caps))
    port, _ = cut(raw(n, "port-id"), "port-id")
    L.append("Interface: " + esc(n["ifname"].encode(), "token")
             + ",  Port ID (outgoing port): " + esc(port, "line"))
    L.append("Holdtime : %d sec" % n["holdtime-left"])
    L.append("")
    L.append("Version :")
    ver, t = cut(raw(n, "sw-version"), "sw-version")
    L += (esc(ver, "text") + t).split("\n")
    L.append("")
    L.append("advertisement version: %d" % n["cdp-version"])
    if "hello" in n:
        h = n["hello"]
        data = bytes.fromhex(h["data"])
        L.append("Protocol Hello:  OUI=0x%s, Protocol ID=0x%04X; payload len=%d, value=%s"
                 % (h["oui"].replace(" ", ""), h["proto"], len(data), data.hex()))
    if "vtp-domain" in n:
        v, t = cut(raw(n, "vtp-domain"), "vtp-domain")
        L.append("VTP Management Domain: '%s'%s" % (esc(v, "line"), t))
    if "native-vlan" in n:
        L.append("Native VLAN: %d" % n["native-vlan"])
    if "duplex" in n:
        L.append("Duplex: " + n["duplex"])
    if "voip-vlan-reply" in n:
        L.append("Appliance VLAN-ID (VoIP VLAN reply): %d" % n["voip-vlan-reply"]["vlan"])
    if "voip-vlan-query" in n:
        L.append("VoIP VLAN query: %d" % n["voip-vlan-query"]["vlan"])
    if "power" in n:
        L.append("Power drawn: %d.%03d Watts" % (n["power"] // 1000, n["power"] % 1000))
    if "mtu" in n:
        L.append("MTU: %d" % n["mtu"])
    if "trust-bitmap" in n:
        L.append("Trust bitmap: 0x%02x" % n["trust-bitmap"])
    if "untrusted-cos" in n:
        L.append("Untrusted port CoS: %d" % n["untrusted-cos"])
    if "system-name" in n:
        v, t = cut(raw(n, "system-name"), "system-name")
        L.append("System Name: " + esc(v, "line") + t)
    if "system-oid" in n:
        v, t = cut(bytes.fromhex(n["system-oid"].replace(" ", "")), "system-oid")
        L.append("System Object ID: " + v.hex() + t)
    if "location-type" in n:
        v, t = cut(raw(n, "location"), "location")
        L.append("Location: type %d, '%s'%s" % (n["location-type"], esc(v, "line"), t))
    if "power-requested" in n:
        L.append(power("Power request", n["power-requested"]))
    if "power-available" in n:
        L.append(power("Power available", n["power-available"]))
    if "spare-pair-poe" in n:
        L.append("Spare pair PoE: 0x%02x" % n["spare-pair-poe"])
    for p in n.get("prefix", []):
        L.append("IP prefix: %s/%d" % (p["addr"], p["len"]))
    L.append("Management address(es): ")
    L += addr_lines(n.get("mgmt-address", []))
    if "upper" in n:
        L.append("Upper interface: " + esc(n["upper"].encode(), "token"))
    if "vlan" not in n:
        L.append("VLAN: untagged")
    elif n["vlan"] == 0xffff:
        L.append("VLAN: tagged, ID not known yet")
    else:
        L.append("VLAN: %d" % n["vlan"])
    L.append("Source MAC: " + n["src-mac"])
    L.append("First seen: %d sec ago, last seen: %d sec ago"
             % (n["age-ms"] // 1000, n["idle-ms"] // 1000))
    L.append("Frames received: %d, content changes: %d" % (n["frames"], n["changes"]))
    unknown = n.get("unknown-tlv", [])
    for u in unknown[:4]:
        v = bytes.fromhex(u["value"])
        c, t = cut(v, "unknown")
        L.append("Unknown TLV: type 0x%04x, %d bytes: %s%s" % (u["type"], len(c), c.hex(), t))
    # unknown-tlvs counts them all; the message lists the first 32 and says
    # "truncated" when it left some out (src/proto/nlmsg.rs).
    total = n["unknown-tlvs"]
    if total > 4:
        L.append("Unknown TLVs not kept: %d" % (total - 4))
    if len(unknown) != min(total, UNKNOWN_SENT) or ("truncated" in n) != (total > UNKNOWN_SENT):
        raise SystemExit("unknown-tlvs %d but %d unknown-tlv attributes, truncated %s"
                         % (total, len(unknown), "truncated" in n))
    return L


def entries(text):
    """The detail file's entries, keyed by (interface, device ID line)."""
    out = {}
    for block in text.split("-------------------------\n")[1:]:
        block = block.split("\nTotal cdp entries displayed")[0]
        lines = ["-------------------------"] + block.rstrip("\n").split("\n")
        iface = next(l for l in lines if l.startswith("Interface: ")).split(",")[0]
        out[(iface, lines[1])] = lines
    return out


def loose(line):
    """A time line, with its numbers removed (they may differ by a second)."""
    if line.startswith("Holdtime :") or line.startswith("First seen:"):
        return re.sub(r"\d+", "N", line)
    return line


def main():
    text = open(sys.argv[1], errors="replace").read()
    tag = sys.argv[2] if len(sys.argv) > 2 else "0"
    m = re.search(r"@@NL-JSON %s\n(.*?)@@NL-DETAIL %s\n(.*?)@@NL-END %s" % (tag, tag, tag),
                  text, re.S)
    if not m:
        raise SystemExit("nl_check: no dump block %s in the output" % tag)
    dump = json.loads(m.group(1).strip().splitlines()[-1])
    detail = entries(m.group(2))
    fails = 0
    if len(dump) != len(detail):
        print("FAIL: %d neighbors in the dump, %d in the detail file" % (len(dump), len(detail)))
        fails += 1
    for n in dump:
        want = render(n)
        key = (next(l for l in want if l.startswith("Interface: ")).split(",")[0], want[1])
        got = detail.get(key)
        if got is None:
            print("FAIL: %s on %s is in the dump, not in the detail file" % (want[1], key[0]))
            fails += 1
            continue
        if [loose(l) for l in got] != [loose(l) for l in want]:
            print("FAIL: %s differs:" % want[1])
            for a, b in zip(got + [""] * len(want), want + [""] * len(got)):
                if loose(a) != loose(b):
                    print("  file: %r\n  netlink: %r" % (a, b))
                    break
            fails += 1
        else:
            print("ok: %s on %s: %d lines equal" % (want[1], key[0].split(": ")[1], len(want)))
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
