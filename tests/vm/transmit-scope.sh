#!/usr/bin/env bash
# Who advertises, and under which name (issue 23, items 3 and 4), in one
# guest (debug kernel) loaded with tx_default=1:
# - tx_default applies to the initial namespace's interfaces that face a
#   wire only: eth0 (virtio-net, a PCI device's) advertises the host name;
#   nothing is captured behind a container's veth (the peer in another
#   namespace, the host end a port of a bridge, as container runtimes set
#   them up), on the bridge's other port (an uplink: nothing flooded), nor
#   on a tap device with its reader attached (a VM's NIC on the host), a
#   vxlan device, an ipvlan (L2) or a macvlan device;
# - a namespace other than the initial one has no identity until global-set
#   gives it one: an unprivileged user's container (unshare -Urnu, its own
#   host name) never sees the host's name by any path (/proc/net/cdp/*,
#   /proc/cdp_*, cdpctl's statistics in every format, neighbors,
#   interfaces), and its veth, set to tx explicitly (cdpctl finds it by
#   name in the container's namespace, with the host's sysfs still
#   mounted), sends nothing; after
#   `cdpctl set device-id` it advertises that name at once, and an empty
#   one withdraws it (holdtime 0) and stops it again.
# Captures are cdptool's (an AF_PACKET socket on the interface, or the tap's
# own reader), independent of cdp_rs's counters.
. "$(dirname "$0")/lib.sh"
ctr='ip() { /usr/sbin/ip "$@"; }
hostname ctr-host; echo "hostname $(hostname)"; echo "uid $(id -u)"
ip link set lo up
ip link add u0 type veth peer name u1 && ip link set u0 up && ip link set u1 up || echo "veth setup failed"
cdpctl set interface u0 tx || echo "set_admin u0 failed"
cdptool capture u1 7 | sed "s/^/unnamed /" &
sleep 2; cdpctl show interfaces | awk "NR > 1 {print \"IFACE\", \$1, \$2, \$3, (\$4 == \"yes\" ? \"transmitting\" : \"-\")}"
wait
for f in /proc/net/cdp/*; do echo "== $f"; cat $f; done
for f in /proc/cdp_neighbors /proc/cdp_neighbors_detail /proc/cdp_traffic; do echo "== $f"; cat $f; done
cdpctl show statistics; cdpctl -f json show statistics; cdpctl -f keyvalue show statistics
cdpctl show neighbors; cdpctl -f json show neighbors detail; cdpctl -f keyvalue show interfaces
cdptool capture u1 3 | sed "s/^/named /" &
sleep 0.5; cdpctl set device-id ctr-id && echo "global-set rc=0"; wait
cdpctl -f json show statistics
cdptool capture u1 2 | sed "s/^/cleared /" &
sleep 0.5; cdpctl set device-id "" && echo "global-set empty rc=0"; wait
cdpctl -f json show statistics; cdpctl show neighbors detail'
vm --module-args "tx_default=1 tx_interval=5" \
   --setup 'ip netns add c && ip netns add w &&
            ip link add br0 type bridge && ip link set br0 up &&
            ip link add h0 type veth peer name c0 netns c && ip link set h0 master br0 &&
            ip link add up0 type veth peer name w0 netns w && ip link set up0 master br0 && ip link set up0 up &&
            ip -n c link set lo up && ip -n c link set c0 up && ip -n w link set w0 up &&
            ip link add vx0 type vxlan id 42 dstport 4789 nolearning &&
            ip link add i0 type veth peer name i1 && ip link set i0 up && ip link set i1 up &&
            ip link add ipv0 link i0 type ipvlan mode l2 &&
            ip link add m0 type veth peer name m1 && ip link set m0 up && ip link set m1 up &&
            ip link add mv0 link m0 type macvlan mode bridge' \
   --exec 'for d in eth0 h0 br0 up0 vx0 ipv0 mv0; do echo "PARENT $d $([ -e /sys/class/net/$d/device ] && echo yes || echo no)"; done
           cdptool capture eth0 8 | sed "s/^/eth0 /" &
           ip netns exec c cdptool capture c0 8 | sed "s/^/c0 /" &
           ip netns exec w cdptool capture w0 8 | sed "s/^/w0 /" &
           cdptool capture h0 8 | sed "s/^/h0 /" &
           cdptool tap tap0 8 | sed "s/^/tap /" &
           for d in vx0 ipv0 mv0; do cdptool capture $d 8 | sed "s/^/$d /" & done
           # The devices come up while every capture listens: a device that
           # transmits advertises at once when it comes up.
           sleep 1; for d in h0 vx0 ipv0 mv0; do ip link set $d up; done
           sleep 4; cdpctl show interfaces | awk "NR > 1 {print \"IFACE\", \$1, \$2, \$3, (\$4 == \"yes\" ? \"transmitting\" : \"-\")}"
           wait
           echo "INIT $(cdpctl -f json show statistics)"
           echo "NS-C $(ip netns exec c cdpctl -f json show statistics)"
           cat /proc/cdp_traffic' \
   --exec 'echo 1 > /proc/sys/kernel/unprivileged_userns_clone 2>/dev/null
           cat > /tmp/ctr.sh <<"EOF"
'"$ctr"'
EOF
           chmod 644 /tmp/ctr.sh; su nobody -s /bin/sh -c "unshare -Urnu sh /tmp/ctr.sh 2>&1" | sed "s/^/CTR /"
           echo "host name after: $(hostname)"'
want '^PARENT eth0 yes$' 'eth0 has a parent bus device (PCI)'
want '^PARENT h0 no$' 'a veth has none'
want '^eth0 capture: eth0 device-id=cdp-vm holdtime=180$' 'eth0 (a NIC) advertises the host name by default'
want '^c0 capture: c0 0 CDP frames$' "nothing captured behind the container's veth"
want '^h0 capture: h0 0 CDP frames$' "nothing on the host end of the container's veth (a bridge port)"
want '^w0 capture: w0 0 CDP frames$' "nothing flooded to the bridge's other port"
want '^tap tap: tap0 0 CDP frames$' 'nothing on a tap with its reader attached'
want '^tap tap: tap0 up, reader attached$' 'the tap had its reader'
want '^vx0 capture: vx0 0 CDP frames$' 'nothing on a vxlan device'
want '^ipv0 capture: ipv0 0 CDP frames$' 'nothing on an ipvlan (L2) device'
want '^mv0 capture: mv0 0 CDP frames$' 'nothing on a macvlan device'
want '^IFACE eth0 rx-tx default transmitting$' 'eth0: rx-tx by default, transmitting'
want '^eth0( +[0-9]+){15} +rx-tx$' "/proc/cdp_traffic's Admin column: eth0 rx-tx by default"
want '^IFACE h0 rx default -$' 'a veth: rx by default'
want '^IFACE br0 rx default -$' 'a bridge: rx by default'
want '^IFACE tap0 rx default -$' 'a tap: rx by default'
want '^IFACE vx0 rx default -$' 'vxlan: rx by default'
want '^IFACE ipv0 rx default -$' 'ipvlan: rx by default'
want '^IFACE mv0 rx default -$' 'macvlan: rx by default'
want '^INIT \{.*"device-id": "cdp-vm"' 'the initial namespace advertises the host name'
want '^NS-C \{"stats"' "another namespace's statistics"
wantnot '^NS-C .*device-id' 'another namespace without its own has no Device ID'
want '^CTR hostname ctr-host$' 'the container has its own host name'
want '^CTR uid 0$' 'root in its own user namespace (an unprivileged user outside)'
want '^CTR IFACE u0 tx own -$' 'u0 set to tx, not transmitting (no identity)'
want '^CTR unnamed capture: u1 0 CDP frames$' 'nothing sent before global-set'
want '^CTR == /proc/net/cdp/traffic$' "the container's /proc/net/cdp was read"
want '^CTR Neighbors: .*Device ID advertised: none' 'plain statistics: no Device ID'
want '^CTR global-set rc=0$' 'the container sets its own Device ID'
want '^CTR named capture: u1 device-id=ctr-id holdtime=180$' 'then it advertises that name'
want '^CTR \{"stats".*"device-id": "ctr-id"' 'and stats-get shows it'
want '^CTR cleared capture: u1 device-id=ctr-id holdtime=0$' 'an empty Device ID withdraws it (holdtime 0)'
want '^CTR cleared capture: u1 1 CDP frames$' 'and stops it'
count '^CTR \{"stats".*"device-id"' 1 'statistics with a Device ID (only while it was set)'
count '^CTR \{"stats"' 3 'statistics read in the container'
wantnot '^CTR cdp\.device-id' 'keyvalue statistics: no Device ID'
wantnot '^CTR .*cdp-vm' "the host's name, by any path in the container"
wantnot 'device-id=ctr-host' "the container's own UTS name (not an identity it was given)"
want '^host name after: cdp-vm$' "the host's name is untouched"
wantnot '^(CTR )?(veth setup|set_admin u0) failed$' 'failed set-up steps'
finish
