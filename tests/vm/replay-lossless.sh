#!/usr/bin/env bash
# The runner's replay is lossless and proves it (issue 10): 20 000 mixed
# frames (valid CDP from 200 neighbors, hostile CDP, the other Cisco SNAP
# protocols, ARP and IPv4; a third of them 802.1Q-tagged for VLANs the guest
# has no device for) arrive complete and in order. The runner checks the
# guest NIC's rx count against the frames sent; here the module's Input
# must equal the CDP frames in the capture and every neighbor must be in
# the table. Then the runner's test hook drops one frame, and the run must
# fail saying so.
. "$(dirname "$0")/lib.sh"
N=${REPLAY_FRAMES:-20000}
mix="$ROOT/build/mix.pcap"
info=$(cd "$ROOT/tests/host" && cargo run -q --release --bin cdptool -- mix-frames "$mix" --count "$N") || exit 1
echo "$info"
cdp=$(sed -E 's/.* cdp=([0-9]+).*/\1/' <<<"$info")
vm --module-args 'max_neighbors=4096' --pcap "$mix" \
   --exec 'cat /proc/cdp_traffic | head -12' \
   --exec 'cat /proc/cdp_neighbors' \
   --exec 'echo "rx_packets $(cat /sys/class/net/eth0/statistics/rx_packets) rx_dropped $(cat /sys/class/net/eth0/statistics/rx_dropped)"'
replay_complete "$N"
want "Total packets output: 0, Input: $cdp\$" "Input = the $cdp CDP frames replayed"
python3 "$ROOT/tests/vm/conservation.py" "$OUT" || fails=$((fails + 1))
missing=0
while read -r name; do
  grep -Eq "^$name +eth0 " "$OUT" || { echo "FAIL: neighbor $name missing"; missing=$((missing + 1)); }
done < "$mix.neighbors"
if [ $missing -eq 0 ]; then echo "ok: all $(wc -l < "$mix.neighbors") neighbors of the capture are in the table"
else fails=$((fails + 1)); fi

# The proof fails a run that loses a frame: drop frame #1 on purpose.
VM_MAY_FAIL=1 vm --pcap "$ROOT/tests/data/3560_CDP.pcap" --test-drop-frame 1 \
   --exec 'grep "Input:" /proc/cdp_traffic | head -1'
rc=$?
if [ $rc -ne 0 ]; then echo "ok: the run with a lost frame failed ($rc)"; else echo "FAIL: the run with a lost frame passed"; fails=$((fails + 1)); fi
want 'FAIL: replay lost 1 of 3 frames: the guest NIC counted 2 where 3 should have arrived' 'the loss is reported'
finish
