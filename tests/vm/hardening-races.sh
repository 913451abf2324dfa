#!/usr/bin/env bash
# Races on the debug kernel with 4 CPUs: frames arriving on several CPUs
# while /proc readers loop, `clear` is written, interfaces and namespaces
# come and go (VLAN taps added on demand and bond slave handlers with them),
# and cdp_rs is unloaded and reloaded. No splat (KASAN,
# lockdep, ...), and kmemleak finds nothing after the final unload.
. "$(dirname "$0")/lib.sh"
vm --smp 4 --timeout 900 \
   --exec 'for i in 0 1 2; do ip link add s${i}0 type veth peer name s${i}1 && ip link set s${i}0 up && ip link set s${i}1 up || exit 1; done' \
   --exec '
rm -f /tmp/stop
for i in 0 1 2; do
  # The frames from CPU 2 are tagged for a VLAN with no VLAN device: s21 gets a
  # VLAN tap on demand (and again after each reload).
  tag=; [ $i = 2 ] && tag="--vlan 50"
  (while [ ! -f /tmp/stop ]; do taskset $((1 << i)) cdptool send s${i}0 --unique --count 100 --device cpu$i $tag 2>/dev/null; done) &
done
(while [ ! -f /tmp/stop ]; do cat /proc/cdp_neighbors_detail >/dev/null 2>&1; cat /proc/cdp_neighbors >/dev/null 2>&1; cat /proc/cdp_traffic >/dev/null 2>&1; done) &
(while [ ! -f /tmp/stop ]; do echo clear 2>/dev/null >/proc/cdp_neighbors; echo clear 2>/dev/null >/proc/cdp_traffic; sleep 0.3; done) &
(n=0; while [ ! -f /tmp/stop ]; do ip link add x0 type veth peer name x1 && ip link set x0 up && ip link set x1 up && cdptool send x0 --device churn 2>/dev/null; cdptool send x0 --device churn --vlan 60 2>/dev/null; cdptool send x0 --device churn --vlan 60 2>/dev/null; ip link set x1 name x1renamed; ip link del x0; n=$((n+1)); done; echo "interface cycles: $n") &
(n=0; while [ ! -f /tmp/stop ]; do ip netns add n1 && ip link add y0 type veth peer name y1 netns n1 && ip link set y0 up && ip -n n1 link set y1 up && cdptool send y0 --device nsdev 2>/dev/null; ip netns exec n1 cat /proc/cdp_neighbors >/dev/null; ip netns del n1; ip link del y0 2>/dev/null; n=$((n+1)); done; echo "namespace cycles: $n") &
(n=0; while [ ! -f /tmp/stop ]; do ip link add bz type bond mode active-backup && ip link add z0 type veth peer name z1 && ip link add w0 type veth peer name w1 && ip link set z1 master bz && ip link set w1 master bz && ip link set z0 up && ip link set w0 up && ip link set bz up && cdptool send z0 --device bondchurn 2>/dev/null; cdptool send w0 --device bondchurn --vlan 70 2>/dev/null; ip link set w1 nomaster; ip link del z0; ip link del w0; ip link del bz; n=$((n+1)); done; echo "bond cycles: $n") &
(n=0; while [ ! -f /tmp/stop ]; do sleep 2; rmmod cdp_rs && insmod /cdp_rs.ko && n=$((n+1)); done; echo "unload/load cycles: $n") &
sleep 60
touch /tmp/stop
wait
grep -q "^cdp_rs " /proc/modules || insmod /cdp_rs.ko
echo races-done' \
   --exec 'cat /proc/cdp_traffic | head -8; grep "Total cdp" /proc/cdp_neighbors' \
   --exec 'rmmod cdp_rs && sleep 6 && echo scan > /sys/kernel/debug/kmemleak && cat /sys/kernel/debug/kmemleak; echo kmemleak-scanned; insmod /cdp_rs.ko'
want '^races-done$'
want 'interface cycles: [1-9]'
want 'namespace cycles: [1-9]'
want 'bond cycles: [1-9]'
want 'unload/load cycles: [1-9]'
want '^kmemleak-scanned$'
wantnot 'unreferenced object' 'kmemleak reports'
finish
