import LVSKeepalived
import LVSVocabulary
import Testing

@testable import LVSVRRP

/// vrrp_sync_group as keepalived 2.2.7 runs it (vrrp_sync.c, vrrp_scheduler.c): members go to
/// MASTER together, a FAULT takes them all to FAULT, and they come back to BACKUP together.
@Suite struct VRRPSyncGroupTests {
    static let address = InetAddress("198.18.70.1")!

    static func members() -> (VRRPSyncGroup, [VRRPInstance]) {
        var group = VRRPSyncGroupConfiguration(name: "G", members: ["VI_1", "VI_2", "VI_3"])
        group.notify = VRRPNotifyScripts(
            master: NotifyScript(command: "/bin/gmaster"), generic: NotifyScript(command: "/bin/gnotify"))
        let instances = (1...3).map { index -> VRRPInstance in
            var configuration = VRRPInstanceTests.configuration(priority: 100)
            configuration.name = "VI_\(index)"
            configuration.virtualRouterID = UInt8(index)
            return VRRPInstance(configuration: configuration, primaryAddress: address)
        }
        return (VRRPSyncGroup(configuration: group, instances: instances.map(\.configuration)), instances)
    }

    static func started() -> (VRRPSyncGroup, [VRRPInstance]) {
        var (group, instances) = members()
        for index in instances.indices {
            _ = instances[index].start(now: .zero)
            #expect(group.memberChanged(instances[index]) == VRRPSyncGroupDecision())
        }
        return (group, instances)
    }

    @Test func startsInBackupAndNotifiesIt() {
        let (group, _) = Self.members()
        #expect(group.state == .backup)
        #expect(group.start() == VRRPSyncGroupDecision(groupEntered: .backup))
        // A group notify script gets GROUP, the name, the state and priority 0.
        #expect(
            group.notifyCommands(entering: .backup) == [
                VRRPNotifyCommand(arguments: ["/bin/gnotify", "GROUP", "G", "BACKUP", "0"])
            ])
    }

    /// The first member whose down timer runs out waits for the others (wantstate MASTER);
    /// once the last wants master too, it becomes master and takes the group with it.
    @Test func allMembersBecomeMasterTogether() {
        var (group, instances) = Self.started()
        let deadline = instances[0].timerDeadline ?? .zero
        #expect(!group.mayBecomeMaster("VI_1", instances: instances))
        #expect(instances[0].timerFired(now: deadline, mayBecomeMaster: false).count == 1)
        #expect(instances[0].state == .backup)
        #expect(instances[0].wantsMaster)
        _ = instances[1].timerFired(now: deadline, mayBecomeMaster: group.mayBecomeMaster("VI_2", instances: instances))
        #expect(instances[1].wantsMaster)
        #expect(group.mayBecomeMaster("VI_3", instances: instances))
        let actions = instances[2].timerFired(
            now: deadline, mayBecomeMaster: group.mayBecomeMaster("VI_3", instances: instances))
        #expect(actions.contains(.becomeMaster))
        let decision = group.memberChanged(instances[2])
        #expect(
            decision
                == VRRPSyncGroupDecision(
                    commands: [
                        VRRPSyncCommand(member: "VI_1", state: .master),
                        VRRPSyncCommand(member: "VI_2", state: .master),
                    ], groupEntered: .master))
        for command in decision.commands {
            let index = instances.firstIndex { $0.configuration.name == command.member } ?? 0
            #expect(instances[index].apply(command, now: deadline).contains(.becomeMaster))
        }
        #expect(instances.map(\.state) == [.master, .master, .master])
        #expect(
            group.notifyCommands(entering: .master) == [
                VRRPNotifyCommand(arguments: ["/bin/gmaster"]),
                VRRPNotifyCommand(arguments: ["/bin/gnotify", "GROUP", "G", "MASTER", "0"]),
            ])
        // A member that steps down (a higher priority router) takes the others to BACKUP with it,
        // without priority 0.
        _ = instances[0].advertisementReceived(
            priority: 200, source: InetAddress("198.18.70.9")!, advertisementInterval: 100, now: deadline + 100)
        let down = group.memberChanged(instances[0])
        #expect(down.groupEntered == .backup)
        #expect(down.commands.map(\.state) == [.backup, .backup])
        #expect(
            instances[1].apply(down.commands[0], now: deadline + 100) == [
                .becomeBackup, .setTimer(deadline + 100 + 3610),
            ])
    }

    /// One member in FAULT takes the others to FAULT (a master first says priority 0); they all
    /// stay there while any member is in FAULT of its own, and come back to BACKUP together
    /// when the last recovers (vrrp_track.c down_instance, vrrp_scheduler.c try_up_instance).
    @Test func faultTakesTheGroupDownAndBack() {
        var (group, instances) = Self.started()
        func apply(_ decision: VRRPSyncGroupDecision, at time: Instant) -> [String: [VRRPAction]] {
            var done: [String: [VRRPAction]] = [:]
            for command in decision.commands {
                let index = instances.firstIndex { $0.configuration.name == command.member } ?? 0
                done[command.member] = instances[index].apply(command, now: time)
                #expect(group.memberChanged(instances[index]) == VRRPSyncGroupDecision())
            }
            return done
        }
        _ = instances[1].syncToMaster(now: .seconds(1))
        _ = apply(group.memberChanged(instances[1]), at: .seconds(1))
        #expect(instances.map(\.state) == [.master, .master, .master])

        _ = instances[0].interfaceDown(now: .seconds(2))
        let fault = group.memberChanged(instances[0])
        #expect(fault.groupEntered == .fault)
        #expect(fault.commands.map(\.member) == ["VI_1", "VI_2", "VI_3"])
        #expect(fault.commands.allSatisfy { $0.state == .fault })
        let faulted = apply(fault, at: .seconds(2))
        #expect(faulted["VI_1"] == [])
        #expect(faulted["VI_2"] == [.sendAdvertisement(priority: 0), .becomeFault, .cancelTimer])
        #expect(instances.map(\.state) == [.fault, .fault, .fault])

        // A second member fails on its own while the group is down: nothing more to do.
        _ = instances[2].trackingFault(now: .seconds(3))
        #expect(group.memberChanged(instances[2]) == VRRPSyncGroupDecision())
        // VI_1's interface is back, but VI_3 still holds the group (and VI_1) in FAULT.
        #expect(instances[0].interfaceUp(now: .seconds(4)) == [])
        #expect(group.memberChanged(instances[0]) == VRRPSyncGroupDecision())
        #expect(instances[0].state == .fault)
        // VI_3 recovers: it comes back first, then the others, and the group is BACKUP.
        #expect(instances[2].trackingRecovered(now: .seconds(5)) == [])
        let back = group.memberChanged(instances[2])
        #expect(back.groupEntered == .backup)
        #expect(back.commands.map(\.member) == ["VI_3", "VI_1", "VI_2"])
        let recovered = apply(back, at: .seconds(5))
        #expect(recovered["VI_3"] == [.becomeBackup, .setTimer(Instant(milliseconds: 5000 + 3610))])
        #expect(instances.map(\.state) == [.backup, .backup, .backup])
        #expect(group.state == .backup)
    }

    /// Every member the owner with `state MASTER`: the group starts MASTER and no group notify
    /// runs at startup.
    @Test func ownersStartTheGroupAsMaster() {
        let configuration = VRRPSyncGroupConfiguration(name: "O", members: ["A", "B"])
        let owners = ["A", "B"].map { name -> VRRPInstanceConfiguration in
            var instance = VRRPInstanceTests.configuration(priority: 255, state: .master)
            instance.name = name
            return instance
        }
        let group = VRRPSyncGroup(configuration: configuration, instances: owners)
        #expect(group.state == .master)
        #expect(group.start() == VRRPSyncGroupDecision())
    }
}
