import LVSVocabulary

/// IPVS timeouts changed by `ipvsadm --set` (seconds; 0 in a request = leave unchanged).
public struct IPVSTimeouts: Hashable, Sendable, Codable {
    public var tcp: UInt32 = 900
    public var tcpFin: UInt32 = 120
    public var udp: UInt32 = 300
    public init(tcp: UInt32 = 900, tcpFin: UInt32 = 120, udp: UInt32 = 300) {
        self.tcp = tcp
        self.tcpFin = tcpFin
        self.udp = udp
    }
}
