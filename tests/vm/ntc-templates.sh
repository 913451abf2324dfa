#!/usr/bin/env bash
# Both neighbor files parse field for field with the network-automation
# parsers for IOS output (ntc-templates' TextFSM templates
# cisco_ios_show_cdp_neighbors and cisco_ios_show_cdp_neighbors_detail).
. "$(dirname "$0")/lib.sh"
(cd "$ROOT/tests/host" && cargo run -q --release --bin cdptool -- demo-frames "$ROOT/build/demo.pcap") || exit 1
vm --pcap "$ROOT/tests/data/3560_CDP.pcap" --pcap "$ROOT/tests/data/LLDP_and_CDP.pcap" \
   --pcap "$ROOT/build/demo.pcap" \
   --exec 'echo "@@@ summary"; cat /proc/cdp_neighbors; echo "@@@ detail"; cat /proc/cdp_neighbors_detail; echo "@@@ end"' \
   --exec 'grep -m1 "Input:" /proc/cdp_traffic'
"${CDP_RS_CACHE:-$HOME/.cache/cdp_rs}/venv/bin/python" "$ROOT/tests/vm/ntc_parse.py" "$OUT" || fails=$((fails + 1))
cdp=$(pcap_cdp "$ROOT/tests/data/3560_CDP.pcap" "$ROOT/tests/data/LLDP_and_CDP.pcap" "$ROOT/build/demo.pcap")
want "Total packets output: 0, Input: $cdp\$" "Input = the $cdp CDP frames of the captures"
want "guest NIC received $cdp, its filter dropped 8 as expected \\(8 addressed to a multicast group the guest has not joined\\)" 'the 8 LLDP frames are for a group the guest has not joined; every CDP frame arrived'
finish
