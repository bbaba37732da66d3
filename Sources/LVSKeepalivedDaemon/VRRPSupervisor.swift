import LVSControl
import LVSCore
import LVSKeepalived
import LVSVRRP
import LVSVocabulary
import Logging
import Synchronization

/// Every vrrp_instance of a keepalived.conf, each in its own runner, and lvs_sync_daemon when no
/// instance owns it. Reload is not handled yet: the instances run as started.
public final class VRRPSupervisor: Sendable {
    public struct Environment: Sendable {
        public var control: any IPVSControl & VirtualAddressControl & Sendable
        /// Opens the instance's sockets (`VRRPSocket` in production).
        public var openTransport: @Sendable (VRRPInstanceConfiguration) throws -> any VRRPTransport
        public var runScript: NotifyScriptRunner
        public var now: @Sendable () -> Instant
        public var sleep: @Sendable (Int64) async throws -> Void
        /// Called with the VRRP part of the status text after a change.
        public var publishStatus: @Sendable (String) -> Void
        /// Whether an interface is up (nil: unknown, taken as up), polled once a second: an
        /// instance whose interface is down is in FAULT.
        public var interfaceIsUp: @Sendable (String) -> Bool?
        public var logger: Logger

        public init(
            control: any IPVSControl & VirtualAddressControl & Sendable,
            openTransport: @escaping @Sendable (VRRPInstanceConfiguration) throws -> any VRRPTransport,
            runScript: @escaping NotifyScriptRunner, now: @escaping @Sendable () -> Instant,
            sleep: @escaping @Sendable (Int64) async throws -> Void,
            publishStatus: @escaping @Sendable (String) -> Void,
            interfaceIsUp: @escaping @Sendable (String) -> Bool? = { _ in nil }, logger: Logger
        ) {
            self.interfaceIsUp = interfaceIsUp
            self.control = control
            self.openTransport = openTransport
            self.runScript = runScript
            self.now = now
            self.sleep = sleep
            self.publishStatus = publishStatus
            self.logger = logger
        }
    }

    public let setups: [VRRPInstanceSetup]
    public let syncDaemon: LVSSyncDaemonSetting?
    private let environment: Environment
    private let runners = Mutex<[VRRPInstanceRunner]>([])
    private let statuses = Mutex<[String: VRRPInstanceStatus]>([:])
    private let watcher = Mutex<Task<Void, Never>?>(nil)

    public init(configuration: KeepalivedConfiguration, environment: Environment) {
        var problems: [(SourceLocation?, String)] = []
        setups = VRRPInstanceSetup.all(in: configuration, problems: &problems)
        var syncProblems: [String] = []
        var sync = LVSSyncDaemonSetting.reading(configuration.globalDefinitions, problems: &syncProblems)
        if let name = sync?.instanceName, !setups.contains(where: { $0.configuration.name == name }) {
            syncProblems.append("Unable to find vrrp instance \(name) for lvs_syncd - clearing lvs_syncd config")
            sync = nil
        }
        syncDaemon = sync
        self.environment = environment
        for (location, problem) in problems {
            environment.logger.warning("\(location.map { "(\($0.file): Line \($0.line)) " } ?? "")\(problem)")
        }
        for problem in syncProblems { environment.logger.warning("\(problem)") }
    }

    public var isEmpty: Bool { setups.isEmpty }

    /// Whether `configuration`'s instances or lvs_sync_daemon differ from the running ones (a
    /// reload does not apply them yet).
    public func changes(_ configuration: KeepalivedConfiguration) -> Bool {
        var problems: [(SourceLocation?, String)] = []
        var syncProblems: [String] = []
        let next = VRRPInstanceSetup.all(in: configuration, problems: &problems).map {
            var setup = $0
            setup.location = SourceLocation(file: "", line: 0)
            return setup
        }
        let running = setups.map {
            var setup = $0
            setup.location = SourceLocation(file: "", line: 0)
            return setup
        }
        let sync = LVSSyncDaemonSetting.reading(configuration.globalDefinitions, problems: &syncProblems)
        return next != running || sync != syncDaemon
    }

    /// Every instance's addresses, released: called before any virtual_server reaches the
    /// director, so a starting backup never answers ARP for an address its peer holds.
    public func releaseAll() throws(IPVSControlError) {
        for setup in setups {
            try environment.control.setOwnership(
                AddressOwnership(owner: setup.configuration.name, released: setup.ownedAddresses))
        }
    }

    /// Opens each instance's sockets and starts it. An instance whose sockets do not open is
    /// logged and left out (keepalived puts it in FAULT).
    public func start() async {
        if let syncDaemon, syncDaemon.instanceName == nil {
            for operation in syncDaemon.startupOperations(virtualRouterID: nil) {
                do {
                    try environment.control.apply([operation])
                } catch {
                    environment.logger.info("sync daemon command refused", metadata: ["error": "\(error)"])
                }
            }
        }
        var started: [VRRPInstanceRunner] = []
        for setup in setups {
            let transport: any VRRPTransport
            do {
                transport = try environment.openTransport(setup.configuration)
            } catch {
                environment.logger.error(
                    "VRRP sockets not opened",
                    metadata: ["instance": "\(setup.configuration.name)", "error": "\(error)"])
                continue
            }
            let name = setup.configuration.name
            let runner = VRRPInstanceRunner(
                configuration: setup.configuration, scripts: setup.scripts,
                excludedAddresses: setup.excludedAddresses,
                syncDaemon: syncDaemon?.instanceName == name ? syncDaemon : nil,
                environment: .init(
                    transport: transport, control: environment.control, runScript: environment.runScript,
                    now: environment.now, sleep: environment.sleep,
                    statusChanged: { [weak self] status in self?.update(status) }, logger: environment.logger))
            started.append(runner)
            await runner.start(interfaceUp: environment.interfaceIsUp(setup.configuration.interface ?? "") ?? true)
        }
        runners.withLock { $0 += started }
        watchInterfaces(started)
    }

    /// Polls each instance's interface once a second and tells its runner when it changes.
    private func watchInterfaces(_ started: [VRRPInstanceRunner]) {
        let environment = environment
        let task = Task {
            var known: [String: Bool] = [:]
            for runner in started {
                let interface = await runner.status.interface
                known[await runner.name] = environment.interfaceIsUp(interface) ?? true
            }
            while !Task.isCancelled {
                do { try await environment.sleep(1000) } catch { return }
                for runner in started {
                    let (name, interface) = (await runner.name, await runner.status.interface)
                    let up = environment.interfaceIsUp(interface) ?? true
                    if known[name] != up {
                        known[name] = up
                        environment.logger.info(
                            "Interface \(interface) \(up ? "up" : "down")", metadata: ["instance": "\(name)"])
                        await runner.interfaceChanged(up: up)
                    }
                }
            }
        }
        watcher.withLock { $0 = task }
    }

    /// Each master says goodbye (priority 0) and every instance releases its addresses.
    public func shutdown() async {
        watcher.withLock { task in
            task?.cancel()
            task = nil
        }
        let all = runners.withLock { list in
            defer { list.removeAll() }
            return list
        }
        for runner in all { await runner.shutdown() }
    }

    /// The instances' status lines, in configuration order.
    public var statusText: String {
        let known = statuses.withLock { $0 }
        return setups.compactMap { known[$0.configuration.name]?.text }.joined()
    }

    public func status(of name: String) -> VRRPInstanceStatus? { statuses.withLock { $0[name] } }

    private func update(_ status: VRRPInstanceStatus) {
        let changed = statuses.withLock { table in
            let before = table[status.name]
            table[status.name] = status
            return before != status
        }
        if changed { environment.publishStatus(statusText) }
    }
}
