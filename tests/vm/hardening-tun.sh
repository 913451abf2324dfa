#!/usr/bin/env bash
# A tun device in IFF_TUN mode with packet information hands an 802.2 frame
# with no MAC header (protocol 0x0004 in the packet information) to every
# ETH_P_802_2 handler. Any user can do that inside their own user and
# network namespace. cdp_rs must not take the frame as CDP: it has no
# Ethernet header, so there is no 802.3 length to read and no source MAC.
# The frame is counted as refused (header syntax), for that reason (not
# because uninitialised headroom happened to hold a bad 802.3 length), and
# no neighbor appears.
. "$(dirname "$0")/lib.sh"
vm --module-args 'log_rejects=1' \
   --exec 'echo 1 > /proc/sys/kernel/unprivileged_userns_clone 2>/dev/null; chmod 666 /dev/net/tun; ls -l /dev/net/tun' \
   --exec 'cat > /tmp/tun.sh <<"EOF"
cdptool tun-send t0 && echo TUN-SENT || exit 1
# The write can return before the frame is received (softirq work deferred
# to ksoftirqd on a busy host): wait for it to be counted, then read.
t=0; until grep -q "Hdr syntax: [1-9]" /proc/cdp_traffic || [ $t -ge 50 ]; do sleep 0.1; t=$((t + 1)); done
grep -m1 Input: /proc/cdp_traffic && grep -E "Hdr syntax|^ *t0 " /proc/cdp_traffic; cat /proc/cdp_neighbors
EOF
           chmod 644 /tmp/tun.sh; su nobody -s /bin/sh -c "id -u; unshare -Urn sh /tmp/tun.sh"; dmesg | grep "refused a CDP frame"'
want '^65534$' 'run as an unprivileged user'
want '^tun-send: wrote [0-9]+ bytes on t0$' 'the unprivileged user sent the frame through its own tun device'
want '^TUN-SENT$'
want 'Total packets output: 0, Input: 1$' 'the frame is counted once'
want 'Hdr syntax: 1,' 'refused: no Ethernet header'
want 'Total cdp entries displayed : 0' 'no neighbor appears'
want 'refused a CDP frame on t0: no Ethernet header' 'refused for having no Ethernet header, not for whatever the headroom held'
wantnot 'tun-forged' 'the forged neighbor'
finish
