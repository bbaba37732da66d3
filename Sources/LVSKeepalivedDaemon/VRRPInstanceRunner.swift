import LVSControl
import LVSCore
import LVSKeepalived
import LVSLinux
import LVSVRRP
import LVSVocabulary
import LVSWire
import Logging

/// One vrrp_instance on the wire: drives the `VRRPInstance` value with one timer and the
/// datagrams that arrive, and does what its actions say: adverts out, the addresses held or
/// released at the director, gratuitous ARP bursts, notify scripts, the sync daemon. Its tracked
/// objects (track_interface, track_script, track_file) are reported by the supervisor, which
/// watches them for every instance at once; a member of a vrrp_sync_group asks its group before
/// taking over and reports every change to it.
///
/// Order at a transition, as `VRRPInstance` gives it: to MASTER the addresses are held and
/// announced before the first advert (clients move to us before the old master lets go; unlike
/// keepalived, nothing here can collide with the old master's addresses), then scripts;
/// leaving MASTER the addresses are released before the scripts run.
public actor VRRPInstanceRunner {
    public struct Environment: Sendable {
        public var transport: any VRRPTransport
        /// The director: address ownership, announcements and (for lvs_sync_daemon) the table.
        public var control: any IPVSControl & VirtualAddressControl & Sendable
        public var runScript: NotifyScriptRunner
        public var now: @Sendable () -> Instant
        /// Sleeps this many milliseconds (Task.sleep in production; tests pass one that waits
        /// for cancellation and fire the timer themselves).
        public var sleep: @Sendable (Int64) async throws -> Void
        /// Called with the status after every change of state or counters.
        public var statusChanged: @Sendable (VRRPInstanceStatus) -> Void
        public var logger: Logger

        public init(
            transport: any VRRPTransport, control: any IPVSControl & VirtualAddressControl & Sendable,
            runScript: @escaping NotifyScriptRunner, now: @escaping @Sendable () -> Instant,
            sleep: @escaping @Sendable (Int64) async throws -> Void,
            statusChanged: @escaping @Sendable (VRRPInstanceStatus) -> Void = { _ in }, logger: Logger
        ) {
            self.transport = transport
            self.control = control
            self.runScript = runScript
            self.now = now
            self.sleep = sleep
            self.statusChanged = statusChanged
            self.logger = logger
        }
    }

    public private(set) var instance: VRRPInstance
    /// What the tracked objects say; every report goes through it to the instance.
    public private(set) var tracking: VRRPTracking
    /// The addresses the director answers for while MASTER: virtual_ipaddress and
    /// virtual_ipaddress_excluded (the latter not in adverts).
    public let ownedAddresses: [InetAddress]
    /// global_defs' script_user and group: who runs a notify script that names no user.
    private let scriptUser: String?
    private let scriptGroup: String?
    /// The runner of the vrrp_sync_group this instance belongs to, if any.
    private var group: VRRPSyncGroupRunner?
    /// lvs_sync_daemon, when it follows this instance.
    public let syncDaemon: LVSSyncDaemonSetting?
    private let environment: Environment
    private var timer: Task<Void, Never>?
    private var gratuitous: [Task<Void, Never>] = []
    private var receiving: Task<Void, Never>?
    public private(set) var status: VRRPInstanceStatus
    /// The instance's name, readable without waiting for the actor.
    public nonisolated let configurationName: String

    /// `tracking` defaults to the configuration's tracked objects with no vrrp_script or
    /// track_file block known (their defaults). Tracked objects start fine but for weight-0
    /// scripts, which hold the instance out of service until they report.
    public init(
        configuration: VRRPInstanceConfiguration, tracking: VRRPTracking? = nil, scriptUser: String? = nil,
        scriptGroup: String? = nil, syncDaemon: LVSSyncDaemonSetting? = nil, environment: Environment
    ) {
        instance = VRRPInstance(configuration: configuration, primaryAddress: environment.transport.sourceAddress)
        let tracking = tracking ?? VRRPTracking(configuration: configuration)
        self.tracking = tracking
        // Before start this only records: start then begins in FAULT when it must.
        _ = instance.trackingChanged(tracking.status, now: environment.now())
        self.scriptUser = scriptUser
        self.scriptGroup = scriptGroup
        ownedAddresses = configuration.claimedAddresses
        self.syncDaemon = syncDaemon
        configurationName = configuration.name
        self.environment = environment
        status = VRRPInstanceStatus(
            name: configuration.name, state: .initialize, priority: configuration.priority,
            virtualRouterID: configuration.virtualRouterID, interface: configuration.interface ?? "")
    }

    public var state: VRRPState { instance.state }
    public var name: String { instance.configuration.name }

    /// Makes this instance a member of `group` (before `start`).
    public func join(_ group: VRRPSyncGroupRunner) {
        self.group = group
    }

    /// Starts the instance (BACKUP, or MASTER for the address owner; FAULT while its interface
    /// is down) and listening.
    public func start(interfaceUp: Bool = true) async {
        let datagrams = environment.transport.datagrams
        receiving = Task { [weak self] in
            for await datagram in datagrams {
                guard let self else { return }
                await self.received(datagram)
            }
        }
        if let syncDaemon {
            apply(syncDaemon.startupOperations(virtualRouterID: instance.configuration.virtualRouterID))
        }
        let ignoresInterface = !instance.configuration.tracksPrimaryInterface
        perform(instance.start(now: environment.now(), interfaceUp: interfaceUp || ignoresInterface))
        await reportToGroup()
    }

    /// The instance's interface went down (FAULT: a master first says priority 0 and releases)
    /// or came back (BACKUP again, as from start-up).
    /// With `dont_track_primary` keepalived ignores the instance's own interface (unless a
    /// track_interface names it, with its weight).
    public func interfaceChanged(up: Bool) async {
        let now = environment.now()
        if instance.configuration.tracksPrimaryInterface {
            perform(up ? instance.interfaceUp(now: now) : instance.interfaceDown(now: now))
        }
        if let primary = instance.configuration.interface {
            trackingChanged(tracking.interface(primary, isUp: up))
        }
        await reportToGroup()
    }

    /// A track_interface changed (the instance's own interface: `interfaceChanged(up:)`).
    public func trackedInterfaceChanged(_ name: String, up: Bool) async {
        if name == instance.configuration.interface { return await interfaceChanged(up: up) }
        trackingChanged(tracking.interface(name, isUp: up))
        await reportToGroup()
    }

    /// One run of a tracked vrrp_script ended (exit status 0: success).
    public func scriptResult(_ name: String, success: Bool) async {
        trackingChanged(tracking.scriptResult(name, success: success))
        await reportToGroup()
    }

    /// A tracked track_file now holds `value`.
    public func fileValue(_ name: String, _ value: Int64) async {
        trackingChanged(tracking.fileValue(name, value))
        await reportToGroup()
    }

    /// The interfaces, vrrp_scripts and track_files whose reports change this instance.
    public var trackedInterfaces: [String] {
        var names = instance.configuration.interface.map { [$0] } ?? []
        for tracked in instance.configuration.trackedInterfaces where !names.contains(tracked.name) {
            names.append(tracked.name)
        }
        return names
    }

    private func trackingChanged(_ next: VRRPTrackingStatus) {
        if next.priority != instance.priority {
            environment.logger.info(
                "(\(name)) Changing effective priority from \(instance.priority) to \(next.priority)")
        }
        perform(instance.trackingChanged(next, now: environment.now()))
        publish()
    }

    /// A command of the sync group (the group's decision after a member's change); returns the
    /// instance as it is now, for the group's view of its members.
    @discardableResult
    public func apply(_ command: VRRPSyncCommand) -> VRRPInstance {
        perform(instance.apply(command, now: environment.now()))
        return instance
    }

    /// Tells the group, which applies its commands to every member (this one too).
    private func reportToGroup() async {
        guard let group else { return }
        await group.memberChanged(instance)
    }

    /// A datagram from the socket: checked by the instance's receive policy; a drop is counted
    /// by reason and changes nothing else.
    public func received(_ datagram: VRRPDatagram) async {
        switch VRRPDatagramCheck.check(datagram, policy: instance.configuration.receivePolicy) {
        case .failure(let reason):
            status.drops[reason, default: 0] += 1
            environment.logger.debug(
                "VRRP packet dropped", metadata: ["instance": "\(name)", "reason": "\(reason.label)"])
            publish()
        case .success(let advert):
            status.advertisementsReceived += 1
            if advert.advertisement.priority == 0 { status.priorityZeroReceived += 1 }
            perform(instance.advertisementReceived(advert, now: environment.now()))
            publish()
            await reportToGroup()
        }
    }

    /// The one timer ran out (or woke early: the instance then changes nothing). A sync group's
    /// member takes over only when the group lets it (every member wants to).
    public func timerFired() async {
        var mayBecomeMaster = true
        if let group, instance.state == .backup {
            mayBecomeMaster = await group.mayBecomeMaster(instance)
        }
        perform(instance.timerFired(now: environment.now(), mayBecomeMaster: mayBecomeMaster))
        await reportToGroup()
    }

    /// SIGTERM: a master sends priority 0, then the addresses are released and notify_stop runs.
    public func shutdown() async {
        perform(instance.shutdown(now: environment.now()))
        await reportToGroup()
        for task in gratuitous { task.cancel() }
        gratuitous.removeAll()
        receiving?.cancel()
        receiving = nil
        environment.transport.close()
    }

    // MARK: Actions

    private func perform(_ actions: [VRRPAction]) {
        for action in actions {
            switch action {
            case .sendAdvertisement(let priority):
                send(priority: priority)
            case .becomeMaster:
                transition(to: .master, held: true)
            case .becomeBackup:
                transition(to: .backup, held: false)
            case .becomeFault:
                transition(to: .fault, held: false)
            case .stop:
                transition(to: .initialize, held: false)
            case .sendGratuitousBurst(let count):
                announce(count: count)
            case .scheduleGratuitousBurst(let at, let count):
                schedule(at: at, every: nil, count: count)
            case .scheduleGratuitousRefresh(let start, let interval, let count):
                schedule(at: start, every: interval, count: count)
            case .setTimer(let deadline):
                arm(deadline)
            case .cancelTimer:
                timer?.cancel()
                timer = nil
            }
        }
    }

    private func send(priority: UInt8) {
        let configuration = instance.configuration
        let source = environment.transport.sourceAddress
        let destinations = configuration.isUnicast ? configuration.unicastPeers : [VRRPPacket.group(source.family)]
        let advert = instance.advertisement(priority: priority)
        for destination in destinations {
            let message = VRRPPacket.message(advert, source: source, destination: destination)
            do {
                try environment.transport.send(message, to: destination)
                status.advertisementsSent += 1
                if priority == 0 { status.priorityZeroSent += 1 }
                publish()
            } catch {
                environment.logger.warning(
                    "VRRP advert not sent",
                    metadata: ["instance": "\(name)", "to": "\(destination)", "error": "\(error)"])
            }
        }
    }

    private func transition(to state: VRRPState, held: Bool) {
        let previous = status.state
        environment.logger.info(
            state == .initialize ? "(\(name)) Stopped" : "(\(name)) Entering \(state.rawValue) STATE")
        do {
            try environment.control.setOwnership(
                AddressOwnership(
                    owner: name, held: held ? ownedAddresses : [], released: held ? [] : ownedAddresses))
        } catch {
            environment.logger.error(
                "the director refused the addresses' ownership", metadata: ["instance": "\(name)", "error": "\(error)"])
        }
        status.state = state
        status.masterAddress = instance.masterAddress
        if state == .master { status.becameMaster += 1 }
        if previous == .master && state != .master { status.releasedMaster += 1 }
        if !held {
            for task in gratuitous { task.cancel() }
            gratuitous.removeAll()
        }
        for command in instance.notifyCommands(entering: state) {
            environment.runScript(
                NotifyScript(command: command, scriptUser: scriptUser, scriptGroup: scriptGroup), command.arguments)
        }
        if let syncDaemon, state != .initialize {
            apply(
                syncDaemon.operations(
                    from: previous, to: state, virtualRouterID: instance.configuration.virtualRouterID))
        }
        publish()
    }

    private func announce(count: Int) {
        guard instance.state == .master, !ownedAddresses.isEmpty else { return }
        for _ in 0..<count {
            do {
                try environment.control.announce(ownedAddresses)
            } catch {
                environment.logger.warning(
                    "gratuitous ARP not sent", metadata: ["instance": "\(name)", "error": "\(error)"])
                return
            }
        }
    }

    /// A later burst (garp_master_delay) or refresh bursts (garp_master_refresh), while MASTER.
    private func schedule(at start: Instant, every interval: Int64?, count: Int) {
        let environment = environment
        gratuitous.append(
            Task { [weak self] in
                var next = start
                while !Task.isCancelled {
                    let wait = next - environment.now()
                    if wait > 0 {
                        do { try await environment.sleep(wait) } catch { return }
                    }
                    guard let self, await self.burstIfMaster(count: count) else { return }
                    guard let interval else { return }
                    next = next + interval
                }
            })
    }

    private func burstIfMaster(count: Int) -> Bool {
        guard instance.state == .master, !Task.isCancelled else { return false }
        announce(count: count)
        return true
    }

    private func arm(_ deadline: Instant) {
        timer?.cancel()
        let environment = environment
        timer = Task { [weak self] in
            while true {
                let wait = deadline - environment.now()
                if wait <= 0 { break }
                do { try await environment.sleep(wait) } catch { return }
            }
            guard !Task.isCancelled, let self else { return }
            await self.fired(deadline)
        }
    }

    /// The timer armed for `deadline` ran out; a later arm replaced it if the deadline differs.
    private func fired(_ deadline: Instant) async {
        guard instance.timerDeadline == deadline else { return }
        await timerFired()
    }

    private func apply(_ operations: [AdminOperation]) {
        // One command at a time, as keepalived's ipvs_syncd_cmd: stopping a daemon that does not
        // run fails without keeping the next one from starting.
        for operation in operations {
            do {
                try environment.control.apply([operation])
            } catch {
                environment.logger.info(
                    "sync daemon command refused", metadata: ["operation": "\(operation)", "error": "\(error)"])
            }
        }
    }

    private func publish() {
        status.masterAddress = instance.masterAddress
        status.priority = instance.priority
        environment.statusChanged(status)
    }
}
