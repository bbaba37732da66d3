#if canImport(Glibc)
import Glibc
#endif

/// The lab's curl: one GET with `Connection: close`, the whole exchange bounded by one timeout.
public enum LabHTTPClient {
    public static func get(_ url: LabURL, timeoutMilliseconds: Int64 = 2000) throws(LabServiceError) -> LabHTTPResponse
    {
        try exchange(LabHTTPMessage.getRequest(for: url), with: url, timeoutMilliseconds: timeoutMilliseconds)
    }

    /// Sends `request` as is (any bytes) to the URL's host and port and reads one response.
    public static func exchange(
        _ request: [UInt8], with url: LabURL, timeoutMilliseconds: Int64 = 2000
    ) throws(LabServiceError) -> LabHTTPResponse {
        let deadline = SocketIO.now() + timeoutMilliseconds
        let seconds = timeoutText(timeoutMilliseconds)
        let remote = try IPAddressText.socketAddress(url.host, port: url.port)
        let fd = socket(
            remote.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0
        )
        guard fd >= 0 else { throw LabServiceError("socket: \(SocketIO.errorText(errno))") }
        defer { close(fd) }

        let where_ = url.authority
        if remote.withSockaddr({ connect(fd, $0, $1) }) != 0 {
            guard errno == EINPROGRESS else {
                throw LabServiceError("connect to \(where_): \(SocketIO.errorText(errno))")
            }
            guard SocketIO.wait(fd, for: Int16(POLLOUT), until: deadline) else {
                throw LabServiceError("connect to \(where_): no answer within \(seconds)")
            }
            var code: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length)
            if code != 0 { throw LabServiceError("connect to \(where_): \(SocketIO.errorText(code))") }
        }
        do {
            try SocketIO.writeAll(fd, request, until: deadline)
        } catch {
            throw LabServiceError(
                "\(where_): \(error.message == "timed out sending" ? "no progress within \(seconds)" : error.message)")
        }
        let isHead = request.starts(with: Array("HEAD ".utf8))
        var received: [UInt8] = []
        while true {
            let chunk: [UInt8]?
            do {
                chunk = try SocketIO.readSome(fd, until: deadline)
            } catch {
                throw LabServiceError("\(where_): \(error.message)")
            }
            guard let chunk else { throw LabServiceError("\(where_): no complete answer within \(seconds)") }
            received += chunk
            do {
                if let response = try LabHTTPResponse.parse(received, complete: chunk.isEmpty, headRequest: isHead) {
                    return response
                }
            } catch {
                throw LabServiceError("\(where_): \(error.message)")
            }
        }
    }

    static func timeoutText(_ ms: Int64) -> String {
        ms % 1000 == 0 ? "\(ms / 1000) s" : "\(ms) ms"
    }
}
