#!/usr/bin/env bash
# tx_interval and tx_holdtime (issue 23, item 8): out-of-range values are
# refused, not clamped, and so is a holdtime shorter than the interval
# (peers would forget the host between advertisements): a write through
# sysfs that makes it so is refused naming the other parameter, and a load
# with such values fails whatever their order on the command line. Before
# issue 23 every such value was accepted silently (and clamped).
. "$(dirname "$0")/lib.sh"
P=/sys/module/cdp_rs/parameters
vm --exec 'P='$P'
w() { if echo $2 2>/dev/null > $P/$1; then echo "SET $1=$2 accepted"; else echo "SET $1=$2 refused"; fi; }
w tx_interval 200; w tx_holdtime 5; w tx_interval 300; w tx_interval 4; w tx_holdtime 256
w tx_interval 100; w tx_holdtime 90; w tx_holdtime 100; w tx_interval 101
echo "NOW $(cat $P/tx_interval) $(cat $P/tx_holdtime)"
rmmod cdp_rs
if insmod /cdp_rs.ko tx_interval=200 tx_holdtime=100 2>/dev/null; then echo "LOAD 200/100 accepted"; rmmod cdp_rs; else echo "LOAD 200/100 refused"; fi
if insmod /cdp_rs.ko tx_holdtime=240 tx_interval=200; then echo "LOAD 200/240 accepted"; else echo "LOAD 200/240 refused"; fi
echo "NOW $(cat $P/tx_interval) $(cat $P/tx_holdtime)"
dmesg | grep -E "cdp_rs: tx_(interval|holdtime)" | sed "s/^\[[ 0-9.]*\] /LOG /"'
want '^SET tx_interval=200 refused$' 'an interval above the holdtime (180)'
want '^SET tx_holdtime=5 refused$' 'a holdtime under 10 s'
want '^SET tx_interval=300 refused$' 'an interval above 254 s'
want '^SET tx_interval=4 refused$' 'an interval under 5 s'
want '^SET tx_holdtime=256 refused$' 'a holdtime above 255 s'
want '^SET tx_interval=100 accepted$' 'an interval under the holdtime'
want '^SET tx_holdtime=90 refused$' 'a holdtime under the interval (100)'
want '^SET tx_holdtime=100 accepted$' 'a holdtime equal to the interval'
want '^SET tx_interval=101 refused$' 'an interval just above the holdtime'
want '^NOW 100 100$' 'the values in force: only the accepted writes'
want '^LOAD 200/100 refused$' 'a load with the holdtime under the interval'
want '^LOAD 200/240 accepted$' 'a load with both raised, the holdtime first on the command line'
want '^NOW 200 240$' 'the values given at load'
want '^LOG cdp_rs: tx_interval=200 refused: tx_holdtime \(180 s\) must be at least tx_interval \(200 s\)' 'the refusal names the other parameter'
want '^LOG cdp_rs: tx_holdtime=100 is shorter than tx_interval=200' 'the refused load says why'
finish
