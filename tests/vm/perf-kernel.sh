#!/usr/bin/env bash
# The perf kernel (no debugging, for benchmarks) boots, loads cdp_rs and
# receives the 3560 capture; its netlink dump equals the detail file there
# too.
. "$(dirname "$0")/lib.sh"
vm --kernel perf --ynl --pcap "$ROOT/tests/data/3560_CDP.pcap" \
   --exec 'cat /proc/cdp_traffic; uname -r' \
   --exec 'echo "@@NL-JSON 0"; ynl --dump neigh-get --output-json; echo "@@NL-DETAIL 0"; cat /proc/cdp_neighbors_detail; echo "@@NL-END 0"'
replay_complete 3
want 'Total packets output: 0, Input: 3$'
want 'cdp-perf' 'the perf kernel'
python3 "$ROOT/tests/vm/nl_check.py" "$OUT" 0 || fails=$((fails + 1))
finish
