#!/bin/bash
# Sync capacity: one client opens N UDP flows (3 datagrams each: the 3rd reaches sync_threshold)
# through a SwiftLVS master; prints how many rows master and backup list, how long the sending took
# and when the backup's listing last grew (from the first datagram), and both daemons'
# `lvs sync-status`. Root; namespaces sb<pid>* are removed on exit.
#   N=20000 LVS=.build/release/lvs scripts/bench/sync-flows.sh
set -euo pipefail
LVS=${LVS:-$(cd "$(dirname "$0")/../.." && pwd)/.build/release/lvs}
N=${N:-5000}
T=sb$$; SW=${T}s; M=${T}m; B=${T}b; C=${T}c
cleanup() { for ns in $C $M $B $SW; do ip netns pids $ns 2>/dev/null | xargs -r kill 2>/dev/null || true; done; sleep 0.5; for ns in $C $M $B $SW; do ip netns del $ns 2>/dev/null || true; done; rm -f /tmp/$T.*; }
trap cleanup EXIT
for ns in $SW $M $B $C; do ip netns add $ns; ip -n $ns link set lo up; done
ip -n $SW link add br0 type bridge; ip -n $SW link set br0 up
i=1; for ns in $M $B $C; do
  ip -n $SW link add p$i type veth peer name eth0 netns $ns; ip -n $SW link set p$i master br0; ip -n $SW link set p$i up
  ip -n $ns link set eth0 up; i=$((i+1)); done
ip -n $M addr add 198.18.0.2/24 dev eth0; ip -n $B addr add 198.18.0.3/24 dev eth0; ip -n $C addr add 198.18.0.100/24 dev eth0
ip netns exec $M $LVS director --interface eth0 --fresh --control-socket /tmp/$T.m 2>/tmp/$T.mlog &
ip netns exec $B $LVS director --interface eth0 --fresh --control-socket /tmp/$T.b 2>/tmp/$T.blog &
sleep 1
for s in m b; do
  LVS_CONTROL_SOCKET=/tmp/$T.$s $LVS ipvsadm -A -u 198.18.0.50:53 -s rr
  LVS_CONTROL_SOCKET=/tmp/$T.$s $LVS ipvsadm -a -u 198.18.0.50:53 -r 198.18.0.11:53 -g
done
LVS_CONTROL_SOCKET=/tmp/$T.m $LVS ipvsadm --start-daemon master --mcast-interface eth0 --syncid 1
LVS_CONTROL_SOCKET=/tmp/$T.b $LVS ipvsadm --start-daemon backup --mcast-interface eth0 --syncid 1
MAC=$(ip -n $M -br link show eth0 | awk '{print $3}')
ip -n $C neigh replace 198.18.0.50 lladdr $MAC dev eth0 nud permanent
sleep 0.5
start=$(date +%s.%N)
ip netns exec $C python3 -c "
import socket
for p in range($N):
    x = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); x.bind(('198.18.0.100', 10000 + p))
    for r in range(3): x.sendto(b'q', ('198.18.0.50', 53))
    x.close()
"
sent=$(date +%s.%N)
# Poll the backup's listing until it stopped growing for 3 s (longer than the master's 2 s flush of
# a partly filled message); the time is that of its last growth.
last=0; done_=$start
while true; do
  n=$(LVS_CONTROL_SOCKET=/tmp/$T.b LVS_IPVSADM_NO_NAMES=1 $LVS ipvsadm -L -n -c | grep -c '^UDP' || true)
  now=$(date +%s.%N)
  if [ "$n" -gt "$last" ]; then last=$n; done_=$now; fi
  if awk "BEGIN{exit !($now - $done_ > 3 || $now - $start > 60)}"; then break; fi
  sleep 0.1
done
m=$(LVS_CONTROL_SOCKET=/tmp/$T.m LVS_IPVSADM_NO_NAMES=1 $LVS ipvsadm -L -n -c | grep -c '^UDP' || true)
echo "flows=$N master_rows=$m backup_rows=$n send_s=$(awk "BEGIN{print $sent-$start}") backup_complete_after_s=$(awk "BEGIN{print $done_-$start}")"
echo "-- master"; $LVS sync-status --control-socket /tmp/$T.m
echo "-- backup"; $LVS sync-status --control-socket /tmp/$T.b
