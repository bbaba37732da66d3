import Benchmark
import Foundation
import Synchronization
import LVSCore
import LVSVocabulary

/// schedule() for one new connection, with 2, 100 and 1000 real servers of weights 1...4.
/// Every call of a benchmark uses the next of 1024 client addresses, so sh and mh hash
/// different keys; the other schedulers ignore the client.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        scalingFactor: .kilo,
        maxDuration: .seconds(1),
        maxIterations: 1_000
    )
    for scheduler in ["rr", "wrr", "wlc", "sh", "mh"] {
        for servers in [2, 100, 1000] {
            Benchmark("\(scheduler) schedule, \(servers) servers") { benchmark, fixture in
                let (service, requests) = fixture
                var i = 0
                for _ in benchmark.scaledIterations {
                    blackHole(service.scheduler.schedule(in: service, request: requests[i & 1023], now: .zero))
                    i &+= 1
                }
            } setup: {
                try makeService(scheduler: scheduler, servers: servers)
            }
        }
    }
    // The director's path with workers sharing one scheduler state per service: the shared
    // scheduler under its lock, then the worker's own copy of the server by key.
    for scheduler in ["rr", "wrr", "wlc", "sh", "mh"] {
        for servers in [2, 1000] {
            Benchmark("\(scheduler) shared schedule, \(servers) servers") { benchmark, fixture in
                let (service, requests) = fixture
                var i = 0
                for _ in benchmark.scaledIterations {
                    blackHole(service.pickForNewConnection(requests[i & 1023], now: .zero))
                    i &+= 1
                }
            } setup: {
                try makeSharedService(scheduler: scheduler, servers: servers)
            }
        }
    }
    // The same while another thread (a second worker with its own copy of the service)
    // schedules on the same service without pause: what the shared lock costs when contended.
    for scheduler in ["rr", "wrr", "sh", "mh"] {
        Benchmark("\(scheduler) shared schedule, 1000 servers, 2 threads") { benchmark, fixture in
            let (service, requests) = fixture
            var i = 0
            for _ in benchmark.scaledIterations {
                blackHole(service.pickForNewConnection(requests[i & 1023], now: .zero))
                i &+= 1
            }
        } setup: {
            try makeContendedService(scheduler: scheduler, servers: 1000)
        }
    }
    // A packet of an established connection on a worker whose table shares scheduling: no
    // lock, and nothing allocated (Malloc total must stay 0).
    Benchmark("established packet, shared scheduling, 1000 servers") { benchmark, engine in
        var i = 0
        for _ in benchmark.scaledIterations {
            blackHole(engine.process(establishedPacket(i & 1023), now: .seconds(1)))
            i &+= 1
        }
    } setup: {
        try makeEstablishedEngine(servers: 1000)
    }
}

let benchmarkVIP = InetAddress(v4: 0xC612_0064)  // 198.18.0.100

func operations(scheduler: String, servers: Int) -> [AdminOperation] {
    let key = ServiceKey.address(.tcp, benchmarkVIP, 80)
    var ops: [AdminOperation] = [.addService(ServiceConfig(key: key, scheduler: scheduler))]
    for n in 0..<servers {
        let address = InetAddress(v4: 0xC613_0000 | UInt32(n + 1))  // 198.19.x.y
        ops.append(.addDestination(key, DestinationConfig(key: DestinationKey(address: address, port: 80),
                                                          weight: Int32(n % 4 + 1))))
    }
    return ops
}

/// A worker's copy of the service, scheduling through the lead's shared state (as two workers
/// of the director do).
func makeSharedService(scheduler: String, servers: Int) throws -> (VirtualService, [ScheduleRequest]) {
    let (copies, requests) = try makeSharedCopies(scheduler: scheduler, servers: servers)
    return (copies[1], requests)
}

/// Two workers' copies of one service sharing the lead's scheduler state.
func makeSharedCopies(scheduler: String, servers: Int) throws -> ([VirtualService], [ScheduleRequest]) {
    rivalThread.stop()
    let domain = SchedulingDomain()
    let lead = IPVSTable(scheduling: .leads(domain))
    let workers = [IPVSTable(scheduling: .follows(domain)), IPVSTable(scheduling: .follows(domain))]
    let ops = operations(scheduler: scheduler, servers: servers)
    try lead.apply(ops, now: .zero)
    for table in workers { try table.apply(ops, now: .zero) }
    let (_, requests) = try makeService(scheduler: scheduler, servers: 1)
    retainedLeads.append(lead)
    return (workers.map { $0.service(.address(.tcp, benchmarkVIP, 80))! }, requests)
}

/// A worker's copy of a shared service while another thread schedules on the other copy.
func makeContendedService(scheduler: String, servers: Int) throws -> (VirtualService, [ScheduleRequest]) {
    let (copies, requests) = try makeSharedCopies(scheduler: scheduler, servers: servers)
    rivalThread.start(copies[0], requests)
    return (copies[1], requests)
}

/// The lead tables of the shared services (the workers' copies hold only their servers).
nonisolated(unsafe) var retainedLeads: [IPVSTable] = []

/// A second thread scheduling on a shared service until stopped.
final class RivalThread: @unchecked Sendable {
    private let running = Atomic<Bool>(false)
    private let stopping = Atomic<Bool>(false)

    func start(_ service: VirtualService, _ requests: [ScheduleRequest]) {
        stop()
        stopping.store(false, ordering: .sequentiallyConsistent)
        running.store(true, ordering: .sequentiallyConsistent)
        nonisolated(unsafe) let service = service
        Thread {
            var i = 0
            while !self.stopping.load(ordering: .relaxed) {
                blackHole(service.pickForNewConnection(requests[i & 1023], now: .zero))
                i &+= 1
            }
            self.running.store(false, ordering: .sequentiallyConsistent)
        }.start()
    }

    func stop() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        while running.load(ordering: .sequentiallyConsistent) { usleep(100) }
    }
}

let rivalThread = RivalThread()

func establishedPacket(_ i: Int) -> PacketMeta {
    .tcp(from: InetAddress(v4: 0xC612_1000 | UInt32(i)), 40000, to: benchmarkVIP, 80, flags: .ack, length: 1400)
}

func makeEstablishedEngine(servers: Int) throws -> IPVSEngine {
    rivalThread.stop()
    let domain = SchedulingDomain()
    let lead = IPVSTable(scheduling: .leads(domain))
    let engine = IPVSEngine(table: IPVSTable(scheduling: .follows(domain)))
    let ops = operations(scheduler: "wlc", servers: servers)
    try lead.apply(ops, now: .zero)
    try engine.apply(ops, now: .zero)
    for i in 0..<1024 {
        var syn = establishedPacket(i)
        syn.tcpFlags = .syn
        _ = engine.process(syn, now: .seconds(1))
        _ = engine.process(establishedPacket(i), now: .seconds(1))
    }
    return engine
}

func makeService(scheduler: String, servers: Int) throws -> (VirtualService, [ScheduleRequest]) {
    // Every setup stops a rival thread a contended benchmark before it left running.
    rivalThread.stop()
    let table = IPVSTable()
    let vip = InetAddress(v4: 0xC612_0064)   // 198.18.0.100
    let key = ServiceKey.address(.tcp, vip, 80)
    var ops: [AdminOperation] = [.addService(ServiceConfig(key: key, scheduler: scheduler))]
    for n in 0..<servers {
        let address = InetAddress(v4: 0xC613_0000 | UInt32(n + 1))   // 198.19.x.y
        ops.append(.addDestination(key, DestinationConfig(key: DestinationKey(address: address, port: 80),
                                                          weight: Int32(n % 4 + 1))))
    }
    try table.apply(ops, now: .zero)
    let requests = (0..<1024).map { i in
        ScheduleRequest(proto: .tcp, clientAddress: InetAddress(v4: 0xC612_0000 | UInt32(i + 1)),
                        clientPort: UInt16(40000 + i), virtualAddress: vip, virtualPort: 80)
    }
    return (table.service(key)!, requests)
}
