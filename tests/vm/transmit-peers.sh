#!/usr/bin/env bash
# A live, independent peer on both sides, on a host tap device that is the
# guest's NIC (scripts/vm --tap):
# - lldpd on the host speaks CDP (-ccc: v1 and v2 until it hears a CDPv2
#   peer, then v2): cdp_rs learns the host
#   as a neighbor, with lldpd's device ID, port and platform;
# and transmission, seen by independent programs:
# - tshark (Wireshark's CDP dissector) decodes every advertisement the guest
#   sent: the fields as configured, no checksum error, for PDUs of even and
#   odd length (eth0, and a VLAN device named v7x set to tx explicitly: one
#   byte shorter), and holdtime 0 when the module is unloaded;
# - lldpd 1.0.16 in CDP mode learns the guest as a CDP neighbor with its
#   host name, port and address (lldpcli -f json), and its counters show
#   that it received every advertisement the guest sent, the holdtime-0
#   ones at rmmod included. (lldpd 1.0.16 keeps a CDP neighbor that sends
#   holdtime 0 until its previous holdtime runs out: it honours TTL 0 only
#   in LLDP. cdp_rs peers forget at once: tests/vm/transmit.sh.)
. "$(dirname "$0")/lib.sh"
tap=cdptx$$
run=$(mktemp -d)
chmod 755 "$run"  # lldpd drops privileges and must reach its socket
cleanup() {
  touch "$run/stop"
  for p in lldpd tcpdump poll; do
    [ -f "$run/$p.pid" ] && kill "$(cat "$run/$p.pid")" 2>/dev/null
  done
  wait 2>/dev/null
  ip link del "$tap" 2>/dev/null
  rm -rf "$run" "$OUT"
}
trap cleanup EXIT
ip tuntap add "$tap" mode tap || { echo "FAIL: cannot create a tap device"; exit 1; }
ip link set "$tap" up
# What the guest sends only (-Q in: what the host receives from the tap).
tcpdump -i "$tap" -Q in -U -w "$run/cap.pcap" 'ether dst 01:00:0c:cc:cc:cc' 2> "$run/tcpdump.log" &
echo $! > "$run/tcpdump.pid"
echo "configure lldp tx-interval 1" > "$run/lldpd.conf"
# -ccc: CDPv1 and CDPv2 sent even with no CDP peer seen; only on our tap.
lldpd -d -ccc -I "$tap" -u "$run/lldpd.sock" -O "$run/lldpd.conf" > "$run/lldpd.log" 2>&1 &
echo $! > "$run/lldpd.pid"
# What lldpd knows, twice a second, with the host's clock.
(while [ ! -f "$run/stop" ]; do
   echo "@@POLL $(date +%s.%N)"
   lldpcli -u "$run/lldpd.sock" -f json show neighbors details 2>&1 | tr -d '\n'
   echo
   sleep 0.5
 done) > "$run/poll.log" &
echo $! > "$run/poll.pid"
until grep -q "listening on" "$run/tcpdump.log" 2>/dev/null; do sleep 0.1; done
vm --tap "$tap" \
   --exec 'ip addr add 192.0.2.10/24 dev eth0 && ip -6 addr add 2001:db8::10/64 dev eth0 nodad &&
           ip link add link eth0 name v7x type vlan id 7 && ip link set v7x up &&
           ip addr add 198.51.100.7/24 dev v7x || echo "setup failed"
           cdpctl set interface eth0 rx-tx || echo "iface-set eth0 failed"
           cdpctl set interface v7x tx || echo "iface-set v7x failed"
           for i in $(seq 90); do grep -q "Total cdp entries displayed : [1-9]" /proc/cdp_neighbors && break; sleep 1; done
           sleep 3; cat /proc/cdp_neighbors; cat /proc/cdp_neighbors_detail; cat /proc/cdp_traffic
           echo "@@UNAME $(uname -r) $(uname -v)"
           echo "@@RMMOD"; rmmod cdp_rs && echo "rmmod rc=0"; sleep 2'
sleep 1
lldpcli -u "$run/lldpd.sock" -f keyvalue show statistics > "$run/stats.txt" 2>&1
sed 's/^/lldpd statistics: /' "$run/stats.txt"
touch "$run/stop"
kill "$(cat "$run/tcpdump.pid")" 2>/dev/null
wait "$(cat "$run/tcpdump.pid")" 2>/dev/null
rm -f "$run/tcpdump.pid"
host=$(hostname)
want "^Device ID: ${host}" "lldpd's device ID (the host name, ${host})"
want "Port ID \\(outgoing port\\): ${tap}" 'the port lldpd sends on'
want '^Platform: Linux' "lldpd's platform"
want 'CDP version 2 advertisements output: [1-9][0-9]*, Input: [1-9]' "lldpd's advertisements received (CDPv2, once it heard the guest's), the guest's sent"
want 'Chksum error: 0' 'lldpd checksums verify'
want '^rmmod rc=0$'
wantnot '^setup failed|^iface-set .* failed' 'failed set-up steps'
tshark -r "$run/cap.pcap" -T fields -E separator='|' -E aggregator=, -e vlan.id -e eth.len \
  -e vlan.len -e cdp.version -e cdp.ttl -e cdp.checksum.status -e cdp.deviceid -e cdp.portid \
  -e cdp.platform -e cdp.software_version -e cdp.nrgyz.ip_address -e cdp.nrgyz.ipv6_address \
  -e cdp.capabilities -e cdp.mtu -e cdp.system_name -e _ws.expert.message -e cdp.duplex > "$run/tshark.txt" 2>&1
sed 's/^/tshark: /' "$run/tshark.txt" | head -20
python3 - "$run/tshark.txt" "$run/poll.log" "$run/stats.txt" "$OUT" <<'PY' || fails=$((fails + 1))
import json, re, sys
# vlan.id eth.len vlan.len version ttl checksum-status device-id port-id
# platform version ipv4 ipv6 capabilities mtu system-name expert duplex
rows = [l.rstrip("\n").split("|") for l in open(sys.argv[1]) if l.count("|") >= 16]
rows = [[r[0], r[1] or r[2]] + r[3:] for r in rows]
fails = 0
def check(cond, what):
    global fails
    print(("ok: " if cond else "FAIL: ") + what)
    fails += not cond
eth0 = [r for r in rows if r[0] == "" and r[6] == "eth0"]
v7x = [r for r in rows if r[0] == "7" and r[6] == "v7x"]
check(len(eth0) >= 2 and len(v7x) >= 2, f"tshark decoded the advertisements of eth0 ({len(eth0)}) and v7x ({len(v7x)})")
check(len(eth0) + len(v7x) == len(rows), f"every captured CDP frame is one of them ({len(rows)})")
# Every advertisement counted was sent and captured: the output counted
# before rmmod, plus the two holdtime-0 frames rmmod sends.
out = re.findall(r"Total packets output: (\d+)", open(sys.argv[4], errors="replace").read())
check(bool(out) and int(out[-1]) + 2 == len(rows),
      f"captured {len(rows)} = output {out[-1] if out else '?'} counted before rmmod + 2 at rmmod")
check(all(r[2] == "2" for r in rows), "all CDP version 2")
check(all(r[4] == "1" for r in rows), "no checksum error (Wireshark's status: good)")
check(all("checksum" not in r[14].lower() for r in rows), "no expert note about checksums")
parities = {(int(r[1]) - 8) % 2 for r in rows if r[1]}
check(parities == {0, 1}, f"PDUs of even and odd length ({sorted(parities)})")
check(all(r[5] == "cdp-vm" and r[13] == "cdp-vm" for r in rows), "Device ID and System Name: the host name")
check(all(r[7] == "Linux" for r in rows), "Platform: Linux")
uname = re.search(r"^@@UNAME (\S+) (.*)$", open(sys.argv[4], errors="replace").read(), re.M)
check(uname is not None and all(r[8] == f"{uname[1]} {uname[2]}" for r in rows),
      f"Software version: the guest's uname -r and -v ({uname[0][8:] if uname else '?'})")
check(all(r[12] == "1500" for r in rows), "MTU 1500")
check(all(int(r[11], 16) == 0x10 for r in rows), "Capabilities: Host")
check(all(r[9] == "192.0.2.10,192.0.2.10" and r[10] == "2001:db8::10,2001:db8::10" for r in eth0),
      "eth0: its IPv4 and global IPv6 addresses, as addresses and management addresses")
check(all(r[9] == "198.51.100.7,198.51.100.7" and r[10] == "" for r in v7x),
      "v7x: its own IPv4 address, and no IPv6 address (it has no global one): none invented")
check(all(r[15] == "" for r in rows), "no Duplex TLV: virtio-net reports no duplex, so none is invented")
for name, rs in (("eth0", eth0), ("v7x", v7x)):
    ttl = [int(r[3]) for r in rs]
    check(ttl and ttl[-1] == 0 and all(t == 180 for t in ttl[:-1]), f"{name}: holdtime 180, the last one 0 ({ttl})")
# lldpd: the guest appears, and every frame arrived.
polls = []
for line in open(sys.argv[2]).read().split("@@POLL ")[1:]:
    t, _, body = line.partition("\n")
    try:
        polls.append((float(t), json.loads(body)))
    except ValueError:
        pass
def neighbors(j):
    out = []
    ifs = j.get("lldp", {}).get("interface", []) if isinstance(j.get("lldp"), dict) else []
    if isinstance(ifs, dict):
        ifs = [{k: v} for k, v in ifs.items()]
    for item in ifs:
        for _, v in item.items():
            out.append(v)
    return out
seen = [(t, n) for t, j in polls for n in neighbors(j)]
cdp = [(t, n) for t, n in seen if n.get("via", "").startswith("CDP")]
check(bool(cdp), f"lldpd learnt the guest over CDP ({len(cdp)} polls)")
def port_of(n):
    return n.get("port", {}).get("id", {}).get("value", "")
eth0 = [(t, n) for t, n in cdp if port_of(n) == "eth0"]
check(bool(eth0) and any(port_of(n) == "v7x" for _, n in cdp), "lldpd learnt both eth0 and v7x")
if eth0:
    t0, n = eth0[0]
    chassis = n.get("chassis", {})
    name = list(chassis.keys())[0] if isinstance(chassis, dict) and chassis else ""
    port = n.get("port", {}).get("id", {}).get("value", "")
    mgmt = json.dumps(chassis)
    check(name == "cdp-vm", f"lldpd: chassis name cdp-vm ({name!r})")
    check(port in ("eth0", "v7x"), f"lldpd: port ID the guest's interface ({port!r})")
    # lldpd keeps one chassis for both ports: the address of whichever
    # advertisement came last.
    check("192.0.2.10" in mgmt or "198.51.100.7" in mgmt, "lldpd: a management address of the guest")
stats = open(sys.argv[3]).read()
m = re.search(r"\.rx\.rx=(\d+)", stats) or re.search(r"rx=(\d+)", stats)
got = int(m.group(1)) if m else -1
check(got == len(rows), f"lldpd received {got} frames: every advertisement captured ({len(rows)}), holdtime 0 included")
sys.exit(1 if fails else 0)
PY
grep -q . "$run/lldpd.log" && sed 's/^/lldpd: /' "$run/lldpd.log" | tail -5
finish
