import LVSVocabulary

/// Identity of a real server within a service.
public struct DestinationKey: Hashable, Sendable, Codable, Comparable {
    public var address: InetAddress
    public var port: UInt16
    public init(address: InetAddress, port: UInt16) {
        self.address = address
        self.port = port
    }
    public static func < (a: Self, b: Self) -> Bool {
        a.address != b.address ? a.address < b.address : a.port < b.port
    }
}
