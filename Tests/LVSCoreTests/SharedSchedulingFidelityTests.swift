import LVSVocabulary
import Testing

@testable import LVSCore

/// Replays Fixtures/oracle/traffic/<scheduler>.out as packets through N engines that share one
/// scheduler state per service (a lead table, as the director's control plane keeps, and one
/// follower engine per worker), handing connections to the workers in turn, so consecutive
/// connections are scheduled by different workers. Every pick must be the kernel's, and every
/// listing's ActiveConn/InActConn the kernel's, read from any one worker.
@Suite struct SharedSchedulingFidelityTests {
    static let schedulers = ["rr", "wrr", "lc", "wlc", "sed", "nq", "fo", "ovf", "dh", "sh", "mh", "lblc", "lblcr"]

    @Test(arguments: Self.schedulers, [1, 2, 4])
    func kernelPicksWithWorkersSharingState(_ scheduler: String, workers: Int) throws {
        let replay = MultiWorkerReplay(workers: workers, sharing: true)
        try replay.run(try OracleTranscript(fixture: scheduler))
        #expect(replay.connections > 8, "the fixture should exercise the scheduler")
        #expect(replay.mismatches == [], "picks that differ from the kernel's with \(workers) workers")
        #expect(replay.counterMismatches == [], "listed counts that differ from the kernel's")
        #expect(replay.listings > 0)
        #expect(replay.workersUsed == min(workers, replay.connections), "connections must spread over the workers")
    }

    /// The control: without shared state (each worker its own scheduler and counts, as before)
    /// two workers do not pick as the kernel does for rr, wrr, lc and wlc, so the test above
    /// can tell sharing from not sharing.
    @Test(arguments: ["rr", "wrr", "lc", "wlc"])
    func workersOnTheirOwnPickOtherwise(_ scheduler: String) throws {
        let replay = MultiWorkerReplay(workers: 2, sharing: false)
        try replay.run(try OracleTranscript(fixture: scheduler))
        #expect(replay.mismatches != [])
    }

    /// Counts are shared: a connection scheduled on one worker and ended on it is seen by the
    /// others' schedulers at once, and the lead's count is every worker's.
    @Test func countsAreSharedAcrossWorkers() throws {
        let replay = MultiWorkerReplay(workers: 2, sharing: true)
        let vip = InetAddress("198.18.0.100")!
        let key = ServiceKey.address(.tcp, vip, 80)
        try replay.apply(.addService(ServiceConfig(key: key, scheduler: "lc")))
        for last in 11...12 {
            let d = DestinationKey(address: InetAddress("198.18.0.\(last)")!, port: 80)
            try replay.apply(.addDestination(key, DestinationConfig(key: d, forward: .route, weight: 1)))
        }
        let first = replay.open(from: InetAddress("198.18.0.1")!, port: 40000, to: vip, 80, worker: 0, hold: true)
        let second = replay.open(from: InetAddress("198.18.0.2")!, port: 40000, to: vip, 80, worker: 1, hold: true)
        #expect(first != nil && second != nil && first != second, "lc on worker 1 sees worker 0's connection")
        for table in replay.engines.map(\.table) + [replay.lead] {
            let counts = try #require(table.service(key)).destinations.map(\.activeConnections)
            #expect(counts == [1, 1])
        }
    }

    /// A batch reaches the workers in steps after the lead took it whole: a worker still behind
    /// a service's deletion and re-creation schedules with its own copy, as before the batch,
    /// not with the lead's retired state; once it caught up, with the new service's.
    @Test func aWorkerBehindTheLeadSchedulesAsBefore() throws {
        let replay = MultiWorkerReplay(workers: 2, sharing: true)
        let vip = InetAddress("198.18.0.100")!
        let key = ServiceKey.address(.tcp, vip, 80)
        func server(_ last: Int) -> DestinationConfig {
            DestinationConfig(
                key: DestinationKey(address: InetAddress("198.18.0.\(last)")!, port: 80), forward: .route, weight: 1)
        }
        try replay.apply(.addService(ServiceConfig(key: key, scheduler: "rr")))
        try replay.apply(.addDestination(key, server(11)))
        let batch: [AdminOperation] = [
            .deleteService(key), .addService(ServiceConfig(key: key, scheduler: "rr")),
            .addDestination(key, server(13)),
        ]
        try replay.lead.apply(batch, now: replay.now)
        #expect(
            replay.open(from: InetAddress("198.18.5.1")!, port: 40000, to: vip, 80, worker: 0, hold: false)
                == server(11).key.address)
        try replay.engines[0].apply(batch, now: replay.now)
        #expect(
            replay.open(from: InetAddress("198.18.5.1")!, port: 40001, to: vip, 80, worker: 0, hold: false)
                == server(13).key.address)
    }

    /// A worker finds the lead's pick in its own list by position: positions must follow the
    /// list through additions at the head and deletions anywhere.
    @Test func positionsFollowTheList() throws {
        let table = IPVSTable()
        let key = ServiceKey.address(.tcp, InetAddress("198.18.0.100")!, 80)
        try table.apply(.addService(ServiceConfig(key: key, scheduler: "rr")), now: .zero)
        func server(_ n: Int) -> DestinationKey { DestinationKey(address: InetAddress("198.18.1.\(n)")!, port: 80) }
        for n in 1...8 {
            try table.apply(
                .addDestination(key, DestinationConfig(key: server(n), forward: .route, weight: 1)), now: .zero)
        }
        for n in [4, 8, 1] { try table.apply(.deleteDestination(key, server(n)), now: .zero) }
        try table.apply(.addDestination(key, DestinationConfig(key: server(9), forward: .route, weight: 1)), now: .zero)
        let list = try #require(table.service(key)).destinations
        #expect(
            list.map { $0.address.description } == [
                "198.18.1.9", "198.18.1.7", "198.18.1.6", "198.18.1.5", "198.18.1.3", "198.18.1.2",
            ])
        #expect(list.map(\.positionFromEnd) == Array((0..<list.count).reversed()))
    }

    /// Persistence with -M 255.255.255.0: a client network stays with its server on every
    /// worker (one template, as the kernel's), the shared template goes when the last worker's
    /// does, and a deleted server's template is replaced on every worker.
    @Test func persistenceTemplatesAreSharedWithTheirMask() throws {
        let replay = MultiWorkerReplay(workers: 2, sharing: true)
        let vip = InetAddress("198.18.0.100")!
        let key = ServiceKey.address(.tcp, vip, 80)
        let config = ServiceConfig(
            key: key, scheduler: "rr", flags: .persistent, timeout: 300, netmaskPrefix: 24)
        try replay.apply(.addService(config))
        for last in 11...12 {
            let d = DestinationKey(address: InetAddress("198.18.0.\(last)")!, port: 80)
            try replay.apply(.addDestination(key, DestinationConfig(key: d, forward: .route, weight: 1)))
        }
        let a = InetAddress("198.18.5.1")!
        let b = InetAddress("198.18.5.2")!
        let other = InetAddress("198.18.6.1")!
        let first = try #require(replay.open(from: a, port: 40000, to: vip, 80, worker: 0, hold: false))
        // Same /24 on the other worker: the same server, though rr's next pick would differ.
        #expect(replay.open(from: b, port: 40001, to: vip, 80, worker: 1, hold: false) == first)
        #expect(replay.open(from: a, port: 40002, to: vip, 80, worker: 1, hold: false) == first)
        // Another network gets rr's next server, on either worker.
        #expect(replay.open(from: other, port: 40003, to: vip, 80, worker: 1, hold: false) != first)
        let shared = try #require(replay.lead.service(key)?.shared)
        #expect(shared.templateCount == 2)

        // Deleting the server invalidates the template everywhere: the network moves, on both
        // workers to the same new server.
        try replay.apply(.deleteDestination(key, DestinationKey(address: first, port: 80)))
        let moved = try #require(replay.open(from: b, port: 40004, to: vip, 80, worker: 1, hold: false))
        #expect(moved != first)
        #expect(replay.open(from: a, port: 40005, to: vip, 80, worker: 0, hold: false) == moved)

        // Once every worker's templates and connections expired, none is shared any more.
        replay.now = replay.now + 3_600_000
        for engine in replay.engines { engine.tick(now: replay.now) }
        replay.now = replay.now + 3_600_000
        for engine in replay.engines { engine.tick(now: replay.now) }
        #expect(replay.engines.allSatisfy { $0.connections.count == 0 })
        #expect(shared.templateCount == 0)
    }

    /// A template a sync master sent (or a checkpoint restored) into one worker holds on every
    /// worker: the client network's connections reach the server it names whichever worker
    /// sees them, and it stops being shared once it expired.
    @Test func aSyncedTemplateIsEveryWorkers() throws {
        let replay = MultiWorkerReplay(workers: 2, sharing: true)
        let vip = InetAddress("198.18.0.100")!
        let key = ServiceKey.address(.tcp, vip, 80)
        try replay.apply(
            .addService(
                ServiceConfig(
                    key: key, scheduler: "rr", flags: .persistent, timeout: 300, netmaskPrefix: 24)))
        for last in 11...12 {
            let d = DestinationKey(address: InetAddress("198.18.0.\(last)")!, port: 80)
            try replay.apply(.addDestination(key, DestinationConfig(key: d, forward: .route, weight: 1)))
        }
        // rr's first pick, for another network: rr's next pick is the other server, so the
        // synced template names this one.
        let named = try #require(
            replay.open(
                from: InetAddress("198.18.7.1")!, port: 39999, to: vip, 80, worker: 0, hold: false))
        var template = ConnectionEntry(
            proto: 6, client: InetAddress("198.18.5.0")!, clientPort: 0, virtual: vip, virtualPort: 80,
            destination: named, destinationPort: 80)
        template.flags.insert(.template)
        #expect(replay.engines[0].applySynced(template, now: replay.now) == .created(bound: true))

        for (n, worker) in [0, 1, 1, 0].enumerated() {
            let client = InetAddress("198.18.5.\(n + 1)")!
            #expect(
                replay.open(from: client, port: UInt16(40000 + n), to: vip, 80, worker: worker, hold: false) == named)
        }
        let shared = try #require(replay.lead.service(key)?.shared)
        #expect(shared.templateCount == 2)

        replay.now = replay.now + 3_600_000
        for engine in replay.engines { engine.tick(now: replay.now) }
        replay.now = replay.now + 3_600_000
        for engine in replay.engines { engine.tick(now: replay.now) }
        #expect(shared.templateCount == 0)
    }

    /// A worker that deletes and re-adds its copy of a service the lead keeps leaves no reader
    /// behind: the lead waits only for the tables that still read the shared state.
    @Test func aWorkersGoneCopyStopsReading() throws {
        let replay = MultiWorkerReplay(workers: 2, sharing: true)
        let key = ServiceKey.address(.tcp, InetAddress("198.18.0.100")!, 80)
        let config = ServiceConfig(key: key, scheduler: "rr")
        try replay.apply(.addService(config))
        let shared = try #require(replay.lead.service(key)?.shared)
        let readers = shared.readerCount
        for _ in 0..<10 {
            try replay.engines[0].apply(.deleteService(key), now: replay.now)
            try replay.engines[0].apply(.addService(config), now: replay.now)
        }
        #expect(replay.engines[0].table.service(key)?.shared === shared)
        #expect(shared.readerCount == readers)
        try replay.engines[1].apply(.deleteService(key), now: replay.now)
        #expect(shared.readerCount == readers - 1)
    }
}

/// Drives a lead table and `workers` engines through an oracle transcript with packets.
final class MultiWorkerReplay {
    let domain: SchedulingDomain
    let lead: IPVSTable
    let engines: [IPVSEngine]
    var now = Instant.seconds(1000)
    var connections = 0
    var listings = 0
    var mismatches: [String] = []
    var counterMismatches: [String] = []
    private var used = Set<Int>()
    /// Port-hashing services whose picks depend on client ports the transcript does not give:
    /// their picks and counts are not compared (SchedulerFidelityTests.portHashing checks them).
    private var portHashed = Set<ServiceKey>()
    let client = InetAddress("198.18.0.1")!

    var workersUsed: Int { used.count }

    init(workers: Int, sharing: Bool) {
        let domain = SchedulingDomain()
        self.domain = domain
        lead = IPVSTable(scheduling: sharing ? .leads(domain) : .alone)
        engines = (0..<workers).map { _ in
            IPVSEngine(table: IPVSTable(scheduling: sharing ? .follows(domain) : .alone))
        }
    }

    func apply(_ op: AdminOperation) throws {
        try lead.apply(op, now: now)
        for e in engines { try e.apply(op, now: now) }
    }

    func run(_ t: OracleTranscript) throws {
        for step in t.steps {
            now = now + 100
            switch step {
            case .command(let words): try apply(OracleReplay.operation(words))
            case .connection(let c): connect(c)
            case .listing(let l): compare(l)
            }
        }
    }

    /// SYN and ACK (and, unless held, FIN): the packets a DR director sees of one connection.
    /// Returns the server's address, or nil when none was picked.
    func open(
        from source: InetAddress, port: UInt16, to vip: InetAddress, _ vport: UInt16, worker: Int, hold: Bool
    ) -> InetAddress? {
        used.insert(worker)
        let engine = engines[worker]
        let syn = engine.process(.tcp(from: source, port, to: vip, vport, flags: .syn, length: 60), now: now)
        guard case .forward(let action) = syn else { return nil }
        _ = engine.process(.tcp(from: source, port, to: vip, vport, flags: .ack, length: 52), now: now)
        if !hold {
            _ = engine.process(.tcp(from: source, port, to: vip, vport, flags: [.fin, .ack], length: 52), now: now)
        }
        return action.address
    }

    func connect(_ c: OracleTranscript.Connection) {
        connections += 1
        if c.reused { return }
        let vport: UInt16 = c.kind == .short || c.kind == .hold ? 81 : 80
        let key = ServiceKey.address(.tcp, c.virtual, vport)
        guard let svc = lead.service(key) else {
            mismatches.append("no service for \(c.virtual)")
            return
        }
        let hashesPorts = svc.flags.contains(.shPort) && ["sh", "mh"].contains(svc.config.scheduler)
        let picked = open(
            from: c.source ?? client, port: UInt16(20000 + connections), to: c.virtual, vport,
            worker: connections % engines.count, hold: c.kind == .hold)
        let ours = picked.map(Self.name(of:)) ?? "none"
        if hashesPorts {
            portHashed.insert(key)
        } else if ours != c.answer {
            mismatches.append(
                "#\(connections) \(c.kind) \(c.source.map { "\($0) " } ?? "")\(c.virtual) on worker \(connections % engines.count): kernel \(c.answer), ours \(ours)"
            )
        }
    }

    func compare(_ l: OracleTranscript.Listing) {
        listings += 1
        for listed in l.services where !portHashed.contains(listed.key) {
            guard let svc = engines[listings % engines.count].table.service(listed.key) else {
                counterMismatches.append("missing \(listed.key)")
                continue
            }
            for s in listed.servers {
                guard let o = svc.destinations.first(where: { $0.address == s.address }) else {
                    counterMismatches.append("missing \(s.address)")
                    continue
                }
                if (o.weight, o.activeConnections, o.inactiveConnections) != (s.weight, s.active, s.inactive) {
                    counterMismatches.append(
                        "listing \(listings) \(listed.key) \(s.address): kernel w\(s.weight) \(s.active)/\(s.inactive), ours w\(o.weight) \(o.activeConnections)/\(o.inactiveConnections)"
                    )
                }
            }
        }
    }

    static func name(of address: InetAddress) -> String {
        let last = address.isV4 ? UInt64(address.v4 & 0xff) : address.low & 0xffff
        return "r\(last - (address.isV4 ? 10 : 0x10))"
    }
}
