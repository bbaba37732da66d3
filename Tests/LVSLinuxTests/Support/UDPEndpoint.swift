import LVSTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A blocking IPv4 UDP socket for tests; open it inside `LabHost.run` to place it in a host.
final class UDPEndpoint: @unchecked Sendable {
    let fd: Int32

    init(bindTo address: String, port: UInt16) throws {
        fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket: errno \(errno)") }
        var sin = Self.inetAddress(address, port)
        let rc = withUnsafePointer(to: &sin) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else {
            close(fd)
            throw TestFailure("bind \(address):\(port): errno \(errno)")
        }
    }

    deinit { close(fd) }

    func send(_ payload: [UInt8], to address: String, port: UInt16) throws {
        var sin = Self.inetAddress(address, port)
        let n = payload.withUnsafeBytes { p in
            withUnsafePointer(to: &sin) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, p.baseAddress, p.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        guard n == payload.count else { throw TestFailure("sendto: errno \(errno)") }
    }

    /// One datagram and its source, or nil after `timeoutMilliseconds`.
    func receive(timeoutMilliseconds: Int32) -> (payload: [UInt8], source: String, port: UInt16)? {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&p, 1, timeoutMilliseconds) == 1 else { return nil }
        var buf = [UInt8](repeating: 0, count: 65536)
        var from = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let n = buf.withUnsafeMutableBytes { b in
            withUnsafeMutablePointer(to: &from) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    recvfrom(fd, b.baseAddress, b.count, 0, $0, &len)
                }
            }
        }
        guard n >= 0 else { return nil }
        let a = UInt32(bigEndian: from.sin_addr.s_addr)
        let source = "\(a >> 24).\(a >> 16 & 0xff).\(a >> 8 & 0xff).\(a & 0xff)"
        return (Array(buf[0..<n]), source, UInt16(bigEndian: from.sin_port))
    }

    static func inetAddress(_ address: String, _ port: UInt16) -> sockaddr_in {
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        sin.sin_port = port.bigEndian
        inet_pton(AF_INET, address, &sin.sin_addr)
        return sin
    }
}
