import LVSVocabulary

/// Service flags as the kernel keeps them (IP_VS_SVC_F_*).
public struct ServiceFlags: OptionSet, Hashable, Sendable, Codable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public static let persistent = ServiceFlags(rawValue: 0x0001)
    public static let hashed = ServiceFlags(rawValue: 0x0002)
    public static let onePacket = ServiceFlags(rawValue: 0x0004)
    public static let schedFlag1 = ServiceFlags(rawValue: 0x0008)
    public static let schedFlag2 = ServiceFlags(rawValue: 0x0010)
    public static let schedFlag3 = ServiceFlags(rawValue: 0x0020)
    // Aliases the sh and mh schedulers give the generic flags.
    public static let shFallback = schedFlag1
    public static let shPort = schedFlag2
    public static let mhFallback = schedFlag1
    public static let mhPort = schedFlag2
}
