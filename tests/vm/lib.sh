# SPDX-License-Identifier: GPL-2.0
# Helpers for the VM tests: sourced by each tests/vm/*.sh.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
VM="$ROOT/scripts/vm"
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
fails=0

# vm ARGS...: run the VM, output in $OUT (also shown). Fails the test if
# the runner fails, unless VM_MAY_FAIL=1.
# CDP_VM_KERNEL=trixie (or sid, perf) runs the test on that kernel instead
# of the debug kernel, unless the test names its kernel itself.
vm() {
  local k=()
  [ -n "${CDP_VM_KERNEL:-}" ] && [[ " $* " != *" --kernel "* ]] && k=(--kernel "$CDP_VM_KERNEL")
  "$VM" "${k[@]}" "$@" > "$OUT" 2>&1
  local rc=$?
  cat "$OUT"
  if [ $rc -ne 0 ] && [ "${VM_MAY_FAIL:-0}" != 1 ]; then
    echo "FAIL: scripts/vm exited with $rc"
    fails=$((fails + 1))
  fi
  return $rc
}

# want PATTERN [WHAT]: the last VM output matches the extended regex.
want() {
  if grep -Eq -- "$1" "$OUT"; then
    echo "ok: ${2:-$1}"
  else
    echo "FAIL: expected /$1/ ${2:+($2)}"
    fails=$((fails + 1))
  fi
}

# wantnot PATTERN [WHAT]: the last VM output does not match.
wantnot() {
  if grep -Eq -- "$1" "$OUT"; then
    echo "FAIL: unexpected /$1/ ${2:+($2)}"
    fails=$((fails + 1))
  else
    echo "ok: no ${2:-$1}"
  fi
}

# count PATTERN N [WHAT]: exactly N lines match.
count() {
  local n
  n=$(grep -Ec -- "$1" "$OUT")
  if [ "$n" -eq "$2" ]; then
    echo "ok: $2 x ${3:-$1}"
  else
    echo "FAIL: $n lines match /$1/, wanted $2 ${3:+($3)}"
    fails=$((fails + 1))
  fi
}

# input_is_sent [WHAT]: the last /proc/cdp_traffic dump in the VM output
# counts as Input exactly the CDP frames that `cdptool send` reported
# sending in the guest (for tests whose frames are all CDP, sent in one
# namespace, with counters never cleared).
input_is_sent() {
  local sent input
  sent=$(grep -Eo 'cdptool: sent [0-9]+ frames' "$OUT" | awk '{s += $3} END {print s + 0}')
  input=$(grep -Eo 'Total packets output: [0-9]+, Input: [0-9]+' "$OUT" | tail -1 | awk '{print $NF}')
  if [ -n "$input" ] && [ "$input" -eq "$sent" ]; then
    echo "ok: Input $input = the $sent CDP frames sent in the guest ${1:+($1)}"
  else
    echo "FAIL: Input ${input:-missing}, but the guest sent $sent CDP frames ${1:+($1)}"
    fails=$((fails + 1))
  fi
}

# replay_complete N: the runner proved that the guest NIC received all N
# replayed frames.
replay_complete() {
  if grep -Eq "replayed $1 frames in [0-9]+ batches.*guest NIC received $1([,;]|$)" "$OUT"; then
    echo "ok: the guest NIC received all $1 replayed frames"
  else
    echo "FAIL: the runner did not report all $1 replayed frames received"
    fails=$((fails + 1))
  fi
}

# pcap_cdp FILE...: how many frames of the captures carry CDP's LLC/SNAP
# header (what cdp_rs counts as Input), computed on the host.
pcap_cdp() {
  (cd "$ROOT/tests/host" && cargo run -q --release --bin cdptool -- pcap-info "$@") |
    awk '{for (i = 1; i <= NF; i++) if ($i ~ /^cdp=/) {sub("cdp=", "", $i); s += $i}} END {print s + 0}'
}

finish() {
  [ $fails -eq 0 ] && exit 0
  echo "$fails check(s) failed"
  exit 1
}
