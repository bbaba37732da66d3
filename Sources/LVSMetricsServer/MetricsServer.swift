import LVSMetrics
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// The HTTP listener of `--metrics-listen` (`lvs director`, `lvs keepalived`): GET /metrics
/// (Prometheus text) and GET / or /status (the HTML status page), on one event-loop thread of
/// its own so that a slow scraper never holds the control socket or a packet worker.
///
/// Observations come from `observe` (the director reads its workers through its control
/// service); an observation younger than `maximumAge` is reused, so scraping every 100 ms costs
/// the workers at most one read per `maximumAge`.
public final class MetricsServer: Sendable {
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    /// The address actually bound (the port is the kernel's choice when asked for port 0).
    public let localAddress: SocketAddress

    /// The director's pages: node_ipvs_* and lvs_* metrics, the director's status page.
    public static func start(
        host: String, port: Int, maximumAge: Duration = .seconds(1),
        observe: @escaping @Sendable () -> DirectorObservation, logger: Logger
    ) async throws -> MetricsServer {
        try await start(
            host: host, port: port, maximumAge: maximumAge, observe: observe,
            renderMetrics: { PrometheusExposition.render($0) },
            renderStatusPage: { Array(StatusPage.render($0).utf8) }, logger: logger)
    }

    /// `lvs keepalived`'s pages: the keepalived exporter's VRRP metrics and the checkers' state.
    public static func start(
        host: String, port: Int, maximumAge: Duration = .seconds(1),
        observe: @escaping @Sendable () -> KeepalivedObservation, logger: Logger
    ) async throws -> MetricsServer {
        try await start(
            host: host, port: port, maximumAge: maximumAge, observe: observe,
            renderMetrics: { KeepalivedExposition.render($0) },
            renderStatusPage: { Array(KeepalivedStatusPage.render($0).utf8) }, logger: logger)
    }

    static func start<Observation: Sendable>(
        host: String, port: Int, maximumAge: Duration,
        observe: @escaping @Sendable () -> Observation,
        renderMetrics: @escaping @Sendable (Observation) -> [UInt8],
        renderStatusPage: @escaping @Sendable (Observation) -> [UInt8], logger: Logger
    ) async throws -> MetricsServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let cache = ObservationCache(
            maximumAge: maximumAge, observe: observe, renderMetrics: renderMetrics,
            renderStatusPage: renderStatusPage)
        do {
            let channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 64)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.pipeline.configureHTTPServerPipeline(withErrorHandling: true).flatMap {
                        channel.pipeline.addHandler(MetricsHTTPHandler(pages: cache, logger: logger))
                    }
                }
                .childChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: host, port: port).get()
            return MetricsServer(group: group, channel: channel)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    private init(group: MultiThreadedEventLoopGroup, channel: any Channel) {
        self.group = group
        self.channel = channel
        // A bound channel always has a local address.
        self.localAddress = channel.localAddress!
    }

    public func stop() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }

    /// Splits "ADDR:PORT" ("198.18.0.1:9100", "[2001:db8::1]:9100", ":9100" for all addresses).
    public static func parseListen(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
        } else if host.contains(":") {
            return nil
        }
        if host.isEmpty { host = "::" }
        return (host, port)
    }
}
