import LVSCore
import LVSLinux
import LVSTestSupport
import LVSVocabulary
import LVSWire
import Testing

@testable import LVSDirector

@Suite("FrameProcessor: frame -> engine verdict -> frame")
struct FrameProcessorTests {
    typealias W = World

    // MARK: ARP

    @Test("an ARP request for the VIP is answered from the ingress interface's MAC")
    func arpForVIP() throws {
        let state = try W.state([W.service()])
        let request = B.arpFrame(
            destinationMAC: .broadcast, sourceMAC: W.clientMAC, operation: ARPPacket.request,
            senderMAC: W.clientMAC, senderAddress: W.client, targetMAC: .zero, targetAddress: W.vip)
        let r = run(request, state: state, ingress: Ingress(interface: 0, packetType: .broadcast))
        #expect(r.action == .transmit(interface: 0, kind: .arp))
        let expected = B.arpFrame(
            destinationMAC: W.clientMAC, sourceMAC: W.eth0MAC, operation: ARPPacket.reply,
            senderMAC: W.eth0MAC, senderAddress: W.vip, targetMAC: W.clientMAC, targetAddress: W.client)
        #expect(r.output == expected)
        // The requester is remembered for replies (NAT) before the kernel knows it.
        #expect(state.learned.lookup(W.client)?.mac == W.clientMAC)
    }

    @Test("ARP for anything but a VIP (the director's own address, a real server) is the kernel's")
    func arpNotForVIP() throws {
        let state = try W.state([W.service()])
        for target in [W.director0, W.rs1] {
            let request = B.arpFrame(
                destinationMAC: .broadcast, sourceMAC: W.clientMAC, operation: ARPPacket.request,
                senderMAC: W.clientMAC, senderAddress: W.client, targetMAC: .zero, targetAddress: target)
            #expect(
                run(request, state: state, ingress: Ingress(interface: 0, packetType: .broadcast)).action
                    == .pass(.director(.arp)))
        }
        let reply = B.arpFrame(
            destinationMAC: W.eth0MAC, sourceMAC: W.clientMAC, operation: ARPPacket.reply,
            senderMAC: W.clientMAC, senderAddress: W.client, targetMAC: W.eth0MAC, targetAddress: W.vip)
        #expect(run(reply, state: state).action == .pass(.director(.arp)))
    }

    @Test("a gratuitous ARP moves a host the worker knows (its MAC changed) and teaches nothing new")
    func gratuitousARPMovesKnownHosts() throws {
        let state = try W.state([W.service()])
        func announce(_ address: InetAddress, from mac: MACAddress) -> TxAction {
            let gratuitous = B.arpFrame(
                destinationMAC: .broadcast, sourceMAC: mac, operation: ARPPacket.request,
                senderMAC: mac, senderAddress: address, targetMAC: .zero, targetAddress: address)
            return run(gratuitous, state: state, ingress: Ingress(interface: 0, packetType: .broadcast)).action
        }
        // Unknown: left to the kernel, not learned (as the kernel creates no entry for it).
        #expect(announce(W.client, from: W.routerMAC) == .pass(.director(.arp)))
        #expect(state.learned.lookup(W.client) == nil)
        // Known from its request for the VIP, then announced from another MAC: moved.
        state.learned.record(W.client, mac: W.clientMAC, interface: 0)
        #expect(announce(W.client, from: W.routerMAC) == .pass(.director(.arp)))
        #expect(state.learned.lookup(W.client)?.mac == W.routerMAC)
        #expect(state.learned.moves == 1)
    }

    // MARK: DR

    @Test("DR: only the MACs and the TTL change, and rr alternates between the real servers")
    func directRouting() throws {
        let state = try W.state([W.service(), W.server(W.rs1), W.server(W.rs2)])
        var macs: [MACAddress] = []
        for port: UInt16 in [40000, 40001, 40002, 40003] {
            let r = run(clientTCP(port: port), state: state)
            #expect(r.action == .transmit(interface: 0, kind: .forward))
            let destinationMAC = macAt(r.output, 0)
            macs.append(destinationMAC)
            let expected = tcpFrame(
                dst: destinationMAC, src: W.eth0MAC, from: W.client, port, to: W.vip, 80,
                flags: [.syn], ttl: 63)
            #expect(r.output == expected)
        }
        #expect(Set(macs) == [W.rs1MAC, W.rs2MAC])
        #expect(macs[0] != macs[1])
        #expect(macs[0] == macs[2])
        #expect(macs[1] == macs[3])

        // Later segments of a connection stick to its server.
        let again = run(clientTCP(port: 40000, flags: [.ack], payload: Array("GET /".utf8)), state: state)
        #expect(
            Array(again.output[0..<6]) == Array(run(clientTCP(port: 40000, flags: [.ack]), state: state).output[0..<6]))
        let snapshot = state.engine.snapshot(now: Instant(milliseconds: 1000), includeConnections: true)
        #expect(snapshot.services[0].counters.connections == 4)
        #expect(snapshot.services[0].counters.inPackets == 6)
        #expect(snapshot.services[0].counters.outPackets == 0)
        #expect(snapshot.connections.count == 4)
    }

    @Test("DR: a real server's MAC is remembered per view; a new view with a new MAC is followed at once")
    func nextHopFollowsTheView() throws {
        let state = try W.state([W.service(), W.server(W.rs1)])
        let first = W.snapshot()
        let moved = mac("02:1b:00:00:03:99")
        let second = first.replacing(
            neighbours: first.neighbours.merging([NeighbourKey(address: W.rs1, interface: 0): moved]) { _, new in new })
        var seen: [MACAddress] = []
        for (port, view) in [(40000, first), (40001, first), (40002, second), (40003, first), (40004, second)] {
            let r = run(clientTCP(port: UInt16(port)), state: state, snapshot: view)
            #expect(r.action == .transmit(interface: 0, kind: .forward))
            seen.append(macAt(r.output, 0))
        }
        #expect(seen == [W.rs1MAC, W.rs1MAC, moved, W.rs1MAC, moved])
        // Unresolved in a view made from the same one as `second`: the packet waits for
        // resolution, no MAC cached under another view is used.
        let unresolved = first.replacing(
            neighbours: first.neighbours.filter { $0.key.address != W.rs1 })
        let r = run(clientTCP(port: 40005), state: state, snapshot: unresolved)
        #expect(r.action == .unresolved(NeighbourKey(address: W.rs1, interface: 0)))
    }

    @Test("DR completes a CHECKSUM_PARTIAL segment from a local sender")
    func checksumPartial() throws {
        let state = try W.state([W.service(), W.server(W.rs1)])
        let partial = clientTCP(payload: Array("hello".utf8), checksum: .partial)
        #expect(!checksumFailures(partial).isEmpty)
        let r = run(partial, state: state, ingress: Ingress(interface: 0, checksumPartial: true))
        #expect(r.action == .transmit(interface: 0, kind: .forward))
        #expect(checksumFailures(r.output) == [])
        #expect(
            r.output
                == tcpFrame(
                    dst: W.rs1MAC, src: W.eth0MAC, from: W.client, 40000, to: W.vip, 80, flags: [.syn],
                    ttl: 63, payload: Array("hello".utf8)))
    }

    // MARK: NAT

    @Test("NAT: the request goes to RIP:rport on the backend, the reply comes back as VIP:vport to the client")
    func masquerade() throws {
        let state = try W.state([W.service(), W.server(W.nat1, port: 8080, .masquerade)])
        let request = run(clientTCP(port: 41000), state: state)
        #expect(request.action == .transmit(interface: 1, kind: .forward))
        #expect(
            request.output
                == tcpFrame(
                    dst: W.nat1MAC, src: W.eth1MAC, from: W.client, 41000, to: W.nat1, 8080,
                    flags: [.syn], ttl: 63))

        // The kernel does not know the client's MAC: the one its request came from is used.
        let reply = tcpFrame(
            dst: W.eth1MAC, src: W.nat1MAC, from: W.nat1, 8080, to: W.client, 41000, flags: [.syn, .ack])
        let back = run(reply, state: state, ingress: Ingress(interface: 1))
        #expect(back.action == .transmit(interface: 0, kind: .forward))
        #expect(
            back.output
                == tcpFrame(
                    dst: W.clientMAC, src: W.eth0MAC, from: W.vip, 80, to: W.client, 41000,
                    flags: [.syn, .ack], ttl: 63))
        let svc = state.engine.snapshot(now: Instant(milliseconds: 1000), includeConnections: false).services[0]
        #expect(svc.counters.inPackets == 1)
        #expect(svc.counters.outPackets == 1)
    }

    @Test("NAT: a UDP reply with a CHECKSUM_PARTIAL checksum leaves with a complete one")
    func masqueradeUDPPartial() throws {
        let state = try W.state([W.service(W.dns), W.server(W.nat1, port: 5353, .masquerade, in: W.dns)])
        let query = B.udpFrame(
            destinationMAC: W.eth0MAC, sourceMAC: W.clientMAC, source: W.client, destination: W.vip,
            sourcePort: 5000, destinationPort: 53, payload: Array("query".utf8))
        let out = run(query, state: state)
        #expect(out.action == .transmit(interface: 1, kind: .forward))
        #expect(checksumFailures(out.output) == [])
        let answer = B.udpFrame(
            destinationMAC: W.eth1MAC, sourceMAC: W.nat1MAC, source: W.nat1, destination: W.client,
            sourcePort: 5353, destinationPort: 5000, payload: Array("answer".utf8), checksum: .partial)
        let back = run(answer, state: state, ingress: Ingress(interface: 1, checksumPartial: true))
        #expect(back.action == .transmit(interface: 0, kind: .forward))
        let expected = B.ethernet(
            destination: W.clientMAC, source: W.eth0MAC, etherType: EtherType.ipv4,
            payload:
                B.ipv4(
                    source: W.vip, destination: W.client, protocol: IPProtocolNumber.udp,
                    payload: B.udp(
                        source: W.vip, destination: W.client, sourcePort: 53, destinationPort: 5000,
                        payload: Array("answer".utf8)), ttl: 63))
        #expect(back.output == expected)
    }

    @Test("a packet to no VIP without a NAT connection here is left for another worker, then the kernel")
    func replyWithoutConnection() throws {
        let state = try W.state([W.service(), W.server(W.nat1, port: 8080, .masquerade)])
        let stray = tcpFrame(dst: W.eth1MAC, src: W.nat1MAC, from: W.nat1, 8080, to: W.client, 41999, flags: [.ack])
        #expect(run(stray, state: state, ingress: Ingress(interface: 1)).action == .replyWithoutConnection)
    }

    // MARK: TUN

    @Test("TUN ipip: the packet (TTL decremented) inside an outer IPv4 header from the egress address")
    func tunnelIPIP() throws {
        let state = try W.state([W.service(), W.server(W.remote, .tunnel)])
        let r = run(clientTCP(payload: Array("x".utf8)), state: state)
        #expect(r.action == .transmit(interface: 0, kind: .forward))
        let inner = Array(
            tcpFrame(
                dst: .zero, src: .zero, from: W.client, 40000, to: W.vip, 80, flags: [.syn], ttl: 63,
                payload: Array("x".utf8)
            ).dropFirst(14))
        let expected = B.ethernet(
            destination: W.routerMAC, source: W.eth0MAC, etherType: EtherType.ipv4,
            payload: B.ipv4(
                source: W.director0, destination: W.remote, protocol: IPProtocolNumber.ipip,
                payload: inner, ttl: 63))
        #expect(r.output == expected)
    }

    @Test("TUN gue: outer UDP to the tunnel port with a GUE header")
    func tunnelGUE() throws {
        let state = try W.state([W.service(), W.server(W.rs1, .tunnel, tunnel: .gue, tunnelPort: 6080)])
        let r = run(clientTCP(), state: state)
        #expect(r.action == .transmit(interface: 0, kind: .forward))
        let s = try #require(frameSummary(r.output))
        #expect(s.ipProtocol == IPProtocolNumber.udp)
        #expect(s.destinationPort == 6080)
        #expect(s.source == W.director0 && s.destination == W.rs1)
        #expect(Array(r.output[42..<46]) == B.gue(protocol: IPProtocolNumber.ipip))
        #expect(Array(r.output[0..<6]) == [0x02, 0x1b, 0, 0, 3, 1])
        #expect(checksumFailures(r.output, guePort: 6080) == [])
    }

    @Test("TUN: a DF packet that no longer fits gets ICMP fragmentation needed with the tunnel MTU")
    func tunnelTooBig() throws {
        let state = try W.state([W.service(), W.server(W.rs1, .tunnel)])
        let big = clientTCP(flags: [.ack], payload: [UInt8](repeating: 7, count: 1460))
        // An established-looking segment needs a connection first.
        _ = run(clientTCP(), state: state)
        let r = run(big, state: state)
        #expect(r.action == .transmit(interface: 0, kind: .icmp))
        let s = try #require(frameSummary(r.output))
        #expect(s.source == W.vip && s.destination == W.client)
        #expect(s.icmp?.type == ICMPType.destinationUnreachable)
        #expect(s.icmp?.code == ICMPType.fragmentationNeededCode)
        #expect(s.icmp?.restOfHeader == 1480)
        #expect(Array(r.output[0..<12]) == [0x02, 0x1b, 0, 0, 1, 1, 0x02, 0x1b, 0, 0, 2, 1])
        #expect(checksumFailures(r.output) == [])
    }

    // MARK: Errors and the kernel's share

    @Test("a service without usable real servers answers ICMP port unreachable from the VIP")
    func reject() throws {
        let state = try W.state([W.service(), W.server(W.rs1, weight: 0)])
        let r = run(clientTCP(), state: state)
        #expect(r.action == .transmit(interface: 0, kind: .icmp))
        let s = try #require(frameSummary(r.output))
        #expect(s.icmp?.type == 3 && s.icmp?.code == 3)
        #expect(s.source == W.vip && s.destination == W.client)
        #expect(s.icmp?.quote?.destinationPort == 80)
        #expect(checksumFailures(r.output) == [])
    }

    @Test("TTL 1 toward a real server: ICMP time exceeded instead")
    func ttlExpired() throws {
        let state = try W.state([W.service(), W.server(W.rs1)])
        let r = run(clientTCP(ttl: 1), state: state)
        #expect(r.action == .transmit(interface: 0, kind: .icmp))
        #expect(r.output[14 + 20] == ICMPType.timeExceeded)
    }

    @Test("an unresolved real server: the frame is rewritten but for its destination MAC, and the MAC is asked for")
    func unresolved() throws {
        let stranger = addr("198.18.0.77")
        let state = try W.state([W.service(), W.server(stranger)])
        let r = run(clientTCP(), state: state)
        let key = NeighbourKey(address: stranger, interface: 0)
        #expect(r.action == .unresolved(key))
        #expect(
            r.output
                == tcpFrame(dst: .zero, src: W.eth0MAC, from: W.client, 40000, to: W.vip, 80, flags: [.syn], ttl: 63))
        #expect(state.drainWanted() == [key])
        #expect(state.drainWanted() == [])
        // Behind a gateway, the gateway is what must be resolved.
        let far = try W.state([W.service(), W.server(W.remote, .tunnel)])
        let routed = run(
            clientTCP(), state: far,
            snapshot: NetworkView(
                interfaces: W.interfaces, routes: W.snapshot().routes, virtualAddresses: [W.vip]))
        #expect(routed.action == .unresolved(NeighbourKey(address: W.router, interface: 0)))
    }

    @Test("frames for the director itself, for other MACs, IPv6 and broken frames are not forwarded")
    func notForwarded() throws {
        let state = try W.state([W.service(), W.server(W.rs1)])
        #expect(
            run(clientTCP(to: W.director0, destinationPort: 22), state: state).action == .pass(.director(.ownAddress)))
        #expect(
            run(clientTCP(), state: state, ingress: Ingress(interface: 0, packetType: .otherHost)).action == .notForUs)
        #expect(run(clientTCP(destinationPort: 443), state: state).action == .pass(.engine(.noService)))
        #expect(run(clientTCP(flags: [.ack]), state: state).action == .pass(.engine(.notConnectionStart)))
        var broken = clientTCP()
        broken[24] ^= 0xFF
        #expect(run(broken, state: state).action == .drop(.wire(.badIPv4Checksum)))
        #expect(run(Array(clientTCP().prefix(40)), state: state).action == .drop(.wire(.badIPv4TotalLength)))
        #expect(
            run(clientTCP(), state: state, ingress: Ingress(interface: 0, wireLength: 9000)).action
                == .drop(.director(.truncatedCapture)))
        let v6 = B.tcpFrame(
            destinationMAC: W.eth0MAC, sourceMAC: W.clientMAC, source: addr("2001:db8::100"),
            destination: addr("2001:db8::50"), sourcePort: 1, destinationPort: 80, flags: [.syn])
        // IPv6 to no VIP: not a service's, so perhaps a NAT reply another worker knows.
        #expect(run(v6, state: state).action == .replyWithoutConnection)
        #expect(run([UInt8](repeating: 0, count: 10), state: state).action == .drop(.wire(.truncatedEthernet)))
        // None of these touched the service.
        #expect(
            state.engine.snapshot(now: Instant(milliseconds: 1000), includeConnections: false).services[0].counters
                .inPackets == 0)
    }
}
