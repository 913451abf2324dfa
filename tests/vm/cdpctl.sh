#!/usr/bin/env bash
# cdpctl (src/cdpctl) against the module, with the real programs:
# - `-f json show neighbors detail` equals the family's typed data (the
#   kernel's YNL CLI dump) field for field, a hostile device ID included,
#   and the plain output shows it escaped on one line;
# - `-f json0` has the shape lldpd 1.0.16 prints for a CDP neighbor
#   (tests/data/lldpd-1.0.16-cdp-json0.json, captured from lldpd here), and
#   a script written against lldpd's output reads it;
# - `watch -f json` prints exactly one JSON object per event;
# - `metrics`: promtool check metrics accepts it, the hostile device ID
#   escaped, and node_exporter's textfile collector (Debian's
#   prometheus-node-exporter, in the guest) serves it with no scrape error;
# - `cdpctl snmp` as the pass_persist handler of Debian's snmpd (in the
#   guest): `snmpwalk -v2c` of CISCO-CDP-MIB (numeric OIDs, no MIB file)
#   returns one cdpCacheTable row per neighbor, indexed by ifIndex and
#   cdpCacheDeviceIndex, whose device ID, port, platform, address and
#   capabilities match /proc/cdp_neighbors_detail; the hostile device ID
#   comes out whole; the appliance ID, voice VLAN and system OID (BER in
#   the TLV) of a neighbor that sent them, 0.0 for one that did not;
#   cdpInterfaceTable and cdpGlobal answer; `snmptable` with the numeric
#   OID (and tests/data/mibs, as it needs a MIB for the columns) prints the
#   same rows; the TimeStamps count in snmpd's sysUpTime: a neighbor learnt
#   after snmpd started is stamped when it came, and cdpGlobalLastChange
#   with it, one learnt before and never changed is 0;
# - set interface / clear / clear counters work, and the exit codes: 5 for an
#   unknown interface, 4 for an unprivileged clear, 3 with the module
#   unloaded.
# (One VM for all of it: each boot costs make check time.)
. "$(dirname "$0")/lib.sh"
ne=/usr/bin/prometheus-node-exporter
[ -x "$ne" ] && command -v promtool >/dev/null || { echo "FAIL: prometheus-node-exporter and promtool (scripts/setup installs them)"; exit 1; }
for b in /usr/sbin/snmpd /usr/bin/snmpwalk /usr/bin/snmptable; do
  [ -x "$b" ] || { echo "FAIL: $b missing (scripts/setup installs snmpd and snmp)"; exit 1; }
done
snmp='-v2c -c public -m "" -M /nonexistent -On 127.0.0.1'
vm --ynl --bin "$ne" --bin /usr/sbin/snmpd --bin /usr/bin/snmpwalk --bin /usr/bin/snmptable --pcap "$ROOT/tests/data/3560_CDP.pcap" --pcap "$ROOT/tests/data/LLDP_and_CDP.pcap" \
   --setup 'ip link add v0 type veth peer name v1 && ip link set v0 up && ip link set v1 up' \
   --exec 'cdpctl -f json watch > /tmp/w.json 2> /tmp/w.err & until grep -q watching /tmp/w.err; do sleep 0.1; done
           cdptool send v0 --device "$(printf "evil\"dev\\\\x\nnext} {")" --port "P\"1" --tlv 0x15:06092b0601040109018d51 --tlv 0x0e:010014
           cdptool send v0 --device w1 --port P2; cdptool send v0 --device w1 --port P2 --ttl 0
           until [ "$(wc -l < /tmp/w.json)" -ge 3 ]; do sleep 0.2; done; sleep 1; kill %1
           echo "@@WATCH"; cat /tmp/w.json; echo "@@WATCH-END"
           echo "@@JSON"; cdpctl -f json show neighbors detail; echo "@@YNL"; ynl --dump neigh-get --output-json; echo "@@YNL-END"
           echo "@@JSON0"; cdpctl -f json0 show neighbors details; echo "@@JSON0-END"
           echo "@@PLAIN"; cdpctl show neighbors; echo "@@PLAIN-END"; cat /proc/cdp_neighbors
           cdpctl -f keyvalue show neighbors | grep "device-id="
           mkdir -p /tmp/tf && cdpctl metrics -o /tmp/tf/cdp.prom && echo "metrics rc=0"
           echo "@@METRICS"; cat /tmp/tf/cdp.prom; echo "@@METRICS-END"
           /usr/bin/prometheus-node-exporter --web.listen-address=127.0.0.1:9100 --collector.disable-defaults \
             --collector.textfile --collector.textfile.directory=/tmp/tf > /tmp/ne.log 2>&1 &
           for i in $(seq 50); do wget -qO /tmp/scrape http://127.0.0.1:9100/metrics && break; sleep 0.2; done
           echo "@@SCRAPE"; grep -E "^(cdp_|node_textfile_scrape_error)" /tmp/scrape; echo "@@SCRAPE-END"; kill %1
           mkdir -p /tmp/snmp && printf "agentaddress udp:127.0.0.1:161\nrocommunity public 127.0.0.1\npass_persist .1.3.6.1.4.1.9.9.23 /bin/cdpctl snmp\n" > /tmp/snmpd.conf
           SNMP_PERSISTENT_DIR=/tmp/snmp /usr/sbin/snmpd -f -Lf /tmp/snmpd.log -C -c /tmp/snmpd.conf -m "" -M /nonexistent &
           for i in $(seq 50); do /usr/bin/snmpwalk '"$snmp"' .1.3.6.1.4.1.9.9.23.1.3 > /dev/null 2>&1 && break; sleep 0.2; done
           echo "@@WALK"; /usr/bin/snmpwalk '"$snmp"' -Ox .1.3.6.1.4.1.9.9.23; echo "@@WALK-END rc=$?"
           echo "@@TABLE"; /usr/bin/snmptable -v2c -c public -M /data/mibs -m CDP-RS-TEST-MIB -Ci -Cf "|" 127.0.0.1 .1.3.6.1.4.1.9.9.23.1.2.1; echo "@@TABLE-END rc=$?"
           /usr/bin/snmptable -v2c -c public -M /data/mibs -m CDP-RS-TEST-MIB -Ci -Cf "|" 127.0.0.1 .1.3.6.1.4.1.9.9.23.1.1.1
           echo "@@DETAIL"; cat /proc/cdp_neighbors_detail; echo "@@DETAIL-END"
           sleep 1; cdptool send v0 --device late --port P9
           until grep -q "^late " /proc/cdp_neighbors; do sleep 0.1; done; sleep 1.1
           echo "@@LATE"; /usr/bin/snmpwalk '"$snmp"' -Ot .1.3.6.1.4.1.9.9.23.1.3; /usr/bin/snmpwalk '"$snmp"' -Ox .1.3.6.1.4.1.9.9.23.1.2.1.1.6
           /usr/bin/snmpwalk '"$snmp"' -Ot .1.3.6.1.4.1.9.9.23.1.2.1.1.24; /usr/bin/snmpwalk '"$snmp"' -Ot .1.3.6.1.2.1.1.3; echo "@@LATE-END"
           echo "eth0 ifindex $(cat /sys/class/net/eth0/ifindex)"; kill %1; tail -3 /tmp/snmpd.log
           cdpctl -f json show statistics; cdpctl show interfaces
           cdpctl set interface nosuch rx; echo "unknown interface rc=$?"
           su nobody -s /bin/sh -c "cdpctl clear"; echo "unprivileged clear rc=$?"
           cdpctl set interface v1 disabled; echo "set rc=$?"; cdpctl -f keyvalue show interfaces | grep "^cdp.interface.v1.admin"
           cdpctl set interface v1 default; cdpctl -f keyvalue show interfaces | grep "^cdp.interface.v1.admin-default"
           cdpctl clear; echo "clear rc=$? left $(cdpctl -f json show statistics | grep -o "\"neighbors\": [0-9]*")"
           cdpctl clear counters; echo "clear counters rc=$? input $(cdpctl -f keyvalue show statistics | grep "^cdp.stats.input=")"
           rmmod cdp_rs; cdpctl show neighbors; echo "unloaded rc=$?"'
want '^unknown interface rc=5$' 'exit 5 for an unknown interface'
want '^cdpctl: nosuch: no such interface' 'with a message'
want '^unprivileged clear rc=4$' 'exit 4 for an unprivileged clear'
want 'permission denied \(needs CAP_NET_ADMIN' 'with a message'
want '^unloaded rc=3$' 'exit 3 with the module unloaded'
want 'is the cdp_rs module loaded\?' 'with a message'
want '^set rc=0$'
want '^cdp.interface.v1.admin-status=disabled$' 'set interface shows in show interfaces'
want '^cdp.interface.v1.admin-default=true$' 'default gives the defaults back'
want '^clear rc=0 left "neighbors": 0$' 'clear empties the table'
want '^clear counters rc=0 input cdp.stats.input=0$' 'clear counters zeroes them'
want '^metrics rc=0$'
want '"stats": \{"input": 11, ' 'Input counts the 7 replayed CDP frames and the 4 sent, exactly'
want 'device-id=evil"dev\\\\x\\x0anext\} \{' 'keyvalue escapes the hostile device ID on one line'
sed -n '/^@@METRICS$/,/^@@METRICS-END$/p' "$OUT" | sed '1d;$d' > "$OUT.prom"
if promtool check metrics < "$OUT.prom" > "$OUT.promtool" 2>&1; then
  echo "ok: promtool check metrics accepts the output ($(grep -c '^cdp_neighbor_info' "$OUT.prom") neighbors)"
else
  echo "FAIL: promtool check metrics:"; cat "$OUT.promtool"; fails=$((fails + 1))
fi
python3 - "$OUT" "$ROOT/tests/data/lldpd-1.0.16-cdp-json0.json" <<'PY' || fails=$((fails + 1))
import json, re, sys
out = open(sys.argv[1], errors="replace").read()
ref = json.load(open(sys.argv[2]))
fails = 0
def check(cond, what):
    global fails
    print(("ok: " if cond else "FAIL: ") + what)
    fails += not cond
def block(tag):
    m = re.search(rf"^@@{tag}\n(.*?)^@@{tag}-END", out, re.S | re.M)
    return m.group(1) if m else ""
m = re.search(r"^@@JSON\n(.*?)^@@YNL\n(.*?)^@@YNL-END", out, re.S | re.M)
mine = json.loads(m.group(1).strip().splitlines()[-1])["neighbors"] if m else []
ynl = json.loads(m.group(2).strip().splitlines()[-1]) if m else []
check(len(mine) == len(ynl) == 4, f"cdpctl lists every neighbor of the dump ({len(mine)}, ynl {len(ynl)})")
txt = lambda h: bytes.fromhex(h).decode("utf-8", "replace")
by_key = {(n["device-id"], n["port-id"]): n for n in mine}
for y in ynl:
    k = (txt(y["device-id"]), txt(y.get("port-id", "")))
    n = by_key.get(k)
    check(n is not None, f"neighbor {k!r} in cdpctl's json")
    if not n:
        continue
    same = (n["interface"] == y["ifname"] and n["platform"] == txt(y.get("platform", "")) and
            n["software-version"] == txt(y.get("sw-version", "")) and n["holdtime"] == y["holdtime"] and
            n["cdp-version"] == y["cdp-version"] and n.get("native-vlan") == y.get("native-vlan") and
            n.get("mtu") == y.get("mtu") and
            sorted(c.lower().replace("-", "") for c in n["capabilities"]) ==
            sorted(c.replace("-", "") for c in y.get("capabilities", [])))
    check(same, f"{k!r}: interface, platform, version, holdtime, VLAN, MTU, capabilities as in the dump")
check(("evil\"dev\\x\nnext} {", "P\"1") in by_key, "the hostile device ID survives JSON whole")
# json0: lldpd's shape.
def shape(v):
    if isinstance(v, dict):
        return {k: shape(x) for k, x in v.items()}
    if isinstance(v, list):
        return [shape(v[0])] if v else []
    return type(v).__name__
j0 = json.loads(block("JSON0").strip().splitlines()[-1])
ref_if = ref["lldp"][0]["interface"][0]
ours = j0["lldp"][0]["interface"]
sw = [i for i in ours if i["chassis"][0]["name"][0]["value"] == "Switch"]
check(bool(sw) and shape(sw[0]) == shape(ref_if),
      "json0 of the 3560 neighbor has exactly the shape lldpd 1.0.16 prints for a CDP neighbor")
def lldpd_script(doc):
    # Written against lldpd's json0, as a fleet script would be.
    rows = []
    for iface in doc["lldp"][0]["interface"]:
        ch = iface["chassis"][0]
        rows.append((iface["name"], iface["via"], ch["name"][0]["value"],
                     iface["port"][0]["id"][0]["value"],
                     ch.get("mgmt-ip", [{"value": ""}])[0]["value"]))
    return rows
check(lldpd_script(ref) == [("h1", "CDPv2", "sw1.example", "Gi0/5", "192.0.2.1")], "the script reads lldpd's output")
rows = lldpd_script(j0)
check(("eth0", "CDPv2", "Switch", "GigabitEthernet0/5", "192.168.0.1") in rows and len(rows) == 4,
      f"and cdpctl's, every neighbor ({len(rows)})")
# watch: exactly the events of the sends.
ev = [json.loads(l) for l in block("WATCH").splitlines() if l.strip()]
kinds = [(e["event"], e["neighbor"]["device-id"], e.get("reason")) for e in ev]
check(kinds == [("new", "evil\"dev\\x\nnext} {", None), ("new", "w1", None), ("delete", "w1", "ttl-zero")],
      f"watch: one JSON object per event, exactly ({kinds})")
# Plain: the hostile ID escaped, one entry per line.
plain = block("PLAIN")
check('evil"dev\\\\x\\x0anext}\\x20{' in plain, "plain output escapes the hostile device ID")
check(re.search(r"Total cdp entries displayed : 4$", plain, re.M) is not None, "plain: 4 entries")
# Metrics through node_exporter.
scrape = block("SCRAPE")
check("node_textfile_scrape_error 0" in scrape, "node_exporter read the textfile without error")
infos = [l for l in scrape.splitlines() if l.startswith("cdp_neighbor_info{")]
check(len(infos) == 4, f"node_exporter serves the 4 neighbors ({len(infos)})")
check(any('device_id="evil\\"dev\\\\x\\nnext} {"' in l for l in infos), "with the hostile device ID escaped")
check(any(re.match(r'cdp_frames_total\{interface="eth0",outcome="input"\} [1-9]', l) for l in scrape.splitlines()),
      "and the frame counters")
sys.exit(1 if fails else 0)
PY
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
# snmpwalk -Ox wraps long Hex-STRINGs over several lines: a value runs to
# the next line that starts with an OID.
for ent in re.split(r"\n(?=\.1\.3\.6\.1\.4\.1\.9\.9\.23\.)", walk.group(1).strip() if walk else ""):
    m = re.match(r"\.1\.3\.6\.1\.4\.1\.9\.9\.23\.(\S+) = ([\w-]+): ?(.*)$", ent, re.S)
    if m:
        rows[m.group(1)] = (m.group(2), " ".join(m.group(3).split()))
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
check(len(evil) == 1 and octets(*evil[0][6]) == b'evil"dev\\x\nnext} {', "the hostile device ID comes out whole")
sw = [c for c in cache.values() if text(*c[6]) == "Switch"]
check(bool(sw) and sw[0].get(11) == ("INTEGER", "1") and sw[0].get(12) == ("INTEGER", "3") and
      text(*sw[0][10]) == "Lab", "Switch: native VLAN 1, duplex full(3), VTP domain Lab")
check(rows.get("1.3.1.0") == ("INTEGER", "1") and text(*rows.get("1.3.4.0", ("", ""))) == "cdp-vm",
      "cdpGlobalRun 1, cdpGlobalDeviceId the host name")
check(text(*rows.get(f"1.1.1.1.6.{eth0}", ("", ""))) == "eth0" and rows.get(f"1.1.1.1.2.{eth0}") == ("INTEGER", "1"),
      "cdpInterfaceTable: eth0, enabled")
check(len(evil) == 1 and evil[0].get(13) == ("Gauge32", "1") and evil[0].get(14) == ("Gauge32", "20") and
      evil[0].get(18) == ("OID", ".1.3.6.1.4.1.9.1.1745"),
      "cdpCacheApplianceID, cdpCacheVlanID and cdpCacheSysObjectID from the TLVs (BER OID decoded)")
check(bool(sw) and sw[0].get(18) == ("OID", ".0.0"), "cdpCacheSysObjectID 0.0 for a neighbor that sent none")
check(rows.get("1.3.7.0") == ("INTEGER", "3") and octets(*rows.get("1.3.6.0", ("", ""))) == b"\x20",
      "cdpGlobalDeviceIdFormat other(3), cdpGlobalDeviceIdFormatCpb other(2) only")
# snmptable, with the test MIB (tests/data/mibs) and the numeric OID.
tab = re.search(r"^@@TABLE\n(.*?)^@@TABLE-END rc=(\d+)", out, re.S | re.M)
check(tab is not None and tab.group(2) == "0", "snmptable of cdpCacheTable succeeded")
lines = tab.group(1).splitlines() if tab else []
head = next((l.split("|") for l in lines if l.startswith("index|")), [])
trows = [dict(zip(head, l.split("|"))) for l in lines if re.match(r"^\d+\.\d+\|", l)]
check(len(trows) == 4 and {r["index"] for r in trows} == {f"{a}.{b}" for a, b in cache},
      f"snmptable prints one row per neighbor, indexed as the walk ({len(trows)})")
tgot = {(r["cdpCacheDeviceId"], r["cdpCacheDevicePort"], r["cdpCachePlatform"]) for r in trows
        if not r["cdpCacheDeviceId"].startswith("evil")}
check(tgot == {w[:3] for w in want}, f"snmptable rows: device ID, port, platform as /proc ({sorted(tgot)})")
check(any(r["cdpCacheDeviceId"] == "Switch" and r["cdpCacheNativeVLAN"] == "1" and r["cdpCacheDuplex"] == "fullduplex"
          for r in trows), "snmptable: Switch on native VLAN 1, full duplex")
# TimeStamps: in snmpd's sysUpTime; a neighbor learnt after snmpd started
# is stamped when it came, and so is cdpGlobalLastChange.
late = {}
lb = re.search(r"^@@LATE\n(.*?)^@@LATE-END", out, re.S | re.M)
for ent in re.split(r"\n(?=\.1\.3\.6\.)", lb.group(1).strip() if lb else ""):
    m = re.match(r"\.(\S+) = (?:([\w-]+): ?)?(.*)$", ent, re.S)
    if m:
        late[m.group(1)] = " ".join(m.group(3).split())
up = int(late.get("1.3.6.1.2.1.1.3.0", "-1"))
glc = int(late.get("1.3.6.1.4.1.9.9.23.1.3.5.0", "-1"))
ids = {k.split("1.2.1.1.6.", 1)[1]: bytes.fromhex(v.replace(" ", "")) for k, v in late.items() if ".9.23.1.2.1.1.6." in k}
lc = {ids.get(k.split("1.2.1.1.24.", 1)[1]): int(v) for k, v in late.items() if ".9.23.1.2.1.1.24." in k}
check(b"late" in lc and 0 < lc[b"late"] <= up and abs(glc - lc[b"late"]) <= 1,
      f"cdpCacheLastChange of a neighbor learnt after snmpd started: when it came (0 < {lc.get(b'late')} <= sysUpTime {up}), "
      f"and cdpGlobalLastChange with it ({glc})")
check(lc.get(b"Switch") == 0 and lc.get(b'evil"dev\\x\nnext} {') == 0,
      f"learnt before snmpd started, never changed: 0 ({lc.get(b'Switch')})")
sys.exit(1 if fails else 0)
PY
rm -f "$OUT.prom" "$OUT.promtool"
finish
