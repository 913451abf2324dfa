#!/usr/bin/env bash
# The cdpctl package in a Debian userland, under systemd, with Debian's own
# services: the guest boots Debian's unmodified 7.x kernel with the trixie
# system (scripts/debian-root) as its root file system (read-only, a tmpfs
# over it) and systemd as init, with the cdpctl .deb of this tree, snmpd,
# snmp and prometheus-node-exporter installed by apt (scripts/vm
# --debian-root). Checked, as a user would have it:
# - the package's cdpctl-metrics.timer ships disabled; Debian's snmpd and
#   prometheus-node-exporter run (their own units, their own configuration);
# - `systemctl enable --now cdpctl-metrics.timer`: the service runs
#   (Result=success) and node_exporter, with Debian's default textfile
#   directory, serves the neighbors (the tcpdump capture's 3560 and a
#   hostile device ID) with no scrape error;
# - Debian's snmpd, with only the package's snippet added to its default
#   configuration (whose `public` community sees the systemonly view),
#   answers snmpwalk on cdpCacheTable through `cdpctl snmp` running as
#   Debian-snmp (the snippet adds CISCO-CDP-MIB to that view), and snmptable (with the numeric OID and the test MIB)
#   prints the rows;
# - Debian's python3 reads `cdpctl -f json0 show neighbors details` with a
#   script written against lldpd's json0;
# - every frame arrived and was counted once: the runner proves the NIC
#   received the 3 replayed frames, and Input is those and the 1 sent.
. "$(dirname "$0")/lib.sh"
snmp='-v2c -c public -On localhost'
vm --kernel "${CDP_VM_KERNEL:-trixie}" --debian-root --pcap "$ROOT/tests/data/3560_CDP.pcap" \
   --exec 'echo "timer shipped: $(systemctl is-enabled cdpctl-metrics.timer)"
           echo "services: snmpd $(systemctl is-active snmpd) node-exporter $(systemctl is-active prometheus-node-exporter)"
           ip link add v0 type veth peer name v1 && ip link set v0 up && ip link set v1 up
           cdptool send v0 --device "$(printf "evil\"dev\\\\x\nnext} {")" --port "P\"1"
           systemctl enable --now cdpctl-metrics.timer 2>&1
           prom=/var/lib/prometheus/node-exporter/cdp_rs.prom
           t=0; until [ -s $prom ] || [ $t -ge 300 ]; do sleep 0.1; t=$((t + 1)); done
           systemctl show cdpctl-metrics.service -p Result -p ExecMainStatus
           echo "@@SCRAPE"; python3 -c "import urllib.request; print(urllib.request.urlopen(\"http://127.0.0.1:9100/metrics\").read().decode())" |
             grep -E "^(cdp_neighbor_info|node_textfile_scrape_error)"; echo "@@SCRAPE-END"
           # systemd says snmpd is active once started, not once listening.
           for i in $(seq 50); do snmpwalk '"$snmp"' .1.3.6.1.2.1.1.3 > /dev/null 2>&1 && break; sleep 0.2; done
           echo "@@WALK"; snmpwalk '"$snmp"' .1.3.6.1.4.1.9.9.23.1.2.1.1.6; echo "@@WALK-END rc=$?"
           echo "@@TABLE"; snmptable -v2c -c public -M /vm/data/mibs -m CDP-RS-TEST-MIB -Ci -Cf "|" localhost .1.3.6.1.4.1.9.9.23.1.2.1
           echo "@@TABLE-END rc=$?"
           for p in /proc/[0-9]*; do
             [ "$(tr "\0" " " < $p/cmdline 2>/dev/null)" = "/usr/sbin/cdpctl snmp " ] && echo "pass_persist handler runs as $(stat -c %U $p)"
           done
           cdpctl -f json0 show neighbors details | python3 -c "
import json, sys
doc = json.load(sys.stdin)
for iface in doc[\"lldp\"][0][\"interface\"]:
    ch = iface[\"chassis\"][0]
    print(\"LLDPD-SCRIPT\", iface[\"name\"], iface[\"via\"], ch[\"name\"][0][\"value\"].replace(chr(10), \"\\\\n\"),
          iface[\"port\"][0][\"id\"][0][\"value\"])"
           grep -m1 Input: /proc/cdp_traffic'
replay_complete 3
want 'Total packets output: 0, Input: 4$' 'the 3 replayed frames and the 1 sent, each counted once'
want '^timer shipped: disabled$' 'cdpctl-metrics.timer ships disabled'
want '^services: snmpd active node-exporter active$' "Debian's snmpd and prometheus-node-exporter run under systemd"
want '^Result=success$' 'cdpctl-metrics.service ran from the timer'
want '^ExecMainStatus=0$'
want '^node_textfile_scrape_error 0$' 'node_exporter read the textfile without error'
want '^cdp_neighbor_info\{device_id="Switch",interface="ens3",mgmt_address="192.168.0.1",native_vlan="1",platform="cisco WS-C3560G-24PS",port_id="GigabitEthernet0/5"\} 1$' \
  'node_exporter serves the 3560 neighbor (Debian names the NIC ens3)'
want '^cdp_neighbor_info\{device_id="evil\\"dev\\\\x\\nnext\} \{",interface="v1",.*port_id="P\\"1"\} 1$' \
  'and the hostile device ID, escaped'
want '^@@WALK-END rc=0$' 'snmpwalk through Debian snmpd'"'"'s default configuration and the package'"'"'s snippet'
want '^\.1\.3\.6\.1\.4\.1\.9\.9\.23\.1\.2\.1\.1\.6\.[0-9]+\.[0-9]+ = STRING: "Switch"$' 'cdpCacheDeviceId of the 3560'
want '^\.1\.3\.6\.1\.4\.1\.9\.9\.23\.1\.2\.1\.1\.6\.[0-9]+\.[0-9]+ = (Hex-STRING: 65 76 69 6C|STRING: "evil)' 'and of the hostile neighbor'
want '^@@TABLE-END rc=0$' 'snmptable'
want '^[0-9]+\.[0-9]+\|ip\|.*\|Switch\|GigabitEthernet0/5\|cisco WS-C3560G-24PS\|' 'snmptable prints the 3560 row'
want '^pass_persist handler runs as Debian-snmp$' "cdpctl snmp runs as snmpd's unprivileged user"
want '^LLDPD-SCRIPT ens3 CDPv2 Switch GigabitEthernet0/5$' "a script written against lldpd's json0 reads cdpctl's (Debian's python3)"
want '^LLDPD-SCRIPT v1 CDPv2 evil"dev\\x\\nnext\} \{ P"1$' 'the hostile neighbor too'
finish
