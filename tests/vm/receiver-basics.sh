#!/usr/bin/env bash
# The receiver on a veth pair with frames generated in the guest: insert,
# refresh, content change, TTL 0, holdtime expiry with nobody reading,
# checksum errors (and the parameter that turns verification off), `clear`
# with and without CAP_NET_ADMIN, interface rename and removal.
. "$(dirname "$0")/lib.sh"
vm --exec 'ip link add v0 type veth peer name v1 && ip link set v0 up && ip link set v1 up' \
   --exec 'cdptool send v0 --device sw1 --port Gi0/1 --count 3 && cdptool send v0 --device sw2 --port Gi0/2 --ttl 3 && cat /proc/cdp_neighbors' \
   --exec 'cdptool send v0 --device sw1 --port Gi0/1 --version-text "new image" && grep -A3 "^Frames received" /proc/cdp_neighbors_detail | head -3; grep "^Frames received" /proc/cdp_neighbors_detail' \
   --exec 'sleep 5; cat /proc/cdp_traffic' \
   --exec 'cdptool send v0 --device sw3 --ttl 0; cdptool send v0 --device sw1 --port Gi0/1 --ttl 0; echo AFTER-TTL0; cat /proc/cdp_neighbors' \
   --exec 'cdptool send v0 --device bad --bad-checksum; grep -c "^bad" /proc/cdp_neighbors; echo 0 > /sys/module/cdp_rs/parameters/verify_checksum; cdptool send v0 --device badok --bad-checksum; echo 1 > /sys/module/cdp_rs/parameters/verify_checksum; cat /proc/cdp_traffic' \
   --exec 'su nobody -s /bin/sh -c "echo clear > /proc/cdp_neighbors" 2>&1; echo "unprivileged rc=$?"; (echo bogus > /proc/cdp_neighbors) 2>&1; echo "bogus rc=$?"; grep -c . /proc/cdp_neighbors' \
   --exec 'ip link set v1 down; ip link set v1 name uplink0; ip link set uplink0 up; grep "^badok" /proc/cdp_neighbors' \
   --exec 'cdptool reread /proc/cdp_neighbors "cdptool send v0 --device reread-sw --port Gi0/8" | grep -E "^(@@ pass|Total cdp)"; cdptool reread /proc/cdp_neighbors_detail "cdptool send v0 --device reread-sw --port Gi0/8 --ttl 0" | grep -E "^(@@ pass|Total cdp)" | sed "s/^/DETAIL /"' \
   --exec 'echo clear > /proc/cdp_neighbors && echo cleared; grep "Total cdp" /proc/cdp_neighbors; cdptool send v0 --device late; ip link del v0; echo AFTER-DEL; cat /proc/cdp_neighbors; cat /proc/cdp_traffic'
want '^sw1 +v1 +1[0-9]{2} +S I +WS-C2960-24TT-L +Gi0/1$' 'sw1 inserted on v1'
want '^sw2 +v1 +[0-3] ' 'sw2 with a 3 s holdtime'
want '^Frames received: 4, content changes: 1$' 'refresh counted, content change counted'
want 'Aged out: 1' 'sw2 aged out with nobody reading'
want 'Neighbors inserted: 2, Deleted: 0, Aged out: 1'
count '^sw1 ' 1 'sw1 shown before TTL 0'
want 'Chksum error: 1' 'bad checksum counted'
want '^badok +uplink0 ' 'verify_checksum=0 accepts, rename shows the new name'
want 'Permission denied' 'clear needs CAP_NET_ADMIN'
want 'unprivileged rc=1'
want 'Invalid argument' 'other writes get a clear error'
want 'bogus rc=1'
want '^cleared$'
python3 - "$OUT" <<'PY' || fails=$((fails + 1))
import re, sys
t = open(sys.argv[1]).read()
ok = True
for tag, delta in (("", 1), ("DETAIL ", -1)):
    lines = [l[len(tag):] for l in t.splitlines() if l.startswith(tag) and not l.startswith("cdptool:")]
    try:
        i = lines.index("@@ pass 1")
        a = int(lines[i + 1].rsplit(":", 1)[1]); assert lines[i + 2] == "@@ pass 2"
        b = int(lines[i + 3].rsplit(":", 1)[1])
    except (ValueError, IndexError, AssertionError):
        print(f"FAIL: no re-read output {tag!r}"); ok = False; continue
    good = b == a + delta
    print(f"{'ok' if good else 'FAIL'}: {tag or 'summary '}re-read from offset 0 on the open file: footer {a} then {b} (wanted {a + delta})")
    ok &= good
sys.exit(0 if ok else 1)
PY
want 'AFTER-DEL'
input_is_sent 'every frame sent on v0, through rename and removal'
finish
