#!/usr/bin/env bash
# Hostile frames on the debug kernel: every structural error, TLV lengths 0,
# 3 and 65535, address counts far beyond the TLV, truncated and oversized
# PDUs, random mutations of a real frame, a bad 802.3 length. Every frame is
# accounted for (conservation), the table stays consistent, no splat.
. "$(dirname "$0")/lib.sh"
vm --smp 2 \
   --exec 'ip link add m0 type veth peer name m1 && ip link set m0 up && ip link set m1 up' \
   --exec 'cdptool send m0 --device keeper --port Gi0/1' \
   --exec 'cdptool send m0 --malformed --count 5000 && cdptool send m0 --malformed --count 2000 --vlan 7' \
   --exec 'cat /proc/cdp_traffic' \
   --exec 'grep -c "^-------------------------$" /proc/cdp_neighbors_detail; grep "Total cdp" /proc/cdp_neighbors; grep "^keeper" /proc/cdp_neighbors' \
   --exec 'cat /proc/cdp_neighbors_detail > /dev/null && cat /proc/cdp_neighbors > /dev/null && echo read-ok'
python3 "$ROOT/tests/vm/conservation.py" "$OUT" || fails=$((fails + 1))
want 'Total packets output: 0, Input: 7001$' 'all 7001 CDP frames counted as input'
input_is_sent
want 'Invalid packet: [1-9][0-9]{2,}' 'invalid packets counted'
want 'Hdr syntax: [1-9]' 'header syntax errors counted'
want 'Chksum error: [1-9][0-9]*' 'checksum errors counted'
want '^keeper +m1 ' 'the live neighbor survives'
want 'read-ok'
finish
