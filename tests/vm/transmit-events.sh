#!/usr/bin/env bash
# No periodic RTNL (issue 23, item 5), in one guest (debug kernel): the
# transmitter rebuilds an advertisement only on events, and still
# advertises every change promptly. The initial namespace (host name
# cdp-vm) transmits on a0, namespace a (Device ID host-a) on a1, the two
# ends of a veth pair; a's table shows what a0 advertises. tx_interval=120,
# so no periodic advertisement falls in the test.
# - each change is seen by the peer within 2 s of the command that makes
#   it (guest time, /proc/uptime; one step a second apart,
#   so the one-second debounce does not delay it): IPv4 address added
#   (inetaddr notifier), IPv6 address added with nodad (inet6addr
#   notifier), IPv6 address added with DAD (no notifier says when DAD
#   ends: within 4 s), MTU change, host name change (no notifier: the
#   initial namespace compares it once a second, without RTNL); a rename
#   (down, rename, up: the advertisement a second after the down's
#   holdtime-0 frame, debounced) within 3 s;
# - down: the peer forgets the host at once (holdtime 0); up: it learns it
#   again within 2 s; down and up at once: a sniffer on the peer sees the
#   holdtime-0 frame, then the advertisement 1 to 2 s later, not at once
#   (the debounce outlives the port);
# - an MTU too small for the whole advertisement (100): optional TLVs are
#   left out (no Software Version), nothing counted as failed;
# - no RTNL while idle: `tx-rtnl-locks-all` (stats-get, every namespace's
#   work item) does not move in 5 s with both ports transmitting and
#   nothing changing, before and after the changes; one MTU change moves
#   it by 1 to 3.
. "$(dirname "$0")/lib.sh"
helpers='up() { sed "s/^\([0-9]*\)\.\([0-9]*\) .*/\1\2/" /proc/uptime; } # centiseconds since boot
since() { local d=$(($(up) - $1)); echo "$((d / 100)).$((d % 100 / 10)) s"; }
# wait_nb START NETNS PATTERN SECONDS: the time from START (up) until PATTERN
# is in NETNS'"'"'s /proc/cdp_neighbors (gone_nb: until it is not; wait_detail:
# in /proc/cdp_neighbors_detail).
wait_nb() { while ! ip netns exec $2 grep -Eq "$3" /proc/cdp_neighbors; do
    sleep 0.1; [ $(($(up) - $1)) -ge $(($4 * 100)) ] && { echo "timeout"; return 1; }; done; since $1; }
gone_nb() { while ip netns exec $2 grep -Eq "$3" /proc/cdp_neighbors; do
    sleep 0.1; [ $(($(up) - $1)) -ge $(($4 * 100)) ] && { echo "timeout"; return 1; }; done; since $1; }
wait_detail() { while ! ip netns exec $2 grep -Eq "$3" /proc/cdp_neighbors_detail; do
    sleep 0.1; [ $(($(up) - $1)) -ge $(($4 * 100)) ] && { echo "timeout"; return 1; }; done; since $1; }
gone_detail() { while ip netns exec $2 grep -Eq "$3" /proc/cdp_neighbors_detail; do
    sleep 0.1; [ $(($(up) - $1)) -ge $(($4 * 100)) ] && { echo "timeout"; return 1; }; done; since $1; }
rtnl() { cdpctl -f keyvalue show statistics | sed -n "s/^cdp.tx-rtnl-locks-all=//p"; }
idle() { # WHAT: RTNL acquisitions over 5 s of nothing changing
  local r0 r1; r0=$(rtnl); sleep 5; r1=$(rtnl); echo "idle $1: RTNL taken $((r1 - r0)) times in 5 s ($r0 -> $r1)"; }'
vm --module-args "tx_interval=120" \
   --setup 'ip netns attach init 1 && ip netns add a &&
            ip link add a0 type veth peer name a1 netns a && ip link set a0 up &&
            ip -n a link set lo up && ip -n a link set a1 up &&
            ip -n a addr add 192.0.2.2/24 dev a1' \
   --exec "$helpers"'
           cdpctl set interface a0 rx-tx || echo "set a0 failed"
           ip netns exec a cdpctl set device-id host-a || echo "global-set failed"
           t=$(up); ip netns exec a cdpctl set interface a1 rx-tx || echo "set a1 failed"
           echo "a learns cdp-vm in $(wait_nb $t a "^cdp-vm +a1 " 3)"
           echo "init learns host-a in $(wait_nb $t init "^host-a +a0 " 3)"
           sleep 1.5; idle before
           # Each change is timed from before the command that makes it.
           t=$(up); ip addr add 198.51.100.1/24 dev a0; echo "IPv4 address added: seen in $(wait_detail $t a "IP address: 198.51.100.1" 3)"
           sleep 1.2; t=$(up); ip -6 addr add 2001:db8::5/64 dev a0; echo "IPv6 address added, DAD: seen in $(wait_detail $t a "IPv6 address: 2001:db8::5" 6)"
           sleep 1.2; t=$(up); ip -6 addr del 2001:db8::5/64 dev a0; echo "IPv6 address removed: gone in $(gone_detail $t a "2001:db8::5" 3)"
           sleep 1.2; t=$(up); ip -6 addr add 2001:db8::1/64 dev a0 nodad; echo "IPv6 address added, nodad: seen in $(wait_detail $t a "IPv6 address: 2001:db8::1" 3)"
           sleep 1.2; t=$(up); ip link set a0 mtu 1400; echo "MTU changed: seen in $(wait_detail $t a "MTU: 1400" 3)"
           sleep 1.2; t=$(up); hostname cdp-vm3; echo "host name changed: seen in $(wait_nb $t a "^cdp-vm3 +a1 " 3)"
           echo "old host name withdrawn in $(gone_nb $t a "^cdp-vm +a1 " 3)"
           sleep 1.2; t=$(up); hostname cdp-vm; wait_nb $t a "^cdp-vm +a1 " 3 > /dev/null
           sleep 1.2; t=$(up); ip link set a0 down; ip link set a0 name x0; ip link set x0 up
           echo "renamed: seen in $(wait_nb $t a "^cdp-vm +a1 .* x0$" 3)"
           sleep 1.2; t=$(up); ip link set x0 down; echo "down: forgotten in $(gone_nb $t a "^cdp-vm " 3)"
           sleep 1.2; t=$(up); ip link set x0 up; echo "up: learnt again in $(wait_nb $t a "^cdp-vm +a1 " 3)"
           # Down and up at once: the holdtime-0 frame, then the next
           # advertisement a second later (what a sniffer on a1 sees).
           sleep 1.2; (CDPTOOL_TIMES=1 ip netns exec a cdptool capture a1 4 | sed "s/^/FLAP /") &
           sleep 0.5; ip link set x0 down; ip link set x0 up; wait
           sleep 1.5; idle after
           r0=$(rtnl); t=$(up); ip link set x0 mtu 1300; wait_detail $t a "MTU: 1300" 3 > /dev/null; sleep 2.5
           echo "one MTU change: RTNL taken $(($(rtnl) - r0)) times"
           sleep 1.2; t=$(up); ip link set x0 mtu 100; echo "MTU 100: seen in $(wait_detail $t a "MTU: 100$" 3)"
           echo "@@DETAIL"; ip netns exec a cat /proc/cdp_neighbors_detail; echo "@@END"
           echo "release $(uname -r)"; dmesg | grep -o "a namespace costs [0-9]* bytes" | tail -1
           cat /proc/cdp_traffic
           cdpctl show statistics; ip netns exec a cdpctl -f json show statistics'
want '^a learns cdp-vm in [0-2]\.[0-9] s$' 'the initial namespace advertises on a0'
want '^init learns host-a in [0-2]\.[0-9] s$' 'namespace a advertises on a1'
want '^idle before: RTNL taken 0 times in 5 s \([0-9]+ -> [0-9]+\)$' 'no RTNL while idle (two ports transmitting)'
want '^idle after: RTNL taken 0 times in 5 s \([0-9]+ -> [0-9]+\)$' 'no RTNL while idle, after the changes'
want '^one MTU change: RTNL taken [1-3] times$' 'one change: one to three RTNL acquisitions'
want '^IPv4 address added: seen in [0-1]\.[0-9] s$' 'an IPv4 address added is advertised within 2 s'
want '^IPv6 address added, DAD: seen in [0-4]\.[0-9] s$' 'an IPv6 address is advertised within 2 s of the end of DAD (4 s in all)'
want '^IPv6 address removed: gone in [0-1]\.[0-9] s$' 'an IPv6 address removed is advertised within 2 s'
want '^IPv6 address added, nodad: seen in [0-1]\.[0-9] s$' 'an IPv6 address added (nodad) is advertised within 2 s'
want '^MTU changed: seen in [0-1]\.[0-9] s$' 'an MTU change is advertised within 2 s'
want '^host name changed: seen in [0-1]\.[0-9] s$' 'a host name change is advertised within 2 s'
want '^old host name withdrawn in [0-1]\.[0-9] s$' 'the old host name withdrawn (holdtime 0)'
want '^renamed: seen in [0-2]\.[0-9] s$' 'a rename (down, rename, up) is advertised within 3 s (the up debounced by the down'"'"'s holdtime-0 frame)'
want '^down: forgotten in 0\.[0-9] s$' 'down: holdtime 0 at once'
want '^up: learnt again in [0-1]\.[0-9] s$' 'up: advertised within 2 s'
want '^MTU 100: seen in [0-1]\.[0-9] s$' 'an MTU of 100 is advertised'
wantnot '^set a[01] failed|^global-set failed| in timeout$' 'failed steps'
python3 - "$OUT" <<'PY' || fails=$((fails + 1))
import re, sys
out = open(sys.argv[1], errors="replace").read()
fails = 0
def check(cond, what):
    global fails
    print(("ok: " if cond else "FAIL: ") + what)
    fails += not cond
d = re.search(r"@@DETAIL\n(.*?)@@END", out, re.S)
detail = d.group(1) if d else ""
rel = re.search(r"^release (\S+)$", out, re.M)
check("Device ID: cdp-vm\n" in detail and "MTU: 100" in detail, "MTU 100: the advertisement still goes out")
check(rel is not None and rel.group(1) not in detail, "MTU 100: the Software Version is left out to fit")
row = re.search(r"^x0 +(.*)$", out, re.M)
check(row is not None and row.group(1).split()[14] == "0", "MTU 100: nothing counted as encapsulation failed")
check(re.search(r'"tx-rtnl-locks": \d+', out) is not None, "stats-get: tx-rtnl-locks in a namespace")
check(re.search(r'RTNL taken by the work item: \d+ \(all namespaces: \d+\)', out) is not None,
      "cdpctl shows the counters (all namespaces in the initial one)")
# Down and up at once: holdtime 0, then the advertisement no sooner than a
# second after it (the debounce outlives the port), and within two.
flap = [(int(ms), int(h)) for ms, h in re.findall(r"^FLAP capture: a1 at-ms=(\d+) device-id=cdp-vm holdtime=(\d+)$", out, re.M)]
print(f"down/up at once: frames (ms, holdtime) {flap}")
bye = next((i for i, (_, h) in enumerate(flap) if h == 0), None)
nxt = flap[bye + 1] if bye is not None and bye + 1 < len(flap) else None
check(bye is not None and nxt is not None and nxt[1] > 0, "down/up at once: holdtime 0, then an advertisement")
if nxt:
    gap = nxt[0] - flap[bye][0]
    check(950 <= gap <= 2000, f"down/up at once: the advertisement {gap} ms after the holdtime-0 frame (debounced: 1 to 2 s)")
sys.exit(1 if fails else 0)
PY
exit $((fails > 0))
