#!/usr/bin/env bash
# In-tree builds (issue "Kconfig menu entry"): scripts/install-in-tree puts
# cdp_rs into a kernel tree; `make menuconfig` shows the entry, its options
# and help (read off the screen, driven through tmux); CDP_RS=m with
# non-default Kconfig values gives those values as the module's parameter
# defaults; CDP_RS=y receives CDP from boot with no insmod.
. "$(dirname "$0")/lib.sh"
. "$ROOT/scripts/lib.sh"

tree_m=$("$ROOT/scripts/intree-build" m CONFIG_CDP_RS_MAX_NEIGHBORS=77 CONFIG_CDP_RS_PROC_MODE=440 CONFIG_CDP_RS_LOG_REJECTS=y) || exit 1

# menuconfig, as a person sees it.
sess=cdp-menuconfig-$$
screen() { sleep "${1:-2}"; tmux capture-pane -p -t "$sess"; }
tmux kill-session -t "$sess" 2>/dev/null
tmux new-session -d -s "$sess" -x 160 -y 48 \
  "cd '$tree_m' && make ${KRUST_ARGS[*]} menuconfig; sleep 30"
for i in $(seq 60); do screen 1 | grep -q 'Linux/x86' && break; done
tmux send-keys -t "$sess" '/'
screen 1 >/dev/null
tmux send-keys -t "$sess" 'CDP_RS' Enter
screen 3 > "$OUT.search"
tmux send-keys -t "$sess" '1'
screen 2 > "$OUT.menu"
tmux send-keys -t "$sess" '?'
screen 2 > "$OUT.help"
tmux send-keys -t "$sess" Escape Escape
tmux kill-session -t "$sess" 2>/dev/null
{ echo "== search"; cat "$OUT.search"; echo "== menu"; cat "$OUT.menu"; echo "== help"; cat "$OUT.help"; } > "$OUT"
rm -f "$OUT.search" "$OUT.menu" "$OUT.help"
cat "$OUT"
want 'Symbol: CDP_RS \[=m\]' 'menuconfig search finds CDP_RS'
want 'Prompt: cdp_rs: Cisco Discovery Protocol neighbor tracker \(Rust\)'
want 'Location:' 'with its location'
want 'Networking support' 'under Networking support'
want '<M> +cdp_rs: Cisco Discovery Protocol neighbor tracker \(Rust\)' 'the entry in its menu, as a module'
want '\(77\) +Maximum number of neighbors per network namespace' 'the non-default maximum'
want 'Verify CDP checksums' 'checksum option'
want 'Log refused CDP frames' 'logging option'
want 'Permissions of the /proc files' 'permissions option'
want 'Listens on every network interface' 'help text'

# CDP_RS=m: the Kconfig values are the parameter defaults.
vm --kernel-tree "$tree_m" --module-ko "$tree_m/net/cdp_rs/cdp_rs.ko" \
   --pcap "$ROOT/tests/data/3560_CDP.pcap" \
   --exec 'cd /sys/module/cdp_rs/parameters && for p in *; do echo "param $p=$(cat $p)"; done' \
   --exec 'ls -l /proc/cdp_neighbors /proc/cdp_traffic' \
   --exec 'grep "Input:" /proc/cdp_traffic | head -1'
want '^param max_neighbors=77$' 'max_neighbors default from .config'
want '^param log_rejects=Y$' 'log_rejects default from .config'
want '^param proc_mode=288$' 'proc_mode 0440 (shown in decimal)'
want '^param verify_checksum=Y$' 'verify_checksum default'
want '^param rx_default=Y$' 'rx_default default'
want '^-r--r----- .* /proc/cdp_neighbors' '/proc mode 0440'
replay_complete 3
want 'Total packets output: 0, Input: 3$' 'the in-tree module receives CDP'

# CDP_RS=y: built in, receiving from boot.
tree_y=$("$ROOT/scripts/intree-build" y) || exit 1
vm --kernel-tree "$tree_y" --no-module --pcap "$ROOT/tests/data/3560_CDP.pcap" \
   --exec 'grep -c cdp_rs /proc/modules; echo "builtin: $(ls /sys/module/cdp_rs/parameters | tr "\n" " ")"' \
   --exec 'cat /proc/cdp_neighbors'
want '^0$' 'not a loaded module'
want 'builtin: lock_stats log_rejects max_neighbors proc_mode rx_default tx_default tx_holdtime tx_interval verify_checksum' 'parameters of the built-in'
replay_complete 3
want '^Switch +eth0 ' 'the built-in receives CDP with no insmod'
finish
