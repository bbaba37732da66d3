import LVSCore
import LVSLinux

#if canImport(Glibc)
import Glibc
#endif

/// The CLI side of the control socket: one blocking request/response per call. Blocking is
/// right here: ipvsadm does one thing and exits, and a client must start in microseconds.
/// `path` is a file path or `@name` for an abstract socket (see `ControlSocketPath`).
///
/// Every wait is bounded: a stopped or wedged director makes the client give up after
/// `timeoutSeconds` with a message saying so, and a director that closes the connection
/// mid-request is reported (with its own answer when it sent one), never a silent SIGPIPE.
public struct ControlClient: Sendable {
    public let path: String
    public let timeoutSeconds: Int
    /// How long ipvsadm waits for the director by default.
    public static let defaultTimeoutSeconds = 30

    public init(path: String, timeoutSeconds: Int = ControlClient.defaultTimeoutSeconds) {
        self.path = path
        self.timeoutSeconds = timeoutSeconds
    }

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
        guard let fd = try? UnixStreamSocket.connect(to: path, timeoutSeconds: 2) else { return false }
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
    /// sent as `.applyPart`s and its closing `.apply`, only the last has an answer (an earlier
    /// one answers only to refuse, and then the director closes). Each line is encoded as it is
    /// written, so a batch of any size takes one line's memory here.
    public func send(_ requests: some Sequence<ControlRequest>, each: (ControlResponse) -> Bool) throws(Failure) {
        let fd: Int32
        do throws(SystemCallError) {
            fd = try UnixStreamSocket.connect(to: path, timeoutSeconds: timeoutSeconds)
        } catch {
            if error.errno == EAGAIN || error.errno == EWOULDBLOCK {
                throw .io("the director did not accept the connection on \(path) within \(timeoutSeconds) s")
            }
            throw .connect(path: path, errno: error.errno)
        }
        defer { close(fd) }
        let codec = ControlCodec()
        var reader = AnswerReader()
        for request in requests {
            var bytes: [UInt8]
            do { bytes = try codec.encode(request) } catch { throw .protocolError("\(error)") }
            bytes.append(UInt8(ascii: "\n"))
            var sent = 0
            while sent < bytes.count {
                do throws(SystemCallError) {
                    sent += try bytes[sent...].withUnsafeBytes { raw in
                        Result { () throws(SystemCallError) in try UnixStreamSocket.send(fd, raw) }
                    }.get()
                } catch {
                    if error.errno == EAGAIN || error.errno == EWOULDBLOCK {
                        throw .io("the director did not take the request within \(timeoutSeconds) s (is it stopped?)")
                    }
                    // The director may have closed the connection with an answer saying why (a
                    // request over its size limit): that answer is the better message.
                    if let answer = try? reader.next(fd, self, codec) {
                        _ = each(answer)
                        return
                    }
                    throw .io(
                        "the director closed the connection after \(sent) of \(bytes.count) request bytes: "
                            + String(cString: strerror(error.errno)))
                }
            }
        }
        while true {
            let answer = try reader.next(fd, self, codec)
            if case .part = answer {
                if !each(answer) { return }
                continue
            }
            _ = each(answer)
            return
        }
    }

    /// Splits what the director sends into answer lines; `scanned` keeps the newline search
    /// linear in the bytes received.
    private struct AnswerReader {
        var pending: [UInt8] = []
        var scanned = 0
        var chunk = [UInt8](repeating: 0, count: 65536)

        mutating func next(
            _ fd: Int32, _ client: ControlClient, _ codec: ControlCodec
        ) throws(Failure)
            -> ControlResponse
        {
            while true {
                if let nl = pending[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                    defer {
                        pending.removeSubrange(...nl)
                        scanned = 0
                    }
                    do { return try codec.decodeResponse(pending[..<nl]) } catch { throw .protocolError("\(error)") }
                }
                scanned = pending.count
                let n: Int
                do throws(SystemCallError) {
                    n = try chunk.withUnsafeMutableBytes { raw in
                        Result { () throws(SystemCallError) in try UnixStreamSocket.receive(fd, into: raw) }
                    }.get()
                } catch {
                    if error.errno == EAGAIN || error.errno == EWOULDBLOCK {
                        throw .io("the director did not answer within \(client.timeoutSeconds) s (is it stopped?)")
                    }
                    throw .io("read from \(client.path): \(String(cString: strerror(error.errno)))")
                }
                if n == 0 { throw .protocolError("connection closed mid-answer") }
                pending.append(contentsOf: chunk[0..<n])
            }
        }
    }
}
