import LVSKeepalived
import Testing

/// inhibit_on_failure keeps a failed server at weight 0; alpha starts servers down until their
/// first success (ipvswrapper.c ipvs_cmd, ipwrapper.c init_service_rs).
@Suite struct LifecycleInhibitAlphaTests {
    @Test func inhibitKeepsAFailedServerAtWeightZero() throws {
        let config =
            virtualServerBlock("198.18.1.100", servers: [(1, 3, ["inhibit_on_failure"]), (2, 2, [])])
            + virtualServerBlock("198.18.1.101", settings: ["inhibit_on_failure"], servers: [(1, 3, []), (2, 2, [])])
        let harness = try LifecycleHarness(config)
        try harness.allPass()
        harness.logs.removeAll()
        try harness.report("198.18.1.11", success: false)
        try harness.report("198.18.1.12", success: false)
        #expect(
            try harness.list()
                == ipvsadmList(
                    "TCP  198.18.1.100:80 rr\n" + ipvsadmRow("198.18.1.11:80", "Route", 0)
                        + "TCP  198.18.1.101:80 rr\n" + ipvsadmRow("198.18.1.11:80", "Route", 0)
                        + ipvsadmRow("198.18.1.12:80", "Route", 0)))
        #expect(harness.logs.contains("Disabling service [198.18.1.11]:tcp:80 of VS [198.18.1.100]:tcp:80"))
        #expect(harness.logs.contains("Removing service [198.18.1.12]:tcp:80 from VS [198.18.1.100]:tcp:80"))
        try harness.report("198.18.1.11", success: true)
        try harness.report("198.18.1.12", success: true)
        #expect(harness.logs.contains("Enabling service [198.18.1.11]:tcp:80 of VS [198.18.1.101]:tcp:80"))
        #expect(
            try harness.list()
                == ipvsadmList(
                    "TCP  198.18.1.100:80 rr\n" + ipvsadmRow("198.18.1.11:80", "Route", 3)
                        + ipvsadmRow("198.18.1.12:80", "Route", 2)
                        + "TCP  198.18.1.101:80 rr\n" + ipvsadmRow("198.18.1.11:80", "Route", 3)
                        + ipvsadmRow("198.18.1.12:80", "Route", 2)))
    }

    @Test func alphaStartsDownAndTheFirstSuccessAddsTheServer() throws {
        let config = virtualServerBlock("198.18.1.100", settings: ["alpha"], servers: [(1, 1, []), (2, 1, [])])
        let harness = try LifecycleHarness(config)
        #expect(try harness.list() == ipvsadmList("TCP  198.18.1.100:80 rr\n"))
        // No sorry server: the quorum stays down without a word until a server comes up.
        #expect(harness.logs.isEmpty)
        try harness.report("198.18.1.11", success: true)
        try harness.report("198.18.1.12", success: false)
        #expect(
            try harness.list()
                == ipvsadmList("TCP  198.18.1.100:80 rr\n" + ipvsadmRow("198.18.1.11:80", "Route", 1)))
        #expect(
            harness.logs == [
                "TCP connection to [198.18.1.11]:tcp:80 success.",
                "Adding service [198.18.1.11]:tcp:80 to VS [198.18.1.100]:tcp:80",
                "Gained quorum 1+0=1 <= 1 for VS [198.18.1.100]:tcp:80",
                "TCP_CHECK on service [198.18.1.12]:tcp:80 failed.",
            ])
        let status = harness.lifecycle.status.virtualServers[0].realServers
        #expect(status.map(\.alive) == [true, false])
    }

    @Test func alphaWithInhibitAddsServersAtWeightZero() throws {
        let config = virtualServerBlock(
            "198.18.1.101", settings: ["alpha", "inhibit_on_failure"],
            servers: [(1, 1, []), (2, 1, [])])
        let harness = try LifecycleHarness(config)
        #expect(
            try harness.list()
                == ipvsadmList(
                    "TCP  198.18.1.101:80 rr\n"
                        + ipvsadmRow("198.18.1.11:80", "Route", 0) + ipvsadmRow("198.18.1.12:80", "Route", 0)))
        try harness.report("198.18.1.11", success: true)
        try harness.report("198.18.1.12", success: false)
        #expect(
            try harness.list()
                == ipvsadmList(
                    "TCP  198.18.1.101:80 rr\n"
                        + ipvsadmRow("198.18.1.11:80", "Route", 1) + ipvsadmRow("198.18.1.12:80", "Route", 0)))
        #expect(harness.logs.contains("Enabling service [198.18.1.11]:tcp:80 of VS [198.18.1.101]:tcp:80"))
    }

    @Test func alphaWithSorryServerStartsOnTheSorryServer() throws {
        let config = virtualServerBlock(
            "198.18.1.102", settings: ["alpha", "quorum 1", "sorry_server 198.18.1.99 80"],
            servers: [(1, 1, []), (2, 1, [])])
        let harness = try LifecycleHarness(config)
        #expect(
            try harness.list()
                == ipvsadmList("TCP  198.18.1.102:80 rr\n" + ipvsadmRow("198.18.1.99:80", "Route", 1)))
        #expect(
            harness.logs == [
                "Starting with quorum down 1-0=1 > 0 for VS [198.18.1.102]:tcp:80",
                "Adding sorry server [198.18.1.99]:tcp:80 to VS [198.18.1.102]:tcp:80",
                "Removing alive servers from the pool for VS [198.18.1.102]:tcp:80",
            ])
        try harness.report("198.18.1.11", success: true)
        #expect(
            try harness.list()
                == ipvsadmList("TCP  198.18.1.102:80 rr\n" + ipvsadmRow("198.18.1.11:80", "Route", 1)))
    }
}
