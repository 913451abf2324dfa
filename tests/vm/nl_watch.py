#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""ynl-watch STOPFILE: subscribe to the cdp family's monitor group with the
kernel's YNL library (tools/net/ynl/lib), print "@@WATCHING" once
subscribed, collect events until STOPFILE exists, then print them as one
JSON list (as `cli.py --subscribe monitor --output-json` prints them, with
no fixed sleep). Run in the guest by tests/vm/netlink.sh."""
import json
import os
import select
import sys

from lib import YnlFamily

spec, stop = sys.argv[1], sys.argv[2]
ynl = YnlFamily(spec, "")
ynl.ntf_subscribe("monitor")
print("@@WATCHING", flush=True)
while not os.path.exists(stop):
    select.select([ynl.sock], [], [], 0.2)
    ynl.check_ntf()
ynl.check_ntf()
print(json.dumps(ynl.async_msg_queue, default=lambda o: o.hex() if isinstance(o, bytes)
                 else list(o)))
