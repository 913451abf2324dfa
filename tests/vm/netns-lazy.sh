#!/usr/bin/env bash
# Container hosts: a namespace's table is allocated only when it first
# receives CDP (by a work item, in process context). The frames that come
# before it are kept (up to 64) and taken once it exists, so their neighbors
# appear at once; more are counted (Input, No memory), never silently lost.
# Then namespace churn on the debug kernel: CHURN (default 200; 1000 takes
# about 4.5 min on this kernel under TCG, too long for make check's budget)
# namespaces created and destroyed with the module loaded, and 10 more that
# receive CDP: no splat, kmemleak clean after the final unload. make bench
# times 1000 on the perf kernel, with and without the module.
. "$(dirname "$0")/lib.sh"
CHURN=${CHURN:-200}
# /proc/net/cdp/{neighbors,neighbors_detail,traffic}: in the initial
# namespace from load, with the permissions of /proc/cdp_*; in another
# namespace with its table (an idle namespace has none). They show their
# own namespace, also read from outside through /proc/PID/net, and accept
# `clear` like the global files. One stays open across the module's unload
# (the runner's rmmod), another keeps its namespace alive after deletion
# and is read then. Numbers are masked when the two views are compared:
# holdtimes tick.
vm --smp 2 \
   --exec 'ls /proc/net/cdp | tr "\n" " " | sed "s/^/INIT DIR: /"; echo;
           for f in neighbors neighbors_detail traffic; do echo "MODE $f $(stat -c %a /proc/net/cdp/$f) $(stat -c %a /proc/cdp_$f)"; done;
           cat > /tmp/same.sh <<"EOF"
for f in neighbors neighbors_detail traffic; do
  if [ "$(sed -E "s/[0-9]+/N/g" /proc/cdp_$f)" = "$(sed -E "s/[0-9]+/N/g" /proc/net/cdp/$f)" ]; then echo "SAME $f"; else echo "DIFFERS $f"; fi
done
EOF' \
   --exec 'ip netns add a && ip link add p0 type veth peer name p1 netns a && ip link set p0 up && ip -n a link set p1 up &&
           { ip netns exec a test -e /proc/net/cdp && echo "IDLE has /proc/net/cdp" || echo "IDLE has no /proc/net/cdp"; } &&
           cdptool send p0 --device burst --unique --count 70 && sleep 1;
           echo "learnt at once: $(ip netns exec a grep -c "^burst-" /proc/cdp_neighbors)";
           ip netns exec a cat /proc/cdp_traffic;
           ip netns exec a sh /tmp/same.sh | sed "s/^/NS a /";
           ip netns exec a sh -c "echo \$\$ > /tmp/pa; exec sleep 30" >/dev/null 2>&1 & sleep 0.5; p=$(cat /tmp/pa);
           echo "VIA PID: $(grep -c "^burst-" /proc/$p/net/cdp/neighbors) here: $(grep -c "^burst-" /proc/net/cdp/neighbors)"; kill $p;
           ip netns exec a sh -c "exec 3</proc/net/cdp/traffic; exec sleep 1000" >/dev/null 2>&1 &' \
   --exec 'ip netns add b && ip link add q0 type veth peer name q1 netns b && ip link set q0 up && ip -n b link set q1 up &&
           cdptool send q0 --device one && sleep 1; echo "one learnt: $(ip netns exec b grep -c "^one " /proc/cdp_neighbors)";
           ip netns exec b sh -c "echo clear > /proc/net/cdp/neighbors"; echo "after clear: $(ip netns exec b grep -c "^one " /proc/cdp_neighbors)";
           ip netns exec b sh -c "echo \$\$ > /tmp/pb; exec sleep 30" >/dev/null 2>&1 & sleep 0.5; p=$(cat /tmp/pb); exec 3</proc/$p/net/cdp/traffic; kill $p; wait;
           ip link del q0; ip netns del b; sleep 1; grep -m1 Input: <&3 | sed "s/^ */READ AFTER DELETE: /"; exec 3<&-' \
   --exec 'start=$(date +%s); i=0; while [ $i -lt '"$CHURN"' ]; do unshare -n true || break; i=$((i+1)); done;
           j=0; while [ $j -lt 10 ]; do ip netns add c$j && ip link add r0 type veth peer name r1 netns c$j && ip link set r0 up &&
             ip -n c$j link set r1 up && cdptool send r0 --device churn >/dev/null 2>&1; ip link del r0; ip netns del c$j; j=$((j+1)); done;
           echo "churned $i idle namespaces and $j that received CDP in $(( $(date +%s) - start )) s"'
python3 "$ROOT/tests/vm/conservation.py" "$OUT" || fails=$((fails + 1))
python3 - "$OUT" <<'PY' || fails=$((fails + 1))
import re, sys
t = open(sys.argv[1]).read()
learnt = int(re.search(r"learnt at once: (\d+)", t).group(1))
inp = int(re.search(r"Total packets output: 0, Input: (\d+)", t).group(1))
nomem = int(re.search(r"No memory: (\d+)", t).group(1))
ok = inp == 70 and learnt + nomem == 70 and learnt >= 64
print(("ok" if ok else "FAIL") + f": a burst of 70 neighbors, the first before the table: Input {inp}, "
      f"{learnt} learnt at once, {nomem} counted as no memory")
sys.exit(0 if ok else 1)
PY
want '^one learnt: 1$' 'a single first frame is learnt without waiting for the next'
want '^INIT DIR: neighbors neighbors_detail traffic $' '/proc/net/cdp in the initial namespace at load'
for f in neighbors neighbors_detail traffic; do
  want "^MODE $f ([0-7]+) \\1$" "/proc/net/cdp/$f has the permissions of /proc/cdp_$f"
  want "^NS a SAME $f$" "/proc/net/cdp/$f shows what /proc/cdp_$f shows"
done
want '^IDLE has no /proc/net/cdp$' 'an idle namespace has no /proc/net/cdp'
learnt=$(sed -n 's/^learnt at once: //p' "$OUT")
want "^VIA PID: $learnt here: 0$" "/proc/PID/net/cdp shows PID's namespace (all $learnt neighbors learnt there), not the reader's"
want '^after clear: 0$' '`clear` written to /proc/net/cdp/neighbors'
want '^READ AFTER DELETE: Total packets output: 0, Input: 1$' 'a file open across its namespace deletion still reads that namespace'
want "^churned $CHURN idle namespaces and 10 that received CDP" 'namespace churn'
finish
