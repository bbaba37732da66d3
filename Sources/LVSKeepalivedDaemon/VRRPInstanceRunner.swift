import LVSControl
import LVSCore
import LVSLinux
import LVSVRRP
import LVSVocabulary
import LVSWire
import Logging

/// One vrrp_instance on the wire: drives the `VRRPInstance` value with one timer and the
/// datagrams that arrive, and does what its actions say: adverts out, the addresses held or
/// released at the director, gratuitous ARP bursts, notify scripts, the sync daemon.
///
/// Order at a transition, as keepalived: to MASTER the advert goes first, then the addresses are
/// held and announced (so the old master has already let go when our ARPs arrive), then
/// scripts; leaving MASTER the addresses are released before the scripts run.
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
    public let scripts: VRRPNotifyScripts
    /// The addresses the director answers for while MASTER: virtual_ipaddress and
    /// virtual_ipaddress_excluded (the latter not in adverts).
    public let ownedAddresses: [InetAddress]
    /// lvs_sync_daemon, when it follows this instance.
    public let syncDaemon: LVSSyncDaemonSetting?
    private let environment: Environment
    private var timer: Task<Void, Never>?
    private var gratuitous: [Task<Void, Never>] = []
    private var receiving: Task<Void, Never>?
    public private(set) var status: VRRPInstanceStatus

    public init(
        configuration: VRRPInstanceConfiguration, scripts: VRRPNotifyScripts = VRRPNotifyScripts(),
        excludedAddresses: [InetAddress] = [], syncDaemon: LVSSyncDaemonSetting? = nil, environment: Environment
    ) {
        instance = VRRPInstance(configuration: configuration, primaryAddress: environment.transport.sourceAddress)
        self.scripts = scripts
        ownedAddresses = configuration.virtualAddresses + excludedAddresses
        self.syncDaemon = syncDaemon
        self.environment = environment
        status = VRRPInstanceStatus(
            name: configuration.name, state: .initialize, priority: configuration.priority,
            virtualRouterID: configuration.virtualRouterID, interface: configuration.interface ?? "")
    }

    public var state: VRRPState { instance.state }
    public var name: String { instance.configuration.name }

    /// Starts the instance (BACKUP, or MASTER for the address owner; FAULT while its interface
    /// is down) and listening.
    public func start(interfaceUp: Bool = true) {
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
        perform(instance.start(now: environment.now(), interfaceUp: interfaceUp))
    }

    /// The instance's interface went down (FAULT: a master first says priority 0 and releases)
    /// or came back (BACKUP again, as from start-up). The seam for track_interface and
    /// track_script too: whatever decides that the instance cannot serve calls this.
    public func interfaceChanged(up: Bool) {
        let now = environment.now()
        perform(up ? instance.interfaceUp(now: now) : instance.interfaceDown(now: now))
    }

    /// A datagram from the socket: checked by the instance's receive policy; a drop is counted
    /// by reason and changes nothing else.
    public func received(_ datagram: VRRPDatagram) {
        switch VRRPDatagramCheck.check(datagram, policy: instance.configuration.receivePolicy) {
        case .failure(let reason):
            status.drops[reason, default: 0] += 1
            environment.logger.debug(
                "VRRP packet dropped", metadata: ["instance": "\(name)", "reason": "\(reason.label)"])
            publish()
        case .success(let advert):
            status.advertisementsReceived += 1
            perform(instance.advertisementReceived(advert, now: environment.now()))
            publish()
        }
    }

    /// The one timer ran out (or woke early: the instance then changes nothing).
    public func timerFired() {
        perform(instance.timerFired(now: environment.now()))
    }

    /// SIGTERM: a master sends priority 0, then the addresses are released and notify_stop runs.
    public func shutdown() {
        perform(instance.shutdown(now: environment.now()))
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
        if !held {
            for task in gratuitous { task.cancel() }
            gratuitous.removeAll()
        }
        for (script, arguments) in scripts.commands(instance: name, entering: state, priority: instance.priority) {
            environment.runScript(script, arguments)
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
    private func fired(_ deadline: Instant) {
        guard instance.timerDeadline == deadline else { return }
        timerFired()
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
        environment.statusChanged(status)
    }
}
