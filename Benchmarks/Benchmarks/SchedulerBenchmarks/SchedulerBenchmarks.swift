import Benchmark
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
}

func makeService(scheduler: String, servers: Int) throws -> (VirtualService, [ScheduleRequest]) {
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
