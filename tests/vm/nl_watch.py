#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""ynl-watch STOPFILE [--stall] [--done FILE]: subscribe to the cdp family's monitor group
with the kernel's YNL library (tools/net/ynl/lib), print "@@WATCHING" once
subscribed, collect events until STOPFILE exists, then print them as one
JSON list (what `cli.py --subscribe monitor --output-json` prints, without
its fixed sleep). Run in the guest by the VM tests.

With --stall, the listener falls behind on purpose: a small receive buffer,
nothing read until STOPFILE exists. Then it reads, reports the overrun the
kernel signals ("@@OVERRUN ENOBUFS"), and counts what was still queued.

With --done FILE, FILE is created once everything is printed (for a
command other than the one that started the watcher)."""
import errno
import json
import os
import select
import socket
import sys
import time

from lib import YnlFamily

spec, stop = sys.argv[1], sys.argv[2]
stall = "--stall" in sys.argv[3:]
done = sys.argv[sys.argv.index("--done") + 1] if "--done" in sys.argv else None
ynl = YnlFamily(spec, "")
ynl.ntf_subscribe("monitor")
if stall:
    ynl.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
else:
    # Room for bursts while this Python, on a slow guest, catches up (as
    # root: beyond rmem_max). Overruns still fail the run.
    ynl.sock.setsockopt(socket.SOL_SOCKET, 33, 8 << 20)  # SO_RCVBUFFORCE
print("@@WATCHING", flush=True)
while not os.path.exists(stop):
    if stall:
        time.sleep(0.2)
        continue
    select.select([ynl.sock], [], [], 0.2)
    ynl.check_ntf()
if stall:
    try:
        ynl.check_ntf()
        print("@@NO-OVERRUN")
    except OSError as e:
        print("@@OVERRUN", errno.errorcode.get(e.errno, e.errno))
ynl.check_ntf()
print(json.dumps(ynl.async_msg_queue, default=lambda o: o.hex() if isinstance(o, bytes)
                 else list(o)), flush=True)
if done:
    open(done, "w").close()
