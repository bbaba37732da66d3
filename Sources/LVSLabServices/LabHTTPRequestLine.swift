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
            parts[1].hasPrefix("/") || parts[1] == "*", parts[2].hasPrefix("HTTP/1.")
        else { return nil }
        method = String(parts[0])
        target = String(parts[1])
        version = String(parts[2])
    }
}
