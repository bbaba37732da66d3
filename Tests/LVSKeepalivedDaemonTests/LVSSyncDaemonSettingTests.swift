import LVSCore
import LVSKeepalived
import LVSKeepalivedDaemon
import LVSVocabulary
import Testing

/// global_defs' lvs_sync_daemon as keepalived 2.2.7 reads it, and the commands it leads to.
@Suite("lvs_sync_daemon")
struct LVSSyncDaemonSettingTests {
    static func read(_ line: String) -> (LVSSyncDaemonSetting?, [String]) {
        let words = line.split(separator: " ").map(String.init)
        let node = ConfigNode(
            keyword: words[0], arguments: Array(words.dropFirst()), location: SourceLocation(file: "k.conf", line: 2))
        var problems: [String] = []
        let setting = LVSSyncDaemonSetting.reading(GlobalDefinitions(otherSettings: [node]), problems: &problems)
        return (setting, problems)
    }

    @Test func everyOptionReachesTheDirectorsConfiguration() throws {
        let (setting, problems) = Self.read(
            "lvs_sync_daemon eth1 inst VI_1 id 7 maxlen 1400 port 8849 ttl 2 group 239.1.2.3")
        #expect(problems.isEmpty)
        let read = try #require(setting)
        #expect(read.instanceName == "VI_1")
        #expect(
            read.configuration(.master, virtualRouterID: 51)
                == SyncDaemonConfig(
                    role: .master, interface: "eth1", syncID: 7, maxLength: 1400,
                    mcastGroup: InetAddress("239.1.2.3"), mcastPort: 8849, mcastTTL: 2))
    }

    @Test func theOldPositionalFormNamesTheInstanceAndSyncID() throws {
        let (setting, problems) = Self.read("lvs_sync_daemon eth1 VI_1 5")
        #expect(problems == ["Please use keyword \"id\" before lvs_sync_daemon SYNCID"])
        #expect(setting?.instanceName == "VI_1")
        #expect(setting?.configuration(.backup, virtualRouterID: 51).syncID == 5)
    }

    @Test func withoutAnInstanceMasterAndBackupStartAtOnceWithSyncIDZero() throws {
        let (setting, _) = Self.read("lvs_sync_daemon eth1")
        #expect(
            try #require(setting).startupOperations(virtualRouterID: nil) == [
                .startSyncDaemon(SyncDaemonConfig(role: .master, interface: "eth1")),
                .startSyncDaemon(SyncDaemonConfig(role: .backup, interface: "eth1")),
            ])
    }

    @Test func badValuesAreReportedInKeepalivedsWords() {
        let (setting, problems) = Self.read("lvs_sync_daemon eth1 inst VI_1 ttl 0 group 198.18.0.1 bogus")
        #expect(
            problems == [
                "Invalid lvs_sync_daemon ttl (0) - ignoring",
                "lvs_sync_daemon group address 198.18.0.1 is not multicast - ignoring",
                "Unknown option bogus specified for lvs_sync_daemon",
            ])
        #expect(setting?.ttl == 0)
        #expect(setting?.group == nil)
    }
}
