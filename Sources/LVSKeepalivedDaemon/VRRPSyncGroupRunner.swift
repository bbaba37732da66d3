import LVSKeepalived
import LVSVRRP
import Logging

/// One vrrp_sync_group at run time: the `VRRPSyncGroup` value, the members' runners and the last
/// state each reported. A member reports after each of its events; the group's commands are then
/// applied to the members they name (the reporting one too: a member that failed is marked as
/// held by the group), and the group's notify scripts run when the group changes state.
public actor VRRPSyncGroupRunner {
    private var group: VRRPSyncGroup
    private var runners: [String: VRRPInstanceRunner] = [:]
    /// The members as last reported or commanded, for `mayBecomeMaster`.
    private var members: [String: VRRPInstance] = [:]
    /// The state the group's scripts last ran for: a decision that repeats it runs nothing.
    private var notified: VRRPState?
    private let runScript: NotifyScriptRunner
    private let scriptUser: String?
    private let scriptGroup: String?
    private let logger: Logger

    public init(
        configuration: VRRPSyncGroupConfiguration, instances: [VRRPInstanceConfiguration],
        runScript: @escaping NotifyScriptRunner, scriptUser: String? = nil, scriptGroup: String? = nil,
        logger: Logger
    ) {
        group = VRRPSyncGroup(configuration: configuration, instances: instances)
        self.runScript = runScript
        self.scriptUser = scriptUser
        self.scriptGroup = scriptGroup
        self.logger = logger
    }

    public var name: String { group.name }
    public var state: VRRPState { group.state }

    /// Adds a member's runner (before any member starts).
    public func add(_ runner: VRRPInstanceRunner) async {
        let instance = await runner.instance
        runners[instance.configuration.name] = runner
        members[instance.configuration.name] = instance
    }

    /// After every member started: the group's notify for its initial state (BACKUP, or FAULT
    /// when a member started in FAULT).
    public func started() {
        notify(group.start().groupEntered)
    }

    /// Shutdown: the group's STOP notify.
    public func stopped() {
        notify(group.shutdown().groupEntered)
    }

    /// Whether `instance`'s Master_Down_Timer may make it master now.
    public func mayBecomeMaster(_ instance: VRRPInstance) -> Bool {
        members[instance.configuration.name] = instance
        return group.mayBecomeMaster(instance.configuration.name, instances: Array(members.values))
    }

    /// A member after one of its own events.
    public func memberChanged(_ instance: VRRPInstance) async {
        guard group.state != .initialize else { return }
        var pending = [instance]
        // Each applied command is reported back as the member now is: the group then knows its
        // states (and answers with no further command, unless something else changed).
        while !pending.isEmpty {
            let next = pending.removeFirst()
            members[next.configuration.name] = next
            let decision = group.memberChanged(next)
            if let entered = decision.groupEntered {
                logger.info("VRRP_Group(\(group.name)) Syncing instances to \(entered.rawValue) state")
            }
            notify(decision.groupEntered)
            for command in decision.commands {
                guard let runner = runners[command.member] else { continue }
                pending.append(await runner.apply(command))
            }
        }
    }

    private func notify(_ entered: VRRPState?) {
        guard let entered, entered != notified else { return }
        notified = entered
        for command in group.notifyCommands(entering: entered) {
            runScript(
                NotifyScript(command: command, scriptUser: scriptUser, scriptGroup: scriptGroup), command.arguments)
        }
    }
}
