import LVSVocabulary
import Testing

@testable import LVSCore

/// A service in a fresh table; servers are added in the order given, so the kernel list (and
/// `destinations`) holds them in reverse.
struct SchedulerLab {
    let table = IPVSTable()
    let key: ServiceKey
    let vip: InetAddress

    init(
        _ scheduler: String, flags: ServiceFlags = [], vip: String = "198.18.0.100",
        weights: [Int32], upper: [UInt32]? = nil
    ) throws {
        self.vip = InetAddress(vip)!
        key = .address(.tcp, self.vip, 80)
        try table.apply(.addService(ServiceConfig(key: key, scheduler: scheduler, flags: flags)), now: .zero)
        for (i, w) in weights.enumerated() {
            try table.apply(.addDestination(key, Self.config(i + 1, weight: w, upper: upper?[i] ?? 0)), now: .zero)
        }
    }

    static func address(_ n: Int) -> InetAddress { InetAddress(v4: 0xC612_0000 | UInt32(10 + n)) }
    static func config(_ n: Int, weight: Int32, upper: UInt32 = 0) -> DestinationConfig {
        DestinationConfig(key: DestinationKey(address: address(n), port: 80), weight: weight, upperThreshold: upper)
    }

    var service: VirtualService { table.service(key)! }
    func server(_ n: Int) -> RealServer { service.destination(Self.config(n, weight: 0).key)! }

    func setWeight(_ n: Int, _ w: Int32) throws {
        try table.apply(.editDestination(key, Self.config(n, weight: w)), now: .zero)
    }
    func remove(_ n: Int) throws {
        try table.apply(.deleteDestination(key, Self.config(n, weight: 0).key), now: .zero)
    }

    /// Picks for one connection; returns the server's number (0 = none).
    func pick(
        from client: InetAddress = InetAddress("198.18.0.1")!, port: UInt16 = 40000,
        to destination: InetAddress? = nil, at now: Instant = .zero
    ) -> Int {
        let svc = service
        let r = ScheduleRequest(
            proto: .tcp, clientAddress: client, clientPort: port,
            virtualAddress: destination ?? vip, virtualPort: 80)
        guard let s = svc.scheduler.schedule(in: svc, request: r, now: now) else { return 0 }
        return Int(s.address.v4 & 0xff) - 10
    }

    func picks(_ n: Int) -> [Int] { (0..<n).map { _ in pick() } }
}

@Suite struct SchedulerTests {
    @Test func registryHasEveryKernelScheduler() {
        let names = ["rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos"]
        for n in names { #expect(SchedulerRegistry.make(n)?.name == n) }
        #expect(SchedulerRegistry.make("bogus") == nil)
    }

    /// lib/test_siphash.c: hsiphash of bytes 00 01 02 03 under key 00..0f, 64-bit flavour.
    @Test func halfSipHashMatchesTheKernelSelfTest() {
        let h = KernelHalfSipHash(key0: 0x0706_0504_0302_0100, key1: 0x0f0e_0d0c_0b0a_0908)
        #expect(h.hash(0x0302_0100) == 0x88d3_8328)
    }

    @Test func hash32IsTheKernelGoldenRatioHash() {
        #expect(KernelHash.hash32(1, bits: 32) == 0x61C8_8647)
        #expect(KernelHash.hash32(0xC612_0033, bits: 8) == (0xC612_0033 &* 0x61C8_8647) >> 24)
    }

    @Test func ipv6AddressesFoldToTheXorOfTheirWords() {
        let a = InetAddress("2001:db8::1:2")!
        #expect(KernelHash.fold(a, family: .inet6) == 0x2001_0db8 ^ 0x0001_0002)
        #expect(KernelHash.fold(InetAddress("198.18.0.1")!, family: .inet) == 0xC612_0001)
    }

    // MARK: rr

    @Test func rrWalksTheListFromTheHeadAndSkipsQuiescedOrOverloaded() throws {
        let lab = try SchedulerLab("rr", weights: [1, 1, 1])  // list: 3 2 1
        #expect(lab.picks(4) == [3, 2, 1, 3])
        try lab.setWeight(2, 0)
        #expect(lab.picks(3) == [1, 3, 1])
        lab.server(1).isOverloaded = true
        #expect(lab.picks(2) == [3, 3])
        lab.server(3).isOverloaded = true
        #expect(lab.pick() == 0)
    }

    /// ip_vs_rr_del_dest: deleting the last pick resumes after the entry before it.
    @Test func rrResumesAfterADeletedCursor() throws {
        let lab = try SchedulerLab("rr", weights: [1, 1, 1, 1])  // list: 4 3 2 1
        #expect(lab.picks(2) == [4, 3])
        try lab.remove(3)
        #expect(lab.picks(3) == [2, 1, 4])
        try lab.table.apply(.addDestination(lab.key, SchedulerLab.config(5, weight: 1)), now: .zero)  // at the head
        #expect(lab.picks(3) == [2, 1, 5])
    }

    // MARK: wrr

    @Test func wrrKeepsAndRoundsTheCurrentWeightOnChanges() throws {
        let lab = try SchedulerLab("wrr", weights: [4, 2])  // list: 2(w2) 1(w4); cw starts at 1
        #expect(lab.picks(6) == [2, 1, 1, 2, 1, 1])
        try lab.setWeight(2, 6)  // gcd 2, mw 5; cw 3 stays (3/2*2+1); walk restarts at the head
        #expect(lab.picks(7) == [2, 1, 2, 1, 2, 2, 1])
        try lab.remove(1)  // only weight 6 left: mw 1, cw above it drops to 1
        #expect(lab.picks(3) == [2, 2, 2])
        try lab.setWeight(2, 0)
        #expect(lab.pick() == 0)
    }

    @Test func wrrSkipsOverloadedServersAndGivesUpWhenAllAre() throws {
        let lab = try SchedulerLab("wrr", weights: [3, 1])  // list: 2(w1) 1(w3)
        lab.server(1).isOverloaded = true
        #expect(lab.picks(3) == [2, 2, 2])
        lab.server(2).isOverloaded = true
        #expect(lab.pick() == 0)
        lab.server(1).isOverloaded = false
        #expect(lab.picks(2) == [1, 1])
    }

    // MARK: least-connection family

    @Test func lcWlcSedNqFoOvf() throws {
        // Loads: server 1 has 1 active, server 2 has 3 inactive, server 3 nothing but weight 0.
        func lab(_ s: String) throws -> SchedulerLab {
            let l = try SchedulerLab(s, weights: [1, 2, 0])
            l.server(1).activeConnections = 1
            l.server(2).inactiveConnections = 3
            return l
        }
        #expect(try lab("lc").pick() == 2)  // 3 < 256
        #expect(try lab("wlc").pick() == 2)
        #expect(try lab("sed").pick() == 2)  // (0+1)/2 < (1+1)/1
        #expect(try lab("nq").pick() == 2)  // idle
        #expect(try lab("fo").pick() == 2)  // highest weight
        let ovf = try lab("ovf")
        #expect(ovf.pick() == 2)
        ovf.server(2).activeConnections = 3  // more active than its weight
        #expect(ovf.pick() == 1)
        ovf.server(1).activeConnections = 2
        #expect(ovf.pick() == 0)
    }

    // MARK: sh / dh / mh

    @Test func shFillsBucketsByWeightInListOrder() throws {
        let lab = try SchedulerLab("sh", weights: [1, 0, 3])  // list: 3 2 1
        let sh = try #require(lab.service.scheduler as? SourceHashingScheduler)
        let firstFive = sh.buckets.prefix(5).map { Int($0!.address.v4 & 0xff) - 10 }
        #expect(firstFive == [3, 3, 3, 2, 1])  // weight 0 still takes one bucket
        #expect(sh.buckets.count == 256)
    }

    @Test func shFallbackProbesPastAQuiescedServer() throws {
        let plain = try SchedulerLab("sh", weights: [1, 1])
        let fallback = try SchedulerLab("sh", flags: .shFallback, weights: [1, 1])
        try plain.setWeight(1, 0)
        try fallback.setWeight(1, 0)
        var sawNone = false
        for i in 1...40 {
            let c = InetAddress(v4: 0xC612_0100 | UInt32(i))
            let p = plain.pick(from: c)
            let f = fallback.pick(from: c)
            #expect(f == 2)
            #expect(p == 0 || p == 2)
            if p == 0 { sawNone = true }
        }
        #expect(sawNone)
    }

    @Test func dhUsesTheDestinationAddress() throws {
        let lab = try SchedulerLab("dh", weights: [1, 1, 1])
        var servers = Set<Int>()
        for i in 0..<16 { servers.insert(lab.pick(to: InetAddress(v4: 0xC612_0100 | UInt32(i)))) }
        #expect(servers == [1, 2, 3])
        let same = (0..<5).map { _ in lab.pick(from: InetAddress(v4: 0xC612_0200 | UInt32.random(in: 0...255))) }
        #expect(Set(same).count == 1)
    }

    @Test func mhFillsEverySlotInProportionToWeight() throws {
        let lab = try SchedulerLab("mh", weights: [1, 2, 3])
        let mh = try #require(lab.service.scheduler as? MaglevHashingScheduler)
        #expect(mh.lookup.count == 4093 && mh.lookup.allSatisfy { $0 != nil })
        var counts = [Int: Int]()
        for s in mh.lookup { counts[Int(s!.address.v4 & 0xff) - 10, default: 0] += 1 }
        #expect(abs(counts[1]! - 682) < 60 && abs(counts[2]! - 1364) < 60 && abs(counts[3]! - 2047) < 60)
    }

    /// A quiesced server keeps its slots (its last non-zero weight), so clients of the other
    /// servers keep theirs; with mh-fallback its own clients move elsewhere.
    @Test func mhQuiescingMovesOnlyThatServersClients() throws {
        let lab = try SchedulerLab("mh", flags: .mhFallback, weights: [1, 1, 1])
        let clients = (1...60).map { InetAddress(v4: 0xC612_0100 | UInt32($0)) }
        let before = clients.map { lab.pick(from: $0) }
        try lab.setWeight(2, 0)
        #expect(lab.server(2).lastWeight == 1)
        let after = clients.map { lab.pick(from: $0) }
        for (b, a) in zip(before, after) {
            if b == 2 { #expect(a == 1 || a == 3) } else { #expect(a == b) }
        }
        #expect(before.contains(2))
    }

    // MARK: lblc / lblcr

    @Test func lblcSticksUntilBusyThenMovesAndForgetsAfterADay() throws {
        let lab = try SchedulerLab("lblc", weights: [1, 2])  // list: 2 1
        let d1 = InetAddress("198.19.0.1")!
        #expect(lab.pick(to: d1) == 2)
        lab.server(2).activeConnections = 2
        #expect(lab.pick(to: d1) == 2)  // 2 active is not more than weight 2
        lab.server(2).activeConnections = 3  // busier than its weight, server 1 idle
        #expect(lab.pick(to: d1) == 1)
        lab.server(2).activeConnections = 0
        #expect(lab.pick(to: d1) == 1)  // the cache now says 1
        let lblc = try #require(lab.service.scheduler as? LocalityBasedLeastConnectionScheduler)
        #expect(lblc.cachedAddresses == 1)
        // Unused for a day: the next full check (every 30 minutes of timer ticks) drops it.
        let later = Instant(milliseconds: 24 * 3_600_000 + 31 * 60_000)
        lab.server(1).inactiveConnections = 10
        #expect(lab.pick(to: InetAddress("198.19.0.2")!, at: later) == 2)
        #expect(lblc.cachedAddresses == 1)
        #expect(lab.pick(to: d1, at: later) == 2)  // forgotten: scheduled afresh by wlc
    }

    @Test func lblcrGrowsItsSetWhenBusyAndShrinksItAfterExpiration() throws {
        let lab = try SchedulerLab("lblcr", weights: [1, 1])  // list: 2 1
        let lblcr = try #require(lab.service.scheduler as? LocalityBasedLeastConnectionReplicationScheduler)
        let d = InetAddress("198.19.0.1")!
        #expect(lab.pick(to: d) == 2)
        lab.server(2).activeConnections = 2
        #expect(lab.pick(to: d) == 1)  // busy: wlc adds server 1 to the set
        #expect(lblcr.cachedServers(for: d).map { Int($0.address.v4 & 0xff) - 10 } == [1, 2])
        lab.server(2).activeConnections = 0
        lab.server(1).activeConnections = 1
        #expect(lab.pick(to: d, at: Instant(milliseconds: 1000)) == 2)  // least loaded member
        // A day without change: the most loaded member leaves the set.
        lab.server(1).activeConnections = 5
        let later = Instant(milliseconds: 24 * 3_600_000 + 2000)
        #expect(lab.pick(to: d, at: later) == 2)
        #expect(lblcr.cachedServers(for: d).map { Int($0.address.v4 & 0xff) - 10 } == [2])
    }

    // MARK: twos

    static func twos(weights: [Int32], seed: UInt64) throws -> SchedulerLab {
        let lab = try SchedulerLab("twos", weights: weights)
        // Swap in a seeded scheduler for the table-made one.
        lab.service.scheduler = TwoChoicesScheduler(random: SplitMix64(seed: seed))
        return lab
    }

    /// With equal loads the first draw wins, and a draw lands on a server with probability
    /// weight/(total+1), the list's first server getting one extra share (kernel draws 0...total).
    @Test func twosSplitFollowsWeights() throws {
        let lab = try Self.twos(weights: [1, 2, 3], seed: 42)  // list: 3 2 1
        var counts = [Int: Int]()
        for _ in 0..<10_000 { counts[lab.pick(), default: 0] += 1 }
        #expect(abs(Double(counts[3]!) / 10_000 - 4.0 / 7) < 0.02)
        #expect(abs(Double(counts[2]!) / 10_000 - 2.0 / 7) < 0.02)
        #expect(abs(Double(counts[1]!) / 10_000 - 1.0 / 7) < 0.02)
        #expect(counts[0] == nil)
    }

    @Test func twosPrefersTheLessLoadedOfItsTwoDraws() throws {
        let lab = try Self.twos(weights: Array(repeating: 1, count: 10), seed: 7)
        lab.server(5).activeConnections = 50
        var loaded = 0
        for _ in 0..<10_000 where lab.pick() == 5 { loaded += 1 }
        // By weight alone it would get about 1/11; it wins only when both draws hit it.
        #expect(loaded < 200)
        lab.server(5).activeConnections = 0
        for n in 1...10 where n != 5 { lab.server(n).isOverloaded = true }
        #expect(lab.pick() == 5)
    }
}
