import LVSCore
import Testing

@Suite("IPVS sysctls by the kernel's names")
struct IPVSSysctlsSettingTests {
    @Test("the sync sysctls take the kernel's text, with or without the net.ipv4.vs. prefix")
    func syncSettings() throws {
        var s = IPVSSysctls()
        try s.set("sync_threshold", "5 100")
        try s.set("net.ipv4.vs.sync_refresh_period", "10")
        try s.set("sync_retries", "2")
        try s.set("sync_qlen_max", "1024")
        try s.set("sync_ports", "4")
        try s.set("sync_persist_mode", "1")
        try s.set("sync_version", "0")
        #expect(s.syncThreshold == 5 && s.syncPeriod == 100)
        #expect(s.syncRefreshPeriod == 10_000)
        #expect(s.syncRetries == 2 && s.syncQueueLengthMax == 1024 && s.syncPorts == 4)
        #expect(s.syncPersistMode && s.syncVersion == 0)
    }

    @Test(
        "values the kernel refuses are refused and change nothing",
        arguments: [
            ("sync_threshold", "50 3"), ("sync_threshold", "3"), ("sync_threshold", "-1 50"), ("sync_retries", "4"),
            ("sync_ports", "3"), ("sync_version", "2"), ("secure_tcp", "4"), ("sync_qlen_max", "0"),
            ("expire_nodest_conn", "yes"),
        ])
    func refused(name: String, value: String) {
        var s = IPVSSysctls()
        #expect(throws: IPVSSysctlError.self) { try s.set(name, value) }
        #expect(s == IPVSSysctls())
    }

    @Test("a period of 0 syncs once at the threshold, as the kernel allows")
    func zeroPeriod() throws {
        var s = IPVSSysctls()
        try s.set("sync_threshold", "3 0")
        #expect(s.syncThreshold == 3 && s.syncPeriod == 0)
    }

    @Test("an unknown name says which names there are")
    func unknown() {
        var s = IPVSSysctls()
        #expect(throws: IPVSSysctlError.unknownName("sync_treshold")) { try s.set("sync_treshold", "3 50") }
        #expect("\(IPVSSysctlError.unknownName("x"))".contains("sync_threshold"))
    }
}
