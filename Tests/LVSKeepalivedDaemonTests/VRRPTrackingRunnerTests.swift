import LVSControl
import LVSCore
import LVSKeepalived
import LVSKeepalivedDaemon
import LVSLinux
import LVSVRRP
import LVSVocabulary
import LVSWire
import Logging
import Testing

/// track_script, track_file and vrrp_sync_group at run time: what the tracked objects do to the
/// adverts, the addresses and the scripts, against the fakes.
@Suite("VRRP tracking and sync groups at run time")
struct VRRPTrackingRunnerTests {
    typealias Harness = VRRPInstanceRunnerTests.Harness
    static let vip = VRRPInstanceRunnerTests.vip
    static let excluded = VRRPInstanceRunnerTests.excluded

    /// VI_1 of the runner tests, tracking `chk` (and whatever `tracking` adds) under `blocks`.
    static func tracked(blocks: String, tracking: String) throws -> (VRRPInstanceConfiguration, VRRPTracking) {
        let text = VRRPInstanceRunnerTests.configuration(extra: blocks)
            .replacingOccurrences(of: "    notify /usr", with: "    \(tracking)\n    notify /usr")
        let (_, configuration) = try VRRPInstanceRunnerTests.setup(text)
        var problems: [String] = []
        let vrrp = VRRPConfiguration(reading: configuration, problems: &problems)
        #expect(problems.isEmpty, "\(problems)")
        let instance = try #require(vrrp.instances.first)
        return (instance, VRRPTracking(configuration: instance, scripts: vrrp.scripts, trackFiles: vrrp.trackFiles))
    }

    static let weightedScript = """
        vrrp_script chk {
            script "/usr/local/bin/check.sh"
            weight -30
        }
        """

    @Test func aFailingScriptLowersTheAdvertisedPriorityByItsWeight() async throws {
        let (instance, tracking) = try Self.tracked(blocks: Self.weightedScript, tracking: "track_script {\n chk\n}")
        let harness = Harness(instance, tracking: tracking)
        try await harness.startAsMaster()
        await harness.runner.scriptResult("chk", success: true)
        _ = try await harness.runOutTimer()
        #expect(harness.transport.sent.last?.message[2] == 100, "priority byte while the script succeeds")

        await harness.runner.scriptResult("chk", success: false)
        _ = try await harness.runOutTimer()
        #expect(harness.transport.sent.last?.message[2] == 70)
        #expect(await harness.runner.state == .master, "a weight only moves the priority")
        #expect(await harness.runner.status.priority == 70)
        #expect(harness.director.calls.allSatisfy { if case .announce = $0 { true } else { false } })

        await harness.runner.scriptResult("chk", success: true)
        _ = try await harness.runOutTimer()
        #expect(harness.transport.sent.last?.message[2] == 100)
    }

    @Test func aWeightZeroScriptFailingMakesTheMasterFaultAndRelease() async throws {
        let blocks = "vrrp_script chk {\n    script \"/usr/local/bin/check.sh\"\n}"
        let (instance, tracking) = try Self.tracked(blocks: blocks, tracking: "track_script {\n chk\n}")
        let harness = Harness(instance, tracking: tracking)
        // A weight-0 script that has not run yet holds the instance out of service, silently.
        await harness.runner.start()
        #expect(await harness.runner.state == .fault)
        #expect(harness.scripts.runs.isEmpty)
        await harness.runner.scriptResult("chk", success: true)
        #expect(await harness.runner.state == .backup)
        _ = try await harness.runOutTimer()
        #expect(await harness.runner.state == .master)
        harness.director.reset()
        harness.scripts.reset()
        let sentBefore = harness.transport.sent.count

        await harness.runner.scriptResult("chk", success: false)
        #expect(await harness.runner.state == .fault)
        #expect(harness.transport.sent.count == sentBefore + 1)
        #expect(harness.transport.sent.last?.message[2] == 0, "priority 0 on the way out")
        #expect(
            harness.director.calls == [
                .ownership(AddressOwnership(owner: "VI_1", released: [Self.vip, Self.excluded]))
            ])
        #expect(harness.scripts.runs == [["/usr/local/bin/notify.sh", "INSTANCE", "VI_1", "FAULT", "100"]])

        await harness.runner.scriptResult("chk", success: true)
        #expect(await harness.runner.state == .backup)
    }

    @Test func aTrackFileValueTimesItsWeightMovesThePriority() async throws {
        let blocks = "track_file state {\n    file /run/state\n    weight -10\n}"
        let (instance, tracking) = try Self.tracked(blocks: blocks, tracking: "track_file {\n state\n}")
        let harness = Harness(instance, tracking: tracking)
        try await harness.startAsMaster()
        await harness.runner.fileValue("state", 3)
        _ = try await harness.runOutTimer()
        #expect(harness.transport.sent.last?.message[2] == 70)
        await harness.runner.fileValue("state", 0)
        _ = try await harness.runOutTimer()
        #expect(harness.transport.sent.last?.message[2] == 100)
    }

    static let pair = """
        vrrp_sync_group G {
            group {
                VI_1
                VI_2
            }
            notify /usr/local/bin/group.sh
        }
        vrrp_instance VI_1 {
            interface eth0
            virtual_router_id 51
            virtual_ipaddress {
                198.18.0.100
            }
        }
        vrrp_instance VI_2 {
            interface eth1
            virtual_router_id 52
            virtual_ipaddress {
                198.18.0.200
            }
        }
        """

    @Test func aSyncGroupsInstancesGoMasterTogetherAndOnesFaultTakesTheOtherDown() async throws {
        // The group block comes first: keepalived resolves its members after reading the file.
        let (_, configuration) = try VRRPInstanceRunnerTests.setup(Self.pair)
        var problems: [(LVSKeepalived.SourceLocation?, String)] = []
        let vrrp = VRRPConfiguration.running(configuration, problems: &problems)
        let group = try #require(vrrp.syncGroups.first)
        let groupScripts = ScriptLog()
        let groupRunner = VRRPSyncGroupRunner(
            configuration: group, instances: vrrp.instances,
            runScript: { _, arguments in groupScripts.record(arguments) }, logger: Logger(label: "test"))
        let first = Harness(try #require(vrrp.instance(named: "VI_1")))
        let second = Harness(try #require(vrrp.instance(named: "VI_2")))
        for harness in [first, second] {
            await groupRunner.add(harness.runner)
            await harness.runner.join(groupRunner)
        }
        await first.runner.start()
        await second.runner.start()
        await groupRunner.started()
        #expect(groupScripts.runs == [["/usr/local/bin/group.sh", "GROUP", "G", "BACKUP", "0"]])

        // VI_1's Master_Down_Timer runs out first: it waits for VI_2 to want master too.
        _ = try await first.runOutTimer()
        #expect(await first.runner.state == .backup)
        #expect(await first.runner.instance.wantsMaster)
        _ = try await second.runOutTimer()
        #expect(await first.runner.state == .master)
        #expect(await second.runner.state == .master)
        #expect(first.director.calls.contains(.ownership(AddressOwnership(owner: "VI_1", held: [Self.vip]))))
        let secondVIP = InetAddress("198.18.0.200")!
        #expect(second.director.calls.contains(.ownership(AddressOwnership(owner: "VI_2", held: [secondVIP]))))
        #expect(groupScripts.runs.last == ["/usr/local/bin/group.sh", "GROUP", "G", "MASTER", "0"])

        // VI_2's interface goes down: VI_2 to FAULT, and VI_1 with it, releasing its address.
        first.director.reset()
        let sentBefore = first.transport.sent.count
        await second.runner.interfaceChanged(up: false)
        #expect(await second.runner.state == .fault)
        #expect(await first.runner.state == .fault)
        #expect(first.director.calls == [.ownership(AddressOwnership(owner: "VI_1", released: [Self.vip]))])
        #expect(first.transport.sent.count == sentBefore + 1)
        #expect(first.transport.sent.last?.message[2] == 0)
        #expect(groupScripts.runs.last == ["/usr/local/bin/group.sh", "GROUP", "G", "FAULT", "0"])

        // Back up: both to BACKUP together.
        await second.runner.interfaceChanged(up: true)
        #expect(await second.runner.state == .backup)
        #expect(await first.runner.state == .backup)
        #expect(groupScripts.runs.last == ["/usr/local/bin/group.sh", "GROUP", "G", "BACKUP", "0"])
    }
}

extension VRRPTrackingRunnerTests {
    @Test func dontTrackPrimaryKeepsAMasterWhoseInterfaceGoesDown() async throws {
        let text = VRRPInstanceRunnerTests.configuration()
            .replacingOccurrences(of: "    notify /usr", with: "    dont_track_primary\n    notify /usr")
        let (instance, _) = try VRRPInstanceRunnerTests.setup(text)
        let harness = Harness(instance)
        try await harness.startAsMaster()
        await harness.runner.interfaceChanged(up: false)
        #expect(await harness.runner.state == .master)
        #expect(harness.director.calls.isEmpty)

        // Without it, the same event is FAULT (the runner tests' own case).
        let tracking = Harness(try VRRPInstanceRunnerTests.setup().0)
        try await tracking.startAsMaster()
        await tracking.runner.interfaceChanged(up: false)
        #expect(await tracking.runner.state == .fault)
    }
}
