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
}
