#!/usr/bin/env bash
# Issue 2 acceptance: a real Catalyst capture replayed through virtio-net
# reaches cdp_rs, with the guest NIC neither promiscuous nor allmulti (the
# module subscribed the CDP address).
. "$(dirname "$0")/lib.sh"
vm --pcap "$ROOT/tests/data/3560_CDP.pcap" \
   --exec 'cat /proc/cdp_neighbors' \
   --exec 'cat /proc/cdp_traffic' \
   --exec 'f=$(cat /sys/class/net/eth0/flags); echo "eth0 flags $f"; [ $((f & 0x300)) -eq 0 ]' \
   --exec 'ip maddr show dev eth0 2>/dev/null || cat /proc/net/dev_mcast' \
   --exec 'rmmod cdp_rs && echo "after unload: $(grep -c 01000ccccccc /proc/net/dev_mcast) CDP subscriptions"; insmod /cdp_rs.ko'
replay_complete 3
want 'Total packets output: 0, Input: 3$' '3 frames received'
want 'CDP version 2 advertisements output: 0, Input: 3'
want '^Switch +eth0 +1[0-9]{2} +S I +WS-C3560G-24PS +GigabitEthernet0/5$' 'neighbor row'
want 'Total cdp entries displayed : 1'
want 'eth0 flags 0x1[0-9a-f]*[0-9a-f]' 'eth0 flags shown (the exec checks PROMISC and ALLMULTI are clear)'
want '01:00:0c:cc:cc:cc|01000ccccccc' 'CDP address subscribed on eth0'
want 'after unload: 0 CDP subscriptions' 'the CDP address is released on unload'
finish
