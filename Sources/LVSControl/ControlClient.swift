import LVSCore

#if canImport(Glibc)
import Glibc
#endif

/// The CLI side of the control socket: one blocking request/response per call. Blocking is
/// right here: ipvsadm does one thing and exits, and a client must start in microseconds.
public struct ControlClient: Sendable {
    public let path: String
    public init(path: String) { self.path = path }

    public enum Failure: Error, CustomStringConvertible {
        case connect(path: String, errno: Int32)
        case io(String)
        case protocolError(String)
        public var description: String {
            switch self {
            case .connect(let p, let e): "cannot connect to \(p): \(String(cString: strerror(e)))"
            case .io(let m): m
            case .protocolError(let m): "bad answer from the director: \(m)"
            }
        }
    }

    /// True when a director accepts connections on `path`.
    public func isAnswering() -> Bool {
        guard let fd = try? connect() else { return false }
        close(fd)
        return true
    }

    public func send(_ request: ControlRequest) throws(Failure) -> ControlResponse {
        var last: ControlResponse?
        try send(request) { response in
            last = response
            return true
        }
        // `send(_:each:)` returns only after a final answer (else it throws).
        return last!
    }

    /// Sends `request` and hands each answer line to `each` as it arrives: a streamed listing
    /// is `.part`s then one final answer, anything else one final answer. Memory stays at one
    /// line, whatever the listing's size. `each` returning false stops reading.
    public func send(_ request: ControlRequest, each: (ControlResponse) -> Bool) throws(Failure) {
        try send(CollectionOfOne(request), each: each)
    }

    /// Sends the requests one line each, in order, then reads the answers as above: for a batch
    /// sent as `.applyPart`s and its closing `.apply`, only the last has an answer. Each line
    /// is encoded as it is written, so a batch of any size takes one line's memory here.
    public func send(_ requests: some Sequence<ControlRequest>, each: (ControlResponse) -> Bool) throws(Failure) {
        let fd = try connect()
        defer { close(fd) }
        let codec = ControlCodec()
        for request in requests {
            var bytes: [UInt8]
            do { bytes = try codec.encode(request) } catch { throw .protocolError("\(error)") }
            bytes.append(UInt8(ascii: "\n"))
            var sent = 0
            while sent < bytes.count {
                let n = bytes[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                if n < 0 {
                    if errno == EINTR { continue }
                    throw .io("write to \(path): \(String(cString: strerror(errno)))")
                }
                sent += n
            }
        }
        var pending: [UInt8] = []
        var scanned = 0
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            // Each complete line is one answer; `scanned` keeps the newline search linear.
            while let nl = pending[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                let response: ControlResponse
                do { response = try codec.decodeResponse(pending[..<nl]) } catch { throw .protocolError("\(error)") }
                pending.removeSubrange(...nl)
                scanned = 0
                if case .part = response {
                    if !each(response) { return }
                    continue
                }
                _ = each(response)
                return
            }
            scanned = pending.count
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io("read from \(path): \(String(cString: strerror(errno)))")
            }
            if n == 0 { throw .protocolError("connection closed mid-answer") }
            pending.append(contentsOf: chunk[0..<n])
        }
    }

    private func connect() throws(Failure) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .connect(path: path, errno: errno) }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        guard pathBytes.count < MemoryLayout.size(ofValue: addr.sun_path) else {
            close(fd)
            throw .connect(path: path, errno: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, b) in pathBytes.enumerated() { raw[i] = b }
        }
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        if rc != 0 {
            let e = errno
            close(fd)
            throw .connect(path: path, errno: e)
        }
        return fd
    }
}
