import LVSCore
import LVSTestSupport
import LVSVocabulary
import LVSWire
import LVSXDP
import Testing

@testable import LVSDirector

/// With `--data-plane xdp`, what the frame processor offers the XDP map: an established
/// connection's tuple and exactly the hop the Swift path just used; nothing before ESTABLISHED,
/// nothing for a CHECKSUM_PARTIAL frame; a withdrawal for the FIN.
@Suite("FrameProcessor: XDP offload offers")
struct OffloadCandidateTests {
    typealias W = World

    @Test(
        "DR: offered once ESTABLISHED and past 32 packets, with the real server's MAC and XDP_TX; the FIN withdraws it")
    func directRouting() throws {
        let state = try W.state([W.service(), W.server(W.rs1)])
        state.offloadEnabled = true
        _ = run(clientTCP(port: 40000, flags: [.syn]), state: state)
        #expect(state.offloadCandidate == nil, "a SYN_RECV connection is not offered")

        // ESTABLISHED from the first ACK, offered only from the client's 8th packet on.
        for sent in 2..<Int(XDPOffloader.tcpPacketsBeforeOffload) {
            let ack = run(clientTCP(port: 40000, flags: [.ack]), state: state)
            #expect(ack.action == .transmit(interface: 0, kind: .forward))
            #expect(state.offloadCandidate == nil, "offered after \(sent) packets")
        }
        let ack = run(clientTCP(port: 40000, flags: [.ack]), state: state)
        #expect(ack.action == .transmit(interface: 0, kind: .forward))
        let offer = try #require(state.offloadCandidate)
        state.offloadCandidate = nil
        #expect(
            offer.key
                == XDPFlowKey(
                    ipProtocol: IPProtocolNumber.tcp, source: W.client, sourcePort: 40000, destination: W.vip,
                    destinationPort: 80))
        #expect(
            offer.entry
                == XDPFlowEntry(
                    method: .directRouting, destinationMAC: W.rs1MAC, sourceMAC: W.eth0MAC, interfaceIndex: 2,
                    transmitOnIngress: true, counterSlot: 0))
        #expect(!offer.withdraw && !offer.reply)

        // A frame whose checksum the sender left to offload: XDP could not tell, never offered.
        _ = run(
            clientTCP(port: 40000, flags: [.ack]), state: state,
            ingress: Ingress(interface: 0, checksumPartial: true))
        #expect(state.offloadCandidate == nil)

        _ = run(clientTCP(port: 40000, flags: [.fin, .ack]), state: state)
        let withdrawal = try #require(state.offloadCandidate)
        #expect(withdrawal.withdraw && withdrawal.key == offer.key)
    }

    @Test("NAT: the request's entry goes to RIP:rport on eth1, the reply's back to the client as the VIP")
    func masquerade() throws {
        let state = try W.state([W.service(W.dns), W.server(W.nat1, port: 5353, .masquerade, in: W.dns)])
        state.offloadEnabled = true
        let request = udpFrame(dst: W.eth0MAC, src: W.clientMAC, from: W.client, 41000, to: W.vip, 53)
        #expect(run(request, state: state).action == .transmit(interface: 1, kind: .forward))
        let offer = try #require(state.offloadCandidate)
        state.offloadCandidate = nil
        #expect(
            offer.entry
                == XDPFlowEntry(
                    method: .natToRealServer(address: W.nat1, port: 5353), destinationMAC: W.nat1MAC,
                    sourceMAC: W.eth1MAC, interfaceIndex: 3, transmitOnIngress: false, counterSlot: 0))

        let reply = udpFrame(dst: W.eth1MAC, src: W.nat1MAC, from: W.nat1, 5353, to: W.client, 41000)
        #expect(
            run(reply, state: state, ingress: Ingress(interface: 1)).action == .transmit(interface: 0, kind: .forward))
        let back = try #require(state.offloadCandidate)
        #expect(back.reply && back.connection == offer.connection)
        #expect(
            back.key
                == XDPFlowKey(
                    ipProtocol: IPProtocolNumber.udp, source: W.nat1, sourcePort: 5353, destination: W.client,
                    destinationPort: 41000))
        #expect(
            back.entry
                == XDPFlowEntry(
                    method: .natToClient(address: W.vip, port: 53), destinationMAC: W.clientMAC, sourceMAC: W.eth0MAC,
                    interfaceIndex: 2, transmitOnIngress: false, counterSlot: 0))
        #expect(XDPOffloader.matches(state.engine.connections[back.connection], back.key, reply: true))
        #expect(XDPOffloader.matches(state.engine.connections[offer.connection], offer.key))
        #expect(!XDPOffloader.matches(state.engine.connections[offer.connection], back.key))
    }

    @Test(
        "a written entry's hop holds while the view agrees; a new MAC, route or egress withdraws it, and the next packet offers the new hop"
    )
    func hopChanges() throws {
        let state = try W.state([W.service(W.dns), W.server(W.rs1, port: 53, in: W.dns)])
        state.offloadEnabled = true
        let request = udpFrame(dst: W.eth0MAC, src: W.clientMAC, from: W.client, 41000, to: W.vip, 53)
        _ = run(request, state: state)
        let offer = try #require(state.offloadCandidate)
        state.offloadCandidate = nil
        #expect(offer.hop == W.rs1)
        func holds(_ snap: NetworkView) -> Bool {
            XDPOffloader.hopHolds(offer.entry, hop: offer.hop, snap: snap, learned: state.learned)
        }
        #expect(holds(W.snapshot()), "an unchanged view keeps the entry")
        #expect(
            holds(W.snapshot(neighbours: [NeighbourKey(address: W.rs2, interface: 0): W.clientMAC])),
            "another neighbour's change does not matter")

        let moved = mac("02:1b:00:00:03:99")
        let newMAC = W.snapshot(neighbours: [NeighbourKey(address: W.rs1, interface: 0): moved])
        #expect(!holds(newMAC), "rs1's new MAC withdraws the entry")
        _ = run(request, state: state, snapshot: newMAC)
        let again = try #require(state.offloadCandidate, "the next packet offers the connection again")
        state.offloadCandidate = nil
        #expect(again.entry.destinationMAC == moved && again.connection == offer.connection)
        #expect(XDPOffloader.hopHolds(again.entry, hop: again.hop, snap: newMAC, learned: state.learned))

        // rs1 now behind the router: another next hop (and its MAC).
        let routed = W.snapshot().replacing(routes: [
            W.route("198.18.0.11/32", 0, via: "198.18.0.254"), W.route("198.18.0.0/24", 0),
            W.route("198.18.1.0/24", 1),
        ])
        #expect(!holds(routed), "a route through the router withdraws the entry")
        // No neighbour entry and nothing learned: unresolved, withdrawn (the Swift path resolves).
        let forgotten = W.snapshot().replacing(
            neighbours: W.snapshot().neighbours.filter { $0.key.address != W.rs1 })
        #expect(!holds(forgotten), "an unresolved hop withdraws the entry")
        // Another egress MAC (the director's interface changed).
        var interfaces = W.interfaces
        interfaces[0].mac = mac("02:1b:00:00:02:99")
        #expect(!holds(W.snapshot().replacing(interfaces: interfaces)), "a new egress MAC withdraws the entry")
    }

    @Test("a NAT reply's hop (the client, learned from its frames) moves with what the worker learns")
    func learnedHopChanges() throws {
        let state = try W.state([W.service(W.dns), W.server(W.nat1, port: 5353, .masquerade, in: W.dns)])
        state.offloadEnabled = true
        _ = run(udpFrame(dst: W.eth0MAC, src: W.clientMAC, from: W.client, 41000, to: W.vip, 53), state: state)
        state.offloadCandidate = nil
        let reply = udpFrame(dst: W.eth1MAC, src: W.nat1MAC, from: W.nat1, 5353, to: W.client, 41000)
        _ = run(reply, state: state, ingress: Ingress(interface: 1))
        let back = try #require(state.offloadCandidate)
        #expect(back.reply && back.hop == W.client)
        #expect(XDPOffloader.hopHolds(back.entry, hop: back.hop, snap: W.snapshot(), learned: state.learned))
        // Seen again from the same MAC: nothing moved, the offloader has nothing to check.
        let moves = state.learned.moves
        state.learned.record(W.client, mac: W.clientMAC, interface: 0)
        #expect(state.learned.moves == moves)
        // From another MAC: a move, so the offloader compares its entries' hops again.
        state.learned.record(W.client, mac: W.routerMAC, interface: 0)
        #expect(state.learned.moves == moves + 1)
        #expect(!XDPOffloader.hopHolds(back.entry, hop: back.hop, snap: W.snapshot(), learned: state.learned))
    }

    @Test("without --data-plane xdp nothing is offered")
    func disabled() throws {
        let state = try W.state([W.service(), W.server(W.rs1)])
        for flags: TCPFlags in [[.syn]] + Array(repeating: [.ack], count: 10) {
            _ = run(clientTCP(port: 40000, flags: flags), state: state)
        }
        #expect(state.offloadCandidate == nil)
    }

    private func udpFrame(
        dst: MACAddress, src: MACAddress, from source: InetAddress, _ sourcePort: UInt16, to destination: InetAddress,
        _ destinationPort: UInt16
    ) -> [UInt8] {
        B.ethernet(
            destination: dst, source: src, etherType: EtherType.ipv4,
            payload: B.ipv4(
                source: source, destination: destination, protocol: IPProtocolNumber.udp,
                payload: B.udp(
                    source: source, destination: destination, sourcePort: sourcePort,
                    destinationPort: destinationPort, payload: Array("q".utf8))))
    }
}
