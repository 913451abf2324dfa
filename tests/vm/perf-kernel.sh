#!/usr/bin/env bash
# The perf kernel (no debugging, for benchmarks) boots, loads cdp_rs and
# receives the 3560 capture.
. "$(dirname "$0")/lib.sh"
vm --kernel perf --pcap "$ROOT/tests/data/3560_CDP.pcap" --exec 'cat /proc/cdp_traffic; uname -r'
replay_complete 3
want 'Total packets output: 0, Input: 3$'
want 'cdp-perf' 'the perf kernel'
finish
