import LVSVocabulary

/// ICMPv6 type numbers (RFC 4443).
public enum ICMPv6Type {
    public static let destinationUnreachable: UInt8 = 1
    public static let packetTooBig: UInt8 = 2
    public static let timeExceeded: UInt8 = 3
    public static let parameterProblem: UInt8 = 4
    public static let echoRequest: UInt8 = 128
    public static let echoReply: UInt8 = 129
    public static let neighborSolicitation: UInt8 = 135
    public static let neighborAdvertisement: UInt8 = 136

    /// Error messages (types 0-127) quote the offending packet.
    public static func isError(_ type: UInt8) -> Bool { type < 128 }
}
