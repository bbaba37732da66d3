import LVSCore
import LVSKeepalived
import LVSVocabulary
import Testing

/// The start's batch (keepalived's init_services): per virtual server its service, then its real
/// servers in configuration order, then (quorum permitting) the sorry server.
@Suite struct LifecyclePlannerTests {
    @Test func initialOperationsFollowKeepalivedsOrder() throws {
        let config = """
            virtual_server 198.18.1.100 80 {
                lb_algo sh
                lb_kind NAT
                persistence_timeout 60
                persistence_granularity 255.255.255.0
                sh-port
                protocol TCP
                sorry_server 198.18.1.99 8080
                sorry_server_inhibit
                real_server 198.18.1.11 8080 {
                    weight 4
                    uthreshold 100
                    lthreshold 10
                    TCP_CHECK {
                    }
                }
                real_server 198.18.1.12 8080 {
                    alpha
                    inhibit_on_failure
                    TCP_CHECK {
                    }
                }
                real_server 198.18.1.13 8080 {
                    lvs_method TUN
                    alpha
                    TCP_CHECK {
                    }
                }
            }
            virtual_server fwmark 9 {
                lb_algo rr
                lb_kind DR
                real_server 198.18.1.11 80 {
                    MISC_CHECK {
                        misc_path /bin/true
                    }
                }
            }
            """
        let operations = KeepalivedTableLifecycle.initialOperations(try LifecycleHarness.configuration(config))
        let vip = ServiceKey.address(.tcp, InetAddress("198.18.1.100")!, 80)
        let fwmark = ServiceKey.fwmark(9, .inet)
        func destination(
            _ last: Int, _ port: UInt16, _ forward: ForwardMethod, weight: Int32,
            upper: UInt32 = 0, lower: UInt32 = 0
        ) -> DestinationConfig {
            DestinationConfig(
                key: DestinationKey(address: InetAddress("198.18.1.\(last)")!, port: port),
                forward: forward, weight: weight, upperThreshold: upper, lowerThreshold: lower)
        }
        #expect(
            operations == [
                .addService(
                    ServiceConfig(
                        key: vip, scheduler: "sh", flags: [.persistent, .shPort], timeout: 60,
                        netmaskPrefix: 24)),
                .addDestination(vip, destination(11, 8080, .masquerade, weight: 4, upper: 100, lower: 10)),
                // alpha + inhibit_on_failure: in the table at weight 0 until its first success.
                .addDestination(vip, destination(12, 8080, .masquerade, weight: 0)),
                .addDestination(vip, destination(99, 8080, .masquerade, weight: 0)),
                .addService(ServiceConfig(key: fwmark, scheduler: "rr")),
                .addDestination(fwmark, destination(11, 0, .route, weight: 1)),
            ])
    }

    @Test func statusNamesFailedCheckersAndReasons() throws {
        let harness = try LifecycleHarness(
            virtualServerBlock(
                "198.18.1.100", settings: ["inhibit_on_failure"],
                servers: [(1, 1, []), (2, 2, [])]))
        try harness.allPass()
        try harness.report("198.18.1.12", success: false, reason: "connection refused")
        #expect(
            harness.lifecycle.status.text == """
                VS [198.18.1.100]:tcp:80: quorum up (live weight 1, quorum 1, hysteresis 0)
                  RS [198.18.1.11]:tcp:80: up, weight 1
                  RS [198.18.1.12]:tcp:80: down (inhibited, weight 0), weight 2
                    TCP_CHECK #1 failed: connection refused

                """)
    }
}
