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
    public static func text(status: Int, reason: String, _ text: String, server: String = "lvs-lab") -> LabHTTPResponse
    {
        let body = Array(text.utf8)
        return LabHTTPResponse(
            status: status, reason: reason,
            headers: [
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
    public static func parse(
        _ bytes: [UInt8], complete: Bool, headRequest: Bool = false
    ) throws(LabServiceError) -> LabHTTPResponse? {
        guard let headLength = LabHTTPMessage.headLength(bytes) else {
            if complete {
                throw LabServiceError(
                    bytes.isEmpty
                        ? "the server closed the connection without answering"
                        : "the server's answer is not HTTP (no end of headers)")
            }
            if bytes.count > LabHTTPMessage.maximumHeadLength {
                throw LabServiceError("the server's headers are too long")
            }
            return nil
        }
        let lines = String(decoding: bytes[..<(headLength - 4)], as: UTF8.self)
            .split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusParts = lines[0].split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), statusParts[1].count == 3,
            let status = Int(statusParts[1])
        else {
            throw LabServiceError("the server's answer is not HTTP: '\(lines[0].prefix(60))'")
        }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else {
                throw LabServiceError("bad header line '\(line.prefix(60))'")
            }
            headers.append(
                (String(line[..<colon]), String(line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" })))
        }
        var response = LabHTTPResponse(
            status: status, reason: statusParts.count == 3 ? String(statusParts[2]) : "",
            headers: headers, body: [])
        if headRequest { return response }
        let received = bytes[headLength...]
        if let lengthText = response.header("Content-Length") {
            guard let length = Int(lengthText.trimmingSpaces), length >= 0 else {
                throw LabServiceError("bad Content-Length '\(lengthText)'")
            }
            if received.count < length {
                if complete {
                    throw LabServiceError("the connection closed after \(received.count) of \(length) body bytes")
                }
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
