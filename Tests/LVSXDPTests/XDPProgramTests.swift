import LVSCore
import LVSDataPlane
import LVSLabTestSupport
import LVSLinux
import LVSTestSupport
import LVSVocabulary
import LVSWire
import LVSXDP
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The kernel verifies bpf/lvs_xdp.c and runs it (BPF_PROG_TEST_RUN) on the frames of the Swift
/// data-plane tests: with a connection in the map, the frame it returns must be byte for byte
/// the one the Swift director builds (hop limit decremented, then DR/NAT/TUN); everything the
/// Swift director must see comes back XDP_PASS, untouched.
@Suite(
    .serialized,
    Root.required(for: "bpf(2)", to: "load the XDP program and run it on test frames"))
struct XDPProgramTests {
    static let xdpPass: UInt32 = 2
    static let xdpTransmit: UInt32 = 3
    static let xdpRedirect: UInt32 = 4
    static let egressIndex: UInt32 = 7

    let loaded: XDPFastPathProgram

    init() throws {
        loaded = try XDPFastPathProgram(object: try XDPObjectBuild.object.get(), maxEntries: 1024)
    }

    typealias B = PacketBuilder
    static let c4 = TestAddresses.client4
    static let v4 = TestAddresses.vip4
    static let r4 = TestAddresses.rip4
    static let c6 = TestAddresses.client6
    static let v6 = TestAddresses.vip6
    static let r6 = TestAddresses.rip6
    static let hello = Array("hello".utf8)

    static func tcp(
        _ src: InetAddress, _ sport: UInt16, _ dst: InetAddress, _ dport: UInt16, flags: TCPFlags = [.ack],
        payload: [UInt8] = hello, from: MACAddress = TestAddresses.routerMAC
    ) -> [UInt8] {
        B.tcpFrame(
            destinationMAC: TestAddresses.directorMAC, sourceMAC: from, source: src, destination: dst,
            sourcePort: sport, destinationPort: dport, flags: flags, payload: payload)
    }

    static func udp(
        _ src: InetAddress, _ sport: UInt16, _ dst: InetAddress, _ dport: UInt16,
        checksum: B.ChecksumMode = .full, from: MACAddress = TestAddresses.routerMAC
    ) -> [UInt8] {
        B.udpFrame(
            destinationMAC: TestAddresses.directorMAC, sourceMAC: from, source: src, destination: dst,
            sourcePort: sport, destinationPort: dport, payload: [UInt8](repeating: 0xA5, count: 33),
            checksum: checksum)
    }

    /// One established connection: the frame that arrives, what the map says, and the Swift
    /// rewrite it must equal.
    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var input: [UInt8]
        var method: XDPFlowEntry.Method
        var toClient = false
        var testDescription: String { name }
    }

    static let tunnelV4 = XDPFlowEntry.Method.tunnel(
        source: TestAddresses.director4, destination: r4, mtu: 1500)
    static let tunnelV6 = XDPFlowEntry.Method.tunnel(
        source: TestAddresses.director6, destination: r6, mtu: 1500)

    static let gueV4 = XDPFlowEntry.Method.tunnel(
        source: TestAddresses.director4, destination: r4, mtu: 1500, guePort: 6080)

    /// A TCP ACK from the client with IPv4 options (a longer header the rewrites must skip).
    static let withOptions: [UInt8] = B.ethernet(
        destination: TestAddresses.directorMAC, source: TestAddresses.routerMAC, etherType: EtherType.ipv4,
        payload: B.ipv4(
            source: c4, destination: v4, protocol: 6,
            payload: B.tcp(
                source: c4, destination: v4, sourcePort: 40000, destinationPort: 80, flags: [.ack], payload: hello),
            options: [0x01, 0x01, 0x01, 0x00]))

    static let rows: [Row] = [
        Row(name: "DR v4 TCP", input: tcp(c4, 40000, v4, 80), method: .directRouting),
        Row(name: "DR v6 TCP", input: tcp(c6, 40000, v6, 443), method: .directRouting),
        Row(name: "DR v4 UDP", input: udp(c4, 5353, v4, 53), method: .directRouting),
        Row(name: "NAT in v4 TCP", input: tcp(c4, 40000, v4, 80), method: .natToRealServer(address: r4, port: 8080)),
        Row(
            name: "NAT in v4 UDP", input: udp(c4, 5353, v4, 53), method: .natToRealServer(address: r4, port: 5300)),
        Row(
            name: "NAT in v4 UDP without checksum", input: udp(c4, 5353, v4, 53, checksum: .zero),
            method: .natToRealServer(address: r4, port: 5300)),
        Row(
            name: "NAT in v6 TCP", input: tcp(c6, 40000, v6, 443), method: .natToRealServer(address: r6, port: 8443)),
        Row(name: "NAT in v6 UDP", input: udp(c6, 5353, v6, 53), method: .natToRealServer(address: r6, port: 53)),
        Row(
            name: "NAT out v4 TCP", input: tcp(r4, 8080, c4, 40000, from: TestAddresses.realServerMAC),
            method: .natToClient(address: v4, port: 80), toClient: true),
        Row(
            name: "NAT out v4 UDP", input: udp(r4, 5300, c4, 5353, from: TestAddresses.realServerMAC),
            method: .natToClient(address: v4, port: 53), toClient: true),
        Row(
            name: "NAT out v6 TCP", input: tcp(r6, 8443, c6, 40000, from: TestAddresses.realServerMAC),
            method: .natToClient(address: v6, port: 443), toClient: true),
        Row(
            name: "NAT out v6 UDP", input: udp(r6, 53, c6, 5353, from: TestAddresses.realServerMAC),
            method: .natToClient(address: v6, port: 53), toClient: true),
        Row(name: "TUN ipip (v4 in v4)", input: tcp(c4, 40000, v4, 80), method: tunnelV4),
        Row(name: "TUN ip6ip6 (v6 in v6)", input: udp(c6, 5353, v6, 53), method: tunnelV6),
        Row(name: "TUN ipip6 (v4 in v6)", input: tcp(c4, 40000, v4, 80), method: tunnelV6),
        Row(name: "TUN sit (v6 in v4)", input: tcp(c6, 40000, v6, 443), method: tunnelV4),
        Row(name: "TUN GUE v4 in v4, TCP", input: tcp(c4, 40000, v4, 80), method: gueV4),
        Row(name: "TUN GUE v4 in v4, UDP", input: udp(c4, 5353, v4, 53), method: gueV4),
        Row(name: "TUN GUE v6 in v4, TCP", input: tcp(c6, 40000, v6, 443), method: gueV4),
        Row(
            name: "TUN v4 TCP, Ethernet padding dropped", input: tcp(c4, 1, v4, 2, payload: []) + [0, 0, 0, 0, 0, 0],
            method: tunnelV4),
        Row(name: "NAT in v4 with IP options", input: withOptions, method: .natToRealServer(address: r4, port: 8080)),
        Row(name: "TUN ipip v4 with IP options", input: withOptions, method: tunnelV4),
        Row(
            name: "DR v4 TCP, Ethernet padding kept", input: tcp(c4, 1, v4, 2, payload: []) + [0, 0, 0, 0, 0, 0],
            method: .directRouting),
    ]

    static func key(_ frame: [UInt8]) throws -> XDPFlowKey {
        let s = try #require(frameSummary(frame))
        return XDPFlowKey(
            ipProtocol: s.ipProtocol, source: s.source, sourcePort: s.sourcePort, destination: s.destination,
            destinationPort: s.destinationPort)
    }

    static func entry(_ row: Row, slot: UInt32, transmitOnIngress: Bool = false) -> XDPFlowEntry {
        XDPFlowEntry(
            method: row.method, destinationMAC: row.toClient ? TestAddresses.routerMAC : TestAddresses.realServerMAC,
            sourceMAC: TestAddresses.directorMAC, interfaceIndex: egressIndex, transmitOnIngress: transmitOnIngress,
            counterSlot: slot)
    }

    /// What FrameProcessor.forward / natReply produce for this row.
    static func swiftPath(_ row: Row) -> [UInt8]? {
        withFrame(row.input, headroom: 128) { frame -> [UInt8]? in
            guard case .ip(let s) = FrameParser().parse(frame) else { return nil }
            HopLimit.decrementAlive(frame, s)
            let l2 = L2Rewrite(
                destination: row.toClient ? TestAddresses.routerMAC : TestAddresses.realServerMAC,
                source: TestAddresses.directorMAC)
            let verdict: RewriteVerdict
            switch row.method {
            case .directRouting:
                verdict = DirectRouting.forward(frame, s, l2: l2)
            case .natToRealServer(let a, let p):
                verdict = NATRewriter.rewriteDestination(frame, s, address: a, port: p, l2: l2)
            case .natToClient(let a, let p):
                verdict = NATRewriter.rewriteSource(frame, s, address: a, port: p, l2: l2)
            case .tunnel(let source, let destination, let mtu, let guePort):
                let p = TunnelParameters(
                    encapsulation: guePort.map { .gue(port: $0) } ?? .ipip, source: source, destination: destination,
                    l2: l2, mtu: Int(mtu), timeToLive: s.hopLimit &- 1)
                verdict = TunnelEncapsulator.encapsulate(&frame, s, p)
            }
            return verdict == .forward ? frame.bytes : nil
        }
    }

    @Test func verifierAcceptsTheProgram() throws {
        // init() loaded the fresh compilation; a refusal throws BPFError.verifierRejected with the log.
        #expect(loaded.program.rawDescriptor >= 0)
        let embedded = try XDPFastPathProgram(maxEntries: 16)
        #expect(embedded.flowMap.definition.maxEntries == 16)
    }

    @Test(arguments: rows)
    func establishedConnectionMatchesTheSwiftPath(_ row: Row) throws {
        let expected = try #require(Self.swiftPath(row), "the Swift path does not forward \(row.name)")
        let key = try Self.key(row.input)
        try loaded.setFlow(key, Self.entry(row, slot: 3))
        try loaded.resetCounters(slot: 3)
        let run = try loaded.program.testRun(frame: row.input)
        #expect(run.action == Self.xdpRedirect)
        #expect(run.frame == expected, "first difference: \(firstDifference(run.frame, expected))")
        #expect(!checksumsFail(run.frame))

        // Same interface: XDP_TX, same bytes; the counters saw both packets (IP bytes).
        try loaded.setFlow(key, Self.entry(row, slot: 3, transmitOnIngress: true))
        let again = try loaded.program.testRun(frame: row.input)
        #expect(again.action == Self.xdpTransmit)
        #expect(again.frame == expected)
        let ipLength = try #require(frameSummary(row.input)).ipPacketLength
        #expect(try loaded.counters(slot: 3) == XDPFlowCounters(packets: 2, bytes: UInt64(2 * ipLength)))
        #expect(try loaded.removeFlow(key))
        #expect(try loaded.program.testRun(frame: row.input).action == Self.xdpPass)
    }

    @Test func verifierRefusalCarriesTheLog() {
        // r0 = *(u64 *)(r2 + 0); exit: r2 was never written.
        let instructions: [UInt8] = [0x79, 0x20, 0, 0, 0, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0]
        do {
            _ = try BPFProgram(type: BPFProgram.xdpType, instructions: instructions, license: "GPL", name: "bad")
            Issue.record("the verifier accepted a read of an uninitialised register")
        } catch {
            guard case .verifierRejected(let errno, let log) = error else {
                Issue.record("expected verifierRejected, got \(error)")
                return
            }
            #expect(errno == EACCES)
            #expect(log.contains("R2 !read_ok"), "\(log)")
            #expect(error.description.contains("verifier rejected"))
        }
    }

    @Test func mapUpdateLookupDelete() throws {
        let key = XDPFlowKey(
            ipProtocol: 17, source: Self.c6, sourcePort: 1, destination: Self.v6, destinationPort: 2)
        let entry = XDPFlowEntry(
            method: .directRouting, destinationMAC: TestAddresses.realServerMAC, sourceMAC: TestAddresses.directorMAC,
            interfaceIndex: 3, transmitOnIngress: false, counterSlot: 4)
        let k = try #require(key.bytes)
        #expect(try loaded.flowMap.lookup(key: k) == nil)
        #expect(try !loaded.removeFlow(key))
        try loaded.setFlow(key, entry)
        #expect(try loaded.flowMap.lookup(key: k) == entry.bytes)
        #expect(try loaded.removeFlow(key))
        #expect(try loaded.flowMap.lookup(key: k) == nil)
        #expect(throws: BPFError.self) { try loaded.flowMap.update(key: [1, 2, 3], value: entry.bytes!) }
        #expect(throws: BPFError.self) { try loaded.counterMap.lookup(key: [0]) }
        // Beyond the array: the kernel refuses (E2BIG), the error names the call.
        do {
            try loaded.resetCounters(slot: 5000)
            Issue.record("slot 5000 of a 1024-entry array was accepted")
        } catch {
            #expect(error.description.contains("BPF_MAP_UPDATE_ELEM lvs_counters"), "\(error)")
        }
    }

    @Test("a batch read of the counters equals one read per slot, and stops at the array's end")
    func batchCounterRead() throws {
        let map = loaded.counterMap
        let cpus = map.lookupSize / 16
        let slots = Int(map.definition.maxEntries)
        func le(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
        for slot in 0..<slots {
            var perCPU: [UInt8] = []
            for cpu in 0..<cpus {
                let packets = UInt64(slot * 10 + cpu)
                let bytes = UInt64(slot * 1000 + cpu * 7)
                perCPU += le(packets) + le(bytes)
            }
            try map.update(key: Array(le(UInt64(slot)).prefix(4)), value: perCPU)
        }
        let expected = try (0..<slots).map { try loaded.counters(slot: UInt32($0)) }
        let slot3Packets = cpus * 30 + cpus * (cpus - 1) / 2
        #expect(expected[3].packets == UInt64(slot3Packets))
        #expect(try loaded.counters(from: 0, count: slots) == expected)
        #expect(try loaded.counters(from: 5, count: 3) == Array(expected[5..<8]))
        #expect(try loaded.counters(from: UInt32(slots - 24), count: 100) == Array(expected[(slots - 24)...]))
        #expect(try loaded.counters(from: UInt32(slots), count: 10).isEmpty)
    }

    /// Frames the Swift director must see come back XDP_PASS, unchanged and uncounted, even when
    /// the map has an entry for their tuple.
    @Test func everythingElseIsPassedUntouched() throws {
        let established = Row(name: "", input: Self.tcp(Self.c4, 40000, Self.v4, 80), method: .directRouting)
        try loaded.setFlow(try Self.key(established.input), Self.entry(established, slot: 9))
        try loaded.resetCounters(slot: 9)
        var badHeaderChecksum = established.input
        badHeaderChecksum[14 + 11] ^= 0x01
        var ttl1v6 = Self.tcp(Self.c6, 40000, Self.v6, 443)
        ttl1v6[14 + 7] = 1
        let small = Row(
            name: "", input: Self.tcp(Self.c6, 40001, Self.v6, 443),
            method: .tunnel(source: TestAddresses.director6, destination: Self.r6, mtu: 1280 + 40 - 1))
        let bigPayload = Self.tcp(
            Self.c6, 40001, Self.v6, 443, payload: [UInt8](repeating: 1, count: 1280 - 40 - 20 + 1))
        try loaded.setFlow(try Self.key(small.input), Self.entry(small, slot: 9))
        let gueOverV6 = Row(
            name: "", input: Self.udp(Self.c6, 5353, Self.v6, 53),
            method: .tunnel(source: TestAddresses.director6, destination: Self.r6, mtu: 1500, guePort: 6080))
        try loaded.setFlow(try Self.key(gueOverV6.input), Self.entry(gueOverV6, slot: 9))
        try loaded.setFlow(
            try Self.key(ttl1v6), Self.entry(Row(name: "", input: ttl1v6, method: .directRouting), slot: 9))
        let frames: [(String, [UInt8])] = [
            ("SYN of an unknown flow", Self.tcp(Self.c4, 40001, Self.v4, 80, flags: [.syn], payload: [])),
            ("ACK of an unknown flow", Self.tcp(Self.c4, 40001, Self.v4, 80)),
            ("SYN of an established tuple", Self.tcp(Self.c4, 40000, Self.v4, 80, flags: [.syn], payload: [])),
            ("FIN of an established tuple", Self.tcp(Self.c4, 40000, Self.v4, 80, flags: [.fin, .ack])),
            ("RST of an established tuple", Self.tcp(Self.c4, 40000, Self.v4, 80, flags: [.rst])),
            (
                "ARP request for the VIP",
                B.arpFrame(
                    destinationMAC: .broadcast, sourceMAC: TestAddresses.routerMAC, operation: 1,
                    senderMAC: TestAddresses.routerMAC, senderAddress: TestAddresses.router4, targetMAC: .zero,
                    targetAddress: Self.v4)
            ),
            (
                "ICMP echo to the VIP",
                B.ethernet(
                    destination: TestAddresses.directorMAC, source: TestAddresses.routerMAC,
                    etherType: EtherType.ipv4,
                    payload: B.ipv4(
                        source: Self.c4, destination: Self.v4, protocol: 1, payload: B.icmp(type: 8, code: 0)))
            ),
            ("hop limit 1 of an established tuple", ttl1v6),
            ("IPv4 header checksum wrong (the Swift parser drops it)", badHeaderChecksum),
            ("tunnel packet over the MTU (the Swift path sends packet too big)", bigPayload),
            ("GUE over IPv6 (needs the full UDP checksum)", gueOverV6.input),
            (
                "VLAN-tagged packet of an established tuple",
                B.tcpFrame(
                    destinationMAC: TestAddresses.directorMAC, sourceMAC: TestAddresses.routerMAC, vlanTCI: 7,
                    source: Self.c4, destination: Self.v4, sourcePort: 40000, destinationPort: 80, flags: [.ack])
            ),
        ]
        for (name, frame) in frames {
            let run = try loaded.program.testRun(frame: frame)
            #expect(run.action == Self.xdpPass, "\(name)")
            #expect(run.frame == frame, "\(name) must come back untouched")
        }
        #expect(try loaded.counters(slot: 9) == XDPFlowCounters(packets: 0, bytes: 0))
    }
}

/// Whether any IP or transport checksum of `frame` fails to verify (the XDP program updates
/// them incrementally; this recomputes them from scratch).
func checksumsFail(_ frame: [UInt8]) -> Bool {
    withFrame(frame) { !ChecksumAudit.failures($0, guePort: nil).isEmpty }
}

func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> String {
    if a.count != b.count { return "length \(a.count) vs \(b.count)" }
    for i in 0..<a.count where a[i] != b[i] { return "byte \(i): \(a[i]) vs \(b[i])" }
    return "none"
}
