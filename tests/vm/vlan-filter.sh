#!/usr/bin/env bash
# What a user with a VLAN-filtering NIC sees (issue 10). CDP tagged for VLAN
# 100 and 200 plus one untagged frame, replayed three times:
# - the runner's default NIC (QEMU virtio-net, ctrl_vlan=off) does not
#   filter: all three reach cdp_rs;
# - a filtering NIC (--vlan-filter, like rx-vlan-filter on) drops the tagged
#   ones before the driver, with rx_dropped 0: cdp_rs sees the untagged one;
# - with a VLAN device for VLAN 100 (what README tells such a user to add),
#   the NIC passes VLAN 100 and still drops VLAN 200.
. "$(dirname "$0")/lib.sh"
b="$ROOT/build/vlanf"
mkdir -p "$b"
(cd "$ROOT/tests/host" &&
  cargo run -q --release --bin cdptool -- frames "$b/native.pcap" --device native-sw --port Gi0/1 &&
  cargo run -q --release --bin cdptool -- frames "$b/v100.pcap" --device vlan100-sw --port Gi0/2 --vlan 100 &&
  cargo run -q --release --bin cdptool -- frames "$b/v200.pcap" --device vlan200-sw --port Gi0/3 --vlan 200) || exit 1
pcaps=(--pcap "$b/native.pcap" --pcap "$b/v100.pcap" --pcap "$b/v200.pcap")
show='grep "Input:" /proc/cdp_traffic | head -1; cat /proc/cdp_neighbors; echo "rx_dropped $(cat /sys/class/net/eth0/statistics/rx_dropped)"'

echo "== default NIC: no VLAN filter"
vm "${pcaps[@]}" --exec "$show"
replay_complete 3
want 'Total packets output: 0, Input: 3$' 'all three frames reach cdp_rs'
want '^vlan100-sw +eth0 ' 'VLAN 100 neighbor'
want '^vlan200-sw +eth0 ' 'VLAN 200 neighbor'

echo "== --vlan-filter: the NIC drops tagged frames for VLANs it was not told about"
vm --vlan-filter "${pcaps[@]}" --exec "$show"
want 'guest NIC received 1, its filter dropped 2 as expected \(2 tagged for a VLAN the guest has not registered' 'the runner accounts for the filter'
want 'Total packets output: 0, Input: 1$' 'only the untagged frame reaches cdp_rs'
want '^native-sw +eth0 ' 'untagged neighbor'
wantnot '^vlan[12]00-sw ' 'tagged neighbors'
want '^rx_dropped 0$' 'and the guest sees no drop'

echo "== --vlan-filter with a VLAN device for VLAN 100"
vm --vlan-filter --setup 'ip link add link eth0 name eth0.100 type vlan id 100 && ip link set eth0.100 up' \
   "${pcaps[@]}" --exec "$show"
want 'guest NIC received 2, its filter dropped 1 as expected' 'VLAN 100 registered, VLAN 200 filtered'
want 'Total packets output: 0, Input: 2$'
want '^vlan100-sw +eth0 ' 'VLAN 100 neighbor through eth0.100'
wantnot '^vlan200-sw ' 'VLAN 200 still filtered'
finish
