/// `DNS_CHECK { }`: a DNS query over UDP to the real server.
public struct DNSCheck: Hashable, Sendable {
    /// A, NS, CNAME, SOA (default), MX, TXT, AAAA, RRSIG, DNSKEY.
    public var queryType: String
    /// The name queried; keepalived's default is the empty name (the root).
    public var name: String

    public static let queryTypes = ["A", "NS", "CNAME", "SOA", "MX", "TXT", "AAAA", "RRSIG", "DNSKEY"]

    public init(queryType: String = "SOA", name: String = "") {
        self.queryType = queryType
        self.name = name
    }
}
