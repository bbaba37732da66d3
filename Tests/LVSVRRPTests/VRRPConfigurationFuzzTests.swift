import LVSKeepalived
import Testing

@testable import LVSVRRP

/// Any words in the VRRP blocks give problems, never a trap. Seeded, so a failure replays.
@Suite struct VRRPConfigurationFuzzTests {
    static let words = [
        "weight", "reverse", "noreverse", "-254", "254", "0", "-1", "99999999999999999999", "dev", "label", "brd",
        "eth0", "198.18.0.1/33", "2001:db8::1/129", "::", "/", "x/", "\"a b\"", "init_file", "overwrite",
        "rise", "fall", "interval", "timeout", "script", "file", "user", "group", "notify", "notify_master",
        "VI_1", "chk", "f", "0x10", "1.5", "",
    ]

    @Test func randomBlocksNeverTrap() {
        var random = VRRPInstanceFuzzTests.SplitMix64(state: 0x5652_5250_0002)
        func word() -> String { Self.words[Int(random.next() % UInt64(Self.words.count))] }
        func line() -> String { (0..<Int(random.next() % 5 + 1)).map { _ in word() }.joined(separator: " ") }
        var read = 0
        for _ in 0..<150 {
            var text = "vrrp_script chk {\n script /bin/true\n"
            for _ in 0..<4 { text += " \(line())\n" }
            text += "}\ntrack_file f {\n file /tmp/f\n \(line())\n \(line())\n}\nvrrp_instance VI_1 {\n"
            for block in [
                "virtual_ipaddress", "virtual_ipaddress_excluded", "track_interface", "track_script", "track_file",
            ] {
                text += " \(block) {\n  \(line())\n  \(line())\n }\n"
            }
            text += " \(line())\n \(line())\n}\nvrrp_sync_group G {\n group {\n  VI_1 \(word())\n }\n \(line())\n}\n"
            let path = "/etc/keepalived/keepalived.conf"
            let result = KeepalivedConfigurationParser(source: InMemoryConfigFileSource([path: text])).parse(path: path)
            guard let parsed = result.configuration else { continue }
            read += 1
            var problems: [String] = []
            let configuration = VRRPConfiguration(reading: parsed, problems: &problems)
            for instance in configuration.instances {
                var tracking = VRRPTracking(
                    configuration: instance, scripts: configuration.scripts, trackFiles: configuration.trackFiles)
                _ = tracking.scriptResult("chk", success: random.next() % 2 == 0)
                _ = tracking.fileValue("f", Int64(bitPattern: random.next()))
                #expect(tracking.status.priority >= 1)
            }
        }
        // Stray braces make some texts unreadable as a whole; most must reach the VRRP reader.
        #expect(read > 75, "\(read) of 150 read")
    }
}
