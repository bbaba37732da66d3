import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The real servers' web server in the lab: every GET is answered `i am NAME`, so the client
/// sees which real server the director picked. One connection at a time; a client that stalls
/// is dropped after `requestTimeoutMilliseconds`.
public final class LabHTTPServer: Sendable {
    public let name: String
    public let port: UInt16
    public let requestTimeoutMilliseconds: Int64
    private let socket: Int32
    private let stopping = Atomic<Bool>(false)
    private let served = Atomic<Int>(0)

    /// The answer body for a server called `name` (with a newline, as `echo` writes index.html).
    public static func body(name: String) -> String { "i am \(name)\n" }

    /// Binds and listens at once (in the calling thread's network namespace). The default
    /// address "::" takes IPv4 too (a dual-stack socket), so the VIP on lo is served in DR.
    public init(
        name: String, address: String = "::", port: UInt16 = 80, requestTimeoutMilliseconds: Int64 = 2000
    ) throws(LabServiceError) {
        self.name = name
        self.requestTimeoutMilliseconds = requestTimeoutMilliseconds
        let local = try IPAddressText.socketAddress(address, port: port)
        let fd = Glibc.socket(local.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw LabServiceError("socket: \(SocketIO.errorText(errno))") }
        var one: Int32 = 1
        var zero: Int32 = 0
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if local.family == AF_INET6 {
            setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &zero, socklen_t(MemoryLayout<Int32>.size))
        }
        let bound = local.withSockaddr { bind(fd, $0, $1) }
        guard bound == 0, listen(fd, 128) == 0 else {
            let code = errno
            Glibc.close(fd)
            throw LabServiceError("listen on \(address) port \(port): \(SocketIO.errorText(code))")
        }
        var actual = sockaddr_in6()
        var length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        // sin_port and sin6_port sit at the same offset, so this reads either family's port.
        self.port = UInt16(bigEndian: actual.sin6_port)
        self.socket = fd
    }

    /// How many requests have been answered.
    public var requestsServed: Int { served.load(ordering: .relaxed) }

    /// Accepts and answers connections until `stop()`.
    public func serve() {
        while !stopping.load(ordering: .acquiring) {
            let client = accept(socket, nil, nil)
            if client < 0 {
                if errno == EINTR || errno == ECONNABORTED || errno == EMFILE || errno == ENFILE { continue }
                return  // the listening socket was shut down
            }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            answer(client)
            Glibc.close(client)
        }
    }

    /// Makes `serve()` return (from any thread) and closes the listening socket after it does.
    public func stop() {
        stopping.store(true, ordering: .releasing)
        shutdown(socket, Int32(SHUT_RDWR))
    }

    deinit {
        Glibc.close(socket)
    }

    private func answer(_ client: Int32) {
        let deadline = SocketIO.now() + requestTimeoutMilliseconds
        var head: [UInt8] = []
        while LabHTTPMessage.headLength(head) == nil {
            guard head.count <= LabHTTPMessage.maximumHeadLength,
                let chunk = try? SocketIO.readSome(client, until: deadline), !chunk.isEmpty
            else {
                if head.count > LabHTTPMessage.maximumHeadLength {
                    reply(
                        client,
                        .text(status: 431, reason: "Request Header Fields Too Large", "request head too long\n"),
                        deadline)
                }
                return
            }
            head += chunk
        }
        guard let line = LabHTTPRequestLine(head: head) else {
            reply(client, .text(status: 400, reason: "Bad Request", "bad request\n"), deadline)
            return
        }
        switch line.method {
        case "GET", "HEAD":
            reply(
                client, .text(status: 200, reason: "OK", Self.body(name: name)), deadline,
                includeBody: line.method == "GET")
            served.add(1, ordering: .relaxed)
        default:
            var refusal = LabHTTPResponse.text(status: 405, reason: "Method Not Allowed", "only GET and HEAD\n")
            refusal.headers.append(("Allow", "GET, HEAD"))
            reply(client, refusal, deadline)
        }
    }

    private func reply(_ client: Int32, _ response: LabHTTPResponse, _ deadline: Int64, includeBody: Bool = true) {
        try? SocketIO.writeAll(client, response.serialized(includeBody: includeBody), until: deadline)
        // Half-close and let the client close first: closing with its unread bytes pending
        // would send a reset that can destroy the answer before the client reads it.
        shutdown(client, Int32(SHUT_WR))
        while let rest = try? SocketIO.readSome(client, until: min(deadline, SocketIO.now() + 200)), !rest.isEmpty {}
    }
}
