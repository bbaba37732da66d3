#!/bin/bash
# Captures VRRP adverts of the real keepalived (2.2.7) into the hex fixtures beside this script.
# Two network namespaces joined by a veth pair: keepalived runs in one with keepalived.conf, tcpdump
# listens in the other. Everything is removed on exit, also on failure. Needs root, keepalived, tcpdump.
# Usage: sudo Fixtures/vrrp/capture.sh   (writes v2-pass.hex, v3-ipv4.hex, v3-ipv6.hex)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
speaker=lvsvrrp-speaker
listener=lvsvrrp-listener
work="$(mktemp -d)"
cleanup() {
    [ -f "$work/keepalived.pid" ] && kill "$(cat "$work/keepalived.pid")" 2>/dev/null || true
    [ -f "$work/tcpdump.pid" ] && kill "$(cat "$work/tcpdump.pid")" 2>/dev/null || true
    sleep 1
    ip netns del "$speaker" 2>/dev/null || true
    ip netns del "$listener" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

ip netns add "$speaker"
ip netns add "$listener"
ip link add vrrp0 netns "$speaker" type veth peer name vrrp1 netns "$listener"
for ns in "$speaker" "$listener"; do
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
    ip -n "$ns" link set lo up
done
ip -n "$speaker" link set vrrp0 address 02:00:00:00:50:01
ip -n "$listener" link set vrrp1 address 02:00:00:00:50:02
ip -n "$speaker" addr add 198.18.50.1/24 dev vrrp0
ip -n "$listener" addr add 198.18.50.2/24 dev vrrp1
ip -n "$speaker" link set vrrp0 up
ip -n "$listener" link set vrrp1 up
sleep 1

ip netns exec "$listener" tcpdump -i vrrp1 -U -w "$work/vrrp.pcap" 'ip proto 112 or ip6 proto 112' \
    >"$work/tcpdump.log" 2>&1 &
echo $! >"$work/tcpdump.pid"
sleep 1
ip netns exec "$speaker" keepalived --vrrp -n -l -f "$here/keepalived.conf" \
    -p "$work/main.pid" -r "$work/vrrp.pid" >"$work/keepalived.log" 2>&1 &
echo $! >"$work/keepalived.pid"
# MASTER (150) takes over after one interval; the BACKUPs after 3 intervals and skew.
sleep 9
kill "$(cat "$work/keepalived.pid")" || true
sleep 2
kill "$(cat "$work/tcpdump.pid")"
sleep 1
cat "$work/keepalived.log" >&2

# One frame per line as hex, sorted by instance; keepalived's priority-0 goodbyes are kept too.
python3 - "$work/vrrp.pcap" "$here" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
out = {"v2-pass": [], "v3-ipv4": [], "v3-ipv6": []}
offset = 24
while offset + 16 <= len(data):
    _, _, caplen, _ = struct.unpack("<IIII", data[offset:offset + 16])
    frame = data[offset + 16:offset + 16 + caplen]
    offset += 16 + caplen
    ethertype = frame[12:14]
    if ethertype == b"\x08\x00":
        vrrp = frame[14 + (frame[14] & 0x0F) * 4:]
        name = "v2-pass" if vrrp[0] >> 4 == 2 else "v3-ipv4"
    else:
        name = "v3-ipv6"
    out[name].append(frame.hex())
for name, frames in out.items():
    with open(f"{sys.argv[2]}/{name}.hex", "w") as f:
        f.write("\n".join(frames) + "\n")
    print(name, len(frames), "frames")
PY
