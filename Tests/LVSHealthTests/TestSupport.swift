import LVSHealth
import LVSLinux
import NIOCore
import NIOPosix
import Testing

enum TestSupport {
    /// A port on 127.0.0.1 where nothing listens. Taken below the ephemeral range (32768 up), so
    /// neither a test server bound to port 0 nor a client socket of a concurrent test gets it next.
    static func closedPort() async throws -> Int {
        for _ in 0..<50 {
            let port = Int.random(in: 20000..<32000)
            guard
                let channel = try? await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .bind(host: "127.0.0.1", port: port).get()
            else { continue }
            try await channel.close()
            return port
        }
        throw ProbeFailure.cannotProbe("no free port below the ephemeral range")
    }

    static func httpResponse(status: String = "200 OK", body: String, headers: [String] = []) -> [UInt8] {
        var text = "HTTP/1.0 \(status)\r\n"
        for header in headers { text += header + "\r\n" }
        text += "\r\n" + body
        return Array(text.utf8)
    }

    static func target(_ port: Int) -> ProbeTarget {
        ProbeTarget(host: "127.0.0.1", port: port)
    }

    static func elapsed(_ body: () async throws -> Void) async rethrows -> Double {
        let start = ContinuousClock.now
        try await body()
        let duration = ContinuousClock.now - start
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static var genhashPath: String? { TextFile.executableOnPath("genhash") }
    static let genhashMissing: Comment = "genhash not installed (Debian package `keepalived`)"
    static var isRoot: Bool { ProcessIdentityCheck.isRoot }
}

enum ProcessIdentityCheck {
    static var isRoot: Bool { (try? ProcFile.read("/proc/self/status"))?.contains("Uid:\t0\t") ?? false }
}
