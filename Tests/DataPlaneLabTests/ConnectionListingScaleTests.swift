import Foundation
import IPVSAdm
import LVSControl
import LVSCore
import LVSDirector
import LVSVocabulary
import Logging
import Synchronization
import Testing

/// `ipvsadm -L -n -c` over a million connections, through the real control socket: the
/// director reads each worker's table a few thousand rows at a time and streams them, and
/// ipvsadm prints them as they come, so memory stays bounded whatever the table's size.
@Suite("The control socket at scale")
struct ConnectionListingScaleTests {
    static let vip = InetAddress("198.18.0.50")!

    /// The process's peak resident set since the last reset, in bytes.
    static func peakResident() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }

    /// Resets the peak to what is resident now (clear_refs 5, a process may do it to itself).
    static func resetPeak() { try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8) }

    @Test("an -R of 10,000 services goes in parts on one connection: all applied, or none when the last part fails")
    func bigRestoreInParts() async throws {
        let control = WorkerControlService(slots: [WorkerSlot(), WorkerSlot()], clock: { Instant.seconds(100) })
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lvs-restore-\(getpid()).sock").path
        let server = try await ControlServer.start(path: path, service: control, logger: Logger(label: "test"))
        defer { Task { await server.close() } }
        let runner = IPVSAdmRunner(control: ControlChannel.socket(path: path), resolver: NumericOnlyResolver())
        let lines = (0..<10_000).map { "-A -t 198.19.\($0 / 250).\($0 % 250 + 1):80 -s rr" }
        // The last line fails (the first service again): nothing of the 10,000 is applied.
        let refused = runner.outcome(arguments: ["-R"], stdin: { (lines + [lines[0]]).joined(separator: "\n") })
        #expect(refused.exitCode == 255)
        #expect(refused.stderr == "Service already exists\n")
        #expect(runner.outcome(arguments: ["-S", "-n"], stdin: { nil }).stdout.isEmpty)
        let restored = runner.outcome(arguments: ["-R"], stdin: { lines.joined(separator: "\n") })
        #expect(restored.exitCode == 0, "\(restored.stderr)")
        // Listed back in pieces of 1,024 services: every one, sorted as ipvsadm sorts.
        let saved = runner.outcome(arguments: ["-S", "-n"], stdin: { nil }).stdout.split(separator: "\n")
        #expect(saved.count == 10_000)
        #expect(Set(saved.map(String.init)) == Set(lines))
        #expect(runner.outcome(arguments: ["-L", "-n"], stdin: { nil }).stdout.split(separator: "\n").count == 10_003)
    }

    /// A million in a release build (`swift test -c release --filter ConnectionListingScale`);
    /// a debug build lists 100,000, enough to show the memory stays flat, in seconds not minutes.
    static let connections = _isDebugAssertConfiguration() ? 100_000 : 1_000_000

    @Test(
        "-L -n -c over 1,000,000 connections (release; 100,000 debug) in two workers: every row printed, < 64 MiB extra"
    )
    func millionConnections() async throws {
        let slots = [WorkerSlot(), WorkerSlot()]
        let control = WorkerControlService(slots: slots, clock: { Instant.seconds(100) })
        let service = ServiceKey.address(.tcp, Self.vip, 80)
        #expect(
            control.handle(
                .apply([
                    .addService(ServiceConfig(key: service, scheduler: "rr")),
                    .addDestination(
                        service,
                        DestinationConfig(
                            key: DestinationKey(address: InetAddress("198.18.0.11")!, port: 80), forward: .route)),
                ])) == .applied)
        let perWorker = Self.connections / 2
        for (w, slot) in slots.enumerated() {
            slot.perform { state in
                for i in 0..<perWorker {
                    // 198.18.0.0/15 client addresses, one port each.
                    let n = UInt32(w * perWorker + i)
                    let client = InetAddress(v4: 0xC612_0000 | (n >> 4) & 0x1_FFFF)
                    let port = UInt16(1024 + (n & 0xF))
                    _ = state.engine.process(
                        .tcp(from: client, port, to: Self.vip, 80, flags: .syn, length: 60), now: Instant.seconds(100))
                }
            }
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lvs-listing-\(getpid()).sock").path
        let server = try await ControlServer.start(path: path, service: control, logger: Logger(label: "test"))
        defer { Task { await server.close() } }

        let printed = Mutex((rows: 0, bytes: 0))
        let runner = IPVSAdmRunner(
            control: ControlChannel.socket(path: path), resolver: NumericOnlyResolver(),
            streamOutput: { text in
                printed.withLock {
                    $0.bytes += text.utf8.count
                    $0.rows += text.utf8.count(where: { $0 == UInt8(ascii: "\n") })
                }
            })
        let before = Self.peakResident()
        Self.resetPeak()
        let started = ContinuousClock.now
        let outcome = runner.outcome(arguments: ["-L", "-n", "-c"], stdin: { nil })
        let elapsed = ContinuousClock.now - started
        let extra = Self.peakResident() - before
        let (rows, bytes) = printed.withLock { ($0.rows, $0.bytes) }
        print(
            "listing scale: ipvsadm -L -n -c printed \(rows - 2) connections (\(bytes >> 20) MiB) in \(elapsed), "
                + "peak memory \(extra >> 20) MiB over the \(before >> 20) MiB the table took (director and "
                + "ipvsadm in one process)")
        #expect(outcome.exitCode == 0, "\(outcome.stderr)")
        #expect(rows == 2 * perWorker + 2, "the heading's two lines and one line per connection")
        #expect(extra < 64 << 20, "peak \(extra >> 20) MiB over the table")
    }
}
