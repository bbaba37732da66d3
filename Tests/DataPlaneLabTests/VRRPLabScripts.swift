/// The scapy programs the VRRP lab runs in its client host.
enum VRRPLabScripts {
    /// Prints one line per VRRP advert (`VRRP TIME SRC VERSION VRID PRIORITY ok|bad`, the
    /// checksum recomputed by scapy: v2 over the message, v3 with the IPv4 / IPv6 pseudo-header),
    /// per gratuitous ARP (`GARP TIME MAC ADDRESS`) and per unsolicited neighbour advertisement
    /// (`UNA TIME MAC ADDRESS`) seen on eth0, until killed.
    static let sniffer = #"""
        import sys, time
        from scapy.all import sniff, Ether, IP, IPv6, ARP, ICMPv6ND_NA, raw
        from scapy.utils import checksum
        from scapy.layers.inet import in4_chksum
        from scapy.layers.inet6 import in6_chksum

        def vrrp(packet):
            if IP in packet and packet[IP].proto == 112:
                ip = packet[IP]
                payload = bytearray(raw(ip.payload))[: ip.len - ip.ihl * 4]
            elif IPv6 in packet and packet[IPv6].nh == 112:
                ip = packet[IPv6]
                payload = bytearray(raw(ip.payload))[: ip.plen]
            else:
                return None
            if len(payload) < 8:
                return None
            carried = payload[6] << 8 | payload[7]
            payload[6] = payload[7] = 0
            version = payload[0] >> 4
            if version == 2:
                computed = checksum(bytes(payload))
            elif IP in packet:
                computed = in4_chksum(112, ip, bytes(payload))
            else:
                computed = in6_chksum(112, ip, bytes(payload))
            return "VRRP %.3f %s %d %d %d %s" % (
                time.time(), ip.src, version, payload[1], payload[2], "ok" if computed == carried else "bad")

        def show(packet):
            line = vrrp(packet)
            if line is None and ARP in packet and packet[ARP].psrc == packet[ARP].pdst:
                line = "GARP %.3f %s %s" % (time.time(), packet[Ether].src, packet[ARP].psrc)
            if line is None and ICMPv6ND_NA in packet and IPv6 in packet and packet[IPv6].dst == "ff02::1":
                line = "UNA %.3f %s %s" % (time.time(), packet[Ether].src, packet[ICMPv6ND_NA].tgt)
            if line is not None:
                print(line, flush=True)

        print("READY", flush=True)
        sniff(iface="eth0", prn=show, store=False)
        """#

    /// Asks for argv[1] by ARP (IPv4) or a neighbour solicitation (IPv6) and prints the MACs that
    /// answered within a second, space-separated and sorted (an empty line: nobody).
    static let whoHas = #"""
        import sys, ipaddress
        from scapy.all import srp, Ether, ARP, IPv6, ICMPv6ND_NS, ICMPv6ND_NA, ICMPv6NDOptSrcLLAddr, conf, get_if_hwaddr
        from scapy.layers.inet6 import in6_getnsma, in6_getnsmac
        from socket import inet_pton, inet_ntop, AF_INET6
        conf.verb = 0
        target = sys.argv[1]
        mine = get_if_hwaddr("eth0")
        if ":" in target:
            group = inet_ntop(AF_INET6, in6_getnsma(inet_pton(AF_INET6, target)))
            ask = (Ether(src=mine, dst=in6_getnsmac(inet_pton(AF_INET6, group)))
                   / IPv6(src=sys.argv[2], dst=group, hlim=255) / ICMPv6ND_NS(tgt=target)
                   / ICMPv6NDOptSrcLLAddr(lladdr=mine))
            answered, _ = srp(ask, iface="eth0", timeout=1, multi=True)
            macs = {reply[Ether].src for _, reply in answered if ICMPv6ND_NA in reply}
        else:
            answered, _ = srp(Ether(dst="ff:ff:ff:ff:ff:ff") / ARP(pdst=target), iface="eth0", timeout=1, multi=True)
            macs = {reply.hwsrc for _, reply in answered}
        print(" ".join(sorted(macs)))
        """#

    /// Sends argv[2] copies of each malformed VRRPv2 advert for VRID 51 (PASS "secret", interval
    /// 1 s) from argv[1], all claiming priority 254: wrong version, checksum, TTL, length, VRID,
    /// password, auth type and interval. Prints nothing.
    static let storm = #"""
        import sys, struct
        from scapy.all import sendp, Ether, IP, Raw, conf, get_if_hwaddr
        from scapy.utils import checksum
        conf.verb = 0
        source, count, vip = sys.argv[1], int(sys.argv[2]), sys.argv[3]

        def advert(version=2, vrid=51, priority=254, count=1, auth_type=1, interval=1, password=b"secret",
                   addresses=None, fix_checksum=True, corrupt_checksum=False):
            addresses = addresses if addresses is not None else [vip]
            body = struct.pack("!BBBBBBH", version << 4 | 1, vrid, priority, count, auth_type, interval, 0)
            body += b"".join(bytes(map(int, a.split("."))) for a in addresses)
            body += password.ljust(8, b"\0")[:8]
            value = checksum(body)
            if corrupt_checksum:
                value ^= 0x5555
            return body[:6] + struct.pack("!H", value) + body[8:]

        # The source MAC given: without a route to the group scapy would send from 00:00:00:00:00:00,
        # which the bridge drops.
        group = Ether(src=get_if_hwaddr("eth0"), dst="01:00:5e:00:00:12")
        kinds = {
            "bad_version": dict(version=4),
            "bad_checksum": dict(corrupt_checksum=True),
            "truncated_addresses": dict(count=2),
            "other_virtual_router": dict(vrid=52),
            "bad_password": dict(password=b"wrong"),
            "auth_type_mismatch": dict(auth_type=0),
            "bad_interval": dict(interval=3),
        }
        for name, settings in kinds.items():
            for _ in range(count):
                sendp(group / IP(src=source, dst="224.0.0.18", ttl=255, proto=112) / Raw(advert(**settings)), iface="eth0")
        for _ in range(count):
            sendp(group / IP(src=source, dst="224.0.0.18", ttl=64, proto=112) / Raw(advert()), iface="eth0")
        """#
}
