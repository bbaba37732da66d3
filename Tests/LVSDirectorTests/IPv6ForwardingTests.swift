import LVSCore
import LVSDataPlane
import LVSTestSupport
import LVSVocabulary
import LVSWire
import Testing

@testable import LVSDirector

/// IPv6 through the director: neighbour discovery for the VIP, DR and NAT both ways.
@Suite("FrameProcessor: IPv6")
struct IPv6ForwardingTests {
    typealias W = World
    static let vip6 = addr("2001:db8::50"), client6 = addr("2001:db8::100"), rs6 = addr("2001:db8::11")
    static let nat6 = addr("2001:db8:1::11")
    static let web6 = ServiceKey.address(.tcp, vip6, 80)

    static func snapshot() -> NetworkView {
        NetworkView(
            interfaces: W.interfaces,
            routes: [
                W.route("198.18.0.0/24", 0), W.route("198.18.1.0/24", 1),
                DirectorRoute(prefix6: addr("2001:db8::"), prefixLength: 64, interface: 0),
                DirectorRoute(prefix6: addr("2001:db8:1::"), prefixLength: 64, interface: 1),
            ],
            neighbours: [
                NeighbourKey(address: rs6, interface: 0): W.rs1MAC,
                NeighbourKey(address: nat6, interface: 1): W.nat1MAC,
            ],
            virtualAddresses: [W.vip, vip6])
    }

    static func tcp6(
        dst: MACAddress, src: MACAddress, from: InetAddress, _ sport: UInt16, to: InetAddress,
        _ dport: UInt16, flags: TCPFlags, hopLimit: UInt8 = 64
    ) -> [UInt8] {
        B.ethernet(
            destination: dst, source: src, etherType: EtherType.ipv6,
            payload:
                B.ipv6(
                    source: from, destination: to, nextHeader: IPProtocolNumber.tcp,
                    payload: B.tcp(
                        source: from, destination: to, sourcePort: sport, destinationPort: dport, flags: flags),
                    hopLimit: hopLimit))
    }

    static func solicitation(for target: InetAddress, from source: InetAddress, hopLimit: UInt8 = 255) -> [UInt8] {
        // Solicited-node multicast: ff02::1:ffXX:XXXX and its MAC 33:33:ff:XX:XX:XX.
        let group = InetAddress(v6High: 0xFF02_0000_0000_0000, low: 0x0000_0001_FF00_0000 | (target.low & 0xFF_FFFF))
        let groupMAC = MACAddress(0x3333_FF00_0000 | (target.low & 0xFF_FFFF))
        let body = target.bytes + [1, 1] + W.clientMAC.bytes  // source link-layer address option
        return B.ethernet(
            destination: groupMAC, source: W.clientMAC, etherType: EtherType.ipv6,
            payload:
                B.ipv6(
                    source: source, destination: group, nextHeader: IPProtocolNumber.icmpv6,
                    payload: B.icmpv6(
                        source: source, destination: group, type: ICMPv6Type.neighborSolicitation, code: 0,
                        payload: body), hopLimit: hopLimit))
    }

    @Test("a Neighbor Solicitation for the VIP is answered: solicited, override, the ingress MAC as target address")
    func neighbourAdvertisement() throws {
        let state = try W.state([.addService(ServiceConfig(key: Self.web6, scheduler: "rr"))])
        let r = run(
            Self.solicitation(for: Self.vip6, from: Self.client6), state: state, snapshot: Self.snapshot(),
            ingress: Ingress(interface: 0, packetType: .multicast))
        #expect(r.action == .transmit(interface: 0, kind: .arp))
        let body = Self.vip6.bytes + [2, 1] + W.eth0MAC.bytes
        let expected = B.ethernet(
            destination: W.clientMAC, source: W.eth0MAC, etherType: EtherType.ipv6,
            payload:
                B.ipv6(
                    source: Self.vip6, destination: Self.client6, nextHeader: IPProtocolNumber.icmpv6,
                    payload: B.icmpv6(
                        source: Self.vip6, destination: Self.client6, type: ICMPv6Type.neighborAdvertisement,
                        code: 0, restOfHeader: 0x6000_0000, payload: body), hopLimit: 255))
        #expect(r.output == expected)
        #expect(checksumFailures(r.output) == [])

        // Not for a VIP (the director's own address): the kernel's. Hop limit not 255: ignored.
        let other = run(
            Self.solicitation(for: addr("2001:db8::2"), from: Self.client6), state: state,
            snapshot: Self.snapshot(), ingress: Ingress(interface: 0, packetType: .multicast))
        #expect(other.action == .pass(.director(.neighbourDiscovery)))
        let forged = run(
            Self.solicitation(for: Self.vip6, from: Self.client6, hopLimit: 64), state: state,
            snapshot: Self.snapshot(), ingress: Ingress(interface: 0, packetType: .multicast))
        #expect(forged.action == .notForUs)
    }

    @Test("an unsolicited advertisement announces a new IPv6 VIP to all nodes (override, not solicited)")
    func unsolicitedAdvertisement() {
        var scratch = [UInt8](repeating: 0xEE, count: 256)
        let bytes: [UInt8] = scratch.withUnsafeMutableBytes { raw in
            var output = FrameBuffer(raw, start: 16, count: 0)
            #expect(NDPResponder.writeUnsolicited(&output, mac: W.eth0MAC, address: Self.vip6) == .reply)
            #expect(
                NDPResponder.writeUnsolicited(&output, mac: W.eth0MAC, address: W.vip) == .drop(.addressFamilyMismatch))
            return output.bytes
        }
        let allNodes = addr("ff02::1")
        let body = Self.vip6.bytes + [2, 1] + W.eth0MAC.bytes
        #expect(
            bytes
                == B.ethernet(
                    destination: mac("33:33:00:00:00:01"), source: W.eth0MAC, etherType: EtherType.ipv6,
                    payload: B.ipv6(
                        source: Self.vip6, destination: allNodes, nextHeader: IPProtocolNumber.icmpv6,
                        payload: B.icmpv6(
                            source: Self.vip6, destination: allNodes,
                            type: ICMPv6Type.neighborAdvertisement, code: 0,
                            restOfHeader: 0x2000_0000, payload: body),
                        hopLimit: 255)))
    }

    @Test("DR over IPv6: only the MACs and the hop limit change")
    func directRouting6() throws {
        let state = try W.state([
            .addService(ServiceConfig(key: Self.web6, scheduler: "rr")),
            W.server(Self.rs6, in: Self.web6),
        ])
        let syn = Self.tcp6(
            dst: W.eth0MAC, src: W.clientMAC, from: Self.client6, 40000, to: Self.vip6, 80, flags: [.syn])
        let r = run(syn, state: state, snapshot: Self.snapshot())
        #expect(r.action == .transmit(interface: 0, kind: .forward))
        #expect(
            r.output
                == Self.tcp6(
                    dst: W.rs1MAC, src: W.eth0MAC, from: Self.client6, 40000, to: Self.vip6, 80,
                    flags: [.syn], hopLimit: 63))
    }

    @Test(
        "TUN over IPv6: the packet, hop limit decremented, inside an outer IPv6 header (next header 41) from the director's global address"
    )
    func tunnel6() throws {
        let state = try W.state([
            .addService(ServiceConfig(key: Self.web6, scheduler: "rr")),
            W.server(Self.rs6, .tunnel, in: Self.web6),
        ])
        let base = Self.snapshot()
        var interfaces = base.interfaces
        interfaces[0].addresses = [W.director0, addr("fe80::1b:ff:fe00:201"), addr("2001:db8::2")]
        let snap = base.replacing(interfaces: interfaces)
        let syn = Self.tcp6(
            dst: W.eth0MAC, src: W.clientMAC, from: Self.client6, 40000, to: Self.vip6, 80, flags: [.syn])
        let r = run(syn, state: state, snapshot: snap)
        #expect(r.action == .transmit(interface: 0, kind: .forward))
        let inner = Array(
            Self.tcp6(
                dst: W.eth0MAC, src: W.clientMAC, from: Self.client6, 40000, to: Self.vip6, 80,
                flags: [.syn], hopLimit: 63
            ).dropFirst(14))
        #expect(
            r.output
                == B.ethernet(
                    destination: W.rs1MAC, source: W.eth0MAC, etherType: EtherType.ipv6,
                    payload:
                        B.ipv6(
                            source: addr("2001:db8::2"), destination: Self.rs6, nextHeader: IPProtocolNumber.ipv6,
                            payload: inner,
                            hopLimit: 63)))
    }

    @Test("NAT over IPv6: to RIP:rport on the backend, the reply back from VIP:vport, checksums right")
    func masquerade6() throws {
        let state = try W.state([
            .addService(ServiceConfig(key: Self.web6, scheduler: "rr")),
            W.server(Self.nat6, port: 8080, .masquerade, in: Self.web6),
        ])
        let syn = Self.tcp6(
            dst: W.eth0MAC, src: W.clientMAC, from: Self.client6, 41000, to: Self.vip6, 80, flags: [.syn])
        let out = run(syn, state: state, snapshot: Self.snapshot())
        #expect(out.action == .transmit(interface: 1, kind: .forward))
        #expect(
            out.output
                == Self.tcp6(
                    dst: W.nat1MAC, src: W.eth1MAC, from: Self.client6, 41000, to: Self.nat6, 8080,
                    flags: [.syn], hopLimit: 63))
        let reply = Self.tcp6(
            dst: W.eth1MAC, src: W.nat1MAC, from: Self.nat6, 8080, to: Self.client6, 41000,
            flags: [.syn, .ack])
        let back = run(reply, state: state, snapshot: Self.snapshot(), ingress: Ingress(interface: 1))
        #expect(back.action == .transmit(interface: 0, kind: .forward))
        #expect(
            back.output
                == Self.tcp6(
                    dst: W.clientMAC, src: W.eth0MAC, from: Self.vip6, 80, to: Self.client6, 41000,
                    flags: [.syn, .ack], hopLimit: 63))
        #expect(checksumFailures(back.output) == [])
    }

    @Test("/proc/net/ipv6_route and `ip -6 neigh` are read for the director's interfaces only")
    func kernelTables6() {
        let routes = KernelTables.routes6(
            ipv6Route: """
                20010db8000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0
                20010db8000000050000000000000000 40 00000000000000000000000000000000 00 20010db80000000000000000000000fe 00000400 00000001 00000000 00000003     eth0
                20010db8000000000000000000000002 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000002 00000000 80200001     eth0
                ff000000000000000000000000000000 08 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0
                20010db8000000090000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     wlan0
                """, interfaces: ["eth0": 0])
        #expect(
            routes == [
                DirectorRoute(prefix6: addr("2001:db8::"), prefixLength: 64, interface: 0, metric: 256),
                DirectorRoute(
                    prefix6: addr("2001:db8:0:5::"), prefixLength: 64, interface: 0,
                    gateway: addr("2001:db8::fe"), metric: 1024),
            ])
        let neighbours = KernelTables.neighbours6(
            ipNeighbour: """
                2001:db8::11 dev eth0 lladdr 02:1b:00:00:03:01 REACHABLE
                2001:db8::fe dev eth0 lladdr 02:1b:00:00:00:fe router STALE
                2001:db8::12 dev eth0  FAILED
                2001:db8::13 dev eth9 lladdr 02:1b:00:00:09:01 REACHABLE
                fe80::1 dev eth0 lladdr 02:1b:00:00:00:01 DELAY
                """, interfaces: ["eth0": 0])
        #expect(
            neighbours == [
                NeighbourKey(address: addr("2001:db8::11"), interface: 0): W.rs1MAC,
                NeighbourKey(address: addr("2001:db8::fe"), interface: 0): W.routerMAC,
                NeighbourKey(address: addr("fe80::1"), interface: 0): mac("02:1b:00:00:00:01"),
            ])
    }
}
