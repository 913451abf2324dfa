#!/usr/bin/env bash
# VLANs, bonds and bridges: the local interface shown is the physical port
# the frame came in on, the bond/bridge/VLAN device is shown beside it, and
# the VLAN of tagged frames is recorded. A plain bridge port's frame is
# found at the bridge, its port in the bridge's forwarding database (no
# handler on the port), also on a VLAN-filtering bridge (where the kernel
# has them: Debian's, not the test kernels; a VLAN device on one looks the
# port up in its own VLAN); a bond as a bridge
# port has a tap, which sees the slave; a port that does not learn shows its
# neighbors on the bridge. An active-backup bond's inactive
# slave, whose frames the bond keeps from its upper device, is seen too. A
# tagged frame for a VLAN with no VLAN device gets its VLAN from a tap added
# on demand.
. "$(dirname "$0")/lib.sh"
vm --bin /usr/sbin/bridge --exec 'for p in a b c d e f g h i j k l m n o p q; do ip link add ${p}0 type veth peer name ${p}1 || exit 1; ip link set ${p}0 up; done' \
   --exec 'ip link set a1 up; ip link add link a1 name a1.100 type vlan id 100 && ip link set a1.100 up && cdptool send a0 --device vlan-sw --port Gi0/100 --vlan 100' \
   --exec 'ip link add bnd0 type bond mode balance-rr && ip link set b1 master bnd0 && ip link set c1 master bnd0 && ip link set bnd0 up && cdptool send b0 --device bond-sw --port Gi1/0/1 && cdptool send c0 --device bond-sw --port Gi2/0/1' \
   --exec 'ip link add br0 type bridge && ip link set d1 master br0 && ip link set d1 up && ip link set br0 up && cdptool send d0 --device bridge-sw --port Te1/1/1 --vlan 20 && sed -n "/^Device ID: bridge-sw/,/^Frames received/p" /proc/cdp_neighbors_detail | grep "^VLAN" | sed "s/^/BRFIRST /"; sleep 1; cdptool send d0 --device bridge-sw --port Te1/1/1 --vlan 20' \
   --exec 'ip link add bnd3 type bond mode active-backup && ip link set m1 master bnd3 && ip link set bnd3 up && ip link add br2 type bridge && ip link set br2 up && ip link set bnd3 master br2 && cdptool send m0 --src 02:00:00:00:0e:01 --device brbond-sw --port Gi8/0/1 && sed -n "/^Device ID: brbond-sw/,/^Frames received/p" /proc/cdp_neighbors_detail | grep -E "^Interface|^Upper" | sed "s/^/BRBOND /"' \
   --exec 'if ip link add br4 type bridge vlan_filtering 1 2>/dev/null; then ip link set br4 up && ip link set o1 master br4 && ip link set o1 up && cdptool send o0 --src 02:00:00:00:10:01 --device vfilter-sw --port Gi10/0/1; else echo "VFILTER unsupported by this kernel"; fi' \
   --exec 'if ip link add br5 type bridge vlan_filtering 1 2>/dev/null; then ip link set br5 up && ip link set p1 master br5 && ip link set p1 up && /usr/sbin/bridge vlan add vid 300 dev p1 && /usr/sbin/bridge vlan add vid 300 dev br5 self && ip link add link br5 name br5.300 type vlan id 300 && ip link set br5.300 up && cdptool send p0 --src 02:00:00:00:11:01 --device vfvlan-sw --port Gi11/0/1 --vlan 300 && sed -n "/^Device ID: vfvlan-sw/,/^Frames received/p" /proc/cdp_neighbors_detail | grep -E "^Interface|^VLAN|^Upper" | sed "s/^/VFVLAN /"; fi' \
   --exec 'ip link add bnd4 type bond mode active-backup && ip link set q1 master bnd4 && ip link set bnd4 up && ip link add br6 type bridge && ip link set br6 up && ip link set bnd4 master br6 && ip link set bnd4 type bridge_slave learning off && cdptool send q0 --src 02:00:00:00:12:01 --device nolearnbond-sw --port Gi12/0/1 && sed -n "/^Device ID: nolearnbond-sw/,/^Frames received/p" /proc/cdp_neighbors_detail | grep -E "^Interface|^Upper|^Frames" | sed "s/^/NLBOND /"; echo "NLBOND entries $(grep -c "^nolearnbond-sw" /proc/cdp_neighbors)"' \
   --exec 'ip link add br3 type bridge && ip link set br3 up && ip link set n1 master br3 && ip link set n1 type bridge_slave learning off && ip link set n1 up && cdptool send n0 --src 02:00:00:00:0f:01 --device nolearn-sw --port Gi9/0/1 && sed -n "/^Device ID: nolearn-sw/,/^Frames received/p" /proc/cdp_neighbors_detail | grep -E "^Interface|^Upper" | sed "s/^/NOLEARN /"' \
   --exec 'ip link set e1 up; cdptool send e0 --device plain-sw --port Gi0/9' \
   --exec 'ip link add bnd1 type bond mode active-backup && ip link set f1 master bnd1 && ip link set g1 master bnd1 && ip link set bnd1 up && cat /sys/class/net/bnd1/bonding/active_slave && cdptool send f0 --device ab-sw --port Gi1/0/7 && cdptool send g0 --device ab-sw --port Gi2/0/7' \
   --exec 'ip link set h1 up; cdptool send h0 --device trunk-sw --port Gi3/0/1 --vlan 30 && sed -n "/^Device ID: trunk-sw/,/^Frames received/p" /proc/cdp_neighbors_detail | grep "^VLAN" | sed "s/^/FIRST /"' \
   --exec 'sleep 1; cdptool send h0 --device trunk-sw --port Gi3/0/1 --vlan 30 && sed -n "/^Device ID: trunk-sw/,/^Frames received/p" /proc/cdp_neighbors_detail | grep "^VLAN" | sed "s/^/SECOND /"' \
   --exec 'cdptool send h0 --device trunk-sw --port Gi3/0/1 && sed -n "/^Device ID: trunk-sw/,/^Frames received/p" /proc/cdp_neighbors_detail | grep "^VLAN" | sed "s/^/UNTAGGED /"' \
   --exec 'ip link add link h1 name h1.30 type vlan id 30 && ip link set h1.30 up && cdptool send h0 --device trunk-sw --port Gi3/0/1 --vlan 30 && sed -n "/^Device ID: trunk-sw/,/^Frames received/p" /proc/cdp_neighbors_detail | grep -E "^VLAN|^Upper|^Frames" | sed "s/^/VLANDEV /"' \
   --exec 'grep -E "^ *(h1|Total|CDP)" /proc/cdp_traffic | sed "s/^/TRAFFIC /"' \
   --exec 'ip link add bnd2 type bond mode active-backup && ip link set i1 master bnd2 && ip link set j1 master bnd2 && ip link set bnd2 up && for x in i:Gi4/0/1 j:Gi5/0/1; do cdptool send ${x%%:*}0 --device bond-trunk --port ${x#*:} --vlan 40; done; sleep 1; for x in i:Gi4/0/1 j:Gi5/0/1; do cdptool send ${x%%:*}0 --device bond-trunk --port ${x#*:} --vlan 40; done; sed -n "/^Device ID: bond-trunk/,/^Frames received/p" /proc/cdp_neighbors_detail | grep -E "^Interface|^VLAN|^Upper|^Frames" | sed "s/^/BONDTRUNK /"' \
   --exec 'ip link add link bnd2 name bnd2.40 type vlan id 40 && ip link set bnd2.40 up && for x in i:Gi4/0/1 j:Gi5/0/1; do cdptool send ${x%%:*}0 --device bond-trunk --port ${x#*:} --vlan 40; done; sed -n "/^Device ID: bond-trunk/,/^Frames received/p" /proc/cdp_neighbors_detail | grep -E "^Interface|^VLAN|^Upper|^Frames" | sed "s/^/BONDVLANDEV /"' \
   --exec 'ip link add br1 type bridge && ip link set k1 master br1 && ip link set k1 up && ip link set br1 up && ip link add link k1 name k1.100 type vlan id 100 && ip link set k1.100 up && cdptool send k0 --device brvlan-sw --port Gi6/0/1 --vlan 100 && sed -n "/^Device ID: brvlan-sw/,/^Frames received/p" /proc/cdp_neighbors_detail | grep -E "^Interface|^VLAN|^Frames" | sed "s/^/BRVLAN /"' \
   --exec 'ip link set l1 up && ip link add link l1 name l1.200 type vlan id 200 reorder_hdr off && ip link set l1.200 up && cdptool send l0 --device reorder-sw --port Gi7/0/1 --vlan 200 && sed -n "/^Device ID: reorder-sw/,/^Frames received/p" /proc/cdp_neighbors_detail | grep -E "^Interface|^VLAN|^Upper|^Frames" | sed "s/^/REORDER /"' \
   --exec 'cat /proc/cdp_neighbors; cat /proc/cdp_neighbors_detail' \
   --exec 'ip link set d1 nomaster && cdptool send d0 --device after-unbridge --port Te1/1/2 && grep "^after-unbridge" /proc/cdp_neighbors' \
   --exec 'cat /proc/cdp_traffic'
want '^vlan-sw +a1 ' 'VLAN device: the physical port'
want '^bond-sw +b1 .* Gi1/0/1$' 'bond slave b1'
want '^bond-sw +c1 .* Gi2/0/1$' 'bond slave c1'
want '^bridge-sw +d1 ' 'bridge port d1 (from the bridge forwarding database), not br0'
want '^BRFIRST VLAN: tagged, ID not known yet$' 'a tag with no VLAN device on a bridge port: the first frame'
want '^BRBOND Interface: m1,' 'a bond as a bridge port: the physical port below it (its tap)'
want '^BRBOND Upper interface: bnd3$' 'a bond as a bridge port: the bond beside it'
want '^NOLEARN Interface: br3,' 'a bridge port that does not learn: shown on the bridge'
# Before issue 23 the bridge's handler, finding no entry, took the frame a
# second time, on br6.
want '^NLBOND Interface: q1,' 'a bond as a bridge port that does not learn: its tap takes the frame'
want '^NLBOND entries 1$' 'a bond as a bridge port that does not learn: one neighbor, not a second on the bridge'
want '^NLBOND Frames received: 1,' 'a bond as a bridge port that does not learn: the frame counted once'
# VLAN-filtering bridges: Debian's kernels have them, the test kernels not.
entries=17
if grep -q '^VFILTER unsupported' "$OUT"; then
  echo "note: no VLAN-filtering bridges in this kernel: those cases not run here"; entries=15
else
  want '^vfilter-sw +o1 ' 'a VLAN-filtering bridge (untagged on the way up): found in VLAN 1, the default PVID'
  # Before issue 23 the lookup used VLANs 0 and 1, not the VLAN device's
  # own: the neighbor was shown on br5.
  want '^VFVLAN Interface: p1,' 'a VLAN device on a VLAN-filtering bridge: the port, found in its VLAN (300)'
  want '^VFVLAN VLAN: 300$' 'a VLAN device on a VLAN-filtering bridge: VLAN 300'
fi
want '^plain-sw +e1 ' 'plain veth'
want '^BRVLAN VLAN: 100$' 'a VLAN device on a bridge port: VLAN 100'
want '^BRVLAN Frames received: 1,' 'a VLAN device on a bridge port: the frame counted once'
want '^REORDER Upper interface: l1.200$' 'a VLAN device with reorder_hdr off: the frame is taken'
want '^REORDER VLAN: 200$' 'a VLAN device with reorder_hdr off: VLAN 200'
want '^FIRST VLAN: tagged, ID not known yet$' 'a tag with no VLAN device: the first frame (the stack strips the tag)'
want '^SECOND VLAN: 30$' 'then the VLAN tap added for h1 reads it'
want '^UNTAGGED VLAN: untagged$' 'an untagged frame on the tapped device'
want '^VLANDEV VLAN: 30$' 'with a VLAN device added: VLAN 30'
want '^VLANDEV Upper interface: h1.30$' 'with a VLAN device added: h1.30 beside h1'
want '^VLANDEV Frames received: 4, content changes: 0$' 'each frame counted once'
want '^TRAFFIC h1 +4 +0 +0 +0 +0 +0 +0 +0 +4 ' 'h1: 4 frames in, 4 accepted'
want '^BONDTRUNK Interface: i1,' 'tagged, no VLAN device, on a bond: the active slave'
want '^BONDTRUNK Interface: j1,' 'tagged, no VLAN device, on a bond: the inactive slave'
count '^BONDTRUNK Upper interface: bnd2$' 2 'tagged, no VLAN device, on a bond: the bond beside both'
count '^BONDTRUNK VLAN: 40$' 2 'tagged, no VLAN device, on a bond: VLAN 40 from the taps on both slaves'
count '^BONDTRUNK Frames received: 2,' 2 'tagged, no VLAN device, on a bond: each frame counted once'
want '^BONDVLANDEV Upper interface: bnd2.40$' 'a VLAN device on the bond: the active slave through it'
count '^BONDVLANDEV VLAN: 40$' 2 'a VLAN device on the bond: VLAN 40 on both slaves'
count '^BONDVLANDEV Frames received: 3,' 2 'a VLAN device on the bond, taps on the slaves: each frame counted once'
want '^f1$' 'f1 is the active slave of bnd1'
want '^ab-sw +f1 .* Gi1/0/7$' 'active-backup bond: the active slave f1'
want '^ab-sw +g1 .* Gi2/0/7$' 'active-backup bond: the inactive slave g1 too'
want '^after-unbridge +d1 ' 'a former bridge port still receives'
count '^Upper interface: a1.100$' 1 'the VLAN device beside a1'
count '^Upper interface: bnd0$' 2 'bnd0 beside both slaves'
count '^Upper interface: bnd1$' 2 'bnd1 beside its active and inactive slaves'
count '^Upper interface: br0$' 1 'br0 beside d1'
count '^VLAN: 100$' 2 'VLAN 100 from the VLAN devices (a1.100, k1.100)'
count '^VLAN: 20$' 1 'VLAN 20 from the tag on a bridge port (no VLAN device), read by the tap added then'
want "Total cdp entries displayed : $entries"
input_is_sent 'each frame taken exactly once, whichever handler'
finish
