import LVSKeepalived
import Testing

/// Reloads that change who may serve: alpha servers added by a reload, quorum raised by a reload.
@Suite struct LifecycleReloadStateTests {
    @Test func anAlphaServerAddedByReloadWaitsForItsFirstSuccess() throws {
        let harness = try LifecycleHarness(virtualServerBlock("198.18.1.100", servers: [(1, 1, [])]))
        try harness.allPass()
        try harness.reload(virtualServerBlock("198.18.1.100", servers: [(1, 1, []), (2, 1, ["alpha"])]))
        #expect(
            try harness.list()
                == ipvsadmList("TCP  198.18.1.100:80 rr\n" + ipvsadmRow("198.18.1.11:80", "Route", 1)))
        try harness.report("198.18.1.12", success: true)
        #expect(
            try harness.list()
                == ipvsadmList(
                    "TCP  198.18.1.100:80 rr\n"
                        + ipvsadmRow("198.18.1.11:80", "Route", 1) + ipvsadmRow("198.18.1.12:80", "Route", 1)))
    }

    @Test func aQuorumRaisedByReloadBringsTheSorryServer() throws {
        let harness = try LifecycleHarness(virtualServerBlock("198.18.1.100", servers: [(1, 1, []), (2, 1, [])]))
        try harness.allPass()
        harness.logs.removeAll()
        // keepalived caps the quorum at the sum of the weights: the new alpha server makes room for 3.
        try harness.reload(
            virtualServerBlock(
                "198.18.1.100", settings: ["quorum 3", "sorry_server 198.18.1.99 80"],
                servers: [(1, 1, []), (2, 1, []), (3, 2, ["alpha"])]))
        #expect(
            try harness.list()
                == ipvsadmList("TCP  198.18.1.100:80 rr\n" + ipvsadmRow("198.18.1.99:80", "Route", 1)))
        #expect(
            harness.logs == [
                "Starting with quorum down 3-0=3 > 2 for VS [198.18.1.100]:tcp:80",
                "Adding sorry server [198.18.1.99]:tcp:80 to VS [198.18.1.100]:tcp:80",
                "Removing alive servers from the pool for VS [198.18.1.100]:tcp:80",
            ])
    }
}
