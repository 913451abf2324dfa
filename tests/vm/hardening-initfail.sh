#!/usr/bin/env bash
# Every allocation that loading cdp_rs makes is failed in turn (the
# kernel's fail-nth fault injection with failslab, GFP_KERNEL included, on
# the debug kernel): each load fails cleanly (nothing left in /proc or
# sysfs) or loads anyway and unloads, with no splat (the kernel's own
# report of each injected allocation failure, warn_alloc's, excepted); then a normal load
# works and receives, and kmemleak finds nothing (the runner scans after
# the final unload). Run with a VLAN trunk, a bridge port and a bond slave
# present, so the notifier's replay adds per-device handlers on load.
. "$(dirname "$0")/lib.sh"
vm --no-module --timeout 1500 --injected-alloc-failures \
   --exec 'f=/sys/kernel/debug/failslab; echo N > $f/ignore-gfp-wait; echo 0 > $f/verbose; grep . $f/ignore-gfp-wait $f/verbose' \
   --exec 'ip link add i0 type veth peer name i1 && ip link add br9 type bridge && ip link set i1 master br9 && ip link add j0 type veth peer name j1 && ip link add bd9 type bond && ip link set j1 master bd9 && for d in i0 i1 br9 j0 j1 bd9; do ip link set $d up; done; echo devices-ready' \
   --exec 'cdptool fail-insmod /cdp_rs.ko "max_neighbors=4" > /tmp/fail.log; rc=$?; grep -c "load failed cleanly" /tmp/fail.log | sed "s/^/CLEAN /"; tail -3 /tmp/fail.log; exit $rc' \
   --exec 'insmod /cdp_rs.ko && cdptool send i0 --device faults-br && cdptool send j0 --device faults-bond && grep -E "^(faults-br|faults-bond) " /proc/cdp_neighbors; grep -m1 "Input:" /proc/cdp_traffic'
want '^devices-ready$'
want 'fail-insmod: [0-9]+ allocation points tried: [0-9]+ loads failed cleanly' 'every allocation point tried'
want '^CLEAN [1-9][0-9]*$' 'loads that failed did so cleanly'
want '^faults-br +i1 ' 'a later load works (bridge port)'
want '^faults-bond +j1 ' 'a later load works (bond slave)'
input_is_sent 'both frames after the faults counted once'
finish
