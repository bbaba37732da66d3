/// What an HTTP_GET / SSL_GET attempt read, reduced the way keepalived reduces it.
public struct HTTPResponseSummary: Sendable, Equatable {
    /// The status code, or 0 when the status line is not "VERSION SP 3-digits SP ..." (keepalived
    /// then fails the status check whatever codes are accepted).
    public var statusCode: Int
    /// The header bytes up to and including the blank line.
    public var header: [UInt8]
    /// MD5 of the body, 32 lowercase hex digits, over at most Content-Length bytes when the header
    /// has a parsable "Content-Length:" (as keepalived and genhash compute it).
    public var digest: String
    /// The first `bodyLimit` bytes of the body, for regex checks and genhash -v.
    public var body: [UInt8]
    /// All body bytes received, also those past Content-Length or past `bodyLimit`.
    public var bodyLength: Int
    /// The header's Content-Length, if keepalived would have parsed one.
    public var contentLength: Int?

    public init(
        statusCode: Int, header: [UInt8], digest: String, body: [UInt8], bodyLength: Int,
        contentLength: Int?
    ) {
        self.statusCode = statusCode
        self.header = header
        self.digest = digest
        self.body = body
        self.bodyLength = bodyLength
        self.contentLength = contentLength
    }

    /// The body bytes that went into the digest (those of `body` within Content-Length).
    public var digestedBody: ArraySlice<UInt8> {
        body.prefix(contentLength ?? body.count)
    }
}
