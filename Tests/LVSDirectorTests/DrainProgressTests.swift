import LVSCore
import LVSDirector
import LVSVocabulary
import Testing

@Suite("Drain: when a withdrawn director may stop")
struct DrainProgressTests {
    static func row(_ state: String, idle: Int64, template: Bool = false) -> ConnectionSnapshot {
        let a = InetAddress("198.18.0.11")!
        return ConnectionSnapshot(
            proto: .tcp, clientAddress: InetAddress("198.19.0.1")!, clientPort: 1000, virtualAddress: a,
            virtualPort: 80, destinationAddress: a, destinationPort: 80, stateName: state,
            expiresInMilliseconds: (state == "ESTABLISHED" ? 900_000 : 120_000) - idle, isTemplate: template)
    }

    @Test("established connections with a recent packet keep it running; idle, closing and templates do not")
    func liveConnections() {
        var table = TableSnapshot(connections: [
            Self.row("ESTABLISHED", idle: 100),
            Self.row("ESTABLISHED", idle: 1_999),
            // Moved away by the router's rehash: no packet since.
            Self.row("ESTABLISHED", idle: 2_000),
            Self.row("FIN_WAIT", idle: 0),
            Self.row("TIME_WAIT", idle: 0),
        ])
        #expect(DrainProgress.liveConnections(table) == 2)
        table.connections = [Self.row("FIN_WAIT", idle: 0), Self.row("ESTABLISHED", idle: 60_000)]
        #expect(DrainProgress.liveConnections(table) == 0)
        // ipvsadm --set 30 0 0: the established timer starts at 30 s.
        table.timeouts.tcp = 30
        table.connections = [
            ConnectionSnapshot(
                proto: .tcp, clientAddress: InetAddress("198.19.0.1")!, clientPort: 1,
                virtualAddress: InetAddress("198.18.0.50")!, virtualPort: 80,
                destinationAddress: InetAddress("198.18.0.11")!, destinationPort: 80, stateName: "ESTABLISHED",
                expiresInMilliseconds: 29_500)
        ]
        #expect(DrainProgress.liveConnections(table) == 1)
    }

    @Test("a worker counting its table's entries agrees with the count over listed rows")
    func entriesCountAsRows() throws {
        let engine = IPVSEngine()
        let vip = InetAddress("198.18.0.50")!
        let key = ServiceKey.address(.tcp, vip, 80)
        let start = Instant.seconds(100)
        try engine.apply(.addService(ServiceConfig(key: key, scheduler: "rr")), now: start)
        try engine.apply(
            .addDestination(
                key,
                DestinationConfig(key: DestinationKey(address: InetAddress("198.18.0.11")!, port: 80), forward: .route)),
            now: start)
        // Two established connections (the second's last packet 1.5 s later), one half-open.
        for (port, at) in [(1000, start), (1001, start + 1_500)] {
            let client = InetAddress("198.19.0.1")!
            _ = engine.process(.tcp(from: client, UInt16(port), to: vip, 80, flags: .syn, length: 60), now: at)
            _ = engine.process(.tcp(from: client, UInt16(port), to: vip, 80, flags: .ack, length: 52), now: at)
        }
        _ = engine.process(
            .tcp(from: InetAddress("198.19.0.2")!, 2000, to: vip, 80, flags: .syn, length: 60), now: start)

        let established = DrainProgress.establishedTimeout(engine.table.timeouts)
        for (after, live) in [(0, 2), (1_999, 2), (2_000, 1), (3_499, 1), (3_500, 0)] {
            let now = start + Int64(after)
            var counted = 0
            engine.connections.forEach { _, e in
                if DrainProgress.isLive(e, now: now.milliseconds, establishedTimeout: established) { counted += 1 }
            }
            let (rows, _) = engine.connectionRows(fromSlot: 0, slots: 100, now: now)
            var table = TableSnapshot(connections: rows)
            table.timeouts = engine.table.timeouts
            #expect(counted == live, "entries \(after) ms after the first packets")
            #expect(DrainProgress.liveConnections(table) == live, "rows \(after) ms after the first packets")
        }
    }
}
