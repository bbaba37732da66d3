import Foundation
import LVSCore
import LVSTestSupport
import LVSVocabulary
import Testing

@testable import LVSSync
@testable import LVSWire

/// What `Fixtures/oracle/sync/interop-kernel.sh` recorded with the real kernel on one lab
/// bridge: its master's messages (syncid 7) and what our director's backup listed after them,
/// our master's messages (syncid 9) and what the kernel's backup listed after them. The tests
/// replay the bytes; they never boot the oracle.
@Suite struct SyncKernelInteropTests {
    typealias Row = SyncOracleListingTests.Row

    static let kernelVIPs: Set<String> = ["198.18.5.50", "2001:db8:5::50"]
    static let ourVIPs: Set<String> = ["198.18.5.60", "2001:db8:5::60"]

    static func messages(_ name: String) throws -> [[UInt8]] {
        let text = try String(
            contentsOf: SyncOracleListingTests.directory.appendingPathComponent("\(name).hex"), encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let digits = Array(line.utf8)
            return try stride(from: 0, to: digits.count, by: 2).map { index in
                try #require(UInt8(String(decoding: digits[index..<(index + 2)], as: UTF8.self), radix: 16))
            }
        }
    }

    static func virtualAddress(_ row: Row) -> String {
        let endpoint = row.virtual
        let host = endpoint.hasPrefix("[") ? endpoint.dropFirst().prefix { $0 != "]" } : endpoint.prefix { $0 != ":" }
        return String(host)
    }

    /// The script's table, as our director had it (`adm -A/-a` lines of interop-kernel.sh).
    static func table(role: SyncDaemonConfig.Role, syncID: UInt8) -> [AdminOperation] {
        func a(_ s: String) -> InetAddress { InetAddress(s)! }
        var ops: [AdminOperation] = []
        func add(_ proto: TransportProtocol, _ vip: String, _ port: UInt16, _ rs: String, _ f: ForwardMethod, _ p: Bool)
        {
            let key = ServiceKey.address(proto, a(vip), port)
            ops.append(
                .addService(ServiceConfig(key: key, scheduler: "rr", flags: p ? .persistent : [], timeout: p ? 60 : 0)))
            ops.append(
                .addDestination(key, DestinationConfig(key: DestinationKey(address: a(rs), port: port), forward: f)))
        }
        add(.udp, "198.18.5.50", 53, "198.18.5.11", .route, false)
        add(.tcp, "198.18.5.50", 80, "198.18.5.12", .route, true)
        add(.udp, "2001:db8:5::50", 53, "2001:db8:5::11", .route, false)
        add(.udp, "198.18.5.60", 53, "198.18.5.11", .route, false)
        add(.tcp, "198.18.5.60", 80, "198.18.5.12", .masquerade, true)
        add(.udp, "2001:db8:5::60", 53, "2001:db8:5::11", .route, false)
        ops.append(.startSyncDaemon(SyncDaemonConfig(role: role, interface: "eth0", syncID: syncID)))
        return ops
    }

    @Test(
        "kernel master -> SwiftLVS backup: the kernel's messages fill our table with the rows our director listed, and those the kernel listed"
    )
    func kernelMasterToOurBackup() throws {
        let now = Instant.seconds(5000)
        let engine = IPVSEngine()
        try engine.apply(Self.table(role: .backup, syncID: 7), now: now)
        var receiver = SyncReceiver(syncID: 7)
        let messages = try Self.messages("interop-kernel-master")
        try #require(!messages.isEmpty)
        for message in messages {
            for entry in receiver.receive(message, from: InetAddress("198.18.5.2")!) {
                engine.applySynced(entry, now: now)
            }
        }
        #expect(receiver.counters.dropTotal == 0)
        #expect(receiver.counters.unusableEntries == 0)
        let applied = Set(
            engine.snapshot(now: now, includeConnections: true).connections.map(SyncOracleListingTests.row))

        let ours = Set(try SyncOracleListingTests.listing("interop-swiftlvs-backup")).filter {
            Self.kernelVIPs.contains(Self.virtualAddress($0))
        }
        let kernels = Set(try SyncOracleListingTests.listing("interop-kernel")).filter {
            Self.kernelVIPs.contains(Self.virtualAddress($0))
        }
        #expect(applied.count == 10)
        #expect(applied == ours)
        #expect(applied == kernels)

        // Each bound to the real server of our table, counted as the kernel counts it.
        let snapshot = engine.snapshot(now: now, includeConnections: false)
        let web = try #require(
            snapshot.services.first { $0.config.key == .address(.tcp, InetAddress("198.18.5.50")!, 80) })
        #expect(
            web.destinations.map { "\($0.activeConnections) \($0.inactiveConnections) \($0.persistentConnections)" }
                == ["4 0 1"])

        // Failover: a client's next segment goes to the real server the kernel chose.
        let segment = PacketMeta.tcp(
            from: InetAddress("198.18.5.1")!, 41002, to: InetAddress("198.18.5.50")!, 80, flags: [.ack], length: 52)
        guard case .forward(let action) = engine.process(segment, now: now + 10) else {
            Issue.record("the synced connection did not forward")
            return
        }
        #expect(action.method == .route)
        #expect(action.address == InetAddress("198.18.5.12")!)
    }

    @Test(
        "SwiftLVS master -> kernel backup: every connection we sent is a row the kernel listed, and every row of our VIPs came from us"
    )
    func ourMasterToKernelBackup() throws {
        let messages = try Self.messages("interop-swiftlvs-master")
        try #require(!messages.isEmpty)
        // A later entry for the same connection or template overrides an earlier one (the
        // template goes with every packet: NONE first, then ASSURED), so the messages are applied
        // in order to a table, as the kernel's backup did.
        let now = Instant.seconds(5000)
        let engine = IPVSEngine()
        try engine.apply(Self.table(role: .backup, syncID: 9), now: now)
        var receiver = SyncReceiver(syncID: 9)
        for message in messages {
            let decoded = try SyncMessage.decode(message).get()
            #expect(decoded.syncID == 9)
            #expect(decoded.skippedEntries.isEmpty)
            for entry in receiver.receive(message, from: InetAddress("198.18.5.3")!) {
                engine.applySynced(entry, now: now)
            }
        }
        #expect(receiver.counters.dropTotal == 0)
        let rows = Set(engine.snapshot(now: now, includeConnections: true).connections.map(SyncOracleListingTests.row))
        let kernels = Set(try SyncOracleListingTests.listing("interop-kernel")).filter {
            Self.ourVIPs.contains(Self.virtualAddress($0))
        }
        #expect(rows.count == 10)
        #expect(rows == kernels)
        // And our own listing of them, on the master that sent them.
        let ours = Set(try SyncOracleListingTests.listing("interop-swiftlvs-backup")).filter {
            Self.ourVIPs.contains(Self.virtualAddress($0))
        }
        #expect(rows == ours)
    }

    @Test("the packer rebuilds both masters' messages byte for byte from their entries")
    func packingMatchesTheWire() throws {
        for (name, syncID) in [("interop-kernel-master", UInt8(7)), ("interop-swiftlvs-master", 9)] {
            for message in try Self.messages(name) {
                let decoded = try SyncMessage.decode(message).get()
                let packed = SyncMessagePacker.pack(decoded.connections, syncID: syncID, maxLength: 1472)
                #expect(packed == [message], "\(name)")
            }
        }
    }

    @Test("version 0 (sync_version=0): the packer rebuilds the kernel's v0 messages byte for byte")
    func packingVersion0() throws {
        let messages = try Self.messages("kernel-master-v0")
        try #require(!messages.isEmpty)
        for message in messages {
            let decoded = try SyncMessage.decode(message).get()
            #expect(decoded.protocolVersion == 0)
            let packed = SyncMessagePacker.pack(
                decoded.connections, syncID: decoded.syncID, maxLength: 1472, protocolVersion: 0)
            #expect(packed == [message])
        }
    }

    @Test("a message that holds more than maxlen is split, each at most maxlen, entries in order")
    func splitting() throws {
        let connections = try Self.messages("interop-swiftlvs-master").flatMap {
            try SyncMessage.decode($0).get().connections
        }
        let packed = SyncMessagePacker.pack(connections, syncID: 9, maxLength: 200)
        #expect(packed.count > 1)
        #expect(packed.allSatisfy { $0.count <= 200 })
        #expect(try packed.flatMap { try SyncMessage.decode($0).get().connections } == connections)
    }
}
