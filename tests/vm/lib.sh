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
vm() {
  "$VM" "$@" > "$OUT" 2>&1
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

finish() {
  [ $fails -eq 0 ] && exit 0
  echo "$fails check(s) failed"
  exit 1
}
