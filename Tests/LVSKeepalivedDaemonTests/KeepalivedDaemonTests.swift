import Foundation
import IPVSAdm
import LVSCore
import LVSHealth
import LVSKeepalived
import LVSKeepalivedDaemon
import LVSVocabulary
import Logging
import Synchronization
import Testing

/// The running daemon with scripted check outcomes against an in-memory director: checker
/// tasks, retries, the table batches and the status, in real (short) time.
@Suite("lvs keepalived daemon")
struct KeepalivedDaemonTests {
    static let configuration = """
        virtual_server 198.18.1.50 80 {
            delay_loop 0.05
            lb_algo rr
            lb_kind NAT
            protocol TCP
            real_server 198.18.1.11 80 {
                weight 1
                TCP_CHECK {
                    connect_timeout 1
                    retry 1
                    delay_before_retry 0.05
                }
            }
            real_server 198.18.1.12 80 {
                weight 2
                TCP_CHECK {
                    connect_timeout 1
                    retry 1
                    delay_before_retry 0.05
                }
            }
        }
        """

    struct Run {
        let daemon: KeepalivedDaemon
        let table = SharedTable()
        let checks = ScriptedChecks()
        let status = StatusBox()

        init() {
            let table = table
            let status = status
            daemon = KeepalivedDaemon(
                environment: .init(
                    control: table, attempt: checks.runner, runScript: { _, _ in },
                    publishStatus: { published in status.set(published.text) },
                    now: { Instant(milliseconds: Int64(ProcessInfo.processInfo.systemUptime * 1000)) },
                    warmupFraction: { 0 }, logger: Logger(label: "test")))
        }

        func list() throws -> String {
            var options = ListOptions()
            options.numeric = true
            return IPVSAdmFormatter.list(
                try table.snapshot(includeConnections: false), options: options,
                resolver: NumericOnlyResolver())
        }

        /// Waits (up to 5 s) until the table lists exactly `rows` under the service.
        func waitForServers(_ rows: [String]) async throws -> String {
            let wanted = rows.joined(separator: "\n")
            var listing = ""
            for _ in 0..<500 {
                listing = try list()
                let servers = listing.split(separator: "\n").filter {
                    $0.hasPrefix("  -> ") && !$0.contains("RemoteAddress")
                }
                .map { $0.split(separator: " ").prefix(4).joined(separator: " ") }
                if servers.joined(separator: "\n") == wanted { return listing }
                try await Task.sleep(for: .milliseconds(10))
            }
            Issue.record("table never showed \(rows); last:\n\(listing)")
            return listing
        }
    }

    static func parse(_ text: String) throws -> KeepalivedConfiguration {
        let path = "/etc/keepalived/keepalived.conf"
        let result = KeepalivedConfigurationParser(source: InMemoryConfigFileSource([path: text])).parse(path: path)
        return try #require(result.configuration, "\(result.diagnostics)")
    }

    @Test("a failing server leaves the table after its retry, comes back on success; the status says why")
    func failureAndRecovery() async throws {
        let run = Run()
        run.checks.fail("198.18.1.12")
        try await run.daemon.start(Self.parse(Self.configuration))
        _ = try await run.waitForServers(["-> 198.18.1.11:80 Masq 1"])
        #expect(run.status.value.contains("RS [198.18.1.12]:tcp:80: down, weight 2"))
        #expect(run.status.value.contains("TCP_CHECK #1 failed: connection refused"))

        run.checks.recover("198.18.1.12")
        _ = try await run.waitForServers(["-> 198.18.1.11:80 Masq 1", "-> 198.18.1.12:80 Masq 2"])
        run.checks.fail("198.18.1.11")
        _ = try await run.waitForServers(["-> 198.18.1.12:80 Masq 2"])
        await run.daemon.stop()
        #expect(try run.list().contains("198.18.1.50:80") == false)
    }

    @Test("reload: a removed server's checker stops, an unchanged server's keeps running, a new one starts")
    func reloadReconcilesCheckers() async throws {
        let run = Run()
        try await run.daemon.start(Self.parse(Self.configuration))
        _ = try await run.waitForServers(["-> 198.18.1.11:80 Masq 1", "-> 198.18.1.12:80 Masq 2"])
        let next = Self.configuration.replacingOccurrences(of: "198.18.1.12", with: "198.18.1.13")
        await run.daemon.reload(try Self.parse(next))
        _ = try await run.waitForServers(["-> 198.18.1.11:80 Masq 1", "-> 198.18.1.13:80 Masq 2"])
        let removedAttempts = run.checks.attempts("198.18.1.12")
        let keptAttempts = run.checks.attempts("198.18.1.11")
        try await Task.sleep(for: .milliseconds(300))
        #expect(run.checks.attempts("198.18.1.12") == removedAttempts, "the removed server is still checked")
        #expect(run.checks.attempts("198.18.1.11") > keptAttempts, "the unchanged server stopped being checked")
        #expect(run.checks.attempts("198.18.1.13") > 0)
        await run.daemon.stop()
    }

    @Test("one hanging check does not hold back the others")
    func hangingCheckDoesNotBlock() async throws {
        let table = SharedTable()
        let fastChecks = Atomic<Int>(0)
        let released = Atomic<Bool>(false)
        let daemon = KeepalivedDaemon(
            environment: .init(
                control: table,
                attempt: { checker in
                    if checker.connection?.address.description == "198.18.1.12" {
                        // Hangs until the test lets go: no deadline to race against.
                        while !released.load(ordering: .relaxed) {
                            try? await Task.sleep(for: .milliseconds(5))
                        }
                        return CheckAttemptResult(succeeded: false, reason: "timeout after 3.0 s")
                    }
                    fastChecks.add(1, ordering: .relaxed)
                    return CheckAttemptResult(succeeded: true, reason: "ok")
                },
                runScript: { _, _ in }, publishStatus: { _ in },
                now: { Instant(milliseconds: Int64(ProcessInfo.processInfo.systemUptime * 1000)) },
                warmupFraction: { 0 }, logger: Logger(label: "test")))
        try await daemon.start(Self.parse(Self.configuration))
        // The other server is checked round after round while the first check still hangs.
        for _ in 0..<1000 where fastChecks.load(ordering: .relaxed) < 5 {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(fastChecks.load(ordering: .relaxed) >= 5)
        released.store(true, ordering: .relaxed)
        await daemon.stop()
    }
}
