import LVSControl
import LVSCore
import LVSKeepalived
import LVSLinux
import LVSVRRP
import LVSVocabulary
import Logging
import Synchronization

/// Every vrrp_instance of a keepalived.conf, each in its own runner, and lvs_sync_daemon when no
/// instance owns it. It watches what the instances track, once for all of them (an interface or
/// a vrrp_script shared by two instances is polled or run once): interfaces and track_files every
/// second, each vrrp_script every `interval`; and it wires vrrp_sync_group members to their
/// group's runner. Reload is not handled yet: the instances run as started.
public final class VRRPSupervisor: Sendable {
    public struct Environment: Sendable {
        public var control: any IPVSControl & VirtualAddressControl & Sendable
        /// Opens the instance's sockets (`VRRPSocket` in production).
        public var openTransport: @Sendable (VRRPInstanceConfiguration) throws -> any VRRPTransport
        public var runScript: NotifyScriptRunner
        /// Runs a vrrp_script once (`VRRPScriptProcess.run` in production).
        public var runTrackScript: VRRPScriptRunner
        /// A track_file's bytes (nil: it does not exist, keepalived's value 0).
        public var readFile: @Sendable (String) -> [UInt8]?
        /// Writes a track_file's `init_file` value at start-up.
        public var writeFile: @Sendable (_ path: String, _ text: String) -> Void
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
            runScript: @escaping NotifyScriptRunner,
            runTrackScript: @escaping VRRPScriptRunner = { await VRRPScriptProcess.run($0, user: $1, group: $2) },
            readFile: @escaping @Sendable (String) -> [UInt8]? = { path in
                (try? TextFile.read(path)).flatMap { $0 }.map { Array($0.utf8) }
            },
            writeFile: @escaping @Sendable (String, String) -> Void = { try? TextFile.writeAtomically($0, $1) },
            now: @escaping @Sendable () -> Instant,
            sleep: @escaping @Sendable (Int64) async throws -> Void,
            publishStatus: @escaping @Sendable (String) -> Void,
            interfaceIsUp: @escaping @Sendable (String) -> Bool? = { _ in nil }, logger: Logger
        ) {
            self.interfaceIsUp = interfaceIsUp
            self.control = control
            self.openTransport = openTransport
            self.runScript = runScript
            self.runTrackScript = runTrackScript
            self.readFile = readFile
            self.writeFile = writeFile
            self.now = now
            self.sleep = sleep
            self.publishStatus = publishStatus
            self.logger = logger
        }
    }

    /// The VRRP configuration as LVSVRRP reads it, without the instances keepalived refuses.
    public let configuration: VRRPConfiguration
    public let syncDaemon: LVSSyncDaemonSetting?
    /// global_defs' script_user and group: who runs scripts that name no user.
    private let scriptUser: String?
    private let scriptGroup: String?
    private let environment: Environment
    private let runners = Mutex<[VRRPInstanceRunner]>([])
    private let groups = Mutex<[VRRPSyncGroupRunner]>([])
    private let statuses = Mutex<[String: VRRPInstanceStatus]>([:])
    private let watchers = Mutex<[Task<Void, Never>]>([])

    public init(configuration: KeepalivedConfiguration, environment: Environment) {
        var problems: [(SourceLocation?, String)] = []
        self.configuration = VRRPConfiguration.running(configuration, problems: &problems)
        var syncProblems: [String] = []
        var sync = LVSSyncDaemonSetting.reading(configuration.globalDefinitions, problems: &syncProblems)
        if let name = sync?.instanceName, self.configuration.instance(named: name) == nil {
            syncProblems.append("Unable to find vrrp instance \(name) for lvs_syncd - clearing lvs_syncd config")
            sync = nil
        }
        syncDaemon = sync
        scriptUser = configuration.globalDefinitions.scriptUser
        scriptGroup = configuration.globalDefinitions.scriptGroup
        self.environment = environment
        for (location, problem) in problems {
            environment.logger.warning("\(location.map { "(\($0.file): Line \($0.line)) " } ?? "")\(problem)")
        }
        for problem in syncProblems { environment.logger.warning("\(problem)") }
    }

    public var instances: [VRRPInstanceConfiguration] { configuration.instances }
    public var isEmpty: Bool { instances.isEmpty }

    /// Whether `configuration`'s VRRP blocks or lvs_sync_daemon differ from the running ones (a
    /// reload does not apply them yet).
    public func changes(_ configuration: KeepalivedConfiguration) -> Bool {
        var problems: [(SourceLocation?, String)] = []
        var syncProblems: [String] = []
        let next = VRRPConfiguration.running(configuration, problems: &problems)
        let sync = LVSSyncDaemonSetting.reading(configuration.globalDefinitions, problems: &syncProblems)
        return next != self.configuration || sync != syncDaemon
    }

    /// Every instance's addresses, released: called before any virtual_server reaches the
    /// director, so a starting backup never answers ARP for an address its peer holds.
    public func releaseAll() throws(IPVSControlError) {
        for instance in instances {
            try environment.control.setOwnership(
                AddressOwnership(owner: instance.name, released: instance.claimedAddresses))
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
        initialiseTrackFiles()
        var started: [VRRPInstanceRunner] = []
        for instance in instances {
            let transport: any VRRPTransport
            do {
                transport = try environment.openTransport(instance)
            } catch {
                environment.logger.error(
                    "VRRP sockets not opened", metadata: ["instance": "\(instance.name)", "error": "\(error)"])
                continue
            }
            var tracking = VRRPTracking(
                configuration: instance, scripts: configuration.scripts, trackFiles: configuration.trackFiles)
            // The real states before the instance starts, so it starts where they put it.
            for name in Set(instance.trackedInterfaces.map(\.name) + [instance.interface ?? ""]) where !name.isEmpty {
                _ = tracking.interface(name, isUp: environment.interfaceIsUp(name) ?? true)
            }
            for tracked in instance.trackedFiles {
                if let value = fileValue(tracked.name) { _ = tracking.fileValue(tracked.name, value) }
            }
            let runner = VRRPInstanceRunner(
                configuration: instance, tracking: tracking, scriptUser: scriptUser, scriptGroup: scriptGroup,
                syncDaemon: syncDaemon?.instanceName == instance.name ? syncDaemon : nil,
                environment: .init(
                    transport: transport, control: environment.control, runScript: environment.runScript,
                    now: environment.now, sleep: environment.sleep,
                    statusChanged: { [weak self] status in self?.update(status) }, logger: environment.logger))
            started.append(runner)
        }
        var joined: [VRRPSyncGroupRunner] = []
        for group in configuration.syncGroups {
            let groupRunner = VRRPSyncGroupRunner(
                configuration: group, instances: instances, runScript: environment.runScript, scriptUser: scriptUser,
                scriptGroup: scriptGroup, logger: environment.logger)
            for runner in started where group.members.contains(runner.configurationName) {
                await groupRunner.add(runner)
                await runner.join(groupRunner)
            }
            joined.append(groupRunner)
        }
        for runner in started {
            let interface = await runner.instance.configuration.interface ?? ""
            await runner.start(interfaceUp: environment.interfaceIsUp(interface) ?? true)
        }
        for group in joined { await group.started() }
        runners.withLock { $0 += started }
        groups.withLock { $0 += joined }
        watch(started)
    }

    /// `init_file [VALUE] [overwrite]`: the value written before anything reads the file, when
    /// the file does not exist or with `overwrite` (track_file.c update_track_file_status's
    /// start-up write, "%d\n").
    private func initialiseTrackFiles() {
        for file in configuration.trackFiles.values.sorted(by: { $0.name < $1.name }) {
            guard let value = file.initialValue, file.overwrite || environment.readFile(file.path) == nil else {
                continue
            }
            environment.writeFile(file.path, "\(value)\n")
        }
    }

    /// A track_file's value now; nil when keepalived would ignore it (out of range).
    private func fileValue(_ name: String) -> Int64? {
        guard let file = configuration.trackFiles[name] else { return nil }
        guard let contents = environment.readFile(file.path) else { return 0 }
        return VRRPTrackFile.value(contents: contents)
    }

    /// The watchers: interfaces and track_files once a second, each tracked vrrp_script on its
    /// own interval.
    private func watch(_ started: [VRRPInstanceRunner]) {
        var tasks = [watchInterfacesAndFiles(started)]
        let (environment, scriptUser, scriptGroup) = (environment, scriptUser, scriptGroup)
        for script in configuration.scripts.values.sorted(by: { $0.name < $1.name }) {
            let trackers = started.filter { runner in
                instances.first { $0.name == runner.configurationName }?.trackedScripts.contains {
                    $0.name == script.name
                } ?? false
            }
            guard !trackers.isEmpty else { continue }
            let user = script.user ?? scriptUser
            let group = script.user == nil ? scriptGroup : script.group
            tasks.append(
                Task {
                    var last: Bool?
                    while !Task.isCancelled {
                        let success = await environment.runTrackScript(script, user, group)
                        guard !Task.isCancelled else { return }
                        if success != last {
                            last = success
                            environment.logger.info("VRRP_Script(\(script.name)) \(success ? "succeeded" : "failed")")
                        }
                        for runner in trackers { await runner.scriptResult(script.name, success: success) }
                        do { try await environment.sleep(script.interval) } catch { return }
                    }
                })
        }
        watchers.withLock { $0 += tasks }
    }

    /// Polls each tracked interface and track_file once a second and tells the runners that
    /// track it when it changes.
    private func watchInterfacesAndFiles(_ started: [VRRPInstanceRunner]) -> Task<Void, Never> {
        let environment = environment
        let tracked = started.map { runner in
            (runner, instances.first { $0.name == runner.configurationName })
        }
        let files = Set(tracked.flatMap { $0.1?.trackedFiles.map(\.name) ?? [] })
        // Read now, right after the instances started from the same states: a change from here
        // on is reported.
        var knownFiles: [String: Int64] = [:]
        for name in files { knownFiles[name] = fileValue(name) ?? 0 }
        var known: [String: Bool] = [:]
        for case (_, let instance?) in tracked {
            for name in [instance.interface ?? ""] + instance.trackedInterfaces.map(\.name) where !name.isEmpty {
                known[name] = environment.interfaceIsUp(name) ?? true
            }
        }
        return Task { [knownFiles, known] in
            var (knownFiles, known) = (knownFiles, known)
            while !Task.isCancelled {
                do { try await environment.sleep(1000) } catch { return }
                var changed: [String: Bool] = [:]
                for interface in known.keys.sorted() {
                    let up = environment.interfaceIsUp(interface) ?? true
                    if known[interface] != up {
                        known[interface] = up
                        changed[interface] = up
                        environment.logger.info("Netlink reports \(interface) \(up ? "up" : "down")")
                    }
                }
                for (runner, _) in tracked {
                    for interface in await runner.trackedInterfaces {
                        if let up = changed[interface] { await runner.trackedInterfaceChanged(interface, up: up) }
                    }
                }
                for name in files.sorted() {
                    // An out-of-range value is ignored: the previous one stays (track_file.c).
                    guard let value = self.fileValue(name), value != knownFiles[name] else { continue }
                    knownFiles[name] = value
                    for (runner, configuration) in tracked
                    where configuration?.trackedFiles.contains(where: { $0.name == name }) ?? false {
                        await runner.fileValue(name, value)
                    }
                }
            }
        }
    }

    /// Each master says goodbye (priority 0) and every instance releases its addresses.
    public func shutdown() async {
        watchers.withLock { tasks in
            for task in tasks { task.cancel() }
            tasks.removeAll()
        }
        let all = runners.withLock { list in
            defer { list.removeAll() }
            return list
        }
        for runner in all { await runner.shutdown() }
        let stopped = groups.withLock { list in
            defer { list.removeAll() }
            return list
        }
        for group in stopped { await group.stopped() }
    }

    /// The instances' status lines, in configuration order.
    public var statusText: String {
        let known = statuses.withLock { $0 }
        return instances.compactMap { known[$0.name]?.text }.joined()
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
