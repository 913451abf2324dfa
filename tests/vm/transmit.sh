#!/usr/bin/env bash
# Transmission between cdp_rs hosts, in one guest (debug kernel), driven by
# cdpctl (the netlink family's iface-set, global-set, iface-get, stats-get):
# - cdp_rs learns cdp_rs: namespace a and the initial namespace, joined by
#   a veth pair, each set to transmit through netlink, learn each other
#   (namespace a with its own Device ID, set with global-set), within two
#   seconds of the admin status change;
# - admin status: rx stops transmission with a holdtime-0 advertisement
#   (the peer forgets the host at once); disabled neither receives nor
#   sends; back to rx, the peer is learnt again within the interval;
# - every advertisement sent arrived and was counted: each side's Output
#   equals the other side's Input, exactly;
# - bonds: with the tx_default parameter written at run time, each slave of
#   a bond advertises its own port, and the bond itself does not;
# - teardown: an interface removed and a namespace deleted while
#   transmitting, and the unload (with timers armed), leave no splat and no
#   leak (the runner fails on any).
. "$(dirname "$0")/lib.sh"
learn='wait_for() { # NETNS PATTERN SECONDS: prints how long it took
  local t=0; while ! ip netns exec $1 grep -Eq "$2" /proc/cdp_neighbors; do
    sleep 0.1; t=$((t + 1)); [ $t -ge $(($3 * 10)) ] && { echo "timeout"; return 1; }; done; echo "$((t / 10)).$((t % 10)) s"; }
gone_for() { local t=0; while ip netns exec $1 grep -Eq "$2" /proc/cdp_neighbors; do
    sleep 0.1; t=$((t + 1)); [ $t -ge $(($3 * 10)) ] && { echo "timeout"; return 1; }; done; echo "$((t / 10)).$((t % 10)) s"; }
ifaces() { # NETNS: one line per interface: name, status, own or default, transmitting
  ip netns exec $1 cdpctl show interfaces | awk "NR > 1 {print \"IFACE\", \$1, \$2, \$3, (\$4 == \"yes\" ? \"transmitting\" : \"-\")}"; }
set_admin() { # NETNS IFNAME STATUS
  ip netns exec $1 cdpctl set interface $2 $3 || echo "set_admin $* failed"; }'
vm --module-args "tx_interval=5" \
   --setup 'ip netns attach init 1 && ip netns add a && ip netns add b &&
            ip link add a0 type veth peer name a1 netns a && ip link set a0 up &&
            ip -n a link set lo up && ip -n a link set a1 up &&
            ip addr add 192.0.2.1/24 dev a0 && ip -n a addr add 192.0.2.2/24 dev a1' \
   --exec "$learn"'
           ip netns exec a cdpctl set device-id host-a && echo "global-set rc=0"
           set_admin a a1 tx; echo "init learns host-a in $(wait_for init "^host-a +a0 " 3)"
           echo "a, transmit only, learns: $(ip netns exec a grep -c "^cdp-vm" /proc/cdp_neighbors)"
           ifaces a
           # a1 receives before a0 starts: a0 advertises at once, and a frame
           # reaching a1 while it is still transmit-only is dropped (the next
           # one is 5 s later).
           set_admin a a1 rx-tx; set_admin init a0 rx-tx; echo "a learns cdp-vm in $(wait_for a "^cdp-vm +a1 " 3)"
           hostname cdp-vm2; echo "a sees the new host name in $(wait_for a "^cdp-vm2 +a1 " 3)"
           echo "the old name withdrawn in $(gone_for a "^cdp-vm +a1 " 3)"
           hostname cdp-vm; wait_for a "^cdp-vm +a1 " 3 > /dev/null; echo "cdp-vm2 withdrawn in $(gone_for a "^cdp-vm2 " 3)"
           ip addr del 192.0.2.1/24 dev a0 && ip addr add 192.0.2.9/24 dev a0
           t=0; until ip netns exec a grep -q "IP address: 192.0.2.9" /proc/cdp_neighbors_detail || [ $t -ge 30 ]; do sleep 0.1; t=$((t + 1)); done
           echo "a sees the new address after $((t / 10)).$((t % 10)) s"
           ip addr del 192.0.2.9/24 dev a0 && ip addr add 192.0.2.1/24 dev a0
           ip link set a0 down; echo "a0 down: a forgets cdp-vm in $(gone_for a "^cdp-vm " 3)"
           ip link set a0 up; echo "a0 up: a learns cdp-vm again in $(wait_for a "^cdp-vm +a1 " 3)"
           wait_for init "^host-a +a0 " 3 > /dev/null
           echo "@@INIT"; cat /proc/cdp_neighbors_detail; echo "@@A"; ip netns exec a cat /proc/cdp_neighbors_detail; echo "@@END"
           ip netns exec a cdpctl -f json show statistics | grep -o "\"device-id\": \"[^\"]*\""
           set_admin a a1 rx; echo "host-a gone after rx in $(gone_for init "^host-a " 3)"
           set_admin init a0 disabled; echo "cdp-vm gone after disabled in $(gone_for a "^cdp-vm " 3)"
           # Nothing transmits now (a1 rx, a0 disabled): counters from zero, so
           # the exact count below does not include the link flap above, whose
           # frames into a peer going down are lost on the wire, not counted.
           sleep 1; cdpctl clear counters; ip netns exec a cdpctl clear counters
           set_admin a a1 rx-tx; sleep 2; echo "host-a while disabled: $(grep -c "^host-a" /proc/cdp_neighbors)"
           echo "a learns nothing from a disabled a0: $(ip netns exec a grep -c "^cdp-vm" /proc/cdp_neighbors)"
           set_admin init a0 rx; echo "init learns host-a again in $(wait_for init "^host-a +a0 " 7)"
           set_admin a a1 rx; set_admin init a0 rx-tx; wait_for a "^cdp-vm +a1 " 3 > /dev/null; set_admin init a0 rx; sleep 1
           echo "@@TRAFFIC-INIT"; cat /proc/cdp_traffic; echo "@@TRAFFIC-A"; ip netns exec a cat /proc/cdp_traffic; echo "@@TRAFFIC-END"' \
   --exec "$learn"'
           ip link add bd0 type bond mode active-backup && ip link add s0 type veth peer name p0 netns b &&
           ip link add s1 type veth peer name p1 netns b && ip link set s0 master bd0 && ip link set s1 master bd0 &&
           ip link set bd0 up && ip -n b link set p0 up && ip -n b link set p1 up || echo "bond setup failed"
           echo 1 > /sys/module/cdp_rs/parameters/tx_default
           echo "b learns slave s0 in $(wait_for b "^cdp-vm +p0 .* s0$" 3)"
           echo "b learns slave s1 in $(wait_for b "^cdp-vm +p1 .* s1$" 3)"
           sleep 1; echo "@@BOND"; ip netns exec b cat /proc/cdp_neighbors; echo "@@BOND-END"
           ifaces init
           echo 0 > /sys/module/cdp_rs/parameters/tx_default
           echo "slaves gone after tx_default=0 in $(gone_for b "^cdp-vm " 3)"
           echo 1 > /sys/module/cdp_rs/parameters/tx_default; wait_for b "^cdp-vm +p1 " 3 >/dev/null
           ip link del s0; ip netns del b; sleep 1; echo "teardown: interface and namespace removed while transmitting"
           cat /proc/cdp_traffic'
want '^global-set rc=0$'
want '^init learns host-a in [0-2]\.[0-9] s$' 'namespace a advertised within 2 s of tx'
want '^a learns cdp-vm in [0-2]\.[0-9] s$' 'the initial namespace advertised within 2 s of rx-tx'
python3 - "$OUT" <<'PY' || fails=$((fails + 1))
import re, sys
out = open(sys.argv[1], errors="replace").read()
fails = 0
def check(cond, what):
    global fails
    print(("ok: " if cond else "FAIL: ") + what)
    fails += not cond
m = re.search(r"@@INIT\n(.*?)@@A\n(.*?)@@END", out, re.S)
init, a = (m.group(1), m.group(2)) if m else ("", "")
for text, dev, port, ifc, addr in ((init, "host-a", "a1", "a0", "192.0.2.2"), (a, "cdp-vm", "a0", "a1", "192.0.2.1")):
    check(f"Device ID: {dev}\n" in text, f"{dev} learnt by its peer")
    check(re.search(rf"Interface: {ifc},  Port ID \(outgoing port\): {port}\n", text) is not None, f"{dev}: port {port} on {ifc}")
    check(re.search(r"Platform: Linux,  Capabilities: Host", text) is not None, f"{dev}: platform Linux, capability Host")
    check(f"IP address: {addr}" in text, f"{dev}: address {addr}")
    check(re.search(r"Version :\n\d+\.\d+", text) is not None, f"{dev}: software version is the kernel release")
    check(re.search(r"Holdtime : 1[0-9][0-9] sec", text) is not None, f"{dev}: holdtime about 180 s")
    check("Duplex: full" in text, f"{dev}: duplex from the link settings (veth: full)")
    check(re.search(r"MTU: 1500", text) is not None, f"{dev}: MTU")
# Every advertisement arrived and was counted: Output on one side equals
# Input on the other, and nothing failed.
t = re.search(r"@@TRAFFIC-INIT\n(.*?)@@TRAFFIC-A\n(.*?)@@TRAFFIC-END", out, re.S)
def row(text, ifname):
    r = re.search(rf"^{ifname} +(.*)$", text, re.M)
    return r.group(1).split() if r else None
if t:
    i0, a1 = row(t.group(1), "a0"), row(t.group(2), "a1")
    if i0 and a1:
        check(int(a1[1]) > 0 and int(a1[1]) == int(i0[0]), f"a1 Output {a1[1]} = a0 Input {i0[0]}")
        check(int(i0[1]) > 0 and int(i0[1]) == int(a1[0]), f"a0 Output {i0[1]} = a1 Input {a1[0]}")
        check(int(i0[13]) > 0, f"a0 counted frames received while disabled ({i0[13]})")
        check(i0[14] == "0" and a1[14] == "0", "no encapsulation failure")
        check(i0[15] == "rx" and a1[15] == "rx", "the Admin column shows rx again")
    else:
        check(False, "per-interface rows for a0 and a1")
    for text in (t.group(1), t.group(2)):
        o = re.search(r"Total packets output: (\d+)", text)
        v2 = re.search(r"CDP version 2 advertisements output: (\d+)", text)
        check(o and v2 and o.group(1) == v2.group(1) != "0", "global output = version 2 output")
else:
    check(False, "traffic dumps printed")
b = re.search(r"@@BOND\n(.*?)@@BOND-END", out, re.S)
bond = b.group(1) if b else ""
check(re.search(r"^cdp-vm +p0 .* s0$", bond, re.M) is not None, "slave s0 advertised its own port")
check(re.search(r"^cdp-vm +p1 .* s1$", bond, re.M) is not None, "slave s1 advertised its own port")
check(re.search(r"bd0", bond) is None, "the bond itself did not advertise")
sys.exit(1 if fails else 0)
PY
want '"device-id": "host-a"' 'stats-get shows the namespace Device ID'
want '^IFACE a1 tx own transmitting$' 'iface-get: a1 tx (its own), transmitting'
want '^IFACE lo rx default -$' 'lo follows the defaults and does not transmit'
want '^a, transmit only, learns: 0$' 'tx without rx learns nothing'
want '^a sees the new host name in [0-2]\.[0-9] s$' 'a host name change is advertised within 2 s'
want '^the old name withdrawn in [0-2]\.[0-9] s$' 'the old Device ID withdrawn with holdtime 0'
want '^cdp-vm2 withdrawn in [0-2]\.[0-9] s$' 'and again when the name comes back'
want '^a sees the new address after [0-2]\.[0-9] s$' 'an address change is advertised within 2 s'
want '^a0 down: a forgets cdp-vm in [0-1]\.[0-9] s$' 'going down sends holdtime 0'
want '^a0 up: a learns cdp-vm again in [0-2]\.[0-9] s$' 'link up is advertised within 2 s'
want '^host-a gone after rx in [0-1]\.[0-9] s$' 'holdtime 0 on rx: forgotten at once'
want '^cdp-vm gone after disabled in [0-1]\.[0-9] s$' 'holdtime 0 on disabled'
want '^host-a while disabled: 0$' 'disabled does not receive'
want '^a learns nothing from a disabled a0: 0$' 'disabled does not send'
want '^init learns host-a again in [0-6]\.[0-9] s$' 'back to rx: learnt within the 5 s interval'
want '^IFACE bd0 rx default -$' 'the bond follows the default, which does not make it transmit'
want '^IFACE s0 rx-tx default transmitting$' 'slave s0 transmits by default'
want '^IFACE s1 rx-tx default transmitting$' 'slave s1 transmits by default'
want '^slaves gone after tx_default=0 in [0-1]\.[0-9] s$' 'tx_default=0: holdtime 0 on the slaves'
want '^teardown: interface and namespace removed' 'teardown ran'
wantnot '^set_admin .* failed|^bond setup failed| in timeout$' 'failed steps'
python3 "$ROOT/tests/vm/conservation.py" "$OUT" || fails=$((fails + 1))
exit $((fails > 0))
