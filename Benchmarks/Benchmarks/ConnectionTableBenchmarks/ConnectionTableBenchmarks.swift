import Benchmark
import Foundation
import LVSCore
import LVSVocabulary

// The connection table at the size the targets are stated for: 10^6 entries.
let tableSize = 1_000_000
let vip = InetAddress(v4: 0xC612_0064)
let server = InetAddress(v4: 0xC612_010B)

/// Client i: 2^16 ports on each of enough addresses in 198.19.0.0/16 and beyond.
@inline(__always) func client(_ i: Int) -> (InetAddress, UInt16) {
    (InetAddress(v4: 0xC613_0000 &+ UInt32(truncatingIfNeeded: i >> 14)), UInt16(truncatingIfNeeded: 1024 + (i & 0x3fff)))
}

func entry(_ i: Int) -> ConnectionEntry {
    let (a, p) = client(i)
    return ConnectionEntry(proto: 6, client: a, clientPort: p, virtual: vip, virtualPort: 80,
                           destination: server, destinationPort: 8080)
}

/// `count` clients of the table in a pseudo-random order (xorshift), made before a measurement:
/// packets do not arrive in the order their connections were made.
func randomOrder(_ count: Int) -> [Int] {
    var x = UInt64.random(in: 1...UInt64.max)
    var order: [Int] = []
    order.reserveCapacity(count)
    for _ in 0..<count {
        x ^= x << 13
        x ^= x >> 7
        x ^= x << 17
        order.append(Int(x % UInt64(tableSize)))
    }
    return order
}

/// The clients of `order` in groups of 16, as a worker handles a group of received frames:
/// `first` for each client of the group, then `then` for each.
@inline(__always) func inGroupsOf16(
    _ order: [Int], first: (InetAddress, UInt16) -> Void, then: (InetAddress, UInt16) -> Void
) {
    var g = 0
    while g < order.count {
        let end = min(g + 16, order.count)
        for k in g..<end {
            let (a, p) = client(order[k])
            first(a, p)
        }
        for k in g..<end {
            let (a, p) = client(order[k])
            then(a, p)
        }
        g = end
    }
}

/// Resident set size in bytes (Linux /proc/self/statm, second field, in pages).
func residentBytes() -> Int {
    guard let s = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = s.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// One table of 10^6 NAT connections, built once and reported on.
nonisolated(unsafe) let fullTable: ConnectionTable = {
    let before = residentBytes()
    let t = ConnectionTable(expectedCount: tableSize)
    for i in 0..<tableSize { t.insert(entry(i), expires: 900_000, indexReplies: true) }
    let after = residentBytes()
    let report = ("ConnectionTable: \(t.count) entries, \(MemoryLayout<ConnectionEntry>.stride) B/entry stored, "
          + "\(t.memoryFootprint / t.count) B/entry with indices and spare capacity (computed), "
          + "\((after - before) / t.count) B/entry resident growth (RSS \(before >> 20) -> \(after >> 20) MiB)\n")
    // The benchmark runner keeps stdout for itself.
    FileHandle.standardError.write(report.data(using: .utf8)!)
    return t
}()

/// An engine holding 10^6 established DR connections.
nonisolated(unsafe) let fullEngine: IPVSEngine = {
    let e = IPVSEngine(expectedConnections: tableSize)
    let key = ServiceKey.address(.tcp, vip, 80)
    try! e.apply([.addService(ServiceConfig(key: key, scheduler: "rr")),
                  .addDestination(key, DestinationConfig(key: DestinationKey(address: server, port: 80), forward: .route))],
                 now: .zero)
    for i in 0..<tableSize {
        let (a, p) = client(i)
        _ = e.process(.tcp(from: a, p, to: vip, 80, flags: .syn, length: 60), now: .zero)
        _ = e.process(.tcp(from: a, p, to: vip, 80, flags: .ack, length: 52), now: .zero)
    }
    return e
}()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 1, scalingFactor: .kilo, maxDuration: .seconds(3), maxIterations: 1_000)

    // In insertion order: the entries are adjacent, only the index slots are cold.
    Benchmark("ConnectionTable.lookup hit, 1M entries") { benchmark in
        let t = fullTable
        var rng = SystemRandomNumberGenerator()
        let base = Int.random(in: 0..<(tableSize - 1000), using: &rng)
        benchmark.startMeasurement()
        for k in benchmark.scaledIterations {
            let (a, p) = client(base &+ k)
            blackHole(t.lookup(proto: 6, client: a, clientPort: p, virtual: vip, virtualPort: 80))
        }
    }

    // Packets do not arrive in the order their connections were made: each lookup here picks a
    // pseudo-random one of the 10^6 (xorshift, precomputed outside the measurement), so both the
    // index slot and the entry are cold, as on a director.
    Benchmark("ConnectionTable.lookup hit, random order, 1M entries") { benchmark in
        let t = fullTable
        let order = randomOrder(benchmark.scaledIterations.count)
        benchmark.startMeasurement()
        for i in order {
            let (a, p) = client(i)
            blackHole(t.lookup(proto: 6, client: a, clientPort: p, virtual: vip, virtualPort: 80))
        }
    }

    // What a worker does with a group of 16 received frames (ConnectionWarmer): announce the
    // group's lookups (each asks for its index slot without waiting), then look each one up
    // (the first lookup asks for the announced entries, again without waiting). Per lookup.
    Benchmark("ConnectionTable.lookup hit, random order, groups of 16 announced first, 1M entries") { benchmark in
        let t = fullTable
        let order = randomOrder(benchmark.scaledIterations.count)
        benchmark.startMeasurement()
        inGroupsOf16(order) { a, p in
            t.prefetchLookup(proto: 6, client: a, clientPort: p, virtual: vip, virtualPort: 80)
        } then: { a, p in
            blackHole(t.lookup(proto: 6, client: a, clientPort: p, virtual: vip, virtualPort: 80))
        }
    }

    // The same groups as the workers warmed them before announcements: each group's lookups
    // done back to back twice (the first pass only to bring the lines in). Per lookup.
    Benchmark("ConnectionTable.lookup hit, random order, groups of 16 looked up twice, 1M entries") { benchmark in
        let t = fullTable
        let order = randomOrder(benchmark.scaledIterations.count)
        var sink: Int32 = 0
        benchmark.startMeasurement()
        inGroupsOf16(order) { a, p in
            sink &+= t.lookup(proto: 6, client: a, clientPort: p, virtual: vip, virtualPort: 80)
        } then: { a, p in
            blackHole(t.lookup(proto: 6, client: a, clientPort: p, virtual: vip, virtualPort: 80))
        }
        benchmark.stopMeasurement()
        blackHole(sink)
    }

    Benchmark("IPVSEngine.process established packet, random order, 1M connections") { benchmark in
        let e = fullEngine
        let order = randomOrder(benchmark.scaledIterations.count)
        benchmark.startMeasurement()
        for i in order {
            let (a, p) = client(i)
            blackHole(e.process(.tcp(from: a, p, to: vip, 80, flags: .ack, length: 1500),
                                now: Instant(milliseconds: 1_000)))
        }
    }

    // As the director's workers do (ConnectionWarmer): packets in groups of 16, each group's
    // connection lookups announced first, so that their cache misses overlap.
    Benchmark("IPVSEngine.process established packet, random order, in groups of 16 announced first, 1M connections") {
        benchmark in
        let e = fullEngine
        let order = randomOrder(benchmark.scaledIterations.count)
        benchmark.startMeasurement()
        inGroupsOf16(order) { a, p in
            e.connections.prefetchLookup(proto: 6, client: a, clientPort: p, virtual: vip, virtualPort: 80)
        } then: { a, p in
            blackHole(e.process(.tcp(from: a, p, to: vip, 80, flags: .ack, length: 1500),
                                now: Instant(milliseconds: 1_000)))
        }
    }

    // The workers' groups before announcements: each group's connections looked up back to
    // back first (the lookups' misses overlap only as far as the CPU runs ahead by itself).
    Benchmark("IPVSEngine.process established packet, random order, in groups of 16 looked up first, 1M connections") {
        benchmark in
        let e = fullEngine
        let order = randomOrder(benchmark.scaledIterations.count)
        var sink: Int32 = 0
        benchmark.startMeasurement()
        inGroupsOf16(order) { a, p in
            sink &+= e.connections.lookup(proto: 6, client: a, clientPort: p, virtual: vip, virtualPort: 80)
        } then: { a, p in
            blackHole(e.process(.tcp(from: a, p, to: vip, 80, flags: .ack, length: 1500),
                                now: Instant(milliseconds: 1_000)))
        }
        benchmark.stopMeasurement()
        blackHole(sink)
    }

    Benchmark("ConnectionTable.lookup miss, 1M entries") { benchmark in
        let t = fullTable
        benchmark.startMeasurement()
        for k in benchmark.scaledIterations {
            let (a, p) = client(tableSize &+ 5_000_000 &+ k)
            blackHole(t.lookup(proto: 6, client: a, clientPort: p, virtual: vip, virtualPort: 80))
        }
    }

    Benchmark("ConnectionTable.insert+remove at 1M entries") { benchmark in
        let t = fullTable
        var ids: [Int32] = []
        ids.reserveCapacity(1000)
        benchmark.startMeasurement()
        for k in benchmark.scaledIterations {
            ids.append(t.insert(entry(tableSize &+ k), expires: 900_000, indexReplies: true))
        }
        for id in ids { t.remove(id) }
    }

    Benchmark("ConnectionTable fill to 1M (insert, presized)",
              configuration: .init(scalingFactor: .mega, maxIterations: 3)) { benchmark in
        let t = ConnectionTable(expectedCount: tableSize)
        benchmark.startMeasurement()
        for i in benchmark.scaledIterations { t.insert(entry(i), expires: 900_000, indexReplies: true) }
        benchmark.stopMeasurement()
        blackHole(t)
    }

    Benchmark("IPVSEngine.process established packet, 1M connections") { benchmark in
        let e = fullEngine
        let base = Int.random(in: 0..<(tableSize - 1000))
        benchmark.startMeasurement()
        for k in benchmark.scaledIterations {
            let (a, p) = client(base &+ k)
            blackHole(e.process(.tcp(from: a, p, to: vip, 80, flags: .ack, length: 1500),
                                now: Instant(milliseconds: 1_000)))
        }
    }
}
