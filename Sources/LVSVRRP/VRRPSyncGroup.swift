/// A `vrrp_sync_group` as a value (keepalived 2.2.7 vrrp_sync.c, vrrp_scheduler.c's VRRP_TSM
/// and try_up_instance): the runner reports each member after its own events
/// (`memberChanged`) and applies the commands it gets back (`VRRPInstance.apply`).
///
/// - A member becoming MASTER takes every other member to MASTER (vrrp_sync_master).
/// - A MASTER member becoming BACKUP takes the others to BACKUP (vrrp_sync_backup).
/// - A member entering FAULT takes every other member to FAULT (vrrp_sync_fault); all stay
///   there until the last member in FAULT of its own recovers, then all go to BACKUP. (A
///   weight-0 script that has not run yet counts as a fault here; keepalived's group waits in
///   its INIT state then, without a FAULT notify.)
/// - A backup member may take over only once every other member wants to as well
///   (`mayBecomeMaster`, vrrp_sync_can_goto_master).
public struct VRRPSyncGroup: Sendable, Hashable {
    public let configuration: VRRPSyncGroupConfiguration
    /// The group's state; it starts in BACKUP (MASTER when every member is the address owner with
    /// `state MASTER`, vrrp_sync.c vrrp_sync_set_group).
    public private(set) var state: VRRPState
    /// The members' states as the group knows them.
    public private(set) var memberStates: [String: VRRPState] = [:]
    /// Members in FAULT of their own (not by the group's command).
    public private(set) var faultedMembers: Set<String> = []

    public init(configuration: VRRPSyncGroupConfiguration, instances: [VRRPInstanceConfiguration] = []) {
        self.configuration = configuration
        let members = configuration.members.compactMap { name in instances.first { $0.name == name } }
        let allOwners =
            !members.isEmpty && members.count == configuration.members.count
            && members.allSatisfy { $0.priority == 255 && $0.initialState == .master }
        state = allOwners ? .master : .backup
        for member in configuration.members { memberStates[member] = .initialize }
    }

    public var name: String { configuration.name }

    /// Startup: keepalived runs the group's notify scripts for an initial BACKUP or FAULT
    /// (vrrp_scheduler.c vrrp_init_state). Report members that start in FAULT first.
    public func start() -> VRRPSyncGroupDecision {
        VRRPSyncGroupDecision(groupEntered: state == .master ? nil : state)
    }

    /// Shutdown: the group's STOP notify (vrrp_notify.c notify_shutdown).
    public mutating func shutdown() -> VRRPSyncGroupDecision {
        state = .initialize
        return VRRPSyncGroupDecision(groupEntered: .initialize)
    }

    /// Whether `member`'s Master_Down_Timer may make it master now: the group is already MASTER,
    /// or every other member is master or wants to be (`VRRPInstance.wantsMaster`).
    public func mayBecomeMaster(_ member: String, instances: [VRRPInstance]) -> Bool {
        if state == .master { return true }
        for other in configuration.members where other != member {
            guard let instance = instances.first(where: { $0.configuration.name == other }) else { continue }
            if !(instance.state == .master || (instance.state == .backup && instance.wantsMaster)) { return false }
        }
        return true
    }

    /// Report a member after each of its own events (advert, timer, tracking, interface, start):
    /// the group compares its state and its own faults with what it knew and answers with the
    /// commands for the members (`VRRPInstance.apply`). Reporting again without a change, or
    /// reporting a member after applying a command to it, gives no command.
    public mutating func memberChanged(_ instance: VRRPInstance) -> VRRPSyncGroupDecision {
        let member = instance.configuration.name
        guard configuration.members.contains(member) else { return VRRPSyncGroupDecision() }
        let previous = memberStates[member] ?? .initialize
        memberStates[member] = instance.state
        if instance.state == .initialize {
            faultedMembers.remove(member)
            return VRRPSyncGroupDecision()
        }
        let wasFaulted = faultedMembers.contains(member)
        if instance.hasOwnFault && !wasFaulted {
            // vrrp_track.c down_instance: the first member down takes the group to FAULT.
            faultedMembers.insert(member)
            return syncFault(from: member)
        }
        if !instance.hasOwnFault && wasFaulted {
            // vrrp_scheduler.c try_up_instance: only the last member to recover brings the group
            // (itself first) back to BACKUP; until then it stays in FAULT.
            faultedMembers.remove(member)
            guard faultedMembers.isEmpty else { return VRRPSyncGroupDecision() }
            return syncBackupAfterFault(from: member)
        }
        guard previous != instance.state else { return VRRPSyncGroupDecision() }
        switch instance.state {
        case .master: return sync(to: .master, from: member)
        case .backup where previous == .master: return sync(to: .backup, from: member)
        default: return VRRPSyncGroupDecision()
        }
    }

    /// The group's notify commands for entering `state`.
    public func notifyCommands(entering state: VRRPState) -> [VRRPNotifyCommand] {
        configuration.notify.groupCommands(name: name, entering: state)
    }

    /// vrrp_sync.c vrrp_sync_fault: every started member to FAULT, the one that failed included
    /// (for it the command only marks it as held by the group).
    mutating func syncFault(from member: String) -> VRRPSyncGroupDecision {
        guard state != .fault else { return VRRPSyncGroupDecision() }
        var commands: [VRRPSyncCommand] = []
        for other in configuration.members where (memberStates[other] ?? .initialize) != .initialize {
            commands.append(VRRPSyncCommand(member: other, state: .fault))
            memberStates[other] = .fault
        }
        state = .fault
        return VRRPSyncGroupDecision(commands: commands, groupEntered: .fault)
    }

    /// vrrp_sync.c vrrp_sync_backup after the group's FAULT: the last member to recover first,
    /// then every other member the group holds in FAULT.
    mutating func syncBackupAfterFault(from member: String) -> VRRPSyncGroupDecision {
        var commands = [VRRPSyncCommand(member: member, state: .backup)]
        memberStates[member] = .backup
        for other in configuration.members where other != member && memberStates[other] == .fault {
            commands.append(VRRPSyncCommand(member: other, state: .backup))
            memberStates[other] = .backup
        }
        let entered: VRRPState? = state == .backup ? nil : .backup
        state = .backup
        return VRRPSyncGroupDecision(commands: commands, groupEntered: entered)
    }

    mutating func sync(to target: VRRPState, from member: String) -> VRRPSyncGroupDecision {
        guard state != target else { return VRRPSyncGroupDecision() }
        var commands: [VRRPSyncCommand] = []
        for other in configuration.members where other != member {
            let current = memberStates[other] ?? .initialize
            // A member not started yet is left alone; the others follow.
            guard current != target, current != .initialize else { continue }
            // vrrp_sync_backup leaves a member in FAULT of its own there (try_up_instance only
            // calls it once none is left, so this is the MASTER-to-BACKUP case).
            if target == .backup && faultedMembers.contains(other) { continue }
            // A member in FAULT cannot take over (VRRPInstance.syncToMaster ignores it too).
            if target == .master && current == .fault { continue }
            commands.append(VRRPSyncCommand(member: other, state: target))
            memberStates[other] = target
        }
        state = target
        return VRRPSyncGroupDecision(commands: commands, groupEntered: target)
    }
}
