import LVSLab
import LVSLabTestSupport
import LVSLinux
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite(
    "AF_PACKET rings (TPACKET_V3 blocks and TPACKET_V2 frames) in a lab", .serialized,
    Root.required(for: "network namespaces, AF_PACKET", to: "exercise LVSLinux and LVSLab"),
    requireTool("ip", package: "iproute2"))
struct PacketRingTests {
    /// Small rings: tests need few frames and several rings may be open at once.
    static func smallRing(
        _ layout: PacketRingConfiguration.RxLayout, fanout: PacketFanout? = nil,
        ignoreOutgoing: Bool = true
    ) -> PacketRingConfiguration {
        var c = PacketRingConfiguration.small(layout, txFrames: 64)
        c.fanout = fanout
        c.ignoreOutgoing = ignoreOutgoing
        return c
    }

    static let layouts: [PacketRingConfiguration.RxLayout] = [.blocks, .frames]

    @Test(
        "the rx ring sees a client's UDP datagram byte for byte, flagged CSUMNOTREADY while the sender offloads checksums",
        arguments: Self.layouts)
    func receivesClientDatagram(layout: PacketRingConfiguration.RxLayout) throws {
        let lab = try Lab.create(name: "rx", hosts: Array(LabTopology.flat().prefix(2)))
        defer { lab.destroy() }
        let client = lab["client"]
        let director = lab["director"]
        #expect(client.primary.transmitChecksumOffload == true)
        let ring = try director.run { try PacketRing(interface: "eth0", configuration: Self.smallRing(layout)) }
        let socket = try client.run { try UDPEndpoint(bindTo: "198.18.0.100", port: 40000) }
        let payload = Array("hello through the ring".utf8)
        try socket.send(payload, to: "198.18.0.2", port: 9000)

        let frames = try ring.capture(keep: { $0.udp?.destinationPort == 9000 }, until: { !$0.isEmpty })
        try #require(frames.count == 1)
        let f = frames[0]
        #expect(
            f.udp
                == TestFrames.UDPView(
                    destinationMAC: director.primary.mac, sourceMAC: client.primary.mac,
                    source: [198, 18, 0, 100], destination: [198, 18, 0, 2],
                    sourcePort: 40000, destinationPort: 9000, payload: payload))
        #expect(f.bytes.count == 14 + 20 + 8 + payload.count)
        #expect(f.wireLength == f.bytes.count)
        #expect(f.packetType == .host)
        #expect(f.status.contains(.checksumNotReady))

        // With tx checksum offload off the sender computes the checksum and the flag goes away.
        try client.run { try Ethtool.setTransmitChecksumOffload(interface: "eth0", enabled: false) }
        #expect(try client.run { try Ethtool.transmitChecksumOffload(interface: "eth0") } == false)
        try socket.send(payload, to: "198.18.0.2", port: 9001)
        let second = try ring.capture(keep: { $0.udp?.destinationPort == 9001 }, until: { !$0.isEmpty })
        try #require(second.count == 1)
        #expect(!second[0].status.contains(.checksumNotReady))
        #expect(second[0].bytes[40...41] != [0, 0])  // a real UDP checksum now
    }

    @Test("frames queued on the tx ring reach a UDP socket in the client, in order", arguments: Self.layouts)
    func transmitsToClient(layout: PacketRingConfiguration.RxLayout) throws {
        let lab = try Lab.create(name: "tx", hosts: Array(LabTopology.flat().prefix(2)))
        defer { lab.destroy() }
        let client = lab["client"]
        let director = lab["director"]
        let ring = try director.run { try PacketRing(interface: "eth0", configuration: Self.smallRing(layout)) }
        let socket = try client.run { try UDPEndpoint(bindTo: "198.18.0.100", port: 9100) }
        #expect(ring.transmitCapacity == 2048 - (layout == .frames ? 32 : 48))

        let count = 10
        for i in 0..<count {
            let frame = TestFrames.udp(
                from: director.primary.mac, to: client.primary.mac,
                source: "198.18.0.2", destination: "198.18.0.100",
                sourcePort: 9200, destinationPort: 9100,
                payload: Array("frame \(i)".utf8), identification: UInt16(i))
            #expect(ring.send(frame))
        }
        #expect(ring.pendingTransmits == count)
        try ring.flush()
        #expect(ring.pendingTransmits == 0)
        var got: [String] = []
        while got.count < count, let d = socket.receive(timeoutMilliseconds: 2000) {
            #expect(d.source == "198.18.0.2")
            #expect(d.port == 9200)
            got.append(String(decoding: d.payload, as: UTF8.self))
        }
        #expect(got == (0..<count).map { "frame \($0)" })
        #expect(ring.rejectedTransmits == 0)
    }

    @Test(
        "the lab switch passes a frame with a broken IPv4 header checksum (the data plane's tests need odd frames)",
        arguments: Self.layouts)
    func switchPassesMalformedFrames(layout: PacketRingConfiguration.RxLayout) throws {
        let lab = try Lab.create(name: "wire", hosts: Array(LabTopology.flat().prefix(2)))
        defer { lab.destroy() }
        let client = lab["client"]
        let director = lab["director"]
        let (tx, rx) = try (
            client.run { try PacketRing(interface: "eth0", configuration: Self.smallRing(layout)) },
            director.run { try PacketRing(interface: "eth0", configuration: Self.smallRing(layout)) }
        )
        var frame = TestFrames.udp(
            from: client.primary.mac, to: director.primary.mac, source: "198.18.0.100",
            destination: "198.18.0.2", sourcePort: 7, destinationPort: 9700, payload: [0xbd])
        frame[24] ^= 0xff
        #expect(tx.send(frame))
        try tx.flush()
        let seen = try rx.capture(keep: { $0.udp?.destinationPort == 9700 }, until: { !$0.isEmpty })
        #expect(seen.map(\.bytes) == [frame])
    }

    @Test("sendInPlace builds in the slot; oversize and empty frames are refused", arguments: Self.layouts)
    func sendLimits(layout: PacketRingConfiguration.RxLayout) throws {
        let lab = try Lab.create(name: "txlim", hosts: Array(LabTopology.flat().prefix(2)))
        defer { lab.destroy() }
        let client = lab["client"]
        let director = lab["director"]
        let ring = try director.run { try PacketRing(interface: "eth0", configuration: Self.smallRing(layout)) }
        let socket = try client.run { try UDPEndpoint(bindTo: "198.18.0.100", port: 9300) }
        #expect(!ring.send([UInt8](repeating: 0, count: ring.transmitCapacity + 1)))
        #expect(!ring.send([]))
        #expect(!ring.sendInPlace { _ in 0 })
        let frame = TestFrames.udp(
            from: director.primary.mac, to: client.primary.mac, source: "198.18.0.2",
            destination: "198.18.0.100", sourcePort: 1, destinationPort: 9300, payload: [7, 7, 7])
        #expect(
            ring.sendInPlace { slot in
                slot.copyBytes(from: frame)
                return frame.count
            })
        #expect(ring.pendingTransmits == 1)
        try ring.flush()
        #expect(socket.receive(timeoutMilliseconds: 2000)?.payload == [7, 7, 7])
    }

    @Test(
        "the tx ring reports full when every slot waits, and accepts frames again after flush", arguments: Self.layouts)
    func ringFull(layout: PacketRingConfiguration.RxLayout) throws {
        let lab = try Lab.create(name: "txfull", hosts: Array(LabTopology.flat().prefix(2)))
        defer { lab.destroy() }
        let client = lab["client"]
        let director = lab["director"]
        var c = Self.smallRing(layout)
        c.txFrameCount = 4  // 2 slots per 4 KiB block -> 4 slots
        let ring = try director.run { try PacketRing(interface: "eth0", configuration: c) }
        let frame = TestFrames.udp(
            from: director.primary.mac, to: client.primary.mac, source: "198.18.0.2",
            destination: "198.18.0.100", sourcePort: 1, destinationPort: 9, payload: [1])
        var accepted = 0
        while ring.send(frame), accepted < 100 { accepted += 1 }
        #expect(accepted == 4)
        try ring.flush()
        #expect(try ring.waitUntilWritable(timeoutMilliseconds: 1000))
        #expect(ring.send(frame))
        try ring.flush()
    }

    @Test(
        "PACKET_IGNORE_OUTGOING hides the director's own transmissions; without it they show as PACKET_OUTGOING",
        arguments: Self.layouts)
    func ignoreOutgoing(layout: PacketRingConfiguration.RxLayout) throws {
        let lab = try Lab.create(name: "out", hosts: Array(LabTopology.flat().prefix(2)))
        defer { lab.destroy() }
        let client = lab["client"]
        let director = lab["director"]
        let (sender, watcher) = try director.run {
            (
                try PacketRing(interface: "eth0", configuration: Self.smallRing(layout)),
                try PacketRing(interface: "eth0", configuration: Self.smallRing(layout, ignoreOutgoing: false))
            )
        }
        let frame = TestFrames.udp(
            from: director.primary.mac, to: client.primary.mac, source: "198.18.0.2",
            destination: "198.18.0.100", sourcePort: 5555, destinationPort: 5556, payload: [42])
        #expect(sender.send(frame))
        try sender.flush()
        let isOurs: (CapturedFrame) -> Bool = { $0.udp?.sourcePort == 5555 }
        let seenByWatcher = try watcher.capture(keep: isOurs, until: { !$0.isEmpty })
        #expect(seenByWatcher.map(\.bytes) == [frame])
        #expect(seenByWatcher.first?.packetType == .outgoing)
        // The watcher already saw the frame, so the sender had its chance; one more block timeout to be sure.
        let seenBySender = try sender.capture(timeoutMilliseconds: 100, keep: isOurs, until: { !$0.isEmpty })
        #expect(seenBySender.isEmpty)
    }

    @Test("a PACKET_FANOUT_HASH group of two rings delivers each flow to exactly one ring", arguments: Self.layouts)
    func fanoutSplitsFlows(layout: PacketRingConfiguration.RxLayout) throws {
        let lab = try Lab.create(name: "fan", hosts: Array(LabTopology.flat().prefix(2)))
        defer { lab.destroy() }
        let client = lab["client"]
        let group = PacketFanout(groupID: 0x4c56, mode: .hash, defragment: true)
        let rings = try lab["director"].run {
            [
                try PacketRing(interface: "eth0", configuration: Self.smallRing(layout, fanout: group)),
                try PacketRing(interface: "eth0", configuration: Self.smallRing(layout, fanout: group)),
            ]
        }
        let flows = 16
        let perFlow = 5
        let sockets = try client.run {
            try (0..<flows).map { try UDPEndpoint(bindTo: "198.18.0.100", port: UInt16(30000 + $0)) }
        }
        for round in 0..<perFlow {
            for s in sockets { try s.send([UInt8(round)], to: "198.18.0.2", port: 9400) }
        }
        // Flow (source port) -> frames seen, per ring.
        var seen: [[UInt16: Int]] = [[:], [:]]
        let deadline = monotonicMilliseconds() + 3000
        while seen.map({ $0.values.reduce(0, +) }).reduce(0, +) < flows * perFlow, monotonicMilliseconds() < deadline {
            for (i, ring) in rings.enumerated() {
                try ring.waitForFrames(timeoutMilliseconds: 10)
                ring.receive(maxBlocks: 8) { f in
                    if let u = TestFrames.parseUDP(Array(f.bytes)), u.destinationPort == 9400 {
                        seen[i][u.sourcePort, default: 0] += 1
                    }
                }
            }
        }
        #expect(seen[0].values.reduce(0, +) + seen[1].values.reduce(0, +) == flows * perFlow)
        #expect(Set(seen[0].keys).isDisjoint(with: seen[1].keys), "a flow reached both rings: \(seen)")
        #expect(seen[0].count + seen[1].count == flows)
        #expect(seen.allSatisfy { $0.values.allSatisfy { $0 == perFlow } })
        // 16 flows all hashing to one member has odds 2^-15: both rings get work.
        #expect(!seen[0].isEmpty && !seen[1].isEmpty)
    }

    @Test(
        "lookahead: ahead sees every frame once, in order, in groups before body does (blocks and frame slots)",
        arguments: Self.layouts)
    func lookaheadSeesEveryFrameFirst(layout: PacketRingConfiguration.RxLayout) throws {
        let lab = try Lab.create(name: "ahead", hosts: Array(LabTopology.flat().prefix(2)))
        defer { lab.destroy() }
        let ring = try lab["director"].run { try PacketRing(interface: "eth0", configuration: Self.smallRing(layout)) }
        let socket = try lab["client"].run { try UDPEndpoint(bindTo: "198.18.0.100", port: 40000) }
        let count = 24
        for k in 0..<count { try socket.send([UInt8(k)], to: "198.18.0.2", port: UInt16(9500 + k)) }
        var events: [(ahead: Bool, port: UInt16)] = []
        func port(_ f: ReceivedFrame) -> UInt16? {
            TestFrames.parseUDP(Array(f.bytes)).flatMap {
                (9500..<9500 + UInt16(count)).contains($0.destinationPort) ? $0.destinationPort : nil
            }
        }
        let deadline = monotonicMilliseconds() + 3000
        while events.filter({ !$0.ahead }).count < count, monotonicMilliseconds() < deadline {
            try ring.waitForFrames(timeoutMilliseconds: 10)
            ring.receive(
                maxBlocks: 8, lookahead: 4, ahead: { f in if let p = port(f) { events.append((true, p)) } }
            ) { f in if let p = port(f) { events.append((false, p)) } }
        }
        let bodies = events.filter { !$0.ahead }.map(\.port)
        let aheads = events.filter(\.ahead).map(\.port)
        #expect(bodies == (0..<count).map { UInt16(9500 + $0) })
        #expect(aheads == bodies)
        for p in bodies {
            let a = try #require(events.firstIndex { $0.ahead && $0.port == p })
            let b = try #require(events.firstIndex { !$0.ahead && $0.port == p })
            #expect(a < b, "frame \(p): ahead after body")
        }
        // In groups: some frame's ahead comes before an earlier frame's body (the frames were
        // all sent before the first receive, so the first group is whole).
        let firstBody = try #require(events.firstIndex { !$0.ahead })
        #expect(events[..<firstBody].count > 1, "ahead saw one frame at a time: \(events.prefix(8))")
    }

    @Test("statistics count frames and reset on read", arguments: Self.layouts)
    func statistics(layout: PacketRingConfiguration.RxLayout) throws {
        let lab = try Lab.create(name: "stats", hosts: Array(LabTopology.flat().prefix(2)))
        defer { lab.destroy() }
        let ring = try lab["director"].run { try PacketRing(interface: "eth0", configuration: Self.smallRing(layout)) }
        _ = try ring.statistics()
        let socket = try lab["client"].run { try UDPEndpoint(bindTo: "198.18.0.100", port: 40001) }
        for _ in 0..<3 { try socket.send([1], to: "198.18.0.2", port: 9500) }
        _ = try ring.capture(keep: { $0.udp?.destinationPort == 9500 }, until: { $0.count == 3 })
        let s = try ring.statistics()
        #expect(s.packets >= 3)
        #expect(s.drops == 0)
        #expect(try ring.statistics().packets == 0)
    }

    @Test(
        "with frame slots, a TCP super-frame larger than its slot (GSO over veth) still arrives whole",
        requireTool("python3", package: "python3"))
    func framesReadSuperFramesWhole() throws {
        let lab = try Lab.create(name: "gso", hosts: Array(LabTopology.flat().prefix(2)))
        defer { lab.destroy() }
        let client = lab["client"]
        let director = lab["director"]
        let ring = try director.run { try PacketRing(interface: "eth0", configuration: Self.smallRing(.frames)) }
        let sink = try director.start([
            "python3", "-c",
            """
            import socket
            s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("198.18.0.2", 7000)); s.listen(1); c, _ = s.accept()
            while c.recv(65536): pass
            """,
        ])
        defer { _ = sink.terminate() }
        let sender = try client.start([
            "python3", "-c",
            """
            import socket, time
            for _ in range(50):
                try:
                    c = socket.create_connection(("198.18.0.2", 7000)); break
                except OSError: time.sleep(0.1)
            c.sendall(b"x" * 400000); c.close()
            """,
        ])
        defer { _ = sender.terminate() }
        let isOurTCP: (CapturedFrame) -> Bool = { f in
            f.bytes.count >= 38 && f.bytes[23] == 6 && f.bytes[36] == 0x1b && f.bytes[37] == 0x58
        }
        let frames = try ring.capture(
            timeoutMilliseconds: 5000, keep: isOurTCP,
            until: { $0.contains { $0.wireLength > 2048 } })
        let large = frames.filter { $0.wireLength > 2048 }
        #expect(!large.isEmpty, "no frame larger than a slot arrived (is TSO on for veth?)")
        #expect(frames.allSatisfy { $0.bytes.count == $0.wireLength }, "a frame arrived truncated")
        #expect(large.allSatisfy { !$0.status.contains(.truncated) })
    }

    @Test("bad ring geometry is refused before any socket is opened")
    func badConfiguration() throws {
        var c = PacketRingConfiguration()
        c.blockSize = 1000
        #expect(throws: SystemCallError(call: "PacketRing(configuration)", errno: EINVAL)) {
            try PacketRing(interfaceIndex: 1, configuration: c)
        }
    }
}
