#!/usr/bin/env bash
# One table per network namespace: two namespaces with veth pairs each see
# only their own neighbors, and the initial namespace sees neither. A VLAN
# device in one namespace on a device in another, both with the same
# ifindex, is still shown as the upper interface (devices are compared, not
# indexes).
# (The VLAN device in qn takes ifindex 3 from the allocator: bridges occupy
# 4, and 2 where the kernel has not already put a device of its own there,
# as 6.12's test kernel does and Debian's 7.x does not.)
. "$(dirname "$0")/lib.sh"
vm --exec 'ip netns add red && ip netns add blue' \
   --exec 'ip link add r0 type veth peer name r1 netns red && ip link add b0 type veth peer name b1 netns blue && ip link set r0 up && ip link set b0 up && ip -n red link set r1 up && ip -n blue link set b1 up' \
   --exec 'cdptool send r0 --device red-sw --port Gi0/1 && cdptool send b0 --device blue-sw --port Gi0/2 && cdptool send b0 --device blue-sw2 --port Gi0/3' \
   --exec 'echo "== red"; ip netns exec red cat /proc/cdp_neighbors; echo "== blue"; ip netns exec blue cat /proc/cdp_neighbors; echo "== init"; cat /proc/cdp_neighbors' \
   --exec 'ip netns exec blue cat /proc/cdp_traffic | grep "Input:" | head -1; ip netns exec red cat /proc/cdp_traffic | head -3; ip netns exec red grep -m1 "Input:" /proc/cdp_traffic | sed "s/^ */red: /"; grep -m1 "Input:" /proc/cdp_traffic | sed "s/^ */init: /"' \
   --exec 'ip netns del blue; sleep 1; ip netns exec red grep -c "^red-sw" /proc/cdp_neighbors' \
   --exec 'ip netns add rn && ip netns add qn && ip -n rn link add q0 index 3 type veth peer name q1 netns 1 && ip -n qn link add occ index 4 type bridge && { ip -n qn link add occ2 index 2 type bridge 2>/dev/null || true; } && ip -n qn link add link if3 name q0.5 link-netns rn type vlan id 5 && echo "XNS q0 $(ip netns exec rn cat /sys/class/net/q0/ifindex) q0.5 $(ip netns exec qn cat /sys/class/net/q0.5/ifindex)" && ip -n rn link set q0 up && ip -n qn link set q0.5 up && ip link set q1 up && cdptool send q1 --device xns-sw --port Gi0/5 --vlan 5 && ip netns exec rn sed -n "/^Device ID: xns-sw/,/^Frames received/p" /proc/cdp_neighbors_detail | grep -E "^(Interface|Upper|VLAN)" | sed "s/^/XNS /"'
python3 - "$OUT" <<'PY' || fails=$((fails + 1))
import re, sys
text = open(sys.argv[1]).read()
sec = dict(re.findall(r"== (\w+)\n(.*?)(?=\n== |\n\$ |\Z)", text, re.S))
ok = True
def check(name, want, notwant):
    global ok
    s = sec.get(name, "")
    for w in want:
        if not re.search(rf"^{w} ", s, re.M):
            print(f"FAIL: {name} lacks {w}"); ok = False
    for w in notwant:
        if re.search(rf"^{w} ", s, re.M):
            print(f"FAIL: {name} sees {w}"); ok = False
check("red", ["red-sw"], ["blue-sw", "blue-sw2"])
check("blue", ["blue-sw", "blue-sw2"], ["red-sw"])
check("init", [], ["red-sw", "blue-sw", "blue-sw2"])
print("ok: each namespace sees only its own neighbors" if ok else "namespace isolation broken")
sys.exit(0 if ok else 1)
PY
want 'Total cdp entries displayed : 0' 'the initial namespace has none'
want 'Total packets output: 0, Input: 2$' 'blue counted its own 2 frames'
want '^red: Total packets output: 0, Input: 1$' 'red counted its own frame'
want '^init: Total packets output: 0, Input: 0$' 'the initial namespace counted none'
want '^XNS q0 3 q0.5 3$' 'a VLAN device (namespace qn) on a veth (namespace rn), both with ifindex 3'
want '^XNS Interface: q0,' 'its frame is on the real device'
want '^XNS Upper interface: q0.5$' 'and delivered through the VLAN device, though both have ifindex 3'
want '^XNS VLAN: 5$'
finish
