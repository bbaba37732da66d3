/// The little HTTP/1.1 the lab speaks: one request per connection, `Connection: close`, bodies
/// delimited by Content-Length or by the close. No syscalls here.
public enum LabHTTPMessage {
    /// Request heads longer than this are refused (a lab client never sends one).
    public static let maximumHeadLength = 8192

    static let headEnd: [UInt8] = Array("\r\n\r\n".utf8)

    /// The GET request the lab client sends for `url`.
    public static func getRequest(for url: LabURL) -> [UInt8] {
        Array("GET \(url.path) HTTP/1.1\r\nHost: \(url.authority)\r\nUser-Agent: lvs-lab\r\nAccept: */*\r\nConnection: close\r\n\r\n".utf8)
    }

    /// The end of the head (just past the blank line), or nil if it has not all arrived.
    public static func headLength(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= headEnd.count else { return nil }
        for i in 0...(bytes.count - headEnd.count) where bytes[i] == 13 && Array(bytes[i..<(i + 4)]) == headEnd {
            return i + 4
        }
        return nil
    }
}

/// What a server makes of a request head.
public struct LabHTTPRequestLine: Sendable, Equatable {
    public let method: String
    public let target: String
    public let version: String

    /// Parses the first line of `head`; nil when it is not `METHOD TARGET HTTP/x.y`.
    public init?(head: [UInt8]) {
        let lineEnd = head.firstIndex(of: 13) ?? head.firstIndex(of: 10) ?? head.endIndex
        let line = String(decoding: head[..<lineEnd], as: UTF8.self)
        let parts = line.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isASCII && $0.isUppercase }),
              parts[1].hasPrefix("/") || parts[1] == "*", parts[2].hasPrefix("HTTP/1.") else { return nil }
        method = String(parts[0])
        target = String(parts[1])
        version = String(parts[2])
    }
}

/// An HTTP response: built by the server, parsed by the client.
public struct LabHTTPResponse: Sendable, Equatable {
    public var status: Int
    public var reason: String
    /// Header names as received; look them up with `header(_:)`.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, reason: String, headers: [(name: String, value: String)] = [], body: [UInt8]) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
    }

    public static func == (a: LabHTTPResponse, b: LabHTTPResponse) -> Bool {
        a.status == b.status && a.reason == b.reason && a.body == b.body
            && a.headers.map(\.name) == b.headers.map(\.name) && a.headers.map(\.value) == b.headers.map(\.value)
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// A text/plain response; Content-Length and Connection: close are always set.
    public static func text(status: Int, reason: String, _ text: String, server: String = "lvs-lab") -> LabHTTPResponse {
        let body = Array(text.utf8)
        return LabHTTPResponse(status: status, reason: reason, headers: [
            ("Server", server),
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Length", String(body.count)),
            ("Connection", "close"),
        ], body: body)
    }

    /// The bytes on the wire; `includeBody: false` answers a HEAD request.
    public func serialized(includeBody: Bool = true) -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(reason)\r\n"
        for h in headers { text += "\(h.name): \(h.value)\r\n" }
        text += "\r\n"
        return Array(text.utf8) + (includeBody ? body : [])
    }

    /// Parses what a server sent. `complete` says the server closed the connection, so a body
    /// without Content-Length ends here; `headRequest` says the request was HEAD, whose answer
    /// has headers only. Returns nil while more bytes are needed.
    public static func parse(_ bytes: [UInt8], complete: Bool, headRequest: Bool = false) throws(LabServiceError) -> LabHTTPResponse? {
        guard let headLength = LabHTTPMessage.headLength(bytes) else {
            if complete {
                throw LabServiceError(bytes.isEmpty ? "the server closed the connection without answering"
                                                    : "the server's answer is not HTTP (no end of headers)")
            }
            if bytes.count > LabHTTPMessage.maximumHeadLength { throw LabServiceError("the server's headers are too long") }
            return nil
        }
        let lines = String(decoding: bytes[..<(headLength - 4)], as: UTF8.self)
            .split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusParts = lines[0].split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), statusParts[1].count == 3,
              let status = Int(statusParts[1]) else {
            throw LabServiceError("the server's answer is not HTTP: '\(lines[0].prefix(60))'")
        }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { throw LabServiceError("bad header line '\(line.prefix(60))'") }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" })))
        }
        var response = LabHTTPResponse(status: status, reason: statusParts.count == 3 ? String(statusParts[2]) : "",
                                       headers: headers, body: [])
        if headRequest { return response }
        let received = bytes[headLength...]
        if let lengthText = response.header("Content-Length") {
            guard let length = Int(lengthText.trimmingSpaces), length >= 0 else {
                throw LabServiceError("bad Content-Length '\(lengthText)'")
            }
            if received.count < length {
                if complete { throw LabServiceError("the connection closed after \(received.count) of \(length) body bytes") }
                return nil
            }
            response.body = Array(received.prefix(length))
            return response
        }
        guard complete else { return nil }
        response.body = Array(received)
        return response
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
