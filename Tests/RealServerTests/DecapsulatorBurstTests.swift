import LVSCore
import LVSLab
import LVSLabTestSupport
import LVSLinux
import LVSVocabulary
import LVSWire
import Synchronization
import Testing

@testable import LVSRealServer

#if canImport(Glibc)
import Glibc
#endif

/// The decapsulator under a burst: more datagrams at once than one recvmmsg batch, and more
/// than the kernel's default receive queue holds, sent from the director's namespace.
@Suite(
    "lvs realserver decapsulator under a burst", .serialized,
    Root.required(for: "network namespaces, raw sockets, TUN", to: "exercise lvs realserver"),
    requireTool("ip", package: "iproute2"))
struct DecapsulatorBurstTests {
    static let vip = InetAddress(LabTopology.virtualAddress)!
    static let client = InetAddress("198.18.0.100")!
    static let realServer = InetAddress("198.18.0.11")!
    static let servicePort: UInt16 = 5353
    static let burst = 500

    /// rs1 decapsulating into its TUN device, with a UDP socket on VIP:5353 whose queue holds
    /// the whole burst, and the director to send from.
    struct Bench {
        let lab: Lab
        let decapsulator: TunnelDecapsulator
        let server: IPDatagramSocket
        let stateDirectory: String
        let setup: RealServerSetup
    }

    static func makeBench(
        _ name: String, tunnel: TunnelKind, receiveBufferBytes: Int = TunnelDecapsulator.defaultReceiveBufferBytes
    ) throws -> Bench {
        let flat = LabTopology.flat()
        let lab = try Lab.create(name: name, hosts: [flat[1], RealServerNamespaceTests.realServerSpec()])
        let dir = temporaryStateDirectory(name)
        let setup = RealServerSetup(host: LinuxRealServerHost(), stateDirectory: dir)
        let (decapsulator, server) = try lab["rs1"].run {
            _ = try setup.start(RealServerConfiguration(virtualAddresses: [vip], tunnel: tunnel))
            let server = try IPDatagramSocket.udp(family: .inet, port: servicePort, address: vip)
            try server.setReceiveBufferSize(4 << 20)
            return (
                try TunnelDecapsulator(tunnel: tunnel, virtualAddresses: [vip], receiveBufferBytes: receiveBufferBytes),
                server
            )
        }
        return Bench(lab: lab, decapsulator: decapsulator, server: server, stateDirectory: dir, setup: setup)
    }

    /// Sends `burst` tunnelled datagrams from the director as fast as it can, payload "n <i>".
    static func sendBurst(_ bench: Bench, tunnel: TunnelKind) throws {
        try bench.lab["director"].run {
            let raw = try IPDatagramSocket.raw(family: .inet, protocolNumber: IPProtocolNumber.ipip)
            let udp = try IPDatagramSocket.udp(family: .inet, port: 0)
            for i in 0..<burst {
                let inner = PacketBuilder.ip(
                    source: client, destination: vip, protocol: IPProtocolNumber.udp,
                    payload: PacketBuilder.udp(
                        source: client, destination: vip, sourcePort: 40000,
                        destinationPort: servicePort, payload: Array("n \(i)".utf8)))
                switch tunnel {
                case .ipip: try raw.send(inner, to: realServer)
                case .gue(let port):
                    try udp.send(PacketBuilder.gue(protocol: IPProtocolNumber.ipip) + inner, to: realServer, port: port)
                }
            }
        }
    }

    /// Reads the service socket until `expected` datagrams came (or 3 s pass without one);
    /// returns their payloads.
    static func collect(_ server: IPDatagramSocket, expected: () -> Int) throws -> [String] {
        let batch = DatagramBatch(capacity: 64, datagramCapacity: 256)
        var payloads: [String] = []
        while payloads.count < expected(), waitReadable(server.descriptor.rawValue, milliseconds: 3000) {
            let n = try server.receive(into: batch)
            for i in 0..<n { payloads.append(String(decoding: batch.slot(i)[0..<batch.length(i)], as: UTF8.self)) }
        }
        return payloads
    }

    static func runDecapsulator(_ bench: Bench, _ body: () throws -> Void) throws -> DecapsulationCounters {
        let stop = try WakePipe()
        let counters = Mutex(DecapsulationCounters())
        let decapsulator = bench.decapsulator
        let worker = try WorkerThread(name: "lvs-test-burst") {
            let result = decapsulator.run(until: stop)
            counters.withLock { $0 = result }
        }
        var stopped = false
        defer {
            if !stopped {
                stop.wake()
                worker.join()
            }
        }
        try body()
        stop.wake()
        worker.join()
        stopped = true
        return counters.withLock { $0 }
    }

    static func tearDown(_ bench: Bench) {
        _ = try? bench.lab["rs1"].run { try bench.setup.stop(nil) }
        bench.lab.destroy()
        removeStateDirectory(bench.stateDirectory)
    }

    @Test(
        "500 tunnelled datagrams sent at once all reach the socket on VIP:port, through the TUN device",
        arguments: [TunnelKind.ipip, TunnelKind.gue(port: 6080)])
    func burstArrivesWhole(_ tunnel: TunnelKind) throws {
        let bench = try Self.makeBench("rs-burst", tunnel: tunnel)
        defer { Self.tearDown(bench) }
        #expect(
            bench.decapsulator.receiveBufferSizes.allSatisfy { $0 == 2 * TunnelDecapsulator.defaultReceiveBufferBytes },
            "as root the receive queues are forced past net.core.rmem_max")
        var payloads: [String] = []
        let counters = try Self.runDecapsulator(bench) {
            try Self.sendBurst(bench, tunnel: tunnel)
            payloads = try Self.collect(bench.server) { Self.burst }
        }
        #expect(payloads.count == Self.burst)
        let missing = Set((0..<Self.burst).map { "n \($0)" }).subtracting(payloads)
        #expect(
            missing.isEmpty && Set(payloads).count == payloads.count,
            "every datagram, each once; missing \(missing.count), e.g. \(missing.sorted().prefix(5))")
        #expect(counters.received == Self.burst)
        #expect(counters.delivered == Self.burst)
        #expect(counters.drops.isEmpty, "nothing dropped: \(counters.summary)")
        let device = try bench.lab["rs1"].ip("-s", "link", "show", "dev", bench.decapsulator.device.name)
        #expect(device.contains("RX:"), "the TUN device's counters are readable")
    }

    @Test("what the kernel drops on a full receive queue shows in the counters as socket_drops")
    func overflowIsCounted() throws {
        // The smallest queue the kernel allows, filled before the decapsulator reads anything.
        let bench = try Self.makeBench("rs-ovfl", tunnel: .ipip, receiveBufferBytes: 1)
        defer { Self.tearDown(bench) }
        try Self.sendBurst(bench, tunnel: .ipip)
        let dropped = bench.decapsulator.kernelDropCount
        #expect(dropped > 0 && dropped < Self.burst)
        var payloads: [String] = []
        let counters = try Self.runDecapsulator(bench) {
            payloads = try Self.collect(bench.server) { Self.burst - bench.decapsulator.kernelDropCount }
        }
        let droppedInTheEnd = bench.decapsulator.kernelDropCount
        #expect(payloads.count == Self.burst - droppedInTheEnd)
        #expect(counters.received == Self.burst - droppedInTheEnd)
        #expect(counters.delivered == counters.received)
        #expect(counters.drops == ["socket_drops": droppedInTheEnd])
        #expect(counters.summary.hasSuffix("dropped: socket_drops=\(droppedInTheEnd)"))
    }
}
