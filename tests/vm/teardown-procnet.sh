#!/usr/bin/env bash
# Teardown while a namespace's own files are in use (issue 23, item 1), on
# the debug kernel with 4 CPUs: in three namespaces that have neighbors,
# readers of /proc/net/cdp/* and writers of `clear` run while cdp_rs is
# unloaded and loaded in a loop. The unload frees each namespace's state;
# before the fix its table was freed before /proc/net/cdp was removed (the
# removal is what waits for a read in progress), and KASAN reported a
# use-after-free in the reader or in `clear`. No splat, and kmemleak finds
# nothing after the final unload.
. "$(dirname "$0")/lib.sh"
vm --smp 4 --timeout 600 \
   --exec 'for i in 0 1 2; do ip netns add n$i && ip link add v${i}0 type veth peer name v${i}1 netns n$i &&
             ip link set v${i}0 up && ip -n n$i link set v${i}1 up || exit 1; done; echo namespaces-ready' \
   --exec '
rm -f /tmp/stop
for i in 0 1 2; do
  # Neighbors in namespace n$i: 50 of them, sent again whenever the
  # namespace has no table (after each reload).
  (while [ ! -f /tmp/stop ]; do
     nsenter --net=/run/netns/n$i test -e /proc/net/cdp/neighbors || cdptool send v${i}0 --unique --count 50 --device ns$i >/dev/null 2>&1
     sleep 0.3
   done) &
  # Readers inside the namespace (one shell each, entered once), each file
  # in turn; a file held open across the unload is read afterwards.
  for r in 1 2; do
    nsenter --net=/run/netns/n$i sh -c "n=0; while [ ! -f /tmp/stop ]; do
       cat /proc/net/cdp/neighbors_detail /proc/net/cdp/neighbors /proc/net/cdp/traffic >/dev/null 2>&1 && n=\$((n+1))
     done; echo reads n$i: \$n" &
  done
  nsenter --net=/run/netns/n$i sh -c "while [ ! -f /tmp/stop ]; do
     (exec 3</proc/net/cdp/neighbors_detail && sleep 0.7 && cat <&3) >/dev/null 2>&1 || sleep 0.2
   done" &
  nsenter --net=/run/netns/n$i sh -c "n=0; while [ ! -f /tmp/stop ]; do
     { echo clear > /proc/net/cdp/neighbors && echo clear > /proc/net/cdp/traffic; } 2>/dev/null && n=\$((n+1)); sleep 1
   done; echo clears n$i: \$n" &
done
# At least 6 unloads with the tables there (at most 150 s: a busy host
# makes the guest slow), then everything stops.
n=0; start=$(date +%s)
while [ $n -lt 6 ] && [ $(( $(date +%s) - start )) -lt 150 ]; do
  sleep 1.5
  # Unload only once the namespace has its table again (and its files).
  nsenter --net=/run/netns/n0 test -e /proc/net/cdp/neighbors || continue
  rmmod cdp_rs && insmod /cdp_rs.ko && n=$((n+1))
done
echo "unload/load cycles: $n"
touch /tmp/stop
wait
grep -q "^cdp_rs " /proc/modules || insmod /cdp_rs.ko
echo teardown-done' \
   --exec 'rmmod cdp_rs && sleep 6 && echo scan > /sys/kernel/debug/kmemleak && cat /sys/kernel/debug/kmemleak; echo kmemleak-scanned; insmod /cdp_rs.ko'
want '^teardown-done$'
want 'unload/load cycles: ([6-9]|[1-9][0-9])' 'at least 6 unloads with tables in the namespaces'
count 'reads n[0-2]: [1-9]' 6 'readers that read whole files'
count 'clears n[0-2]: [1-9]' 3 'writers of clear'
want '^kmemleak-scanned$'
wantnot 'unreferenced object' 'kmemleak reports'
finish
