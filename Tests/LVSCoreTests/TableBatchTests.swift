import LVSVocabulary
import Testing

@testable import LVSCore

/// A batch is checked against what the operations before it in the same batch did (only what
/// it touches is looked at), and big tables are read and changed in steps.
@Suite("Table batches and steps")
struct TableBatchTests {
    static let now = Instant.seconds(10)

    static func key(_ i: Int) -> ServiceKey {
        .address(.tcp, InetAddress("198.18.\(i / 250).\(i % 250 + 1)")!, 80)
    }
    static func add(_ i: Int, scheduler: String = "rr") -> AdminOperation {
        .addService(ServiceConfig(key: key(i), scheduler: scheduler))
    }
    static func server(_ i: Int, in service: Int) -> AdminOperation {
        .addDestination(
            key(service),
            DestinationConfig(key: DestinationKey(address: InetAddress("198.19.0.\(i)")!, port: 80), forward: .route))
    }
    static func listing(_ table: IPVSTable) -> [String] {
        table.snapshot(now: now).services.map { s in
            "\(s.config.key) " + s.destinations.map { "\($0.config.key.address)" }.joined(separator: ",")
        }
    }

    @Test("deleted and added again in one batch: the service starts without its old real servers")
    func deleteThenAddAgain() throws {
        let table = IPVSTable()
        try table.apply([Self.add(1), Self.server(1, in: 1), Self.server(2, in: 1)], now: Self.now)
        // The old servers are gone with the service: adding server 1 again is no EEXIST.
        try table.apply([.deleteService(Self.key(1)), Self.add(1), Self.server(1, in: 1)], now: Self.now)
        #expect(Self.listing(table) == ["\(Self.key(1)) 198.19.0.1"])
        // ...and editing server 2, which left with the old service, is ENOENT.
        let edit = AdminOperation.editDestination(
            Self.key(1),
            DestinationConfig(key: DestinationKey(address: InetAddress("198.19.0.2")!, port: 80), forward: .route))
        #expect(throws: IPVSTable.BatchError(index: 2, operation: edit, error: .enoent)) {
            try table.apply([.deleteService(Self.key(1)), Self.add(1), edit], now: Self.now)
        }
        #expect(Self.listing(table) == ["\(Self.key(1)) 198.19.0.1"], "a refused batch changes nothing")
    }

    @Test("-C in a batch: what follows sees an empty table; refused batches leave the table whole")
    func clearInBatch() throws {
        let table = IPVSTable()
        try table.apply([Self.add(1), Self.add(2), Self.server(1, in: 2)], now: Self.now)
        #expect(throws: IPVSTable.BatchError(index: 1, operation: .deleteService(Self.key(2)), error: .esrch)) {
            try table.apply([.clear, .deleteService(Self.key(2))], now: Self.now)
        }
        #expect(table.serviceCount == 2)
        try table.apply([.clear, Self.add(2), Self.server(1, in: 2)], now: Self.now)
        #expect(Self.listing(table) == ["\(Self.key(2)) 198.19.0.1"])
    }

    @Test("real servers: added twice in one batch is EEXIST at the second; deleted then added is fine")
    func serversInBatch() throws {
        let table = IPVSTable()
        try table.apply([Self.add(1)], now: Self.now)
        #expect(throws: IPVSTable.BatchError(index: 1, operation: Self.server(1, in: 1), error: .eexist)) {
            try table.apply([Self.server(1, in: 1), Self.server(1, in: 1)], now: Self.now)
        }
        try table.apply([Self.server(1, in: 1)], now: Self.now)
        let delete = AdminOperation.deleteDestination(
            Self.key(1), DestinationKey(address: InetAddress("198.19.0.1")!, port: 80))
        try table.apply([delete, Self.server(1, in: 1)], now: Self.now)
        #expect(throws: IPVSTable.BatchError(index: 1, operation: delete, error: .enoent)) {
            try table.apply([delete, delete], now: Self.now)
        }
    }

    @Test("many services deleted: the rest keep their creation order, in one listing or in steps")
    func holesKeepOrder() throws {
        let table = IPVSTable()
        try table.apply((0..<1000).map { Self.add($0) }, now: Self.now)
        try table.apply((0..<1000).filter { $0 % 3 != 1 }.map { .deleteService(Self.key($0)) }, now: Self.now)
        let survivors = (0..<1000).filter { $0 % 3 == 1 }.map(Self.key)
        #expect(table.services.map(\.key) == survivors)
        #expect(table.serviceCount == survivors.count)
        var stepped: [ServiceKey] = []
        var cursor: Int? = 0
        var steps = 0
        while let from = cursor {
            let (rows, next) = table.serviceSnapshots(from: from, limit: 7, now: Self.now)
            #expect(rows.count <= 7)
            stepped += rows.map(\.config.key)
            cursor = next
            steps += 1
        }
        #expect(stepped == survivors)
        #expect(steps == (survivors.count + 6) / 7)
        // New services go after the old ones.
        try table.apply([Self.add(5000)], now: Self.now)
        #expect(table.services.last?.key == Self.key(5000))
    }

    @Test("a checked batch applied in steps of one gives the same table as applied whole")
    func stepsEqualWhole() throws {
        let ops: [AdminOperation] =
            [Self.add(1, scheduler: "wrr"), Self.server(1, in: 1), Self.add(2), Self.server(2, in: 2), .clear]
            + [Self.add(3, scheduler: "mh"), Self.server(1, in: 3), Self.server(2, in: 3), .zero(nil)]
        let whole = IPVSEngine()
        try whole.apply(ops, now: Self.now)
        let stepped = IPVSEngine()
        var next = 0
        var calls = 0
        while next < ops.count {
            next = try stepped.applyStep(ops, from: next, now: Self.now) { false }
            calls += 1
        }
        #expect(calls == ops.count, "one operation per step when no time is left")
        #expect(Self.listing(stepped.table) == Self.listing(whole.table))
        #expect(Self.listing(whole.table) == ["\(Self.key(3)) 198.19.0.2,198.19.0.1"])
    }

    @Test("the connection table read in steps gives every entry once")
    func connectionsInSteps() {
        var lab = EngineLab()
        try? lab.add(
            .address(.tcp, EngineLab.vip, 80), servers: [(EngineLab.drServer1, 80)], forward: .route)
        for port in UInt16(1000)..<1500 {
            lab.send(.tcp(from: EngineLab.client, port, to: EngineLab.vip, 80, flags: .syn, length: 60))
        }
        var ports: [UInt16] = []
        var cursor: Int? = 0
        while let from = cursor {
            let (rows, next) = lab.engine.connectionRows(fromSlot: from, slots: 64, now: lab.now)
            #expect(rows.count <= 64)
            ports += rows.map(\.clientPort)
            cursor = next
        }
        #expect(ports.sorted() == Array(1000..<1500))
    }
}
