/// The little HTTP/1.1 the lab speaks: one request per connection, `Connection: close`, bodies
/// delimited by Content-Length or by the close. No syscalls here.
public enum LabHTTPMessage {
    /// Request heads longer than this are refused (a lab client never sends one).
    public static let maximumHeadLength = 8192

    static let headEnd: [UInt8] = Array("\r\n\r\n".utf8)

    /// The GET request the lab client sends for `url`.
    public static func getRequest(for url: LabURL) -> [UInt8] {
        Array(
            "GET \(url.path) HTTP/1.1\r\nHost: \(url.authority)\r\nUser-Agent: lvs-lab\r\nAccept: */*\r\nConnection: close\r\n\r\n"
                .utf8)
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
