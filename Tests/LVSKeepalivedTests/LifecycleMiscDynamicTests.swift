import LVSKeepalived
import Testing

/// MISC_CHECK with misc_dynamic: exit 2...255 sets the weight to code - 2, exit 0 restores the
/// configured weight, exit 1 fails (check_misc.c misc_check_child_thread, ipwrapper.c update_svr_wgt).
@Suite struct LifecycleMiscDynamicTests {
    static let config = """
        virtual_server 198.18.1.100 80 {
            delay_loop 1
            lb_algo wrr
            lb_kind DR
            protocol TCP
            real_server 198.18.1.11 80 {
                weight 10
                MISC_CHECK {
                    misc_path "/etc/keepalived/misc.sh r1"
                    misc_timeout 2
                    misc_dynamic
                }
            }
            real_server 198.18.1.12 80 {
                weight 4
                MISC_CHECK {
                    misc_path "/etc/keepalived/misc.sh r2"
                    misc_timeout 2
                }
            }
        }
        """

    func table(_ r1: Int?, _ r2: Int? = 4) -> String {
        ipvsadmList(
            "TCP  198.18.1.100:80 wrr\n" + (r1.map { ipvsadmRow("198.18.1.11:80", "Route", $0) } ?? "")
                + (r2.map { ipvsadmRow("198.18.1.12:80", "Route", $0) } ?? ""))
    }

    @Test func exitCodesMoveTheWeight() throws {
        let harness = try LifecycleHarness(Self.config)
        try harness.allPass()
        #expect(try harness.list() == table(10))
        harness.logs.removeAll()
        try harness.report("198.18.1.11", success: true, dynamicWeight: 3)
        #expect(try harness.list() == table(3))
        #expect(
            harness.logs == [
                "Changing weight from 10 to 3 for active service [198.18.1.11]:tcp:80 of VS [198.18.1.100]:tcp:80"
            ])
        try harness.report("198.18.1.11", success: true, dynamicWeight: 0)
        #expect(try harness.list() == table(0))
        try harness.report("198.18.1.11", success: true, dynamicWeight: 253)
        #expect(try harness.list() == table(253))
        try harness.report("198.18.1.11", success: true)
        #expect(try harness.list() == table(10))

        harness.logs.removeAll()
        try harness.report("198.18.1.11", success: false, reason: "exited with status 1")
        #expect(try harness.list() == table(nil))
        #expect(
            harness.logs == [
                "Misc check for [[198.18.1.11]:tcp:80 VS [198.18.1.100]:tcp:80] by [/etc/keepalived/misc.sh] failed"
                    + " with retry disabled (exited with status 1).",
                "Removing service [198.18.1.11]:tcp:80 from VS [198.18.1.100]:tcp:80",
            ])

        // Exit 7 while down: the new weight is noted, then the server comes back with it.
        harness.logs.removeAll()
        try harness.report("198.18.1.11", success: true, dynamicWeight: 5)
        #expect(try harness.list() == table(5))
        #expect(
            harness.logs == [
                "Changing weight from 10 to 5 for inactive service [198.18.1.11]:tcp:80 of VS [198.18.1.100]:tcp:80",
                "Misc check for [[198.18.1.11]:tcp:80 VS [198.18.1.100]:tcp:80] by [/etc/keepalived/misc.sh] succeeded.",
                "Adding service [198.18.1.11]:tcp:80 to VS [198.18.1.100]:tcp:80",
            ])
    }

    @Test func withoutMiscDynamicAnExitCodeAboveOneIsAFailure() throws {
        let harness = try LifecycleHarness(Self.config)
        try harness.allPass()
        // The caller maps a non-dynamic exit 5 to a failure.
        try harness.report("198.18.1.12", success: false, reason: "exited with status 5")
        #expect(try harness.list() == table(10, nil))
        #expect(harness.lifecycle.status.virtualServers[0].realServers[1].lastFailureReason == "exited with status 5")
        #expect(harness.lifecycle.status.text.contains("MISC_CHECK #1 failed: exited with status 5"))
    }
}
