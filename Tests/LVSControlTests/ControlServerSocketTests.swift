import Foundation
import LVSControl
import LVSCore
import LVSLinux
import LVSVocabulary
import Logging
import NIOCore
import NIOPosix
import Testing

/// The control socket end to end in this process: what may be replaced at the path, the
/// abstract address, the connection cap, and the client giving up with a message.
@Suite("Control server socket", .serialized)
struct ControlServerSocketTests {
    static let logger = Logger(label: "test")
    static func service() -> EngineControlService { EngineControlService(clock: { Instant(milliseconds: 0) }) }

    static func directory() throws -> String {
        let dir = NSTemporaryDirectory() + "lvs-control-test-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("a directory, a regular file or a symbolic link at the path is refused and left untouched")
    func notASocket() async throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let occupied = dir + "/occupied"
        try FileManager.default.createDirectory(atPath: occupied + "/keep", withIntermediateDirectories: true)
        let file = dir + "/file"
        try Data("mine".utf8).write(to: URL(fileURLWithPath: file))
        let link = dir + "/link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: file)
        for (path, kind) in [(occupied, "a directory"), (file, "a regular file"), (link, "a symbolic link")] {
            do {
                let server = try await ControlServer.start(
                    path: path, service: Self.service(), group: MultiThreadedEventLoopGroup.singleton,
                    logger: Self.logger)
                await server.close()
                Issue.record("\(kind) was replaced")
            } catch let error as ControlServerError {
                #expect("\(error)".contains("is \(kind), not a socket"))
            }
        }
        #expect(FileManager.default.fileExists(atPath: occupied + "/keep"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "mine")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == file)
    }

    @Test("a live socket is refused, a stale one replaced")
    func liveAndStale() async throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/control.sock"
        let first = try await ControlServer.start(
            path: path, service: Self.service(), group: MultiThreadedEventLoopGroup.singleton, logger: Self.logger)
        await #expect(throws: ControlServerError.self) {
            let second = try await ControlServer.start(
                path: path, service: Self.service(), group: MultiThreadedEventLoopGroup.singleton, logger: Self.logger)
            await second.close()
        }
        #expect(ControlClient(path: path).isAnswering())
        await first.close()
        // A crashed director's socket: bound, nobody listening.
        let stale = try UnixStreamSocket.listen(on: path, backlog: 1)
        close(stale)
        #expect(FileManager.default.fileExists(atPath: path))
        let replacement = try await ControlServer.start(
            path: path, service: Self.service(), group: MultiThreadedEventLoopGroup.singleton, logger: Self.logger)
        #expect(try ControlClient(path: path).send(.syncStatus) == .syncStatus(SyncDaemonStatus()))
        await replacement.close()
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("an abstract address serves ipvsadm's requests; a second director on it is refused")
    func abstractAddress() async throws {
        let name = "@lvs-test/control-\(getpid())"
        let server = try await ControlServer.start(
            path: name, service: Self.service(), group: MultiThreadedEventLoopGroup.singleton, logger: Self.logger)
        let client = ControlClient(path: name)
        #expect(try client.send(.snapshot(includeConnections: false)) == .snapshot(TableSnapshot()))
        await #expect(throws: ControlServerError.self) {
            let second = try await ControlServer.start(
                path: name, service: Self.service(), group: MultiThreadedEventLoopGroup.singleton,
                logger: Self.logger)
            await second.close()
        }
        await server.close()
        #expect(!client.isAnswering())
    }

    @Test("past the connection cap new connections are closed at once and counted; idle ones are closed")
    func cap() async throws {
        let name = "@lvs-test/cap-\(getpid())"
        let limits = ControlServerLimits(maximumConnections: 2, idleTimeout: .seconds(2))
        let server = try await ControlServer.start(
            path: name, service: Self.service(), group: MultiThreadedEventLoopGroup.singleton, logger: Self.logger,
            limits: limits)
        defer { Task { await server.close() } }
        let held = try (0..<2).map { _ in try UnixStreamSocket.connect(to: name, timeoutSeconds: 5) }
        try await Task.sleep(for: .milliseconds(100))
        #expect(server.connections.open == 2)
        let third = try UnixStreamSocket.connect(to: name, timeoutSeconds: 5)
        var byte = [UInt8](repeating: 0, count: 1)
        let n = try byte.withUnsafeMutableBytes { try UnixStreamSocket.receive(third, into: $0) }
        #expect(n == 0, "the connection over the cap was closed")
        #expect(server.connections.refused == 1)
        close(third)
        // The held connections send nothing: the idle timeout closes them and frees the places.
        for fd in held {
            let m = try byte.withUnsafeMutableBytes { try UnixStreamSocket.receive(fd, into: $0) }
            #expect(m == 0, "idle connection closed by the director")
            close(fd)
        }
        try await Task.sleep(for: .milliseconds(100))
        #expect(server.connections.open == 0)
        #expect(try ControlClient(path: name).send(.syncStatus) == .syncStatus(SyncDaemonStatus()))
    }

    @Test("the client gives up on a director that does not answer, with a message saying so")
    func clientTimeout() throws {
        let name = "@lvs-test/silent-\(getpid())"
        // Listening but never accepting nor answering, like a SIGSTOPped director.
        let silent = try UnixStreamSocket.listen(on: name, backlog: 4)
        defer { close(silent) }
        do {
            _ = try ControlClient(path: name, timeoutSeconds: 1).send(.syncStatus)
            Issue.record("answered")
        } catch {
            #expect("\(error)" == "the director did not answer within 1 s (is it stopped?)")
        }
    }

    @Test("a director closing mid-request gives a message with its answer, never SIGPIPE")
    func closedMidRequest() async throws {
        let name = "@lvs-test/small-\(getpid())"
        let limits = ControlServerLimits(maximumPrivilegedLine: 1 << 20)
        let server = try await ControlServer.start(
            path: name, service: Self.service(), group: MultiThreadedEventLoopGroup.singleton, logger: Self.logger,
            limits: limits)
        defer { Task { await server.close() } }
        let key = ServiceKey.address(.tcp, InetAddress(v4: 0xC612_0001), 80)
        let many = (0..<40_000).map { i in
            AdminOperation.addDestination(
                key, DestinationConfig(key: DestinationKey(address: InetAddress(v4: 0xC613_0000 + UInt32(i)), port: 80))
            )
        }
        let response = try ControlClient(path: name).send(.apply(many))
        guard case .failure(let why) = response else { return #expect(Bool(false), "\(response)") }
        #expect(why.contains("request longer than the director accepts (1048576 bytes)"))
    }
}
