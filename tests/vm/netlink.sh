#!/usr/bin/env bash
# The cdp generic netlink family, through the kernel's own YNL CLI
# (tools/net/ynl/cli.py with src/netlink/cdp.yaml) in the guest:
# - a dump equals /proc/cdp_neighbors_detail field for field on the tcpdump
#   captures, the demo's neighbors and one with every TLV type (IPv6,
#   other protocols' addresses, unknown TLVs);
# - a neighbor of 360 empty unknown TLVs (once 6 KB of attributes: EMSGSIZE
#   for every dump) is dumped with the first 32 and the truncated flag;
# - a monitor subscriber sees exactly one new event per new neighbor, one
#   change event (naming the changed field) per content change, and a
#   delete event with the right reason on TTL 0, age-out, interface
#   removal and clear; an unchanged refresh sends nothing;
# - the admin status stops and restarts learning on one interface;
# - an unprivileged user dumps but cannot set or clear; a user namespace
#   may change only the network namespaces it owns (GENL_UNS_ADMIN_PERM);
# - each namespace's socket sees its own neighbors only.
. "$(dirname "$0")/lib.sh"
(cd "$ROOT/tests/host" && cargo run -q --release --bin cdptool -- all-tlv-frames "$ROOT/build/all-tlv.pcap") || exit 1
vm --ynl --pcap "$ROOT/tests/data/3560_CDP.pcap" --pcap "$ROOT/tests/data/LLDP_and_CDP.pcap" \
   --pcap "$ROOT/build/all-tlv.pcap" \
   --setup 'ip link add v0 type veth peer name v1 && ip link set v0 up && ip link set v1 up' \
   --exec 'cdptool send v0 --bare --device many-unknown --port P1 --tlvs 360:0x4242:;
           for i in $(seq 50); do grep -q "^many-unknown " /proc/cdp_neighbors && break; sleep 0.2; done;
           ynl --dump neigh-get --output-json > /tmp/dump.json; rc=$?;
           echo "@@NL-JSON 0"; cat /tmp/dump.json; echo "@@NL-DETAIL 0"; cat /proc/cdp_neighbors_detail; echo "@@NL-END 0"; echo "dump rc=$rc";
           cdptool send v0 --bare --device many-unknown --port P1 --ttl 0;
           for i in $(seq 50); do grep -q "^many-unknown " /proc/cdp_neighbors || break; sleep 0.2; done' \
   --exec 'ynl-watch /tmp/stop > /tmp/ev.json 2>&1 & until grep -q WATCHING /tmp/ev.json; do sleep 0.2; done;
           cdptool send v0 --device ev1 --port P1; cdptool send v0 --device ev2 --port P2 --ttl 2;
           cdptool send v0 --device ev1 --port P1 --count 2;
           cdptool send v0 --device ev1 --port P1 --version-text "new image";
           cdptool send v0 --device ev1 --port P1 --ttl 0;
           until ! grep -q "^ev2 " /proc/cdp_neighbors; do sleep 0.5; done;
           ip link add v2 type veth peer name v3 && ip link set v2 up && ip link set v3 up;
           cdptool send v2 --device ev3 --port P3; ip link del v2;
           cdptool send v0 --device ev4 --port P4; echo "events: $(grep -c ^ev /proc/cdp_neighbors) ev neighbors before clear";
           ynl --do neigh-clear; echo "clear rc=$?"; touch /tmp/stop; wait; echo "@@NL-EVENTS"; cat /tmp/ev.json; echo "@@NL-EVENTS-END"' \
   --exec 'i=$(cat /sys/class/net/v1/ifindex); set_admin() { ynl --do iface-set --json "{\"ifindex\": $i, \"admin-status\": \"$1\"}"; };
           set_admin disabled; echo "disable rc=$?";
           cdptool send v0 --device off1 --count 2; ynl --do iface-get --json "{\"ifindex\": $i}" --output-json;
           echo "off1 learnt: $(grep -c ^off1 /proc/cdp_neighbors)";
           set_admin rx; echo "enable rc=$?";
           cdptool send v0 --device on1; echo "on1 learnt: $(grep -c ^on1 /proc/cdp_neighbors)";
           echo "GET $(ynl --do neigh-get --json "{\"ifindex\": $i, \"device-id\": \"6f6e31\", \"port-id\": \"4769302f31\"}" --output-json)";
           ynl --do neigh-get --json "{\"ifindex\": $i, \"device-id\": \"6e6f6e65\", \"port-id\": \"4769302f31\"}" 2>&1 | grep -E "error|msg" | sed "s/^/MISSING /";
           ynl --do stats-get --output-json; cat /proc/cdp_traffic' \
   --exec 'su nobody -s /bin/sh -c "echo \"nobody sees on1: \$(ynl --dump neigh-get --output-json | grep -c 6f6e31)\"; ynl --do neigh-clear 2>&1 | tail -1; ynl --do stats-clear 2>&1 | tail -1; unshare -Ur ynl --do neigh-clear 2>&1 | tail -1; unshare -Urn ynl --do neigh-clear; echo own-netns-clear rc=\$?"; echo "on1 after: $(grep -c ^on1 /proc/cdp_neighbors)"' \
   --exec 'ip netns add a && ip link add w0 type veth peer name w1 netns a && ip link set w0 up && ip -n a link set w1 up &&
           cdptool send w0 --device ns-a-sw; echo "@@NS-A"; ip netns exec a ynl --dump neigh-get --output-json; echo "@@NS-INIT"; ynl --dump neigh-get --output-json; echo "@@NS-END"'
want '^dump rc=0$' 'the dump with a neighbor of 360 unknown TLVs succeeds'
want '^disable rc=0$' 'admin status set to disabled'
want 'Dropped, receive disabled: 2$' '/proc/cdp_traffic counts them'
python3 "$ROOT/tests/vm/conservation.py" "$OUT" || fails=$((fails + 1))
want '"admin-status": "disabled"' 'iface-get shows it'
want '^off1 learnt: 0$' 'nothing learnt while disabled'
want '"disabled": 2' 'both frames counted as disabled'
want '^enable rc=0$'
want '^on1 learnt: 1$' 'learning again after rx'
want '^GET \{"ifindex": [0-9]+, "ifname": "v1", .*"device-id": "6f6e31", "port-id": "4769302f31"' 'neigh-get finds one neighbor by its key'
want '^MISSING.*error: -2' 'an unknown key is ENOENT'
want "^MISSING.*no such neighbor" 'with a message'
want '^clear rc=0$'
count '^\s+error: -1$' 3 'unprivileged clear, stats-clear and clear from a user namespace refused'
want 'own-netns-clear rc=0' 'a user namespace clears the netns it owns'
want '^nobody sees on1: 1$' 'an unprivileged user dumps'
want '^on1 after: 1$' 'and the refused clears cleared nothing'
python3 - "$OUT" <<'PY' || fails=$((fails + 1))
import json, re, sys
out = open(sys.argv[1], errors="replace").read()
fails = 0
def check(cond, what):
    global fails
    print(("ok: " if cond else "FAIL: ") + what)
    fails += not cond
d = re.search(r"@@NL-JSON 0\n(.*?)@@NL-DETAIL 0", out, re.S)
dump = json.loads(d.group(1).strip().splitlines()[-1]) if d else []
many = [n for n in dump if n.get("device-id") == b"many-unknown".hex()]
check(len(many) == 1, "the neighbor of 360 empty unknown TLVs is in the dump")
if many:
    n = many[0]
    check(n.get("unknown-tlvs") == 360 and len(n.get("unknown-tlv", [])) == 32
          and n.get("truncated") is True,
          "with unknown-tlvs 360, the first 32 and the truncated flag "
          f"({n.get('unknown-tlvs')}, {len(n.get('unknown-tlv', []))}, {n.get('truncated')})")
check(not any("truncated" in n for n in dump if n not in many), "no other neighbor truncated")
m = re.search(r"@@NL-EVENTS\n(.*?)@@NL-EVENTS-END", out, re.S)
lines = [l for l in m.group(1).splitlines() if l.startswith("[")] if m else []
check(len(lines) == 1, "the subscriber printed its events")
ev = json.loads(lines[0]) if lines else []
def dev(e):
    return bytes.fromhex(e["msg"]["device-id"]).decode(errors="replace")
names = [(e["name"], dev(e)) for e in ev]
for d in ("ev1", "ev2", "ev3", "ev4"):
    check(names.count(("neigh-new-ntf", d)) == 1, f"one new event for {d}")
chg = [e for e in ev if e["name"] == "neigh-change-ntf"]
check(len(chg) == 1 and dev(chg[0]) == "ev1" and chg[0]["msg"]["changed"] == ["sw-version"],
      f"one change event, ev1, changed sw-version ({[(dev(e), e['msg'].get('changed')) for e in chg]})")
dels = {(dev(e), e["msg"]["reason"]) for e in ev if e["name"] == "neigh-del-ntf"}
for d, r in (("ev1", "ttl-zero"), ("ev2", "aged-out"), ("ev3", "iface-removed"), ("ev4", "cleared")):
    check((d, r) in dels, f"{d} deleted: {r}")
ndel = sum(e["name"] == "neigh-del-ntf" for e in ev)
cleared = sum(e["name"] == "neigh-del-ntf" and e["msg"]["reason"] == "cleared" for e in ev)
# The 10 replayed neighbors on eth0 and ev4 were in the table at the clear.
check(cleared == 11, f"11 cleared events ({cleared})")
check(ndel == 14, f"14 delete events in all ({ndel})")
check(len(ev) == 4 + 1 + 14, f"{len(ev)} events in all: 4 new, 1 change, 14 delete")
a = re.search(r"@@NS-A\n(.*?)@@NS-INIT\n(.*?)@@NS-END", out, re.S)
if a:
    ns_a = json.loads(a.group(1).strip().splitlines()[-1])
    init = json.loads(a.group(2).strip().splitlines()[-1])
    check([dev({"msg": n}) for n in ns_a] == ["ns-a-sw"], "namespace a's socket sees ns-a-sw only")
    check("ns-a-sw" not in [dev({"msg": n}) for n in init], "the initial namespace does not see it")
else:
    check(False, "namespace dumps printed")
sys.exit(1 if fails else 0)
PY
python3 "$ROOT/tests/vm/nl_check.py" "$OUT" 0 || fails=$((fails + 1))
exit $((fails > 0))
