import ArgumentParser
import LVSControl
import LVSCore
import LVSHealth
import LVSKeepalived
import LVSKeepalivedDaemon
import LVSLinux
import LVSMetrics
import LVSMetricsServer
import Logging
import UnixSignals

#if canImport(Glibc)
import Glibc
#endif

/// `lvs keepalived` in the foreground: programs the director through its control socket from
/// keepalived.conf and keeps the table in step with the checkers until SIGTERM/SIGINT; SIGHUP
/// reloads (a configuration that does not parse is refused and the running one stays).
struct KeepalivedDaemonRun {
    let configurationPath: String
    let parser: KeepalivedConfigurationParser
    let controlSocket: String
    let pidFile: String
    let statusFile: String
    /// Where to serve /metrics and the status page (nil: nowhere).
    var metricsListen: (host: String, port: Int)?
    /// keepalived's -C (only the checkers) and -P (only VRRP); both true by default.
    var runCheckers = true
    var runVRRP = true
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup, .sigterm, .sigint)
        guard let configuration = parse(refusing: "not starting") else { throw ExitCode(1) }
        // As keepalived (keepalived_running): a live process in the pid file means another
        // daemon owns the pid and status files and the table; leave them alone and exit 0.
        if let other = Self.runningDaemon(pidFile: pidFile) {
            logger.info("daemon is already running", metadata: ["pid": "\(other)", "pid-file": "\(pidFile)"])
            return
        }
        try? TextFile.makeDirectories(Self.directory(of: pidFile))
        try? TextFile.writeAtomically(pidFile, "\(getpid())\n")
        defer {
            _ = try? TextFile.remove(pidFile)
            _ = try? TextFile.remove(self.statusFile)
        }
        let statusFile = KeepalivedStatusFile(path: self.statusFile)
        let logger = logger
        let control = ControlChannel.socket(path: controlSocket)
        let runScript: NotifyScriptRunner = { script, arguments in
            NotifyScriptLaunch.start(arguments, user: script.user, group: script.group) { failure in
                if let failure {
                    logger.warning(
                        "notify script failed",
                        metadata: [
                            "script": "\(script.command)",
                            "error": "\(failure)",
                        ])
                }
            }
        }
        let vrrp = VRRPSupervisor(
            configuration: runVRRP ? configuration : KeepalivedConfiguration(),
            environment: .init(
                control: control, openTransport: { try LinuxVRRPTransport($0) }, runScript: runScript,
                now: { MonotonicClock.now() }, sleep: { try await Task.sleep(for: .milliseconds($0)) },
                publishStatus: { statusFile.setVRRP($0) },
                interfaceIsUp: { try? NetworkInterface.named($0).isUp }, logger: logger))
        let daemon = KeepalivedDaemon(
            environment: .init(
                control: control,
                attempt: configuration.attemptRunner,
                runScript: runScript,
                publishStatus: { statusFile.setCheckers($0) },
                now: { MonotonicClock.now() },
                warmupFraction: { Double.random(in: 0...1) },
                logger: logger))
        let metrics: MetricsServer?
        do {
            metrics = try await startMetrics(vrrp: vrrp, statusFile: statusFile)
        } catch {
            logger.critical("cannot serve --metrics-listen", metadata: ["error": "\(error)"])
            throw ExitCode(1)
        }
        defer { if let metrics { Task { await metrics.stop() } } }
        // Starting waits for the director, so it runs beside the signal loop: SIGTERM must stop a
        // daemon whose director never came, and SIGHUP must reach one that is still waiting.
        var starting = startTask(daemon, vrrp, configuration)
        for await signal in signals {
            // What the start task did is settled before acting: cancelled while waiting, or started.
            starting.cancel()
            _ = await starting.result
            switch signal {
            case .sighup:
                guard let next = parse(refusing: "keeping the running configuration") else { continue }
                if runVRRP && vrrp.changes(next) {
                    logger.warning(
                        "vrrp_instance or lvs_sync_daemon changes are not applied on reload: restart lvs keepalived")
                }
                if await daemon.isStarted {
                    await daemon.reload(next)
                } else {
                    starting = startTask(daemon, vrrp, next)
                }
            default:
                logger.info("Stopping")
                // VRRP first: a master's priority 0 lets the backup take over within Skew_Time,
                // and its addresses are released before the services leave the table.
                await vrrp.shutdown()
                await daemon.stop()
                return
            }
        }
    }

    /// The metrics server, reading the instances' status and the checkers' last published one.
    private func startMetrics(vrrp: VRRPSupervisor, statusFile: KeepalivedStatusFile) async throws -> MetricsServer? {
        guard let (host, port) = metricsListen else { return nil }
        let configurations = vrrp.instances
        let server = try await MetricsServer.start(
            host: host, port: port,
            observe: {
                KeepalivedObservation(
                    instances: configurations.compactMap { configuration in
                        vrrp.status(of: configuration.name).map {
                            VRRPInstanceObservation(status: $0, configuration: configuration)
                        }
                    },
                    checkers: statusFile.checkers)
            }, logger: logger)
        logger.notice("serving metrics and the status page", metadata: ["listen": "\(server.localAddress)"])
        return server
    }

    private func startTask(
        _ daemon: KeepalivedDaemon, _ vrrp: VRRPSupervisor,
        _ configuration: KeepalivedConfiguration
    ) -> Task<Void, any Error> {
        let (logger, controlSocket, configurationPath) = (logger, controlSocket, configurationPath)
        let (runCheckers, runVRRP) = (runCheckers, runVRRP)
        return Task {
            try await Self.startWhenTheDirectorAnswers(
                daemon, vrrp, configuration, runCheckers: runCheckers, controlSocket: controlSocket,
                logger: logger)
            if runCheckers {
                logger.info("Starting Healthcheck child process", metadata: ["configuration": "\(configurationPath)"])
            }
            if runVRRP && !vrrp.isEmpty {
                logger.info("Starting VRRP child process", metadata: ["instances": "\(vrrp.instances.count)"])
                await vrrp.start()
            }
        }
    }

    /// keepalived exits when IPVS is missing; a director that is still starting is waited for
    /// (until the task is cancelled).
    private static func startWhenTheDirectorAnswers(
        _ daemon: KeepalivedDaemon, _ vrrp: VRRPSupervisor,
        _ configuration: KeepalivedConfiguration, runCheckers: Bool,
        controlSocket: String, logger: Logger
    ) async throws {
        var warned = false
        while true {
            try Task.checkCancellation()
            do {
                try await KeepalivedStartup.programDirector(
                    configuration, vrrp: vrrp, checkers: runCheckers ? daemon : nil,
                    control: ControlChannel.socket(path: controlSocket))
                return
            } catch {
                if !warned {
                    logger.warning(
                        "waiting for the director's control socket",
                        metadata: ["path": "\(controlSocket)", "error": "\(error)"])
                    warned = true
                }
                try await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// Parses the configuration; on errors logs every diagnostic with file:line and returns nil.
    private func parse(refusing consequence: String) -> KeepalivedConfiguration? {
        let result = parser.parse(path: configurationPath)
        for diagnostic in result.diagnostics {
            logger.log(level: diagnostic.severity == .error ? .error : .warning, "\(diagnostic)")
        }
        guard let configuration = result.configuration else {
            logger.error("configuration refused, \(consequence)", metadata: ["file": "\(configurationPath)"])
            return nil
        }
        return configuration
    }

    /// The pid in `pidFile` when that process is alive (and not this one), else nil.
    static func runningDaemon(pidFile: String) -> Int32? {
        guard let text = try? TextFile.read(pidFile), let pid = Int32(text.filter { !$0.isWhitespace }), pid > 0,
            pid != getpid()
        else { return nil }
        // EPERM: alive, owned by someone else.
        return kill(pid, 0) == 0 || errno == EPERM ? pid : nil
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }
}
