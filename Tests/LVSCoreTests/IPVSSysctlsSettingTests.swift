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

    @Test("the defence settings take the kernel's ranges: modes 0-3, any int for amemthresh and am_droprate")
    func defenceSettings() throws {
        var s = IPVSSysctls()
        try s.set("drop_entry", "3")
        try s.set("net.ipv4.vs.drop_packet", "1")
        try s.set("amemthresh", "2048")
        try s.set("am_droprate", "-1")
        #expect(s.dropEntry == 3 && s.dropPacket == 1 && s.amemthresh == 2048 && s.amDropRate == -1)
        #expect(s.values["amemthresh"] == "2048" && s.values["drop_entry"] == "3")
        for (name, value) in [
            ("drop_entry", "4"), ("drop_packet", "-1"), ("amemthresh", "lots"), ("amemthresh", "1 2"),
        ] {
            var t = IPVSSysctls()
            #expect(throws: IPVSSysctlError.self) { try t.set(name, value) }
            #expect(t == IPVSSysctls())
        }
        #expect(IPVSSysctls().values["amemthresh"] == "1024", "the kernel's default")
    }

    @Test("a running director's changes are all or none; settings read at start only are refused by name")
    func runtimeChanges() throws {
        let s = IPVSSysctls()
        let changed = try s.changed(by: ["net.ipv4.vs.drop_entry": "1", "secure_tcp": "1", "sync_threshold": "5 60"])
        #expect(changed.dropEntry == 1 && changed.secureTCP == 1 && changed.syncThreshold == 5)
        #expect(throws: IPVSSysctlError.invalidValue(name: "secure_tcp", value: "4", expected: "an integer in 0...3")) {
            try s.changed(by: ["drop_entry": "1", "secure_tcp": "4"])
        }
        #expect(throws: IPVSSysctlError.unknownName("drop_entri")) { try s.changed(by: ["drop_entri": "1"]) }
        #expect(throws: IPVSSysctlError.startOnly("sync_ports")) { try s.changed(by: ["sync_ports": "2"]) }
        #expect("\(IPVSSysctlError.startOnly("sync_ports"))".contains("lvs director --sysctl"))
        // Every name reads back what it was set to, in the kernel's text.
        for name in IPVSSysctls.names { #expect(throws: Never.self) { try s.value(name) } }
        #expect(s.values["sync_threshold"] == "3\t50")
        #expect(try s.changed(by: ["sync_refresh_period": "7"]).values["sync_refresh_period"] == "7")
    }

    @Test("the director shows a defence mode as 2 while any engine is under pressure")
    func directorValues() {
        var a = IPVSSysctls()
        a.dropEntry = 1
        var b = a
        b.dropEntry = 2
        b.secureTCP = 2
        #expect(IPVSSysctls.directorValues([a, b])["drop_entry"] == "2")
        #expect(IPVSSysctls.directorValues([a, b])["secure_tcp"] == "2")
        #expect(IPVSSysctls.directorValues([a])["drop_entry"] == "1")
    }
}
