#!/usr/bin/env bash
# Container hosts (issue 23, item 2): what cdp_rs allocates for a namespace
# is charged to the memory cgroup the namespace is charged to, and a
# namespace that heard one neighbor costs a few KB, not a table of
# max_neighbors. An unprivileged user (uid 1000), in a memory cgroup, makes
# N=60 namespaces (unshare -Urn), each with a veth pair; in the group "cdp"
# each namespace receives one CDP frame, in the group "idle" none. The
# difference between the two groups is cdp_rs's part: what the kernel's
# memory grew by (slab, vmalloc, per-CPU) and what the cgroup was charged
# (memory.current). Before this change the group was charged nothing of
# about 435 KB per namespace.
. "$(dirname "$0")/lib.sh"
N=60
vm --smp 2 --timeout 900 \
   --exec '
mkdir -p /sys/fs/cgroup && mount -t cgroup2 none /sys/fs/cgroup || exit 1
echo +memory > /sys/fs/cgroup/cgroup.subtree_control || exit 1
chmod 1777 /tmp
# One namespace of uid 1000 (in its own user namespace): a veth pair, and
# with SEND=1 one CDP frame, waited for in /proc/net/cdp.
cat > /tmp/one.sh <<"END"
/usr/sbin/ip link add a up type veth peer name b up || exit 1
if [ "$2" = 1 ]; then
  cdptool send a --device "$1" >/dev/null || exit 1
  t=0; until grep -q "^$1 " /proc/net/cdp/neighbors 2>/dev/null; do sleep 0.2; t=$((t+1)); [ $t -gt 300 ] && break; done
  grep -q "^$1 " /proc/net/cdp/neighbors && echo learnt > /tmp/learnt.$1
fi
echo ready > /tmp/ready.$1
exec sleep 3000
END
echo "i=0; while [ \$i -lt '$N' ]; do i=\$((i+1)); unshare -Urn sh /tmp/one.sh \$1\$i \$2 & done; wait" > /tmp/many.sh
# Kernel memory in use: slab, vmalloc and per-CPU (cdp_rs allocates from
# the first two: vmalloc for large tables).
kmem() { awk "/^(Slab|VmallocUsed|Percpu):/ {s += \$2} END {print s * 1024}" /proc/meminfo; }
# run GROUP SEND: N namespaces of uid 1000 in the cgroup GROUP.
run() {
  g=/sys/fs/cgroup/$1
  mkdir $g && chown 1000:1000 $g/cgroup.procs || return 1
  sleep 1; k0=$(kmem); c0=$(cat $g/memory.current)
  sh -c "echo \$\$ > $g/cgroup.procs && exec setpriv --reuid 1000 --regid 1000 --clear-groups sh /tmp/many.sh $1 $2" &
  t=0; while [ $(ls /tmp/ready.$1* 2>/dev/null | wc -l) -lt '$N' ] && [ $t -lt 400 ]; do sleep 1; t=$((t+1)); done
  [ $2 = 1 ] && echo "$1: namespaces with their neighbor: $(ls /tmp/learnt.$1* 2>/dev/null | wc -l)"
  sleep 2; k1=$(kmem); c1=$(cat $g/memory.current)
  echo "$1: kernel memory grew $((k1 - k0)) bytes, cgroup charged $((c1 - c0)) bytes"
}
# A first round warms the caches that namespaces and veths use.
run warm 0
run idle 0
run cdp 1
grep -h "Total packets output" /proc/cdp_traffic' \
   --exec 'p=$(pgrep -f "sleep 3000" | tail -1); cat /proc/$p/net/cdp/traffic | head -3'
want "^cdp: namespaces with their neighbor: $N$" "all $N namespaces learnt their neighbor"
grown() { sed -nE "s/^$1: kernel memory grew (-?[0-9]+) bytes, cgroup charged (-?[0-9]+) bytes/\\$2/p" "$OUT" | tail -1; }
ik=$(grown idle 1); ic=$(grown idle 2); ck=$(grown cdp 1); cc=$(grown cdp 2)
if [ -n "$ik" ] && [ -n "$ck" ]; then
  sys=$(( (ck - ik) / N )); chg=$(( (cc - ic) / N ))
  echo "cdp_rs per namespace with one neighbor: kernel memory $sys bytes, cgroup charged $chg bytes"
  # cdp_rs's own allocation (a one-slot table, its buffers and counters:
  # about 5 KB) is charged: at least 4 KB per namespace.
  if [ "$chg" -ge 4096 ]; then echo "ok: the cgroup was charged $chg bytes per namespace"
  else echo "FAIL: the cgroup was charged $chg bytes per namespace"; fails=$((fails + 1)); fi
  # And that is about all the kernel memory used for it (the rest is noise
  # of slab caches): no table of max_neighbors (435 KB) outside the cgroup.
  if [ "$sys" -le $((chg + 16384)) ]; then echo "ok: kernel memory grew $sys bytes per namespace, no more than charged + 16 KB"
  else echo "FAIL: kernel memory grew $sys bytes per namespace, the cgroup was charged $chg"; fails=$((fails + 1)); fi
else
  echo "FAIL: no measurement"; fails=$((fails + 1))
fi
finish
