#!/usr/bin/env bash
# CISCO-CDP-MIB through Debian's snmpd (net-snmp), with `cdpctl snmp` as its
# pass_persist handler, in the guest:
# - `snmpwalk -v2c` of cdpCacheTable (numeric OIDs, no MIB file) returns
#   one row per neighbor, indexed by ifIndex and cdpCacheDeviceIndex, whose
#   device ID, port, platform, address and capabilities match
#   /proc/cdp_neighbors_detail, on the tcpdump captures;
# - a hostile device ID (quote, backslash, newline) comes out whole, as hex;
# - cdpInterfaceTable and the cdpGlobal scalars answer;
# - `snmptable` with the numeric OID prints the rows.
. "$(dirname "$0")/lib.sh"
for b in /usr/sbin/snmpd /usr/bin/snmpwalk /usr/bin/snmptable; do
  [ -x "$b" ] || { echo "FAIL: $b missing (scripts/setup installs snmpd and snmp)"; exit 1; }
done
snmp='-v2c -c public -m "" -M /nonexistent -On 127.0.0.1'
vm --bin /usr/sbin/snmpd --bin /usr/bin/snmpwalk --bin /usr/bin/snmptable \
   --pcap "$ROOT/tests/data/3560_CDP.pcap" --pcap "$ROOT/tests/data/LLDP_and_CDP.pcap" \
   --setup 'ip link add v0 type veth peer name v1 && ip link set v0 up && ip link set v1 up' \
   --exec 'cdptool send v0 --device "$(printf "evil\"dev\\\\x\nnext")" --port Gi9
           mkdir -p /tmp/snmp && printf "agentaddress udp:127.0.0.1:161\nrocommunity public 127.0.0.1\npass_persist .1.3.6.1.4.1.9.9.23 /bin/cdpctl snmp\n" > /tmp/snmpd.conf
           SNMP_PERSISTENT_DIR=/tmp/snmp /usr/sbin/snmpd -f -Lf /tmp/snmpd.log -C -c /tmp/snmpd.conf -m "" -M /nonexistent &
           for i in $(seq 50); do /usr/bin/snmpwalk '"$snmp"' .1.3.6.1.4.1.9.9.23.1.3 > /dev/null 2>&1 && break; sleep 0.2; done
           echo "@@WALK"; /usr/bin/snmpwalk '"$snmp"' .1.3.6.1.4.1.9.9.23; echo "@@WALK-END rc=$?"
           echo "@@TABLE"; /usr/bin/snmptable '"$snmp"' -Ci -Cb .1.3.6.1.4.1.9.9.23.1.2.1; echo "@@TABLE-END rc=$?"
           echo "@@DETAIL"; cat /proc/cdp_neighbors_detail; echo "@@DETAIL-END"
           echo "eth0 ifindex $(cat /sys/class/net/eth0/ifindex)"; kill %1; tail -5 /tmp/snmpd.log'
python3 - "$OUT" <<'PY' || fails=$((fails + 1))
import re, sys
out = open(sys.argv[1], errors="replace").read()
fails = 0
def check(cond, what):
    global fails
    print(("ok: " if cond else "FAIL: ") + what)
    fails += not cond
walk = re.search(r"^@@WALK\n(.*?)^@@WALK-END rc=(\d+)", out, re.S | re.M)
check(walk is not None and walk.group(2) == "0", "snmpwalk of CISCO-CDP-MIB succeeded")
rows = {}
for oid, typ, val in re.findall(r"^\.1\.3\.6\.1\.4\.1\.9\.9\.23\.(\S+) = ([\w-]+): ?(.*)$", walk.group(1) if walk else "", re.M):
    rows[oid] = (typ, val)
def text(typ, val):
    if typ == "Hex-STRING":
        return bytes.fromhex(val.replace(" ", "")).decode("utf-8", "replace")
    if typ == "STRING":
        return val[1:-1] if val.startswith('"') and val.endswith('"') else val
    return val
def octets(typ, val):
    if typ == "Hex-STRING":
        return bytes.fromhex(val.replace(" ", ""))
    return text(typ, val).encode()
cache = {}
for oid, (typ, val) in rows.items():
    p = oid.split(".")
    if p[:4] == ["1", "2", "1", "1"] and len(p) == 7:
        cache.setdefault((p[5], p[6]), {})[int(p[4])] = (typ, val)
# /proc/cdp_neighbors_detail, parsed.
det = re.search(r"^@@DETAIL\n(.*?)^@@DETAIL-END", out, re.S | re.M)
caps = {"Router": 1, "Trans-Bridge": 2, "Source-Route-Bridge": 4, "Switch": 8, "Host": 16, "IGMP": 32,
        "Repeater": 64, "Phone": 128, "Remote": 256, "CVTA": 512, "Two-port-Mac-Relay": 1024}
want = set()
for e in (det.group(1) if det else "").split("-------------------------")[1:]:
    dev = re.search(r"^Device ID: (.*)$", e, re.M).group(1)
    if dev.startswith("evil"):
        continue
    ip = re.search(r"^  IP address: (\S+)", e, re.M)
    plat, cap = re.search(r"^Platform: (.*?),  Capabilities: (.*?) ?$", e, re.M).groups()
    port = re.search(r"Port ID \(outgoing port\): (.*)$", e, re.M).group(1)
    want.add((dev, port, plat, ip.group(1) if ip else "", sum(caps.get(c, 0) for c in cap.split())))
got = set()
for idx, cols in cache.items():
    dev = text(*cols[6])
    if dev.startswith("evil"):
        continue
    addr = ".".join(str(b) for b in octets(*cols[4])) if 4 in cols and cols[3][1] == "1" else ""
    got.add((dev, text(*cols[7]), text(*cols[8]), addr, int.from_bytes(octets(*cols[9]), "big")))
check(len(want) == 3 and got == want,
      f"cdpCacheTable rows match /proc/cdp_neighbors_detail: device ID, port, platform, address, capabilities ({sorted(got)})")
eth0 = re.search(r"^eth0 ifindex (\d+)", out, re.M).group(1)
check(all(k[0] == eth0 for k, c in cache.items() if not text(*c[6]).startswith("evil")),
      "indexed by the ifIndex of the interface they were learnt on")
evil = [c for c in cache.values() if text(*c[6]).startswith("evil")]
check(len(evil) == 1 and octets(*evil[0][6]) == b'evil"dev\\x\nnext', "the hostile device ID comes out whole")
sw = [c for c in cache.values() if text(*c[6]) == "Switch"]
check(bool(sw) and sw[0].get(11) == ("INTEGER", "1") and sw[0].get(12) == ("INTEGER", "3") and
      text(*sw[0][10]) == "Lab", "Switch: native VLAN 1, duplex full(3), VTP domain Lab")
check(rows.get("1.3.1.0") == ("INTEGER", "1") and text(*rows.get("1.3.4.0", ("", ""))) == "cdp-vm",
      "cdpGlobalRun 1, cdpGlobalDeviceId the host name")
check(text(*rows.get(f"1.1.1.1.6.{eth0}", ("", ""))) == "eth0" and rows.get(f"1.1.1.1.2.{eth0}") == ("INTEGER", "1"),
      "cdpInterfaceTable: eth0, enabled")
table = re.search(r"^@@TABLE\n(.*?)^@@TABLE-END rc=(\d+)", out, re.S | re.M)
t = table.group(1) if table else ""
check(table is not None and table.group(2) == "0" and "GigabitEthernet0/5" in t and "FastEthernet0/13" in t,
      "snmptable with the numeric OID prints the rows")
sys.exit(1 if fails else 0)
PY
finish
