import Foundation
import LVSTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A TCP listener on 127.0.0.1 standing in for a real server. `.silent` completes handshakes
/// (the kernel does, from the backlog) and never reads or answers: TCP_CHECK passes, HTTP_GET
/// hangs until its connect_timeout. `.http` answers every request `200 OK` and closes.
final class LoopbackServer: @unchecked Sendable {
    enum Behaviour {
        case silent
        case http
    }

    let port: UInt16
    private let descriptor: Int32
    private let lock = NSLock()
    private var closed = false
    /// Signalled when the responder thread has left its accept loop.
    private let responderDone = DispatchSemaphore(value: 0)
    private var hasResponder = false
    private let counter = RequestCounter()

    /// How many HTTP requests `.http` answered.
    var requestsAnswered: Int { counter.value }

    /// Listens on `port` (0: any free port).
    init(port: UInt16 = 0, _ behaviour: Behaviour) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestFailure("socket: errno \(errno)") }
        var one: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        do {
            self.port = try Self.bindLoopback(descriptor, port: port)
        } catch {
            Glibc.close(descriptor)
            throw error
        }
        guard listen(descriptor, 4096) == 0 else {
            Glibc.close(descriptor)
            throw TestFailure("listen on 127.0.0.1:\(port): errno \(errno)")
        }
        if behaviour == .http {
            hasResponder = true
            let thread = Thread { [descriptor, responderDone, counter] in
                Self.answerHTTP(on: descriptor, counter: counter)
                responderDone.signal()
            }
            thread.start()
        }
    }

    deinit {
        close()
    }

    /// Stops listening: new connections are refused from now on.
    func close() {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return }
        closed = true
        // shutdown wakes the responder's accept (EINVAL); the descriptor is closed only after the
        // thread left, so it never accepts on a number reused by someone else.
        shutdown(descriptor, Int32(SHUT_RDWR))
        if hasResponder {
            _ = responderDone.wait(timeout: .now() + 5)
        }
        Glibc.close(descriptor)
    }

    /// A port on 127.0.0.1 that nothing listens on (bound once to pick it, then released).
    static func unusedPort() throws -> UInt16 {
        let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { Glibc.close(probe) }
        return try bindLoopback(probe, port: 0)
    }

    private static func bindLoopback(_ descriptor: Int32, port: UInt16) throws -> UInt16 {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw TestFailure("bind 127.0.0.1:\(port): errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return UInt16(bigEndian: address.sin_port)
    }

    private static func answerHTTP(on descriptor: Int32, counter: RequestCounter) {
        let response = Array("HTTP/1.0 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n".utf8)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let client = accept(descriptor, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return
            }
            // The checker sends its whole request at once; one read is enough to answer it.
            _ = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            _ = response.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            Glibc.close(client)
            counter.increment()
        }
    }
}
