import LVSCore
import LVSMetrics
import LVSMetricsServer
import Logging
import NIOCore
import NIOPosix
import Synchronization
import Testing

@Suite struct MetricsServerTests {
    static let observation = DirectorObservation(
        table: PrometheusExpositionTests.fixtureTable, totals: PrometheusExpositionTests.fixtureTotals)

    @Test func servesMetricsStatusAndNotFound() async throws {
        let reads = Atomic<Int>(0)
        let server = try await MetricsServer.start(
            host: "127.0.0.1", port: 0,
            observe: {
                reads.add(1, ordering: .relaxed)
                return Self.observation
            }, logger: Logger(label: "test"))
        let port = try #require(server.localAddress.port)

        let metrics = try await HTTPGet.fetch(port: port, path: "/metrics")
        #expect(metrics.hasPrefix("HTTP/1.1 200 OK"))
        #expect(metrics.contains("Content-Type: text/plain; version=0.0.4; charset=utf-8"))
        #expect(metrics.contains("\nnode_ipvs_connections_total 23765872\n"))

        let status = try await HTTPGet.fetch(port: port, path: "/")
        #expect(status.hasPrefix("HTTP/1.1 200 OK"))
        #expect(status.contains("Content-Type: text/html; charset=utf-8"))
        #expect(status.contains("data-server=\"192.168.82.22:3306\""))

        let missing = try await HTTPGet.fetch(port: port, path: "/nothing")
        #expect(missing.hasPrefix("HTTP/1.1 404 Not Found"))
        // Three requests within a second share one reading of the director.
        #expect(reads.load(ordering: .relaxed) == 1)
        await server.stop()
    }

    @Test func aTakenPortIsAnErrorNotACrash() async throws {
        let first = try await MetricsServer.start(
            host: "127.0.0.1", port: 0, observe: { Self.observation }, logger: Logger(label: "test"))
        let port = try #require(first.localAddress.port)
        await #expect(throws: (any Error).self) {
            let second = try await MetricsServer.start(
                host: "127.0.0.1", port: port, observe: { Self.observation }, logger: Logger(label: "test"))
            await second.stop()
        }
        // The first still answers.
        #expect(try await HTTPGet.fetch(port: port, path: "/metrics").hasPrefix("HTTP/1.1 200 OK"))
        await first.stop()
    }

    @Test func listenAddressesParse() {
        #expect(MetricsServer.parseListen("198.18.0.1:9100")! == ("198.18.0.1", 9100))
        #expect(MetricsServer.parseListen("[2001:db8::1]:9100")! == ("2001:db8::1", 9100))
        #expect(MetricsServer.parseListen(":9100")! == ("::", 9100))
        #expect(MetricsServer.parseListen("2001:db8::1:9100") == nil)
        #expect(MetricsServer.parseListen("198.18.0.1") == nil)
        #expect(MetricsServer.parseListen("198.18.0.1:70000") == nil)
    }
}
