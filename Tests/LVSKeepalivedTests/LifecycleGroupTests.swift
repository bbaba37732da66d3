import LVSKeepalived
import Testing

/// virtual_server_group: one virtual server stands for every address of its ranges and every
/// firewall mark (ipvswrapper.c ipvs_group_cmd); a reload adds and removes entries only.
@Suite struct LifecycleGroupTests {
    static func config(_ entries: String) -> String {
        """
        virtual_server_group WEB {
        \(entries)
        }
        virtual_server group WEB {
            delay_loop 1
            lb_algo wrr
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
    }

    static let entries = "    198.18.1.50-52 80\n    198.18.1.60 8080\n    fwmark 7"

    func service(_ line: String, port: String, r1: Bool = true) -> String {
        line + (r1 ? ipvsadmRow("198.18.1.11:\(port)", "Route", 1) : "") + ipvsadmRow("198.18.1.12:\(port)", "Route", 2)
    }

    @Test func rangesAndMarksExpandIntoServices() throws {
        let harness = try LifecycleHarness(Self.config(Self.entries))
        let table = { (r1: Bool) in
            ipvsadmList(
                service("TCP  198.18.1.50:80 wrr\n", port: "80", r1: r1)
                    + service("TCP  198.18.1.51:80 wrr\n", port: "80", r1: r1)
                    + service("TCP  198.18.1.52:80 wrr\n", port: "80", r1: r1)
                    + service("TCP  198.18.1.60:8080 wrr\n", port: "8080", r1: r1)
                    + service("FWM  7 wrr\n", port: "0", r1: r1))
        }
        #expect(try harness.list() == table(true))
        try harness.allPass()
        harness.logs.removeAll()
        try harness.report("198.18.1.11", success: false)
        #expect(try harness.list() == table(false))
        #expect(
            harness.logs == [
                "TCP_CHECK on service [198.18.1.11]:tcp:80 failed after 1 retries.",
                "Removing service [198.18.1.11]:tcp:80 from VS [WEB]:0",
            ])
        try harness.report("198.18.1.11", success: true)
        #expect(try harness.list() == table(true))
    }

    @Test func reloadAddsAndRemovesGroupEntriesOnly() throws {
        let harness = try LifecycleHarness(Self.config(Self.entries))
        try harness.allPass()
        harness.logs.removeAll()
        try harness.reload(Self.config("    198.18.1.51-53 80\n    fwmark 7"))
        // keepalived diffs whole entries: the changed range goes and the new one comes.
        #expect(
            harness.logs == [
                "VS [[198.18.1.50]:tcp:80-198.18.1.52] in group WEB no longer exists",
                "VS [[198.18.1.60]:tcp:8080] in group WEB no longer exists",
                "VS [[198.18.1.51]:tcp:80-198.18.1.53] added into group WEB",
            ])
        #expect(
            try harness.list()
                == ipvsadmList(
                    service("TCP  198.18.1.51:80 wrr\n", port: "80")
                        + service("TCP  198.18.1.52:80 wrr\n", port: "80")
                        + service("TCP  198.18.1.53:80 wrr\n", port: "80")
                        + service("FWM  7 wrr\n", port: "0")))
    }
}
