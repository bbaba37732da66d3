import LVSCore
import LVSKeepalived
import LVSVocabulary
import Testing

/// A reload applies only the differences: unchanged services and real servers keep their table
/// entries (connections, counters) and their checkers' state (ipwrapper.c clear_diff_services).
@Suite struct LifecycleReloadTests {
    static let first =
        virtualServerBlock("198.18.1.100", servers: [(1, 1, []), (2, 1, [])])
        + virtualServerBlock("198.18.1.101", servers: [(1, 1, [])]).replacingFirst("lb_algo rr", "lb_algo wlc")
    static let second =
        virtualServerBlock("198.18.1.100", servers: [(1, 3, []), (3, 2, [])])
        .replacingFirst("lb_algo rr", "lb_algo wrr")
        + virtualServerBlock("198.18.1.102", servers: [(2, 1, [])])

    @Test func onlyTheDifferencesReachTheTable() throws {
        let harness = try LifecycleHarness(Self.first)
        try harness.allPass()
        let vip100 = ServiceKey.address(.tcp, InetAddress("198.18.1.100")!, 80)
        let r1 = try #require(
            harness.control.table.service(vip100)?.destination(
                DestinationKey(address: InetAddress("198.18.1.11")!, port: 80)))
        r1.activeConnections = 7
        r1.counters.connections = 42

        harness.logs.removeAll()
        try harness.reload(Self.second)
        #expect(
            try harness.list()
                == ipvsadmList(
                    "TCP  198.18.1.100:80 wrr\n" + ipvsadmRow("198.18.1.11:80", "Route", 3, active: 7)
                        + ipvsadmRow("198.18.1.13:80", "Route", 2)
                        + "TCP  198.18.1.102:80 rr\n" + ipvsadmRow("198.18.1.12:80", "Route", 1)))
        // The same kernel object: counters kept.
        let kept = try #require(
            harness.control.table.service(vip100)?.destination(
                DestinationKey(address: InetAddress("198.18.1.11")!, port: 80)))
        #expect(kept === r1)
        #expect(kept.counters.connections == 42)
        let r11 = DestinationKey(address: InetAddress("198.18.1.11")!, port: 80)
        let edited = DestinationConfig(key: r11, forward: .route, weight: 3)
        let vip101 = ServiceKey.address(.tcp, InetAddress("198.18.1.101")!, 80)
        let vip102 = ServiceKey.address(.tcp, InetAddress("198.18.1.102")!, 80)
        let r12 = DestinationKey(address: InetAddress("198.18.1.12")!, port: 80)
        let r13 = DestinationKey(address: InetAddress("198.18.1.13")!, port: 80)
        #expect(
            harness.batches.last == [
                .editService(ServiceConfig(key: vip100, scheduler: "wrr")),
                .deleteDestination(vip100, r12),
                .deleteDestination(vip101, r11),
                .deleteService(vip101),
                .editDestination(vip100, edited),
                .addDestination(vip100, DestinationConfig(key: r13, forward: .route, weight: 2)),
                .addService(ServiceConfig(key: vip102, scheduler: "rr")),
                .addDestination(vip102, DestinationConfig(key: r12, forward: .route, weight: 1)),
            ])
        #expect(harness.logs.contains("service [198.18.1.12]:tcp:80 no longer exist"))
        #expect(harness.logs.contains("Removing Virtual Server [198.18.1.101]:tcp:80"))
        #expect(
            harness.logs.contains(
                "Changing weight from 1 to 3 for active service [198.18.1.11]:tcp:80 of VS [198.18.1.100]:tcp:80"))
    }

    @Test func aFailedServerStaysFailedAndTakesItsNewWeightWhenItRecovers() throws {
        let harness = try LifecycleHarness(Self.second)
        try harness.allPass()
        try harness.report("198.18.1.13", success: false)
        let third = Self.second.replacingFirst(
            "198.18.1.13 80 {\n        weight 2",
            "198.18.1.13 80 {\n        weight 5")
        try harness.reload(third)
        #expect(
            try harness.list()
                == ipvsadmList(
                    "TCP  198.18.1.100:80 wrr\n" + ipvsadmRow("198.18.1.11:80", "Route", 3)
                        + "TCP  198.18.1.102:80 rr\n" + ipvsadmRow("198.18.1.12:80", "Route", 1)))
        #expect(
            harness.logs.last
                == "Changing weight from 2 to 5 for inactive service [198.18.1.13]:tcp:80 of VS [198.18.1.100]:tcp:80")
        let status = harness.lifecycle.status.virtualServers[0].realServers[1]
        #expect(status.failedCheckers.count == 1)
        try harness.report("198.18.1.13", success: true)
        #expect(
            try harness.list()
                == ipvsadmList(
                    "TCP  198.18.1.100:80 wrr\n" + ipvsadmRow("198.18.1.11:80", "Route", 3)
                        + ipvsadmRow("198.18.1.13:80", "Route", 5)
                        + "TCP  198.18.1.102:80 rr\n" + ipvsadmRow("198.18.1.12:80", "Route", 1)))
    }

    @Test func persistenceAddedByReloadEditsTheService() throws {
        let harness = try LifecycleHarness(Self.second)
        try harness.allPass()
        let changed = Self.second.replacingFirst("lb_algo wrr", "lb_algo wrr\n    persistence_timeout 60")
        try harness.reload(changed)
        #expect(
            try harness.list()
                == ipvsadmList(
                    "TCP  198.18.1.100:80 wrr persistent 60\n" + ipvsadmRow("198.18.1.11:80", "Route", 3)
                        + ipvsadmRow("198.18.1.13:80", "Route", 2)
                        + "TCP  198.18.1.102:80 rr\n" + ipvsadmRow("198.18.1.12:80", "Route", 1)))
    }

    @Test func unchangedConfigurationSendsNothing() throws {
        let harness = try LifecycleHarness(Self.first)
        try harness.allPass()
        let before = harness.batches.count
        try harness.reload(Self.first)
        #expect(harness.batches.count == before)
    }
}
