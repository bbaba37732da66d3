/// A `vrrp_sync_group` as a value (keepalived 2.2.7 vrrp_sync.c, vrrp_scheduler.c's VRRP_TSM
/// and try_up_instance): the runner reports the states its members enter on their own (from
/// adverts, timers, tracking, the interface) and applies the commands it gets back to the other
/// members; the results of those commands are not reported back.
///
/// - A member becoming MASTER takes every other member to MASTER (vrrp_sync_master).
/// - A MASTER member becoming BACKUP takes the others to BACKUP (vrrp_sync_backup).
/// - A member entering FAULT takes every other member to FAULT (vrrp_sync_fault); when the last
///   member in FAULT of its own comes back to BACKUP, the others come back to BACKUP.
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

    /// `member` entered `entered` on its own.
    public mutating func member(_ member: String, entered: VRRPState) -> VRRPSyncGroupDecision {
        guard configuration.members.contains(member) else { return VRRPSyncGroupDecision() }
        let previous = memberStates[member] ?? .initialize
        memberStates[member] = entered
        switch entered {
        case .master:
            faultedMembers.remove(member)
            return sync(to: .master, from: member)
        case .backup:
            if previous == .fault || faultedMembers.contains(member) {
                faultedMembers.remove(member)
                // try_up_instance: only the last member to recover brings the group back.
                guard faultedMembers.isEmpty else { return VRRPSyncGroupDecision() }
                return sync(to: .backup, from: member)
            }
            if previous == .master { return sync(to: .backup, from: member) }
            return VRRPSyncGroupDecision()
        case .fault:
            faultedMembers.insert(member)
            return sync(to: .fault, from: member)
        case .initialize:
            return VRRPSyncGroupDecision()
        }
    }

    /// The group's notify commands for entering `state`.
    public func notifyCommands(entering state: VRRPState) -> [VRRPNotifyCommand] {
        configuration.notify.groupCommands(name: name, entering: state)
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
