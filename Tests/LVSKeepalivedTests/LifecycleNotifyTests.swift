import Foundation
import LVSCore
import LVSKeepalived
import LVSVocabulary
import Testing

/// notify_up/notify_down/quorum_up/quorum_down get the script's own words as argv (keepalived
/// appends nothing), the FIFO gets "RS ..."/"VS ..." lines, omega runs the notifies at the stop.
@Suite struct LifecycleNotifyTests {
    static let config = """
        global_defs {
            lvs_notify_fifo /tmp/lvs.fifo
        }
        virtual_server 198.18.1.100 80 {
            delay_loop 1
            lb_algo rr
            lb_kind DR
            protocol TCP
            quorum 2
            omega
            quorum_up "/etc/keepalived/note.sh quorum-up 198.18.1.100"
            quorum_down "/etc/keepalived/note.sh quorum-down 198.18.1.100"
            real_server 198.18.1.11 80 {
                weight 1
                notify_up "/etc/keepalived/note.sh up r1"
                notify_down "/etc/keepalived/note.sh down r1"
                TCP_CHECK {
                    connect_timeout 1
                }
            }
            real_server 198.18.1.12 80 {
                weight 1
                notify_up /etc/keepalived/note.sh
                notify_down "/etc/keepalived/note.sh down 'r2 quoted' x\\\\y"
                TCP_CHECK {
                    connect_timeout 1
                }
            }
            real_server 198.18.1.13 80 {
                weight 1
                TCP_CHECK {
                    connect_timeout 1
                }
            }
        }
        """

    @Test func scriptsAndFifoFollowTheTransitions() throws {
        let harness = try LifecycleHarness(Self.config)
        #expect(harness.scripts == [["/etc/keepalived/note.sh", "quorum-up", "198.18.1.100"]])
        #expect(harness.fifo == ["VS [198.18.1.100]:tcp:80 UP\n"])
        try harness.allPass()
        harness.scripts.removeAll()
        harness.fifo.removeAll()

        try harness.report("198.18.1.11", success: false)
        #expect(harness.scripts == [["/etc/keepalived/note.sh", "down", "r1"]])
        try harness.report("198.18.1.12", success: false)
        #expect(
            harness.scripts.suffix(2) == [
                ["/etc/keepalived/note.sh", "down", "r2 quoted", "x\\y"],
                ["/etc/keepalived/note.sh", "quorum-down", "198.18.1.100"],
            ])
        #expect(
            harness.fifo == [
                "RS [198.18.1.11]:tcp:80 [198.18.1.100]:tcp:80 DOWN\n",
                "RS [198.18.1.12]:tcp:80 [198.18.1.100]:tcp:80 DOWN\n",
                "VS [198.18.1.100]:tcp:80 DOWN\n",
            ])
        harness.scripts.removeAll()
        try harness.report("198.18.1.12", success: true)
        #expect(
            harness.scripts == [
                ["/etc/keepalived/note.sh"],
                ["/etc/keepalived/note.sh", "quorum-up", "198.18.1.100"],
            ])
        #expect(harness.logs.last == "Gained quorum 2+0=2 <= 2 for VS [198.18.1.100]:tcp:80")

        // omega: the stop runs the down notifies of the live servers and quorum_down.
        harness.scripts.removeAll()
        harness.logs.removeAll()
        try harness.stop()
        #expect(
            harness.scripts == [
                ["/etc/keepalived/note.sh", "down", "r2 quoted", "x\\y"],
                ["/etc/keepalived/note.sh", "quorum-down", "198.18.1.100"],
            ])
        #expect(
            harness.logs == [
                "Shutting down service [198.18.1.11]:tcp:80 from VS [198.18.1.100]:tcp:80",
                "Shutting down service [198.18.1.12]:tcp:80 from VS [198.18.1.100]:tcp:80",
                "Shutting down service [198.18.1.13]:tcp:80 from VS [198.18.1.100]:tcp:80",
            ])
        #expect(try harness.list() == ipvsadmList(""))
    }

    @Test func withoutOmegaTheStopRunsNoScripts() throws {
        let harness = try LifecycleHarness(Self.config.replacingOccurrences(of: "    omega\n", with: ""))
        try harness.allPass()
        harness.scripts.removeAll()
        try harness.stop()
        #expect(harness.scripts.isEmpty)
        #expect(try harness.list() == ipvsadmList(""))
        // Stopped is final.
        #expect(harness.lifecycle.stop().isEmpty)
        #expect(harness.lifecycle.checkerResult(harness.lifecycle.checkerKeys[0], success: false).isEmpty)
    }
}
