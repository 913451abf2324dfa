# SPDX-License-Identifier: GPL-2.0
"""Check the counter conservation law on every /proc/cdp_traffic dump in a
VM test's output: Input == V1 + V2 + every refusal reason, globally and per
interface. Prints the figures; exits 1 on a violation."""

import re
import sys

text = open(sys.argv[1]).read()
ok = True
dumps = re.findall(r"CDP counters :\n(.*?)\nInterface[^\n]*\n((?:\S+ +\d+[^\n]*\n)*)", text, re.S)
if not dumps:
    print("FAIL: no /proc/cdp_traffic dump found")
    sys.exit(1)
for head, rows in dumps:
    n = {k: int(v) for k, v in re.findall(r"([A-Za-z][A-Za-z0-9 ]*?): (\d+)", head.replace("\n", ","))}
    g_in = int(re.search(r"Input: (\d+)", head).group(1))
    v1 = int(re.search(r"version 1 advertisements output: \d+, Input: (\d+)", head).group(1))
    v2 = int(re.search(r"version 2 advertisements output: \d+, Input: (\d+)", head).group(1))
    refused = sum(int(re.search(p, head).group(1)) for p in (
        r"Hdr syntax: (\d+)", r"Chksum error: (\d+)", r"No memory: (\d+)",
        r"Invalid packet: (\d+)", r"Neighbors over maximum: (\d+)",
        r"Dropped, receive disabled: (\d+)"))
    good = g_in == v1 + v2 + refused
    print(f"{'ok' if good else 'FAIL'}: input {g_in} = v1 {v1} + v2 {v2} + refused {refused}")
    ok &= good
    for row in rows.strip().splitlines():
        c = row.split()
        name, vals = c[0], list(map(int, c[1:16]))
        # Input Output HdrSyntax Chksum Invalid NoMemory OverMax V1 V2
        # UnknownTLV Inserted Deleted AgedOut Disabled EncapsFail, then
        # the admin status
        good = vals[0] == vals[7] + vals[8] + sum(vals[2:7]) + vals[13]
        if not good:
            print(f"FAIL: {name}: {vals}")
        ok &= good
sys.exit(0 if ok else 1)
