import ArgumentParser
import LVSControl
import LVSCore
import LVSDirector
import LVSLinux
import Logging
import NIOPosix
import ServiceLifecycle

/// The daemon as a lifecycle service: serve the control socket until asked to stop, then
/// remove the socket.
struct DirectorDaemon: Service {
    let socketPath: String
    let control: any ControlService
    let policy: ControlAccessPolicy
    /// Timer work of the control plane's engine (connection expiry, rate estimator).
    let tick: @Sendable () -> Void
    let logger: Logger

    func run() async throws {
        let server: ControlServer
        do {
            server = try await ControlServer.start(
                path: socketPath, service: control,
                group: MultiThreadedEventLoopGroup.singleton, logger: logger, policy: policy)
        } catch {
            logger.critical(
                "cannot serve the control socket", metadata: ["path": "\(socketPath)", "error": "\(error)"])
            throw error
        }
        logger.info("director ready", metadata: ["control-socket": "\(socketPath)"])
        let tick = self.tick
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
                tick()
            }
        }
        try? await gracefulShutdown()
        ticker.cancel()
        await server.close()
        logger.info("director stopped")
    }
}
