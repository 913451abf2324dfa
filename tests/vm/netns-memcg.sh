#!/usr/bin/env bash
# Container hosts (issue 23, item 2): what cdp_rs allocates for a namespace
# is charged to the memory cgroup the namespace is charged to, and a
# namespace that heard one neighbor costs about one slot, not a table of
# max_neighbors. An unprivileged user (uid 1000), in a memory cgroup, makes
# N=60 namespaces (unshare -Urn), each with a veth pair; in the group "cdp"
# each namespace receives one CDP frame, in the group "idle" none. The
# difference between the two groups is cdp_rs's part: what the system lost
# (MemAvailable) and what the cgroup was charged (memory.current). Before
# this change the group was charged nothing of about 435 KB per namespace.
. "$(dirname "$0")/lib.sh"
N=60
vm --smp 2 --timeout 600 \
   --exec '
mkdir -p /sys/fs/cgroup && mount -t cgroup2 none /sys/fs/cgroup || exit 1
echo +memory > /sys/fs/cgroup/cgroup.subtree_control || exit 1
avail() { awk "/^MemAvailable:/ {print \$2 * 1024}" /proc/meminfo; }
# run GROUP SEND: N namespaces of uid 1000 in cgroup GROUP; with SEND=1
# each receives one CDP frame. Prints what the system and the group lost.
run() {
  g=/sys/fs/cgroup/$1
  mkdir $g && chown 1000:1000 $g/cgroup.procs
  sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
  a0=$(avail); c0=$(cat $g/memory.current)
  sh -c "echo \$\$ > $g/cgroup.procs && exec setpriv --reuid 1000 --regid 1000 --clear-groups sh -c \"
    i=0; while [ \\\$i -lt '$N' ]; do i=\\\$((i+1))
      unshare -Urn sh -c \\\"/usr/sbin/ip link add a type veth peer name b && /usr/sbin/ip link set a up && /usr/sbin/ip link set b up &&
        { [ $2 = 0 ] || cdptool send a --device ns\\\$i >/dev/null; } && echo ready > /tmp/$1.\\\$i && exec sleep 3000\\\" &
    done; wait\"" &
  t=0; while [ $(ls /tmp/$1.* 2>/dev/null | wc -l) -lt '$N' ] && [ $t -lt 120 ]; do sleep 1; t=$((t+1)); done
  if [ $2 = 1 ]; then
    # Every namespace has its neighbor (its table exists).
    t=0; while :; do
      n=0; for p in $(cat $g/cgroup.procs); do grep -qs "^ns" /proc/$p/net/cdp/neighbors && n=$((n+1)); done
      [ $n -ge '$N' ] || [ $t -ge 60 ] && break; sleep 1; t=$((t+1))
    done
    echo "$1: namespaces with their neighbor: $n"
  fi
  sleep 2; sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
  a1=$(avail); c1=$(cat $g/memory.current)
  echo "$1: system lost $((a0 - a1)) bytes, cgroup charged $((c1 - c0)) bytes"
}
run idle 0
run cdp 1
grep -h "^Total packets output" /proc/cdp_traffic' \
   --exec 'for p in $(cat /sys/fs/cgroup/cdp/cgroup.procs | head -1); do cat /proc/$p/net/cdp/traffic | head -3; done'
want '^cdp: namespaces with their neighbor: 60$' 'all 60 namespaces learnt their neighbor'
lost() { sed -nE "s/^$1: system lost (-?[0-9]+) bytes, cgroup charged (-?[0-9]+) bytes/\\$2/p" "$OUT" | tail -1; }
il=$(lost idle 1); ic=$(lost idle 2); cl=$(lost cdp 1); cc=$(lost cdp 2)
if [ -n "$il" ] && [ -n "$cl" ]; then
  sys=$(( (cl - il) / N )); chg=$(( (cc - ic) / N ))
  echo "cdp_rs per namespace with one neighbor: system lost $sys bytes, cgroup charged $chg bytes"
  # cdp_rs's own allocation (a one-slot table, its buffers and counters,
  # measured at about 20 KB) is charged: at least 8 KB per namespace.
  if [ "$chg" -ge 8192 ]; then echo "ok: the cgroup was charged $chg bytes per namespace"
  else echo "FAIL: the cgroup was charged $chg bytes per namespace"; fails=$((fails + 1)); fi
  # And it is about all the system lost for it (the rest is noise of
  # slab and per-CPU caches): no table of max_neighbors outside the cgroup.
  if [ "$sys" -le $((chg + 65536)) ]; then echo "ok: system lost $sys bytes per namespace, no more than charged + 64 KB"
  else echo "FAIL: the system lost $sys bytes per namespace, the cgroup was charged $chg"; fails=$((fails + 1)); fi
else
  echo "FAIL: no measurement"; fails=$((fails + 1))
fi
finish
