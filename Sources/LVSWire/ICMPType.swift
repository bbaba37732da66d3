import LVSVocabulary

/// ICMP type numbers the director acts on.
public enum ICMPType {
    public static let echoReply: UInt8 = 0
    public static let destinationUnreachable: UInt8 = 3
    public static let sourceQuench: UInt8 = 4
    public static let echoRequest: UInt8 = 8
    public static let timeExceeded: UInt8 = 11
    public static let parameterProblem: UInt8 = 12
    public static let fragmentationNeededCode: UInt8 = 4
    public static let portUnreachableCode: UInt8 = 3

    /// Error messages that quote the offending datagram (RFC 792); IPVS matches these against
    /// connections.
    public static func isError(_ type: UInt8) -> Bool {
        type == destinationUnreachable || type == sourceQuench || type == timeExceeded || type == parameterProblem
    }
}
