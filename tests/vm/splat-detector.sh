#!/usr/bin/env bash
# The bench's own test: a deliberately broken module (sleeps in atomic
# context) must make scripts/vm fail and print the kernel's report.
. "$(dirname "$0")/lib.sh"
ko=$(python3 -c "import sys; sys.path.insert(0, '$ROOT/scripts'); import cdp_build; print(cdp_build.extra_module('test', 'tests/splat'))") || exit 1
VM_MAY_FAIL=1 vm --no-module --insmod "$ko" --exec 'echo loaded'
rc=$?
if [ $rc -ne 0 ]; then echo "ok: scripts/vm failed ($rc)"; else echo "FAIL: scripts/vm passed"; fails=$((fails + 1)); fi
want 'BUG: sleeping function called from invalid context' 'the report is printed'
want 'kernel report' 'report section'
want 'FAIL: the kernel log shows a splat'
finish
