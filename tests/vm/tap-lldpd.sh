#!/usr/bin/env bash
# A live, independent peer: lldpd on the host speaks CDPv1 and CDPv2 on a tap
# device that is the guest's NIC (scripts/vm --tap). cdp_rs must learn the
# host as a neighbor, with lldpd's device ID, port and platform.
. "$(dirname "$0")/lib.sh"
tap=cdptap$$
run=$(mktemp -d)
chmod 755 "$run"  # lldpd drops privileges and must reach its socket
cleanup() {
  [ -f "$run/pid" ] && kill "$(cat "$run/pid")" 2>/dev/null
  ip link del "$tap" 2>/dev/null
  rm -rf "$run" "$OUT"
}
trap cleanup EXIT
ip tuntap add "$tap" mode tap || { echo "FAIL: cannot create a tap device"; exit 1; }
ip link set "$tap" up
echo "configure lldp tx-interval 1" > "$run/lldpd.conf"
# -ccc: CDPv1 and CDPv2 even with no CDP peer seen; only on our tap.
lldpd -d -ccc -I "$tap" -u "$run/lldpd.sock" -O "$run/lldpd.conf" > "$run/lldpd.log" 2>&1 &
echo $! > "$run/pid"
host=$(hostname)
vm --tap "$tap" \
   --exec 'for i in $(seq 90); do grep -q "Total cdp entries displayed : [1-9]" /proc/cdp_neighbors && break; sleep 1; done; sleep 2; cat /proc/cdp_neighbors; cat /proc/cdp_neighbors_detail; cat /proc/cdp_traffic'
want "^Device ID: ${host}" "lldpd's device ID (the host name, ${host})"
want "Port ID \\(outgoing port\\): ${tap}" 'the port lldpd sends on'
want '^Platform: Linux' "lldpd's platform"
want 'CDP version [12] advertisements output: 0, Input: [1-9]' 'advertisements received'
want 'Chksum error: 0' 'lldpd checksums verify'
grep -q . "$run/lldpd.log" && sed 's/^/lldpd: /' "$run/lldpd.log" | tail -5
finish
