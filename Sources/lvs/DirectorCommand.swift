import ArgumentParser
import LVSControl
import LVSCore
import LVSLinux
import Logging
import NIOPosix
import ServiceLifecycle

struct DirectorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "director",
        abstract: "Run the director daemon: holds the IPVS table and serves ipvsadm on the control socket.")

    @Option(name: .customLong("control-socket"),
            help: "Control socket path (default: $LVS_CONTROL_SOCKET or \(ControlSocketPath.defaultPath)).")
    var controlSocket: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = Logger.Level(rawValue: logLevel) ?? .info
            return h
        }
        let logger = Logger(label: "lvs.director")
        let path = controlSocket ?? ControlSocketPath.resolve(ProcessInfoEnvironment.current)
        let service = EngineControlService(clock: { MonotonicClock.now() })
        let daemon = DirectorDaemon(socketPath: path, control: service, logger: logger)
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: daemon)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
    }
}

/// The daemon as a lifecycle service: serve the control socket until asked to stop, then
/// remove the socket.
struct DirectorDaemon: Service {
    let socketPath: String
    let control: EngineControlService
    let logger: Logger

    func run() async throws {
        let server: ControlServer
        do {
            server = try await ControlServer.start(path: socketPath, service: control,
                                                   group: MultiThreadedEventLoopGroup.singleton, logger: logger)
        } catch {
            logger.critical("cannot serve the control socket", metadata: ["path": "\(socketPath)", "error": "\(error)"])
            throw error
        }
        logger.info("director ready", metadata: ["control-socket": "\(socketPath)"])
        // Connection expiry and the rate estimator run on the control plane's clock.
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
                control.tick()
            }
        }
        try? await gracefulShutdown()
        ticker.cancel()
        await server.close()
        logger.info("director stopped")
    }
}
