#!/usr/bin/env bash
# The CDP multicast address (01:00:0c:cc:cc:cc) is shared: a packet socket
# (lldpd's, here cdptool join) may hold it too. cdp_rs holds one reference
# per device and gives back only what it took: the other holder keeps its
# subscription across cdp_rs's load and unload. A bond whose type changes
# (a tun slave, then an Ethernet one) has its multicast list flushed each
# time; cdp_rs subscribes again once it is Ethernet.
. "$(dirname "$0")/lib.sh"
users() { echo 'awk -v d='"$1"' '"'"'$2 == d && $5 == "01000ccccccc" {print "users " d " " $3; f = 1} END {if (!f) print "users " d " 0"}'"'"' /proc/net/dev_mcast'; }
vm --no-module \
   --exec "cdptool join eth0 01:00:0c:cc:cc:cc 600 > /tmp/join.log 2>&1 & sleep 1; cat /tmp/join.log; $(users eth0) | sed 's/^/BEFORE /'" \
   --exec "insmod /cdp_rs.ko && $(users eth0) | sed 's/^/LOADED /'" \
   --exec "rmmod cdp_rs && $(users eth0) | sed 's/^/UNLOADED /'" \
   --exec "insmod /cdp_rs.ko && rmmod cdp_rs && insmod /cdp_rs.ko && rmmod cdp_rs && $(users eth0) | sed 's/^/CYCLED /'" \
   --exec "insmod /cdp_rs.ko && ip link add bt0 type bond mode active-backup && $(users bt0) | sed 's/^/BOND /'" \
   --exec "ip tuntap add tn0 mode tun && ip link set tn0 master bt0 && sed 's/^/TYPE1 /' /sys/class/net/bt0/type; $(users bt0) | sed 's/^/NONETH /'" \
   --exec "ip link set tn0 nomaster && ip link del tn0 && ip link add tv0 type veth peer name tv1 && ip link set tv1 master bt0 && sed 's/^/TYPE2 /' /sys/class/net/bt0/type; $(users bt0) | sed 's/^/BACK /'" \
   --exec "ip link del bt0; rmmod cdp_rs; $(users eth0) | sed 's/^/END /'"
want '^join: holding 01:00:0c:cc:cc:cc on eth0$'
want '^BEFORE users eth0 1$' 'the other holder alone'
want '^LOADED users eth0 2$' 'cdp_rs adds its own reference'
want '^UNLOADED users eth0 1$' 'the other holder keeps its subscription after unload'
want '^CYCLED users eth0 1$' 'and after more load/unload cycles'
want '^BOND users bt0 1$' 'a new bond is subscribed'
want '^TYPE1 65534$' 'a tun slave made the bond non-Ethernet (its multicast list flushed)'
want '^NONETH users bt0 0$' 'no subscription on a non-Ethernet device'
want '^TYPE2 1$' 'an Ethernet slave made it Ethernet again (flushed again)'
want '^BACK users bt0 1$' 'and cdp_rs subscribed again'
want '^END users eth0 1$'
finish
