import LVSCore
import LVSVocabulary
import LVSWire
import Testing

@testable import LVSDirector

/// ICMP errors about connections go where the connection's packets go (kernel ip_vs_in_icmp /
/// ip_vs_out_icmp), rewritten for NAT: without this, path-MTU discovery through the director
/// breaks and UDP clients of a NAT service never hear "port unreachable".
@Suite("FrameProcessor: ICMP errors about connections")
struct ICMPErrorForwardingTests {
    typealias W = World

    static func udp(
        _ from: InetAddress, _ sport: UInt16, _ to: InetAddress, _ dport: UInt16, ttl: UInt8,
        payload: [UInt8]
    ) -> [UInt8] {
        B.ipv4(
            source: from, destination: to, protocol: IPProtocolNumber.udp,
            payload: B.udp(source: from, destination: to, sourcePort: sport, destinationPort: dport, payload: payload),
            ttl: ttl)
    }

    static func tcp(_ from: InetAddress, _ sport: UInt16, _ to: InetAddress, _ dport: UInt16, ttl: UInt8) -> [UInt8] {
        B.ipv4(
            source: from, destination: to, protocol: IPProtocolNumber.tcp,
            payload: B.tcp(
                source: from, destination: to, sourcePort: sport, destinationPort: dport,
                flags: [.ack], payload: Array(repeating: 0x61, count: 32)),
            ttl: ttl)
    }

    static func icmpFrame(
        dst: MACAddress, src: MACAddress, from: InetAddress, to: InetAddress, ttl: UInt8 = 64,
        type: UInt8 = ICMPType.destinationUnreachable, code: UInt8, mtu: UInt32 = 0,
        quote: [UInt8]
    ) -> [UInt8] {
        B.ethernet(
            destination: dst, source: src, etherType: EtherType.ipv4,
            payload:
                B.ipv4(
                    source: from, destination: to, protocol: IPProtocolNumber.icmp,
                    payload: B.icmp(type: type, code: code, restOfHeader: mtu, payload: quote), ttl: ttl,
                    dontFragment: false))
    }

    @Test("NAT: port unreachable from the real server reaches the client from the VIP, quoting VIP:vport")
    func portUnreachableTowardClient() throws {
        let state = try W.state([W.service(W.dns), W.server(W.nat1, port: 5353, .masquerade, in: W.dns)])
        let query = B.udpFrame(
            destinationMAC: W.eth0MAC, sourceMAC: W.clientMAC, source: W.client, destination: W.vip,
            sourcePort: 5000, destinationPort: 53, payload: Array("query".utf8))
        #expect(run(query, state: state).action == .transmit(interface: 1, kind: .forward))

        let fromServer = Self.icmpFrame(
            dst: W.eth1MAC, src: W.nat1MAC, from: W.nat1, to: W.client,
            code: ICMPType.portUnreachableCode,
            quote: Self.udp(W.client, 5000, W.nat1, 5353, ttl: 63, payload: Array("query".utf8)))
        let out = run(fromServer, state: state, ingress: Ingress(interface: 1))
        #expect(out.action == .transmit(interface: 0, kind: .forward))
        let expected = Self.icmpFrame(
            dst: W.clientMAC, src: W.eth0MAC, from: W.vip, to: W.client, ttl: 63,
            code: ICMPType.portUnreachableCode,
            quote: Self.udp(W.client, 5000, W.vip, 53, ttl: 63, payload: Array("query".utf8)))
        #expect(out.output == expected)
        #expect(checksumFailures(out.output) == [])
        let svc = state.engine.snapshot(now: Instant(milliseconds: 1000), includeConnections: false).services[0]
        #expect(svc.counters.outPackets == 1)
    }

    @Test("NAT: fragmentation needed from the client's side reaches the real server, quoting RIP:rport")
    func fragmentationNeededTowardRealServer() throws {
        let state = try W.state([W.service(), W.server(W.nat1, port: 8080, .masquerade)])
        #expect(run(clientTCP(port: 41000), state: state).action == .transmit(interface: 1, kind: .forward))

        let fromClientSide = Self.icmpFrame(
            dst: W.eth0MAC, src: W.clientMAC, from: W.client, to: W.vip,
            code: ICMPType.fragmentationNeededCode, mtu: 1400,
            quote: Self.tcp(W.vip, 80, W.client, 41000, ttl: 62))
        let out = run(fromClientSide, state: state)
        #expect(out.action == .transmit(interface: 1, kind: .forward))
        let expected = Self.icmpFrame(
            dst: W.nat1MAC, src: W.eth1MAC, from: W.client, to: W.nat1, ttl: 63,
            code: ICMPType.fragmentationNeededCode, mtu: 1400,
            quote: Self.tcp(W.nat1, 8080, W.client, 41000, ttl: 62))
        #expect(out.output == expected)
        #expect(checksumFailures(out.output) == [])
    }

    @Test("DR: fragmentation needed sent to the VIP about a real server's reply goes to that real server unchanged")
    func fragmentationNeededDirectRouting() throws {
        let state = try W.state([W.service(), W.server(W.rs1), W.server(W.rs2)])
        #expect(run(clientTCP(port: 40000), state: state).action == .transmit(interface: 0, kind: .forward))
        let second = run(clientTCP(port: 40001), state: state)
        let secondMAC = macAt(second.output, 0)

        let icmp = Self.icmpFrame(
            dst: W.eth0MAC, src: W.routerMAC, from: W.router, to: W.vip,
            code: ICMPType.fragmentationNeededCode, mtu: 1280,
            quote: Self.tcp(W.vip, 80, W.client, 40001, ttl: 60))
        let out = run(icmp, state: state)
        #expect(out.action == .transmit(interface: 0, kind: .forward))
        let expected = Self.icmpFrame(
            dst: secondMAC, src: W.eth0MAC, from: W.router, to: W.vip, ttl: 63,
            code: ICMPType.fragmentationNeededCode, mtu: 1280,
            quote: Self.tcp(W.vip, 80, W.client, 40001, ttl: 60))
        #expect(out.output == expected)
    }

    @Test("ICMP errors about no connection pass to the kernel (VIP side) or to the other workers (server side)")
    func noConnection() throws {
        let state = try W.state([W.service(), W.server(W.nat1, port: 8080, .masquerade)])
        let toVIP = Self.icmpFrame(
            dst: W.eth0MAC, src: W.clientMAC, from: W.client, to: W.vip,
            code: ICMPType.fragmentationNeededCode, mtu: 1400,
            quote: Self.tcp(W.vip, 80, W.client, 49999, ttl: 62))
        #expect(run(toVIP, state: state).action == .pass(.engine(.unsupportedProtocol)))
        let fromServer = Self.icmpFrame(
            dst: W.eth1MAC, src: W.nat1MAC, from: W.nat1, to: W.client,
            code: ICMPType.portUnreachableCode,
            quote: Self.tcp(W.client, 49999, W.nat1, 8080, ttl: 63))
        #expect(run(fromServer, state: state, ingress: Ingress(interface: 1)).action == .replyWithoutConnection)
        // An ICMP error with TTL 1 is dropped, never answered with another error.
        #expect(run(clientTCP(port: 41000), state: state).action == .transmit(interface: 1, kind: .forward))
        let dying = Self.icmpFrame(
            dst: W.eth0MAC, src: W.clientMAC, from: W.client, to: W.vip, ttl: 1,
            code: ICMPType.fragmentationNeededCode, mtu: 1400,
            quote: Self.tcp(W.vip, 80, W.client, 41000, ttl: 62))
        #expect(run(dying, state: state).action == .drop(.wire(.hopLimitExceeded)))
    }
}
