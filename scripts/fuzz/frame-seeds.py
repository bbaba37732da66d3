#!/usr/bin/env python3
"""Writes seed inputs for the FrameProcessorFuzz target into DIR: valid frames of the fuzz
target's world (services 198.18.0.50:80/tcp and :53/udp, NAT server 198.18.1.11), each after
one selector byte (bit 0: interface eth0/eth1, bits 1-2: not broadcast, bit 3: checksum
offload). Valid checksums let the fuzzer start past the parser's checks."""
import os, struct, sys

def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF

def ip(a):
    return bytes(int(x) for x in a.split("."))

def mac(m):
    return bytes(int(x, 16) for x in m.split(":"))

ETH0, ETH1 = mac("02:1b:00:00:02:01"), mac("02:1b:00:00:02:02")
CLIENT_MAC, NAT_MAC = mac("02:1b:00:00:01:01"), mac("02:1b:00:00:05:01")
CLIENT, VIP, NAT1 = "198.18.0.100", "198.18.0.50", "198.18.1.11"

def ipv4(src, dst, proto, payload, ttl=64):
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, 0x4000, ttl, proto, 0, ip(src), ip(dst))
    header = header[:10] + struct.pack("!H", csum(header)) + header[12:]
    return header + payload

def l4(src, dst, proto, segment):
    pseudo = ip(src) + ip(dst) + struct.pack("!BBH", 0, proto, len(segment))
    at = 16 if proto == 6 else 6
    c = csum(pseudo + segment)
    return segment[:at] + struct.pack("!H", c) + segment[at + 2:]

def tcp(src, dst, sport, dport, flags, payload=b""):
    seg = struct.pack("!HHIIBBHHH", sport, dport, 1000, 0, 5 << 4, flags, 65535, 0, 0) + payload
    return ipv4(src, dst, 6, l4(src, dst, 6, seg))

def udp(src, dst, sport, dport, payload):
    seg = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    return ipv4(src, dst, 17, l4(src, dst, 17, seg))

def eth(dst, src, ethertype, payload):
    return dst + src + struct.pack("!H", ethertype) + payload

seeds = {
    "syn": b"\x02" + eth(ETH0, CLIENT_MAC, 0x0800, tcp(CLIENT, VIP, 41000, 80, 0x02)),
    "ack-data": b"\x02" + eth(ETH0, CLIENT_MAC, 0x0800, tcp(CLIENT, VIP, 41000, 80, 0x18, b"GET / HTTP/1.0\r\n\r\n")),
    "udp-dns": b"\x02" + eth(ETH0, CLIENT_MAC, 0x0800, udp(CLIENT, VIP, 5000, 53, b"query")),
    "nat-reply": b"\x03" + eth(ETH1, NAT_MAC, 0x0800, tcp(NAT1, CLIENT, 8080, 41000, 0x12)),
    "icmp-frag-needed": b"\x02" + eth(ETH0, CLIENT_MAC, 0x0800, ipv4(CLIENT, VIP, 1, (lambda body: body[:2] + struct.pack("!H", csum(body)) + body[4:])(struct.pack("!BBHHH", 3, 4, 0, 0, 1400) + tcp(VIP, CLIENT, 80, 41000, 0x10)[:28]))),
    "arp-who-has-vip": b"\x00" + eth(b"\xff" * 6, CLIENT_MAC, 0x0806, struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + CLIENT_MAC + ip(CLIENT) + b"\0" * 6 + ip(VIP)),
}
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for name, data in seeds.items():
    with open(os.path.join(out, "seed-" + name), "wb") as f:
        f.write(data)
print(f"{len(seeds)} frame seeds in {out}")
