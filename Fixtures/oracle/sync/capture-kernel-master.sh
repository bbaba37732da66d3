#!/bin/bash
# Captures the REAL kernel IPVS sync daemon's messages (protocol v1, master, syncid 7) from the
# oracle VM over a tap device, adapted from ../shared/tools/oracle-examples/on-the-wire.sh:
# besides the UDP service it adds a persistent TCP service (templates, TCP states), lists the
# whole connection table, and extracts each captured UDP payload as one hex line.
# Run as root from the host's namespace, in this directory:  ./capture-kernel-master.sh
# Writes kernel-master.hex (one sync message per line), kernel-master.out (what the VM printed)
# and sync.pcap (not committed). SYNC_VERSION=0 makes the master send the old version 0 format
# (sysctl net.ipv4.vs.sync_version) into kernel-master-v0.hex/.out.
# Needs tcpdump and Debian's python3-scapy (/usr/bin/python3).
set -euo pipefail
ORACLE=${ORACLE:-/work/shared/tools/ipvs-oracle}
NS=orwsync$$
OUT=${OUT:-$PWD}
SYNC_VERSION=${SYNC_VERSION:-1}
NAME=kernel-master
[ "$SYNC_VERSION" = 1 ] || NAME=kernel-master-v$SYNC_VERSION
# The namespace goes also on failure; its last processes may still be exiting, so retry.
cleanup() {
  ip netns pids $NS 2>/dev/null | xargs -r kill 2>/dev/null
  for _ in 1 2 3 4 5; do
    ip netns del $NS 2>/dev/null && break
    sleep 1
  done
}
trap cleanup EXIT
ip netns add $NS
ip -n $NS link set lo up
ip -n $NS tuntap add tap0 mode tap                # the VM's eth0 is the other end
ip -n $NS addr add 198.18.5.1/24 dev tap0
ip -n $NS link set tap0 up
ip netns exec $NS tcpdump -Z root -U -ni tap0 -w "$OUT/sync.pcap" udp port 8848 2>/dev/null &
# Client traffic to the VM's VIP while it runs. UDP: 4 packets per flow pass sync_threshold 3.
# TCP: SYNs only (the real server does not exist); the retransmitted SYNs reach the threshold.
ip netns exec $NS timeout 30 /usr/bin/python3 -c '
import socket, time
for p in range(20):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("198.18.5.1", 40000 + p))
    for i in range(4): s.sendto(b"x" * 10, ("198.18.5.50", 53))
    if 10 <= p < 16:
        t = socket.socket(socket.AF_INET, socket.SOCK_STREAM); t.setblocking(False)
        t.bind(("198.18.5.1", 41000 + p))
        try: t.connect(("198.18.5.50", 80))
        except BlockingIOError: pass
        globals()["keep%d" % p] = t
    time.sleep(0.5)
time.sleep(30)' &
"$ORACLE" --tap $NS/tap0 -e '
ip link set eth0 up; ip addr add 198.18.5.2/24 dev eth0; ip addr add 198.18.5.50/32 dev eth0
ip route add 224.0.0.0/4 dev eth0
ipvsadm -A -u 198.18.5.50:53 -s rr; ipvsadm -a -u 198.18.5.50:53 -r 198.18.5.11:53 -g
ipvsadm -A -t 198.18.5.50:80 -s rr -p 60; ipvsadm -a -t 198.18.5.50:80 -r 198.18.5.12:80 -g
echo '"$SYNC_VERSION"' > /proc/sys/net/ipv4/vs/sync_version
ipvsadm --start-daemon master --mcast-interface eth0 --syncid 7
ipvsadm -L --daemon; sleep 16; ipvsadm -L -n -c' > "$OUT/$NAME.out"
sleep 1
/usr/bin/python3 - "$OUT/sync.pcap" "$OUT/$NAME.hex" <<'PY'
import sys
from scapy.all import rdpcap, UDP
with open(sys.argv[2], "w") as out:
    for packet in rdpcap(sys.argv[1]):
        if UDP in packet and packet[UDP].dport == 8848:
            out.write(bytes(packet[UDP].payload).hex() + "\n")
PY
wc -l "$OUT/$NAME.hex"
