import LVSCore
import LVSKeepalived
import LVSVocabulary
import Testing

/// A real server is in the pool only while all its checkers pass (ipwrapper.c perform_svr_state,
/// update_svr_checker_state).
@Suite struct LifecycleCheckerTests {
    static let twoServers = """
        virtual_server 198.18.1.100 80 {
            delay_loop 1
            lb_algo rr
            lb_kind DR
            protocol TCP
            real_server 198.18.1.11 80 {
                weight 1
                TCP_CHECK {
                    connect_timeout 1
                }
            }
            real_server 198.18.1.12 80 {
                weight 2
                TCP_CHECK {
                    connect_timeout 1
                }
            }
        }
        """

    @Test func startAddsEveryServerWithoutAlpha() throws {
        let harness = try LifecycleHarness(Self.twoServers)
        #expect(
            try harness.list()
                == ipvsadmList(
                    """
                    TCP  198.18.1.100:80 rr
                      -> 198.18.1.11:80               Route   1      0          0         
                      -> 198.18.1.12:80               Route   2      0          0         

                    """))
        #expect(harness.logs == ["Gained quorum 1+0=1 <= 3 for VS [198.18.1.100]:tcp:80"])
    }

    @Test func failingCheckerRemovesTheServerAndSuccessBringsItBack() throws {
        let harness = try LifecycleHarness(Self.twoServers)
        try harness.allPass()
        harness.logs.removeAll()
        try harness.report("198.18.1.11", success: false, reason: "connection refused")
        #expect(
            try harness.list()
                == ipvsadmList(
                    """
                    TCP  198.18.1.100:80 rr
                      -> 198.18.1.12:80               Route   2      0          0         

                    """))
        #expect(
            harness.logs == [
                "TCP_CHECK on service [198.18.1.11]:tcp:80 failed after 1 retries.",
                "Removing service [198.18.1.11]:tcp:80 from VS [198.18.1.100]:tcp:80",
            ])
        let removal = AdminOperation.deleteDestination(
            .address(.tcp, InetAddress("198.18.1.100")!, 80),
            DestinationKey(address: InetAddress("198.18.1.11")!, port: 80))
        #expect(harness.batches.last == [removal])
        harness.logs.removeAll()
        try harness.report("198.18.1.11", success: true)
        #expect(
            harness.logs == [
                "TCP connection to [198.18.1.11]:tcp:80 success.",
                "Adding service [198.18.1.11]:tcp:80 to VS [198.18.1.100]:tcp:80",
            ])
        #expect(
            try harness.list(noSort: true)
                == ipvsadmList(
                    """
                    TCP  198.18.1.100:80 rr
                      -> 198.18.1.11:80               Route   1      0          0         
                      -> 198.18.1.12:80               Route   2      0          0         

                    """))
    }
}
