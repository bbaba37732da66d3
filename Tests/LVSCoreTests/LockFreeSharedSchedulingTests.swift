import Foundation
import LVSVocabulary
import Synchronization
import Testing

@testable import LVSCore

/// rr, wrr, sh and mh pick without a lock when workers share a service's scheduler state: two
/// threads scheduling on one service at once must still make one sequence of the kernel's
/// picks between them (every server picked exactly as often as one thread alone would), and
/// the lead may change the service meanwhile.
@Suite struct LockFreeSharedSchedulingTests {
    static let vip = InetAddress("198.18.0.100")!
    static let key = ServiceKey.address(.tcp, vip, 80)

    static func server(_ n: Int) -> DestinationKey {
        DestinationKey(address: InetAddress(v4: 0xC612_0100 | UInt32(n)), port: 80)
    }

    /// A lead table and two followers (two workers' tables) with `servers` servers of weights 1...4.
    static func shared(_ scheduler: String, servers: Int) throws -> (IPVSTable, [VirtualService]) {
        let domain = SchedulingDomain()
        let lead = IPVSTable(scheduling: .leads(domain))
        let workers = [IPVSTable(scheduling: .follows(domain)), IPVSTable(scheduling: .follows(domain))]
        var ops: [AdminOperation] = [.addService(ServiceConfig(key: key, scheduler: scheduler))]
        for n in 1...servers {
            ops.append(.addDestination(key, DestinationConfig(key: server(n), weight: Int32(n % 4 + 1))))
        }
        try lead.apply(ops, now: .zero)
        for w in workers { try w.apply(ops, now: .zero) }
        return (lead, workers.map { $0.service(key)! })
    }

    static func request(_ i: Int) -> ScheduleRequest {
        ScheduleRequest(
            proto: .tcp, clientAddress: InetAddress(v4: 0xC613_0000 | UInt32(i & 0xffff)), clientPort: 40000,
            virtualAddress: vip, virtualPort: 80)
    }

    /// `picks` picks on each of the two copies at once (two threads); how often each server was picked.
    static func pickConcurrently(_ copies: [VirtualService], picks: Int) -> [DestinationKey: Int] {
        let results = Mutex<[DestinationKey: Int]>([:])
        let group = DispatchGroup()
        for (t, copy) in copies.enumerated() {
            nonisolated(unsafe) let copy = copy
            DispatchQueue.global().async(group: group) {
                var mine: [DestinationKey: Int] = [:]
                for i in 0..<picks {
                    if let s = copy.pickForNewConnection(request(t * picks + i), now: .zero) {
                        mine[s.key, default: 0] += 1
                    }
                }
                results.withLock { all in for (k, n) in mine { all[k, default: 0] += n } }
            }
        }
        group.wait()
        return results.withLock { $0 }
    }

    /// One thread alone on a lone table: the kernel's sequence.
    static func pickAlone(_ scheduler: String, servers: Int, picks: Int) throws -> [DestinationKey: Int] {
        let table = IPVSTable()
        var ops: [AdminOperation] = [.addService(ServiceConfig(key: key, scheduler: scheduler))]
        for n in 1...servers {
            ops.append(.addDestination(key, DestinationConfig(key: server(n), weight: Int32(n % 4 + 1))))
        }
        try table.apply(ops, now: .zero)
        let svc = table.service(key)!
        var counts: [DestinationKey: Int] = [:]
        for t in 0..<2 {
            for i in 0..<picks {
                if let s = svc.pickForNewConnection(request(t * picks + i), now: .zero) {
                    counts[s.key, default: 0] += 1
                }
            }
        }
        return counts
    }

    /// rr and wrr: 2 x 25,000 picks over 10 servers of weights 1...4 are whole turns (rr: 10
    /// picks a turn; wrr: 25), so the counts are exact only if no pick was lost or doubled.
    @Test(arguments: ["rr", "wrr", "sh", "mh"])
    func twoThreadsMakeTheKernelsPicks(_ scheduler: String) throws {
        let (lead, copies) = try Self.shared(scheduler, servers: 10)
        let together = Self.pickConcurrently(copies, picks: 25_000)
        let alone = try Self.pickAlone(scheduler, servers: 10, picks: 25_000)
        #expect(together == alone, "\(scheduler): picks per server with two threads at once")
        #expect(together.values.reduce(0, +) == 50_000)
        withExtendedLifetime(lead) {}
    }

    /// The lead edits the service (weights, a server added and deleted, the scheduler bound
    /// again) while two threads schedule (the workers' own copies stay as they were: their
    /// owners are busy): every pick names a server of the copy, and afterwards the picks follow
    /// the lead's last state: rr and wrr a whole turn of its weights from wherever the walk
    /// stopped, sh and mh the lead's own table.
    @Test(arguments: ["rr", "wrr", "sh", "mh"])
    func theLeadChangesTheServiceMeanwhile(_ scheduler: String) throws {
        let (lead, copies) = try Self.shared(scheduler, servers: 10)
        let stop = Atomic<Bool>(false)
        let group = DispatchGroup()
        let picked = Mutex(0)
        let unknown = Mutex(0)
        for (t, copy) in copies.enumerated() {
            nonisolated(unsafe) let copy = copy
            DispatchQueue.global().async(group: group) {
                var i = 0
                var mine = 0
                var strange = 0
                while !stop.load(ordering: .relaxed) || i < 1000 {
                    if let s = copy.pickForNewConnection(Self.request(t * 1_000_000 + i), now: .zero) {
                        mine += 1
                        if copy.destination(s.key) !== s { strange += 1 }
                    }
                    i += 1
                }
                picked.withLock { $0 += mine }
                unknown.withLock { $0 += strange }
            }
        }
        let extra = Self.server(99)
        for round in 0..<200 {
            var ops: [AdminOperation] = [
                .editDestination(
                    Self.key, DestinationConfig(key: Self.server(round % 10 + 1), weight: Int32(round % 3 + 1))),
                .addDestination(Self.key, DestinationConfig(key: extra, weight: 2)),
                .deleteDestination(Self.key, extra),
            ]
            if round % 50 == 49 { ops.append(.editService(ServiceConfig(key: Self.key, scheduler: scheduler))) }
            try lead.apply(ops, now: .zero)
        }
        stop.store(true, ordering: .relaxed)
        group.wait()
        #expect(picked.withLock { $0 } >= 2000)
        #expect(unknown.withLock { $0 } == 0)

        let leadService = try #require(lead.service(Self.key))
        let weights = Dictionary(uniqueKeysWithValues: leadService.destinations.map { ($0.key, Int($0.weight)) })
        if scheduler == "rr" || scheduler == "wrr" {
            // Any whole turn of a periodic walk picks each server as often as one turn does.
            let g = weights.values.reduce(0) { Int(gcd(Int32($0), Int32($1))) }
            let turn = scheduler == "rr" ? weights.count : weights.values.reduce(0, +) / g
            var counts: [DestinationKey: Int] = [:]
            for i in 0..<turn {
                let s = try #require(copies[i % 2].pickForNewConnection(Self.request(i), now: .zero))
                counts[s.key, default: 0] += 1
            }
            #expect(counts == weights.mapValues { scheduler == "rr" ? 1 : $0 / g })
        } else {
            for i in 0..<1000 {
                let leadPick = leadService.scheduler.schedule(in: leadService, request: Self.request(i), now: .zero)
                let workerPick = copies[i % 2].pickForNewConnection(Self.request(i), now: .zero)
                #expect(leadPick?.key == workerPick?.key)
            }
        }
    }
}
