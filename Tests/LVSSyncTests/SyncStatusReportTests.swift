import LVSCore
import Testing

@testable import LVSSync

@Suite struct SyncStatusReportTests {
    @Test("lvs sync-status prints what runs, what was sent and what was refused by reason")
    func report() {
        var status = SyncDaemonStatus(
            running: [SyncDaemonConfig(role: .backup, interface: "eth0", syncID: 7)])
        status.sent.messages = 2
        status.sent.entries = 42
        status.received.messages = 181
        status.received.entries = 21
        status.received.countDrop("foreign_syncid")
        status.received.countDrop("bad_message_version")
        status.received.countDrop("bad_message_version")
        #expect(
            SyncStatusReport.text(status) == """
                backup sync daemon (mcast=eth0, syncid=7, group=224.0.0.81, port=8848)
                sent: 2 messages, 42 entries, 0 send errors, 0 entries dropped (outbox full)
                received: 181 messages, 21 entries, 0 own messages ignored, 0 entries unusable
                refused: bad_message_version 2, foreign_syncid 1

                """)
        #expect(SyncStatusReport.text(SyncDaemonStatus()).hasPrefix("no sync daemon running\n"))
    }
}
