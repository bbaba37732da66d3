/// Collects a response as it streams in and reduces it as keepalived's lib/html.c does.
///
/// - The header ends at the first CRLF CRLF (a bare LF LF is not recognised, as in keepalived).
///   If none arrives within 4095 bytes (keepalived's read buffer) the response counts as empty.
/// - The status code is the 3 digits after the first space, followed by a space.
/// - "Content-Length:" is searched case-sensitively, and its number must end the line; the digest
///   then covers at most that many body bytes. keepalived searches its whole first buffer, which
///   may include the start of the body; only the header is searched here.
struct HTTPResponseAccumulator: Sendable {
    /// keepalived's MAX_BUFFER_LENGTH minus the byte kept for its terminating NUL.
    static let headerLimit = 4095

    let bodyLimit: Int
    private var headerBytes: [UInt8] = []
    private var headerComplete = false
    private var contentLength: Int?
    private var md5 = MD5()
    private var body: [UInt8] = []
    private var bodyLength = 0
    private var headerOverflowed = false

    init(bodyLimit: Int) {
        self.bodyLimit = max(0, bodyLimit)
    }

    mutating func append(_ bytes: some Collection<UInt8>) {
        if headerComplete {
            appendBody(bytes)
            return
        }
        if headerOverflowed { return }
        let searchStart = max(0, headerBytes.count - 3)
        headerBytes.append(contentsOf: bytes)
        guard let end = Self.headerEnd(in: headerBytes, from: searchStart),
            end <= Self.headerLimit
        else {
            if headerBytes.count >= Self.headerLimit { headerOverflowed = true }
            return
        }
        let rest = Array(headerBytes[end...])
        headerBytes.removeSubrange(end...)
        headerComplete = true
        contentLength = Self.contentLength(in: headerBytes)
        appendBody(rest)
    }

    /// The summary, or nil when no complete header arrived (keepalived: "no data received").
    func finish() -> HTTPResponseSummary? {
        guard headerComplete else { return nil }
        return HTTPResponseSummary(
            statusCode: Self.statusCode(in: headerBytes), header: headerBytes,
            digest: md5.hexDigest(), body: body, bodyLength: bodyLength,
            contentLength: contentLength)
    }

    private mutating func appendBody(_ bytes: some Collection<UInt8>) {
        let alreadyDigested = bodyLength
        bodyLength += bytes.count
        if body.count < bodyLimit { body.append(contentsOf: bytes.prefix(bodyLimit - body.count)) }
        let digestible = contentLength.map { max(0, $0 - alreadyDigested) } ?? bytes.count
        md5.update(bytes.prefix(digestible))
    }

    /// The index just past the first CRLF CRLF at or after `start`.
    static func headerEnd(in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= 4 else { return nil }
        var index = start
        while index + 3 < bytes.count {
            if bytes[index] == 13, bytes[index + 1] == 10, bytes[index + 2] == 13, bytes[index + 3] == 10 {
                return index + 4
            }
            index += 1
        }
        return nil
    }

    /// extract_status_code: skip to the first space (stopping at CR), then exactly three digits and
    /// a space. Anything else is 0.
    static func statusCode(in header: [UInt8]) -> Int {
        guard let space = header.firstIndex(where: { $0 == 32 || $0 == 13 }), header[space] == 32 else { return 0 }
        let start = space + 1
        guard start + 3 < header.count, header[start + 3] == 32 else { return 0 }
        var code = 0
        for byte in header[start..<(start + 3)] {
            guard (48...57).contains(byte) else { return 0 }
            code = code * 10 + Int(byte - 48)
        }
        return code
    }

    /// extract_content_length: the first "Content-Length:" (case-sensitive), strtoul's leading
    /// white space, digits, then CR, LF or the end. Nil when absent or malformed.
    static func contentLength(in header: [UInt8]) -> Int? {
        let tag = Array("Content-Length:".utf8)
        guard header.count >= tag.count else { return nil }
        var tagStart: Int?
        for index in 0...(header.count - tag.count) where header[index..<(index + tag.count)].elementsEqual(tag) {
            tagStart = index
            break
        }
        guard let tagStart else { return nil }
        var index = tagStart + tag.count
        let valueStart = index
        while index < header.count, [9, 10, 11, 12, 13, 32].contains(header[index]) { index += 1 }
        var value = 0
        var sawDigit = false
        while index < header.count, (48...57).contains(header[index]) {
            sawDigit = true
            let (times, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = times.addingReportingOverflow(Int(header[index] - 48))
            if overflowA || overflowB { return nil }
            value = sum
            index += 1
        }
        // strtoul without digits leaves its end pointer at the start: "Content-Length:\r\n" is 0.
        let end = sawDigit ? index : valueStart
        if end < header.count, header[end] != 13, header[end] != 10 { return nil }
        return sawDigit ? value : 0
    }
}
