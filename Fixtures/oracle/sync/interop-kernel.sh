#!/bin/bash
# Connection sync between the REAL kernel IPVS (oracle VM) and a SwiftLVS director, both ways in
# one run, on one lab bridge:
#   (a) kernel master (syncid 7) -> SwiftLVS backup: what the kernel sent (interop-kernel-master.hex)
#       and what our director then listed (interop-swiftlvs-backup.out) and counted
#       (interop-swiftlvs-sync-status.out);
#   (b) SwiftLVS master (syncid 9) -> kernel backup: what we sent (interop-swiftlvs-master.hex) and
#       what the kernel then listed (interop-kernel.out, its `ipvsadm -L -n -c` after both).
# Hosts: namespace SW holds the bridge (the VM's tap0, a veth to each other namespace), DIR the
# SwiftLVS director (eth0 198.18.5.3, VIP 198.18.5.60 and 2001:db8:5::60), CLI the client
# (198.18.5.1, 2001:db8:5::1). The VM is 198.18.5.2 with VIP 198.18.5.50 and 2001:db8:5::50.
# Real servers 198.18.5.11/.12 do not exist: connections are made by scapy's packets alone (a
# TCP handshake's client half, then data, so the connections reach ESTABLISHED and the third
# packet passes sync_threshold 3; UDP flows of 4 datagrams).
# Run as root from the host's namespace, in this directory, after `swift build --product lvs`:
#   ./interop-kernel.sh        (about 60 s; tcpdump and Debian's python3-scapy)
set -euo pipefail
ORACLE=${ORACLE:-/work/shared/tools/ipvs-oracle}
LVS=${LVS:-$(cd ../../.. && pwd)/.build/debug/lvs}
OUT=${OUT:-$PWD}
TAG=orsy$$
SW=${TAG}s DIR=${TAG}d CLI=${TAG}c
SOCK=/tmp/$TAG.sock
# The capture and the director's log are kept only while the script runs (LOGS=DIR keeps them).
WORK=${LOGS:-$(mktemp -d)}
cleanup() {
  for ns in $CLI $DIR $SW; do ip netns pids $ns 2>/dev/null | xargs -r kill 2>/dev/null || true; done
  sleep 1
  for ns in $CLI $DIR $SW; do
    for _ in 1 2 3 4 5; do ip netns del $ns 2>/dev/null && break; ip netns list | grep -qw $ns || break; sleep 1; done
  done
  rm -f $SOCK
  [ -n "${LOGS:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
for ns in $SW $DIR $CLI; do ip netns add $ns; ip -n $ns link set lo up; done
ip -n $SW link add br0 type bridge; ip -n $SW link set br0 up
ip -n $SW tuntap add tap0 mode tap; ip -n $SW link set tap0 master br0; ip -n $SW link set tap0 up
for ns in $DIR $CLI; do
  ip -n $SW link add p-$ns type veth peer name eth0 netns $ns
  ip -n $SW link set p-$ns master br0; ip -n $SW link set p-$ns up
  ip -n $ns link set eth0 up
  ip netns exec $ns ethtool -K eth0 tx off >/dev/null 2>&1 || true
done
ip -n $DIR addr add 198.18.5.3/24 dev eth0; ip -n $DIR addr add 2001:db8:5::3/64 dev eth0 nodad
ip -n $CLI addr add 198.18.5.1/24 dev eth0; ip -n $CLI addr add 2001:db8:5::1/64 dev eth0 nodad
# Both directors would answer ARP/NS for the other's VIP if it were theirs: the client's
# neighbour entries are fixed, so each VIP's traffic reaches only the director that serves it.
DIRMAC=$(ip -n $DIR -br link show eth0 | awk '{print $3}')
ip -n $CLI neigh replace 198.18.5.50 lladdr 52:54:00:0a:00:01 dev eth0 nud permanent
ip -n $CLI neigh replace 2001:db8:5::50 lladdr 52:54:00:0a:00:01 dev eth0 nud permanent
ip -n $CLI neigh replace 198.18.5.60 lladdr "$DIRMAC" dev eth0 nud permanent
ip -n $CLI neigh replace 2001:db8:5::60 lladdr "$DIRMAC" dev eth0 nud permanent
ip netns exec $SW tcpdump -Z root -U -ni br0 -w "$WORK/interop.pcap" udp port 8848 2>/dev/null &
ip netns exec $DIR "$LVS" director --interface eth0 --workers 2 --control-socket $SOCK 2>"$WORK/director.log" &
for _ in $(seq 50); do [ -S $SOCK ] && break; sleep 0.1; done
adm() { ip netns exec $DIR env LVS_CONTROL_SOCKET=$SOCK LVS_IPVSADM_NO_NAMES=1 "$LVS" ipvsadm "$@"; }
# Our director: the kernel's services (so what it syncs binds to real servers) and our own.
adm -A -u 198.18.5.50:53 -s rr; adm -a -u 198.18.5.50:53 -r 198.18.5.11:53 -g
adm -A -t 198.18.5.50:80 -s rr -p 60; adm -a -t 198.18.5.50:80 -r 198.18.5.12:80 -g
adm -A -u [2001:db8:5::50]:53 -s rr; adm -a -u [2001:db8:5::50]:53 -r [2001:db8:5::11]:53 -g
adm -A -u 198.18.5.60:53 -s rr; adm -a -u 198.18.5.60:53 -r 198.18.5.11:53 -g
adm -A -t 198.18.5.60:80 -s rr -p 60; adm -a -t 198.18.5.60:80 -r 198.18.5.12:80 -m
adm -A -u [2001:db8:5::60]:53 -s rr; adm -a -u [2001:db8:5::60]:53 -r [2001:db8:5::11]:53 -g
adm --start-daemon backup --mcast-interface eth0 --syncid 7
adm --start-daemon master --mcast-interface eth0 --syncid 9

# The client: once the VM answers ARP (its daemons start right after its address), flows to both.
ip netns exec $CLI env DIRMAC="$DIRMAC" timeout 90 /usr/bin/python3 - <<'PY' &
import os, socket, time
from scapy.all import ARP, Ether, IP, TCP, conf, sendp, srp1
conf.verb = 0
while srp1(Ether(dst="ff:ff:ff:ff:ff:ff") / ARP(pdst="198.18.5.2"), iface="eth0", timeout=1) is None:
    time.sleep(0.5)
time.sleep(3)
def udp(family, source, vip, port):
    s = socket.socket(family, socket.SOCK_DGRAM); s.bind((source, port))
    for _ in range(4): s.sendto(b"x" * 10, (vip, 53))
def tcp(vip, port):
    # The client half of a handshake and two data segments: SYN_RECV, then ESTABLISHED on
    # the ACK, and the third packet reaches sync_threshold.
    # scapy resolves addresses itself: the frame names the VIP's director (see above).
    mac = "52:54:00:0a:00:01" if vip == "198.18.5.50" else os.environ["DIRMAC"]
    ip = Ether(dst=mac) / IP(src="198.18.5.1", dst=vip)
    sendp(ip / TCP(sport=port, dport=80, flags="S", seq=1000), iface="eth0")
    sendp(ip / TCP(sport=port, dport=80, flags="A", seq=1001, ack=1), iface="eth0")
    sendp(ip / TCP(sport=port, dport=80, flags="PA", seq=1001, ack=1) / b"GET / HTTP/1.0\r\n\r\n", iface="eth0")
for i in range(4):
    udp(socket.AF_INET, "198.18.5.1", "198.18.5.50", 40000 + i)
    udp(socket.AF_INET, "198.18.5.1", "198.18.5.60", 42000 + i)
    tcp("198.18.5.50", 41000 + i)
    tcp("198.18.5.60", 43000 + i)
udp(socket.AF_INET6, "2001:db8:5::1", "2001:db8:5::50", 44000)
udp(socket.AF_INET6, "2001:db8:5::1", "2001:db8:5::60", 45000)
PY
"$ORACLE" --tap $SW/tap0 -e '
ip link set eth0 up; ip addr add 198.18.5.2/24 dev eth0; ip addr add 198.18.5.50/32 dev eth0
ip addr add 2001:db8:5::2/64 dev eth0 nodad; ip addr add 2001:db8:5::50/128 dev eth0 nodad
ip route add 224.0.0.0/4 dev eth0
ipvsadm -A -u 198.18.5.50:53 -s rr; ipvsadm -a -u 198.18.5.50:53 -r 198.18.5.11:53 -g
ipvsadm -A -t 198.18.5.50:80 -s rr -p 60; ipvsadm -a -t 198.18.5.50:80 -r 198.18.5.12:80 -g
ipvsadm -A -u [2001:db8:5::50]:53 -s rr; ipvsadm -a -u [2001:db8:5::50]:53 -r [2001:db8:5::11]:53 -g
ipvsadm -A -u 198.18.5.60:53 -s rr; ipvsadm -a -u 198.18.5.60:53 -r 198.18.5.11:53 -g
ipvsadm -A -t 198.18.5.60:80 -s rr -p 60; ipvsadm -a -t 198.18.5.60:80 -r 198.18.5.12:80 -m
ipvsadm -A -u [2001:db8:5::60]:53 -s rr; ipvsadm -a -u [2001:db8:5::60]:53 -r [2001:db8:5::11]:53 -g
ipvsadm --start-daemon master --mcast-interface eth0 --syncid 7
ipvsadm --start-daemon backup --mcast-interface eth0 --syncid 9
ipvsadm -L --daemon; sleep 20; ipvsadm -L -n -c' > "$OUT/interop-kernel.out"
sleep 1
adm -L -n -c > "$OUT/interop-swiftlvs-backup.out"
adm -L --daemon >> "$OUT/interop-swiftlvs-backup.out"
ip netns exec $DIR "$LVS" sync-status --control-socket $SOCK > "$OUT/interop-swiftlvs-sync-status.out"
/usr/bin/python3 - "$WORK/interop.pcap" "$OUT" <<'PY'
import sys
from scapy.all import rdpcap, IP, UDP
kernel = open(sys.argv[2] + "/interop-kernel-master.hex", "w")
ours = open(sys.argv[2] + "/interop-swiftlvs-master.hex", "w")
for packet in rdpcap(sys.argv[1]):
    if UDP in packet and packet[UDP].dport == 8848:
        (kernel if packet[IP].src == "198.18.5.2" else ours).write(bytes(packet[UDP].payload).hex() + "\n")
PY
wc -l "$OUT"/interop-*.hex
