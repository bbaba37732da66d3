import LVSCore
import LVSKeepalived
import LVSVocabulary
import Testing

/// `lvs_flush_on_stop`: the whole table is flushed at the stop; with `VS` only keepalived's
/// services go, without removing their real servers one by one.
@Suite struct LifecycleFlushOnStopTests {
    static func config(_ flush: String) -> String {
        "global_defs {\n    \(flush)\n}\n" + virtualServerBlock("198.18.1.100", servers: [(1, 1, []), (2, 1, [])])
    }

    @Test func flushOnStopClearsEverything() throws {
        let foreign = ServiceConfig(key: .address(.tcp, InetAddress("198.18.1.200")!, 80), scheduler: "wlc")
        let harness = try LifecycleHarness(Self.config("lvs_flush_on_stop"), existing: [.addService(foreign)])
        try harness.stop()
        #expect(harness.batches.last == [.clear])
        #expect(try harness.list() == ipvsadmList(""))
    }

    @Test func flushOnStopVSRemovesOnlyKeepalivedsServices() throws {
        let foreign = ServiceConfig(key: .address(.tcp, InetAddress("198.18.1.200")!, 80), scheduler: "wlc")
        let harness = try LifecycleHarness(Self.config("lvs_flush_on_stop VS"), existing: [.addService(foreign)])
        harness.logs.removeAll()
        try harness.stop()
        #expect(harness.batches.last == [.deleteService(.address(.tcp, InetAddress("198.18.1.100")!, 80))])
        #expect(harness.logs.isEmpty)
        #expect(try harness.list() == ipvsadmList("TCP  198.18.1.200:80 wlc\n"))
    }
}
