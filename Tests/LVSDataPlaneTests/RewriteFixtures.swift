import LVSCore
import LVSTestSupport
import LVSVocabulary
import LVSWire
import Testing

@testable import LVSDataPlane

/// One katran-style row: a frame in, the operation, the frame and verdict expected out.
struct RewriteFixture: Sendable, CustomTestStringConvertible {
    enum Operation: Sendable {
        case directRouting(L2Rewrite, partial: Bool)
        case natIn(InetAddress, UInt16, L2Rewrite, partial: Bool)
        case natOut(InetAddress, UInt16, L2Rewrite, partial: Bool)
        case tunnel(TunnelParameters, partial: Bool)
        case icmpTowardRealServer(InetAddress, UInt16, L2Rewrite)
        case icmpTowardClient(InetAddress, UInt16, L2Rewrite)
        case arpReply(MACAddress)
        case decrementHopLimit
    }
    var name: String
    var input: [UInt8]
    var operation: Operation
    var verdict: RewriteVerdict
    /// nil for drops: the frame must come out untouched.
    var expected: [UInt8]?
    var headroom = 64
    /// UDP port whose payload the checksum audit treats as GUE.
    var guePort: UInt16? = nil

    var testDescription: String { name }
}

let guePort: UInt16 = 6080

func tunnel(
    _ e: TunnelParameters.Encapsulation, v6: Bool = false, mtu: Int = 1500, csum: Bool = false
) -> TunnelParameters {
    TunnelParameters(
        encapsulation: e, source: v6 ? TestAddresses.director6 : TestAddresses.director4,
        destination: v6 ? TestAddresses.rip6 : TestAddresses.rip4, l2: toRealServer, mtu: mtu,
        checksum: csum)
}

/// The frame LVS-TUN should send for `input`.
func tunnelled(
    _ input: [UInt8], _ p: TunnelParameters, vlan: UInt16? = nil, dontFragment: Bool = true, outerTOS: UInt8 = 0
) -> [UInt8] {
    let inner = ipPacket(input)
    let ttl = p.timeToLive ?? frameSummary(input)!.hopLimit
    let innerProto = inner[0] >> 4 == 4 ? IPProtocolNumber.ipip : IPProtocolNumber.ipv6
    var payload = inner
    var proto = innerProto
    if case .gue(let port) = p.encapsulation {
        payload = B.udp(
            source: p.source, destination: p.destination,
            sourcePort: TunnelEncapsulator.entropyPort(frameSummary(input)!), destinationPort: port,
            payload: B.gue(protocol: innerProto) + inner,
            checksum: p.checksum || !p.source.isV4 ? .full : .zero)
        proto = IPProtocolNumber.udp
    }
    if case .gre = p.encapsulation {
        payload = B.gre(
            protocolType: innerProto == 4 ? EtherType.ipv4 : EtherType.ipv6, checksum: p.checksum, payload: inner)
        proto = IPProtocolNumber.gre
    }
    let outer =
        p.source.isV4
        ? B.ipv4(
            source: p.source, destination: p.destination, protocol: proto, payload: payload, ttl: ttl,
            dontFragment: dontFragment, tos: outerTOS)
        : B.ipv6(
            source: p.source, destination: p.destination, nextHeader: proto, payload: payload, hopLimit: ttl,
            trafficClass: outerTOS)
    return eth(p.l2, vlan: vlan, outer)
}

let rewriteFixtures: [RewriteFixture] = {
    let c4 = TestAddresses.client4
    let v4 = TestAddresses.vip4
    let r4 = TestAddresses.rip4
    let c6 = TestAddresses.client6
    let v6 = TestAddresses.vip6
    let r6 = TestAddresses.rip6
    let d4 = TestAddresses.director4
    let router4 = TestAddresses.router4
    let router6 = TestAddresses.router6
    let routerMAC = TestAddresses.routerMAC
    let directorMAC = TestAddresses.directorMAC
    let toRS = toRealServer
    let hello = Array("hello".utf8)
    var rows: [RewriteFixture] = []

    // MARK: DR
    rows += [
        RewriteFixture(
            name: "DR v4 SYN: only MACs change", input: tcp(fromRouter, c4, 40000, v4, 80),
            operation: .directRouting(toRS, partial: false), verdict: .forward,
            expected: tcp(toRS, c4, 40000, v4, 80)),
        RewriteFixture(
            name: "DR v6 tagged: tag and IP untouched",
            input: tcp(fromRouter, c6, 40000, v6, 443, flags: [.ack], payload: hello, vlan: 7),
            operation: .directRouting(toRS, partial: false), verdict: .forward,
            expected: tcp(toRS, c6, 40000, v6, 443, flags: [.ack], payload: hello, vlan: 7)),
        RewriteFixture(
            name: "DR partial checksum is completed",
            input: tcp(fromRouter, c4, 40000, v4, 80, payload: hello, checksum: .partial),
            operation: .directRouting(toRS, partial: true), verdict: .forward,
            expected: tcp(toRS, c4, 40000, v4, 80, payload: hello)),
    ]

    // MARK: NAT in (client -> VIP becomes client -> RIP)
    let ipOptions: [UInt8] = [0x01, 0x01, 0x01, 0x00]
    let withOptions: (L2Rewrite, InetAddress, UInt16) -> [UInt8] = { l2, dst, port in
        eth(
            l2,
            B.ipv4(
                source: c4, destination: dst, protocol: 6,
                payload: B.tcp(source: c4, destination: dst, sourcePort: 40000, destinationPort: port, flags: [.syn]),
                options: ipOptions))
    }
    let sctpFrame: (L2Rewrite, InetAddress, UInt16) -> [UInt8] = { l2, dst, port in
        eth(
            l2,
            B.ipv4(
                source: c4, destination: dst, protocol: 132,
                payload: B.sctp(
                    sourcePort: 5000, destinationPort: port, verificationTag: 0xABCD,
                    chunks: [1, 0, 0, 8, 0, 0, 0, 1])))
    }
    rows += [
        RewriteFixture(
            name: "NAT in v4 SYN", input: tcp(fromRouter, c4, 40000, v4, 80),
            operation: .natIn(r4, 8080, toRS, partial: false), verdict: .forward,
            expected: tcp(toRS, c4, 40000, r4, 8080)),
        RewriteFixture(
            name: "NAT in v4 odd-length payload",
            input: tcp(fromRouter, c4, 40001, v4, 80, flags: [.ack, .psh], payload: hello),
            operation: .natIn(r4, 80, toRS, partial: false), verdict: .forward,
            expected: tcp(toRS, c4, 40001, r4, 80, flags: [.ack, .psh], payload: hello)),
        RewriteFixture(
            name: "NAT in v4 UDP", input: udp(fromRouter, c4, 5353, v4, 53),
            operation: .natIn(r4, 5300, toRS, partial: false), verdict: .forward,
            expected: udp(toRS, c4, 5353, r4, 5300)),
        RewriteFixture(
            name: "NAT in v4 UDP without checksum stays without",
            input: udp(fromRouter, c4, 5353, v4, 53, checksum: .zero),
            operation: .natIn(r4, 53, toRS, partial: false), verdict: .forward,
            expected: udp(toRS, c4, 5353, r4, 53, checksum: .zero)),
        RewriteFixture(
            name: "NAT in v6 TCP", input: tcp(fromRouter, c6, 40000, v6, 443, flags: [.ack], payload: hello),
            operation: .natIn(r6, 8443, toRS, partial: false), verdict: .forward,
            expected: tcp(toRS, c6, 40000, r6, 8443, flags: [.ack], payload: hello)),
        RewriteFixture(
            name: "NAT in v6 UDP", input: udp(fromRouter, c6, 5353, v6, 53),
            operation: .natIn(r6, 53, toRS, partial: false), verdict: .forward,
            expected: udp(toRS, c6, 5353, r6, 53)),
        RewriteFixture(
            name: "NAT in v4 TCP with CHECKSUM_PARTIAL",
            input: tcp(fromRouter, c4, 40000, v4, 80, payload: hello, checksum: .partial),
            operation: .natIn(r4, 8080, toRS, partial: true), verdict: .forward,
            expected: tcp(toRS, c4, 40000, r4, 8080, payload: hello)),
        RewriteFixture(
            name: "NAT in v6 UDP with CHECKSUM_PARTIAL", input: udp(fromRouter, c6, 5353, v6, 53, checksum: .partial),
            operation: .natIn(r6, 5300, toRS, partial: true), verdict: .forward,
            expected: udp(toRS, c6, 5353, r6, 5300)),
        RewriteFixture(
            name: "NAT in v4 tagged", input: tcp(fromRouter, c4, 40000, v4, 80, vlan: 100),
            operation: .natIn(r4, 80, toRS, partial: false), verdict: .forward,
            expected: tcp(toRS, c4, 40000, r4, 80, vlan: 100)),
        RewriteFixture(
            name: "NAT in v4 with IP options", input: withOptions(fromRouter, v4, 80),
            operation: .natIn(r4, 8080, toRS, partial: false), verdict: .forward,
            expected: withOptions(toRS, r4, 8080)),
        RewriteFixture(
            name: "NAT in SCTP recomputes CRC32c", input: sctpFrame(fromRouter, v4, 3868),
            operation: .natIn(r4, 3869, toRS, partial: false), verdict: .forward,
            expected: sctpFrame(toRS, r4, 3869)),
        RewriteFixture(
            name: "NAT in to a v6 server for a v4 packet", input: tcp(fromRouter, c4, 40000, v4, 80),
            operation: .natIn(r6, 80, toRS, partial: false), verdict: .drop(.addressFamilyMismatch)),
        RewriteFixture(
            name: "NAT in of ICMP echo",
            input: eth(
                fromRouter,
                B.ipv4(
                    source: c4, destination: v4, protocol: 1,
                    payload: B.icmp(type: 8, code: 0))),
            operation: .natIn(r4, 0, toRS, partial: false), verdict: .drop(.unsupportedProtocol)),
    ]

    // MARK: NAT out (RIP -> client becomes VIP -> client)
    rows += [
        RewriteFixture(
            name: "NAT out v4 SYN-ACK", input: tcp(fromRealServer, r4, 8080, c4, 40000, flags: [.syn, .ack]),
            operation: .natOut(v4, 80, toRouter, partial: false), verdict: .forward,
            expected: tcp(toRouter, v4, 80, c4, 40000, flags: [.syn, .ack])),
        RewriteFixture(
            name: "NAT out v6 UDP",
            input: udp(fromRealServer, r6, 5300, c6, 5353, payload: [UInt8](repeating: 0xFF, count: 33)),
            operation: .natOut(v6, 53, toRouter, partial: false), verdict: .forward,
            expected: udp(toRouter, v6, 53, c6, 5353, payload: [UInt8](repeating: 0xFF, count: 33))),
        RewriteFixture(
            name: "NAT out v4 with CHECKSUM_PARTIAL (local veth sender)",
            input: tcp(fromRealServer, r4, 8080, c4, 40000, flags: [.ack], payload: hello, checksum: .partial),
            operation: .natOut(v4, 80, toRouter, partial: true), verdict: .forward,
            expected: tcp(toRouter, v4, 80, c4, 40000, flags: [.ack], payload: hello)),
    ]

    // MARK: TUN
    let big4 = tcp(fromRouter, c4, 40000, v4, 80, flags: [.ack], payload: [UInt8](repeating: 0x42, count: 1460))
    let big4NoDF = tcp(
        fromRouter, c4, 40000, v4, 80, flags: [.ack], payload: [UInt8](repeating: 0x42, count: 1460),
        dontFragment: false)
    let big6 = tcp(fromRouter, c6, 40000, v6, 80, flags: [.ack], payload: [UInt8](repeating: 0x42, count: 1440))
    let small = udp(fromRouter, c4, 5353, v4, 53, payload: [1]) + [UInt8](repeating: 0, count: 13)
    let ce = eth(
        fromRouter,
        B.ipv4(
            source: c4, destination: v4, protocol: 6,
            payload: B.tcp(source: c4, destination: v4, sourcePort: 1, destinationPort: 80, flags: [.syn]),
            ttl: 17, tos: 0xBB))
    let syn4 = tcp(fromRouter, c4, 40000, v4, 80)
    let bigError = eth(
        fromRouter,
        B.ipv4(
            source: router4, destination: v4, protocol: 1,
            payload: B.icmp(
                type: 3, code: 4, restOfHeader: 1400,
                payload: Array(ipPacket(big4).prefix(1472)))))
    let syn6 = tcp(fromRouter, c6, 40000, v6, 80)
    rows += [
        RewriteFixture(
            name: "TUN IPIP v4", input: syn4, operation: .tunnel(tunnel(.ipip), partial: false),
            verdict: .forward, expected: tunnelled(syn4, tunnel(.ipip))),
        RewriteFixture(
            name: "TUN IPIP v6 inside v4 (protocol 41)", input: syn6, operation: .tunnel(tunnel(.ipip), partial: false),
            verdict: .forward, expected: tunnelled(syn6, tunnel(.ipip))),
        RewriteFixture(
            name: "TUN IPIP v6 inside v6", input: syn6, operation: .tunnel(tunnel(.ipip, v6: true), partial: false),
            verdict: .forward, expected: tunnelled(syn6, tunnel(.ipip, v6: true))),
        RewriteFixture(
            name: "TUN GUE v4, no UDP checksum", input: syn4,
            operation: .tunnel(tunnel(.gue(port: guePort)), partial: false),
            verdict: .forward, expected: tunnelled(syn4, tunnel(.gue(port: guePort))), guePort: guePort),
        RewriteFixture(
            name: "TUN GUE v4 with UDP checksum", input: tcp(fromRouter, c4, 40000, v4, 80, payload: hello),
            operation: .tunnel(tunnel(.gue(port: guePort), csum: true), partial: false), verdict: .forward,
            expected: tunnelled(
                tcp(fromRouter, c4, 40000, v4, 80, payload: hello), tunnel(.gue(port: guePort), csum: true)),
            guePort: guePort),
        RewriteFixture(
            name: "TUN GUE v6 outer, v6 inner", input: syn6,
            operation: .tunnel(tunnel(.gue(port: guePort), v6: true), partial: false),
            verdict: .forward, expected: tunnelled(syn6, tunnel(.gue(port: guePort), v6: true)), guePort: guePort),
        RewriteFixture(
            name: "TUN drops Ethernet padding", input: small, operation: .tunnel(tunnel(.ipip), partial: false),
            verdict: .forward, expected: tunnelled(small, tunnel(.ipip))),
        RewriteFixture(
            name: "TUN keeps the VLAN tag", input: tcp(fromRouter, c4, 40000, v4, 80, vlan: 12),
            operation: .tunnel(tunnel(.ipip), partial: false), verdict: .forward,
            expected: tunnelled(tcp(fromRouter, c4, 40000, v4, 80, vlan: 12), tunnel(.ipip), vlan: 12)),
        RewriteFixture(
            name: "TUN copies TOS (DSCP and ECN) and TTL", input: ce, operation: .tunnel(tunnel(.ipip), partial: false),
            verdict: .forward, expected: tunnelled(ce, tunnel(.ipip), outerTOS: 0xBB)),
        RewriteFixture(
            name: "TUN with a fixed outer TTL", input: ce,
            operation: .tunnel(
                TunnelParameters(
                    encapsulation: .ipip, source: d4, destination: r4,
                    l2: toRS, timeToLive: 200), partial: false), verdict: .forward,
            expected: tunnelled(
                ce,
                TunnelParameters(
                    encapsulation: .ipip, source: d4, destination: r4,
                    l2: toRS, timeToLive: 200), outerTOS: 0xBB)),
        RewriteFixture(
            name: "TUN GRE v4", input: syn4, operation: .tunnel(tunnel(.gre), partial: false),
            verdict: .forward, expected: tunnelled(syn4, tunnel(.gre))),
        RewriteFixture(
            name: "TUN GRE with checksum, v6 inside v6", input: syn6,
            operation: .tunnel(tunnel(.gre, v6: true, csum: true), partial: false),
            verdict: .forward, expected: tunnelled(syn6, tunnel(.gre, v6: true, csum: true))),
        RewriteFixture(
            name: "TUN GRE 1500-byte DF packet with checksum: MTU 1472", input: big4,
            operation: .tunnel(tunnel(.gre, csum: true), partial: false), verdict: .reply,
            expected: eth(
                L2Rewrite(destination: routerMAC, source: directorMAC),
                B.ipv4(
                    source: v4, destination: c4, protocol: 1,
                    payload: B.icmp(type: 3, code: 4, restOfHeader: 1472, payload: Array(ipPacket(big4).prefix(548))),
                    dontFragment: false, tos: 0xC0))),
        RewriteFixture(
            name: "TUN never answers an ICMP error with one", input: bigError,
            operation: .tunnel(tunnel(.ipip), partial: false), verdict: .drop(.tunnelPacketTooBig)),
        RewriteFixture(
            name: "TUN over a link with MTU 87 (usable 67)", input: syn4,
            operation: .tunnel(tunnel(.ipip, mtu: 87), partial: false),
            verdict: .drop(.tunnelMTUTooSmall)),
        RewriteFixture(
            name: "TUN v6 where the usable MTU is under 1280", input: syn6,
            operation: .tunnel(tunnel(.gue(port: guePort), v6: true, mtu: 1331), partial: false),
            verdict: .drop(.tunnelMTUTooSmall)),
        RewriteFixture(
            name: "TUN inner without DF gives outer without DF",
            input: tcp(fromRouter, c4, 1, v4, 80, dontFragment: false),
            operation: .tunnel(tunnel(.ipip), partial: false), verdict: .forward,
            expected: tunnelled(tcp(fromRouter, c4, 1, v4, 80, dontFragment: false), tunnel(.ipip), dontFragment: false)
        ),
        RewriteFixture(
            name: "TUN completes a CHECKSUM_PARTIAL inner packet",
            input: tcp(fromRouter, c4, 40000, v4, 80, payload: hello, checksum: .partial),
            operation: .tunnel(tunnel(.ipip), partial: true), verdict: .forward,
            expected: tunnelled(tcp(fromRouter, c4, 40000, v4, 80, payload: hello), tunnel(.ipip))),
        RewriteFixture(
            name: "TUN 1500-byte DF packet: fragmentation needed, MTU 1480", input: big4,
            operation: .tunnel(tunnel(.ipip), partial: false), verdict: .reply,
            expected: eth(
                L2Rewrite(destination: routerMAC, source: directorMAC),
                B.ipv4(
                    source: v4, destination: c4, protocol: 1,
                    payload: B.icmp(type: 3, code: 4, restOfHeader: 1480, payload: Array(ipPacket(big4).prefix(548))),
                    dontFragment: false, tos: 0xC0))),
        RewriteFixture(
            name: "TUN GUE 1500-byte DF packet: MTU 1468", input: big4,
            operation: .tunnel(tunnel(.gue(port: guePort)), partial: false), verdict: .reply,
            expected: eth(
                L2Rewrite(destination: routerMAC, source: directorMAC),
                B.ipv4(
                    source: v4, destination: c4, protocol: 1,
                    payload: B.icmp(type: 3, code: 4, restOfHeader: 1468, payload: Array(ipPacket(big4).prefix(548))),
                    dontFragment: false, tos: 0xC0))),
        RewriteFixture(
            name: "TUN 1500-byte v6 packet over v6 GUE: packet too big, MTU 1448", input: big6,
            operation: .tunnel(tunnel(.gue(port: guePort), v6: true), partial: false), verdict: .reply,
            expected: eth(
                L2Rewrite(destination: routerMAC, source: directorMAC),
                B.ipv6(
                    source: v6, destination: c6, nextHeader: 58,
                    payload: B.icmpv6(
                        source: v6, destination: c6, type: 2, code: 0, restOfHeader: 1448,
                        payload: Array(ipPacket(big6).prefix(1232)))))),
        RewriteFixture(
            name: "TUN 1500-byte packet without DF", input: big4NoDF, operation: .tunnel(tunnel(.ipip), partial: false),
            verdict: .drop(.tunnelPacketTooBig)),
        RewriteFixture(
            name: "TUN without headroom", input: syn4, operation: .tunnel(tunnel(.ipip), partial: false),
            verdict: .drop(.insufficientHeadroom), headroom: 19),
        RewriteFixture(
            name: "TUN with mixed-family endpoints",
            input: syn4,
            operation: .tunnel(
                TunnelParameters(encapsulation: .ipip, source: d4, destination: r6, l2: toRS),
                partial: false),
            verdict: .drop(.addressFamilyMismatch)),
    ]

    // MARK: ICMP errors about NAT connections
    let reply4 = B.ipv4(
        source: v4, destination: c4, protocol: 6,
        payload: B.tcp(
            source: v4, destination: c4, sourcePort: 80, destinationPort: 40000, flags: [.ack],
            payload: [UInt8](repeating: 0x61, count: 200)))
    let reply4AtRS = B.ipv4(
        source: r4, destination: c4, protocol: 6,
        payload: B.tcp(
            source: r4, destination: c4, sourcePort: 8080, destinationPort: 40000, flags: [.ack],
            payload: [UInt8](repeating: 0x61, count: 200)))
    let query4 = B.ipv4(
        source: c4, destination: r4, protocol: 17,
        payload: B.udp(source: c4, destination: r4, sourcePort: 5353, destinationPort: 5300, payload: [9, 9, 9, 9]))
    let query4AtClient = B.ipv4(
        source: c4, destination: v4, protocol: 17,
        payload: B.udp(source: c4, destination: v4, sourcePort: 5353, destinationPort: 53, payload: [9, 9, 9, 9]))
    let reply6 = B.ipv6(
        source: v6, destination: c6, nextHeader: 6,
        payload: B.tcp(
            source: v6, destination: c6, sourcePort: 443, destinationPort: 40000, flags: [.ack],
            payload: [UInt8](repeating: 0x62, count: 1400)))
    let reply6AtRS = B.ipv6(
        source: r6, destination: c6, nextHeader: 6,
        payload: B.tcp(
            source: r6, destination: c6, sourcePort: 8443, destinationPort: 40000, flags: [.ack],
            payload: [UInt8](repeating: 0x62, count: 1400)))
    rows += [
        RewriteFixture(
            name: "ICMP frag-needed from the client side goes to the real server (quote with TCP checksum)",
            input: eth(
                fromRouter,
                B.ipv4(
                    source: router4, destination: v4, protocol: 1,
                    payload: B.icmp(type: 3, code: 4, restOfHeader: 1400, payload: Array(reply4.prefix(68))))),
            operation: .icmpTowardRealServer(r4, 8080, toRS), verdict: .forward,
            expected: eth(
                toRS,
                B.ipv4(
                    source: router4, destination: r4, protocol: 1,
                    payload: B.icmp(type: 3, code: 4, restOfHeader: 1400, payload: Array(reply4AtRS.prefix(68)))))),
        RewriteFixture(
            name: "ICMP port unreachable from the real server goes to the client as from the VIP",
            input: eth(
                fromRealServer,
                B.ipv4(
                    source: r4, destination: c4, protocol: 1,
                    payload: B.icmp(type: 3, code: 3, payload: Array(query4.prefix(28))))),
            operation: .icmpTowardClient(v4, 53, toRouter), verdict: .forward,
            expected: eth(
                toRouter,
                B.ipv4(
                    source: v4, destination: c4, protocol: 1,
                    payload: B.icmp(type: 3, code: 3, payload: Array(query4AtClient.prefix(28)))))),
        RewriteFixture(
            name: "ICMPv6 packet too big from the client side goes to the real server",
            input: eth(
                fromRouter,
                B.ipv6(
                    source: router6, destination: v6, nextHeader: 58,
                    payload: B.icmpv6(
                        source: router6, destination: v6, type: 2,
                        code: 0, restOfHeader: 1280,
                        payload: Array(reply6.prefix(1232))))),
            operation: .icmpTowardRealServer(r6, 8443, toRS), verdict: .forward,
            expected: eth(
                toRS,
                B.ipv6(
                    source: router6, destination: r6, nextHeader: 58,
                    payload: B.icmpv6(
                        source: router6, destination: r6, type: 2, code: 0,
                        restOfHeader: 1280, payload: Array(reply6AtRS.prefix(1232)))))),
        RewriteFixture(
            name: "ICMP echo is not an error",
            input: eth(
                fromRouter,
                B.ipv4(
                    source: c4, destination: v4, protocol: 1,
                    payload: B.icmp(type: 8, code: 0))),
            operation: .icmpTowardRealServer(r4, 80, toRS), verdict: .drop(.notICMPError)),
    ]

    // MARK: TTL, as the kernel's IPVS decrements it
    let ttl2 = eth(
        fromRouter,
        B.ipv4(
            source: c4, destination: v4, protocol: 6,
            payload: B.tcp(source: c4, destination: v4, sourcePort: 1, destinationPort: 80, flags: [.syn]), ttl: 2))
    let ttl1 = eth(
        fromRouter,
        B.ipv4(
            source: c4, destination: v4, protocol: 6,
            payload: B.tcp(source: c4, destination: v4, sourcePort: 1, destinationPort: 80, flags: [.syn]), ttl: 1))
    let hop1 = eth(
        fromRouter,
        B.ipv6(
            source: c6, destination: v6, nextHeader: 17,
            payload: B.udp(source: c6, destination: v6, sourcePort: 1, destinationPort: 53), hopLimit: 1))
    rows += [
        RewriteFixture(
            name: "TTL 64 becomes 63", input: syn4, operation: .decrementHopLimit, verdict: .forward,
            expected: eth(
                fromRouter,
                B.ipv4(
                    source: c4, destination: v4, protocol: 6,
                    payload: B.tcp(
                        source: c4, destination: v4, sourcePort: 40000,
                        destinationPort: 80, flags: [.syn]), ttl: 63))),
        RewriteFixture(
            name: "TTL 2 becomes 1", input: ttl2, operation: .decrementHopLimit, verdict: .forward,
            expected: ttl1),
        RewriteFixture(
            name: "TTL 1: time exceeded from the VIP", input: ttl1, operation: .decrementHopLimit, verdict: .reply,
            expected: eth(
                L2Rewrite(destination: routerMAC, source: directorMAC),
                B.ipv4(
                    source: v4, destination: c4, protocol: 1,
                    payload: B.icmp(type: 11, code: 0, payload: ipPacket(ttl1)),
                    dontFragment: false, tos: 0xC0))),
        RewriteFixture(
            name: "hop limit 64 becomes 63", input: syn6, operation: .decrementHopLimit, verdict: .forward,
            expected: eth(
                fromRouter,
                B.ipv6(
                    source: c6, destination: v6, nextHeader: 6,
                    payload: B.tcp(
                        source: c6, destination: v6, sourcePort: 40000,
                        destinationPort: 80, flags: [.syn]), hopLimit: 63))),
        RewriteFixture(
            name: "hop limit 1: ICMPv6 time exceeded", input: hop1, operation: .decrementHopLimit, verdict: .reply,
            expected: eth(
                L2Rewrite(destination: routerMAC, source: directorMAC),
                B.ipv6(
                    source: v6, destination: c6, nextHeader: 58,
                    payload: B.icmpv6(source: v6, destination: c6, type: 3, code: 0, payload: ipPacket(hop1))))),
    ]

    // MARK: ARP
    let request = B.arpFrame(
        destinationMAC: .broadcast, sourceMAC: routerMAC, operation: ARPPacket.request,
        senderMAC: routerMAC, senderAddress: router4, targetMAC: .zero, targetAddress: v4)
    let reply = B.arpFrame(
        destinationMAC: routerMAC, sourceMAC: directorMAC, operation: ARPPacket.reply,
        senderMAC: directorMAC, senderAddress: v4, targetMAC: routerMAC, targetAddress: router4)
    rows += [
        RewriteFixture(
            name: "ARP request for the VIP is answered in place", input: request,
            operation: .arpReply(directorMAC), verdict: .reply, expected: reply),
        RewriteFixture(
            name: "ARP reply is not answered", input: reply, operation: .arpReply(directorMAC),
            verdict: .drop(.notARPRequest)),
    ]
    return rows
}()
