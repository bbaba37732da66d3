import LVSControl
import LVSCore
import LVSVocabulary
import Testing

@testable import LVSDirector

@Suite("The sync daemons' status over the control protocol")
struct SyncStatusControlTests {
    @Test("syncStatus answers with the daemon's status, and survives the wire's JSON both ways")
    func statusRequest() throws {
        var status = SyncDaemonStatus(running: [SyncDaemonConfig(role: .backup, interface: "eth0", syncID: 7)])
        status.received.messages = 3
        status.received.countDrop("foreign_syncid")
        let reported = status
        let control = WorkerControlService(
            slots: [WorkerSlot()], clock: { Instant(milliseconds: 5000) },
            hooks: ControlHooks(syncStatus: { reported }))
        #expect(control.handle(.syncStatus) == .syncStatus(status))

        let codec = ControlCodec()
        #expect(try codec.decodeRequest(codec.encode(.syncStatus)) == .syncStatus)
        #expect(try codec.decodeResponse(codec.encode(.syncStatus(status))) == .syncStatus(status))

        // Without a data plane (no hook) nothing runs.
        let bare = WorkerControlService(slots: [WorkerSlot()], clock: { Instant(milliseconds: 5000) })
        #expect(bare.handle(.syncStatus) == .syncStatus(SyncDaemonStatus()))
    }

    @Test("starting a master daemon makes every worker's engine queue for sync; stopping it, none")
    func mastersFollowTheTable() {
        let control = WorkerControlService(slots: [WorkerSlot(), WorkerSlot()], clock: { Instant(milliseconds: 5000) })
        let start = AdminOperation.startSyncDaemon(SyncDaemonConfig(role: .master, interface: "eth0", syncID: 1))
        #expect(control.handle(.apply([start])) == .applied)
        #expect(control.slots.allSatisfy { $0.perform { $0.engine.isSyncMaster } })
        #expect(control.handle(.apply([.stopSyncDaemon(.master)])) == .applied)
        #expect(control.slots.allSatisfy { $0.perform { !$0.engine.isSyncMaster } })
    }
}
