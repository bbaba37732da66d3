/// DNS_CHECK's `type`: the query types keepalived 2.2.7 accepts (SOA by default).
public enum DNSRecordType: UInt16, Sendable, Equatable, CaseIterable {
    case a = 1
    case ns = 2
    case cname = 5
    case soa = 6
    case mx = 15
    case txt = 16
    case aaaa = 28
    case rrsig = 46
    case dnskey = 48

    /// "A", "NS", ..., as keepalived.conf spells them (case-insensitively, as keepalived compares).
    public init?(name: String) {
        guard let type = Self.allCases.first(where: { $0.name == name.uppercased() }) else { return nil }
        self = type
    }

    public var name: String {
        switch self {
        case .a: "A"
        case .ns: "NS"
        case .cname: "CNAME"
        case .soa: "SOA"
        case .mx: "MX"
        case .txt: "TXT"
        case .aaaa: "AAAA"
        case .rrsig: "RRSIG"
        case .dnskey: "DNSKEY"
        }
    }
}
