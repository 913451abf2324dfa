# SPDX-License-Identifier: GPL-2.0
"""Parse cdp_rs's /proc output with ntc-templates and compare every field."""

import os
import re
import sys

import ntc_templates
import textfsm

text = open(sys.argv[1]).read()
summary = re.search(r"@@@ summary\n(.*?)@@@ detail\n", text, re.S).group(1)
detail = re.search(r"@@@ detail\n(.*?)@@@ end", text, re.S).group(1)
tdir = os.path.join(os.path.dirname(ntc_templates.__file__), "templates")


def parse(template, data):
    with open(os.path.join(tdir, template)) as f:
        fsm = textfsm.TextFSM(f)
    return [dict(zip(fsm.header, row)) for row in fsm.ParseText(data)]


# (device ID, port ID) -> expected fields.
want_summary = {
    "Switch": dict(LOCAL_INTERFACE="eth0", CAPABILITIES="S I", PLATFORM="WS-C3560G-24PS", NEIGHBOR_INTERFACE="GigabitEthernet0/5"),
    "S1": dict(LOCAL_INTERFACE="eth0", CAPABILITIES="S I", PLATFORM="WS-C3560-24TS", NEIGHBOR_INTERFACE="FastEthernet0/13"),
    "S2": dict(LOCAL_INTERFACE="eth0", CAPABILITIES="S I", PLATFORM="WS-C3560G-24PS", NEIGHBOR_INTERFACE="GigabitEthernet0/13"),
    "edge-rtr-01.example.net": dict(LOCAL_INTERFACE="eth0", CAPABILITIES="R S I", PLATFORM="ISR4331/K9", NEIGHBOR_INTERFACE="GigabitEthernet0/0/1"),
    "SEP001122334455": dict(LOCAL_INTERFACE="eth0", CAPABILITIES="H P M", PLATFORM="IP Phone\\x208841", NEIGHBOR_INTERFACE="Port 1"),
    "dc1-leaf-07(FDO21120U8N)": dict(LOCAL_INTERFACE="eth0", CAPABILITIES="R S I C", PLATFORM="N9K-C93180YC-FX", NEIGHBOR_INTERFACE="Ethernet1/17"),
    "core-sw-lab73-1": dict(LOCAL_INTERFACE="eth0", CAPABILITIES="S I", PLATFORM="WS-C2960-24TT-L", NEIGHBOR_INTERFACE="TenGigabitEthernet1/1/1"),
    "leaf-rtr-lab73-1": dict(LOCAL_INTERFACE="eth0", CAPABILITIES="S I", PLATFORM="WS-C2960-24TT-L", NEIGHBOR_INTERFACE="GigabitEthernet0/0/2"),
    "spine-sw-lab73-01": dict(LOCAL_INTERFACE="eth0", CAPABILITIES="S I", PLATFORM="WS-C2960-24TT-L", NEIGHBOR_INTERFACE="Ethernet1/49"),
}
want_detail = {
    "Switch": dict(MGMT_ADDRESS="192.168.0.1", PLATFORM="cisco WS-C3560G-24PS", CAPABILITIES="Switch IGMP", LOCAL_INTERFACE="eth0", NEIGHBOR_INTERFACE="GigabitEthernet0/5",
                   NEIGHBOR_DESCRIPTION="Cisco IOS Software, C3560 Software (C3560-ADVIPSERVICESK9-M), Version 12.2(25)SEB4, RELEASE SOFTWARE (fc1)"),
    "S1": dict(MGMT_ADDRESS="0.0.0.0", PLATFORM="cisco WS-C3560-24TS", CAPABILITIES="Switch IGMP", LOCAL_INTERFACE="eth0", NEIGHBOR_INTERFACE="FastEthernet0/13",
               NEIGHBOR_DESCRIPTION="Cisco IOS Software, C3560 Software (C3560-ADVIPSERVICESK9-M), Version 12.2(44)SE, RELEASE SOFTWARE (fc1)"),
    "S2": dict(MGMT_ADDRESS="0.0.0.0", PLATFORM="cisco WS-C3560G-24PS", CAPABILITIES="Switch IGMP", LOCAL_INTERFACE="eth0", NEIGHBOR_INTERFACE="GigabitEthernet0/13",
               NEIGHBOR_DESCRIPTION="Cisco IOS Software, C3560 Software (C3560-ADVIPSERVICESK9-M), Version 12.2(44)SE, RELEASE SOFTWARE (fc1)"),
    "edge-rtr-01.example.net": dict(MGMT_ADDRESS="198.51.100.1", PLATFORM="cisco ISR4331/K9", CAPABILITIES="Router Switch IGMP", LOCAL_INTERFACE="eth0",
                                    NEIGHBOR_INTERFACE="GigabitEthernet0/0/1", NEIGHBOR_DESCRIPTION="Cisco IOS XE Software, Version 17.09.04a"),
    "SEP001122334455": dict(MGMT_ADDRESS="10.20.30.40", PLATFORM="Cisco IP Phone 8841", CAPABILITIES="Host Phone Two-port-Mac-Relay", LOCAL_INTERFACE="eth0",
                            NEIGHBOR_INTERFACE="Port 1", NEIGHBOR_DESCRIPTION="SIP88xx.14-2-1-0001-14"),
    "dc1-leaf-07(FDO21120U8N)": dict(MGMT_ADDRESS="192.0.2.7", PLATFORM="N9K-C93180YC-FX", CAPABILITIES="Router Switch IGMP CVTA", LOCAL_INTERFACE="eth0",
                                     NEIGHBOR_INTERFACE="Ethernet1/17", NEIGHBOR_DESCRIPTION="Cisco Nexus Operating System (NX-OS) Software, Version 10.3(4a)"),
}
for _id in ("core-sw-lab73-1", "leaf-rtr-lab73-1", "spine-sw-lab73-01"):
    want_detail[_id] = dict(PLATFORM="cisco WS-C2960-24TT-L", CAPABILITIES="Switch IGMP", LOCAL_INTERFACE="eth0",
                            NEIGHBOR_INTERFACE=want_summary[_id]["NEIGHBOR_INTERFACE"])

ok = True
for name, template, want in (
    ("summary", "cisco_ios_show_cdp_neighbors.textfsm", want_summary),
    ("detail", "cisco_ios_show_cdp_neighbors_detail.textfsm", want_detail),
):
    rows = parse(template, summary if name == "summary" else detail)
    got = {r["NEIGHBOR_NAME"]: r for r in rows}
    if len(rows) != len(want) or set(got) != set(want):
        print(f"FAIL: {name}: parsed {sorted(got)} ({len(rows)} rows), wanted {sorted(want)}")
        ok = False
    for dev, fields in want.items():
        for k, v in fields.items():
            g = got.get(dev, {}).get(k)
            if g != v:
                print(f"FAIL: {name}: {dev} {k} = {g!r}, wanted {v!r}")
                ok = False
    if ok:
        print(f"ok: {name}: {len(rows)} neighbors parse field for field with {template}")
sys.exit(0 if ok else 1)
