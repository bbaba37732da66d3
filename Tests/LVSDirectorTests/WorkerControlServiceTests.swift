import LVSControl
import LVSCore
import LVSVocabulary
import LVSWire
import Testing

@testable import LVSDirector

@Suite("Control service over per-worker engines sharing scheduler state")
struct WorkerControlServiceTests {
    static func service(
        workers: Int, changes: @escaping @Sendable (TableSnapshot) -> Void = { _ in }
    ) -> WorkerControlService {
        WorkerControlService(
            slots: (0..<workers).map { _ in WorkerSlot() }, clock: { Instant(milliseconds: 5000) },
            hooks: ControlHooks(tableChanged: changes))
    }

    @Test("a batch is validated once and applied to every worker; a bad batch changes none")
    func applyToAll() {
        let control = Self.service(workers: 3)
        #expect(control.handle(.apply([World.service(), World.server(World.rs1)])) == .applied)
        let bad = control.handle(.apply([World.server(World.rs2), World.service()]))
        guard case .rejected(let error) = bad else {
            Issue.record("expected a rejection, got \(bad)")
            return
        }
        #expect(error.index == 1)
        #expect(error.error == .eexist)
        for slot in control.slots {
            let table = slot.perform { $0.engine.snapshot(now: Instant(milliseconds: 5000), includeConnections: false) }
            #expect(table.services.count == 1)
            #expect(table.services.first?.destinations.map(\.config.key.address) == [World.rs1])
        }
    }

    @Test("snapshots add up the workers' counters, show the shared connection counts and list every connection")
    func mergedSnapshot() throws {
        let control = Self.service(workers: 2)
        #expect(
            control.handle(.apply([World.service(), World.server(World.rs1), World.server(World.rs2)])) == .applied)
        // One rr for both workers: rs2 (the list head), rs1, rs2, whichever worker schedules.
        // Each worker on its own would give rs2, then rs2 and rs1.
        for (worker, port) in [(0, UInt16(50000)), (1, 50001), (1, 50002)] {
            let action = control.slots[worker].perform { state in
                run(clientTCP(port: port), state: state, now: 5000).action
            }
            #expect(action == .transmit(interface: 0, kind: .forward))
        }
        guard case .snapshot(let table) = control.handle(.snapshot(includeConnections: true)) else {
            Issue.record("no snapshot")
            return
        }
        let svc = try #require(table.services.first)
        #expect(svc.counters.connections == 3)
        #expect(svc.counters.inPackets == 3)
        // Shared counts: the listing shows them once, not once per worker.
        #expect(svc.destinations.map(\.config.key.address) == [World.rs2, World.rs1])
        #expect(svc.destinations.map { $0.activeConnections + $0.inactiveConnections } == [2, 1])
        #expect(table.connections.count == 3)
        let servers = Dictionary(uniqueKeysWithValues: table.connections.map { ($0.clientPort, $0.destinationAddress) })
        #expect(servers == [50000: World.rs2, 50001: World.rs1, 50002: World.rs2])
    }

    @Test("-L -c is streamed in pieces of at most 4096 rows from every worker, each row once")
    func streamedConnections() {
        let control = Self.service(workers: 2)
        #expect(control.handle(.apply([World.service(), World.server(World.rs1)])) == .applied)
        for (worker, ports) in [(0, UInt16(10000)..<UInt16(16000)), (1, UInt16(20000)..<UInt16(23000))] {
            control.slots[worker].perform { state in
                for port in ports { _ = run(clientTCP(port: port), state: state, now: 5000) }
            }
        }
        var pieces: [Int] = []
        var ports: [UInt16] = []
        var last: ControlResponse?
        control.stream(.snapshot(includeConnections: true)) { response in
            last = response
            if case .part(let piece) = response {
                pieces.append(piece.connections.count)
                ports += piece.connections.map(\.clientPort)
            }
            return true
        }
        #expect(last == .snapshot(TableSnapshot()), "a streamed listing ends with an empty final piece")
        // The first piece is the services; then each worker's rows in pieces.
        #expect(pieces == [0, 4096, 1904, 3000])
        #expect(ports.sorted() == Array(10000..<16000) + Array(20000..<23000))
        // A client that goes away stops the listing.
        var calls = 0
        control.stream(.snapshot(includeConnections: true)) { _ in
            calls += 1
            return calls < 2
        }
        #expect(calls == 2)
    }

    @Test("-C reaches the workers as deletions: the workers and the control plane agree after it")
    func clearAsDeletions() {
        let control = Self.service(workers: 2)
        let other = ServiceKey.address(.tcp, World.vip, 8080)
        #expect(control.handle(.apply([World.service(), World.server(World.rs1)])) == .applied)
        #expect(control.handle(.apply([World.service(other), .clear, World.service(other)])) == .applied)
        for slot in control.slots {
            let keys = slot.perform { $0.engine.table.services.map(\.key) }
            #expect(keys == [other])
        }
        // The control plane's table agrees: re-adding the cleared service is no EEXIST.
        #expect(control.handle(.apply([World.service()])) == .applied)
        #expect(
            WorkerControlService.expandingClear([.clear, .clear], in: IPVSTable()) == [],
            "a -C of an empty table deletes nothing")
    }

    @Test("every applied batch reports the table (for VIP ownership), a rejected one does not")
    func tableChanges() {
        let seen = SeenTables()
        let control = Self.service(workers: 2) { seen.append($0) }
        _ = control.handle(.apply([World.service()]))
        _ = control.handle(.apply([World.service()]))
        #expect(seen.count == 1)
    }
}

final class SeenTables: @unchecked Sendable {
    private var tables: [TableSnapshot] = []
    func append(_ t: TableSnapshot) { tables.append(t) }
    var count: Int { tables.count }
}
