import LVSKeepalived
import Testing

/// A sorry server that is also a real server (keepalived's s_svr_duplicates_rs).
@Suite struct LifecycleSorryTwinTests {
    static let config = virtualServerBlock(
        "198.18.1.100", settings: ["quorum 2", "sorry_server 198.18.1.12 80"],
        servers: [(1, 1, []), (2, 1, ["inhibit_on_failure"])])

    @Test func theTwinTakesTheWholePoolWhenQuorumIsLost() throws {
        let harness = try LifecycleHarness(Self.config)
        try harness.allPass()
        try harness.report("198.18.1.11", success: false)
        // Quorum lost: the live servers leave (r2 inhibited: weight 0), then the sorry server is
        // put in: the same destination, at the sorry server's weight 1.
        #expect(
            try harness.list()
                == ipvsadmList("TCP  198.18.1.100:80 rr\n" + ipvsadmRow("198.18.1.12:80", "Route", 1)))
        try harness.report("198.18.1.11", success: true)
        #expect(
            try harness.list()
                == ipvsadmList(
                    "TCP  198.18.1.100:80 rr\n"
                        + ipvsadmRow("198.18.1.11:80", "Route", 1) + ipvsadmRow("198.18.1.12:80", "Route", 1)))
        try harness.stop()
        #expect(try harness.list() == ipvsadmList(""))
    }
}
