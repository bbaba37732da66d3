/// An option of a sync entry that the receiver may ignore: its type has the "optional" bit
/// (kernel IPVS_OPT_F_PARAM, 0x40) and is none of the known ones. Kept so a relayed or
/// re-encoded entry loses nothing.
public struct SyncOptionalParameter: Hashable, Sendable {
    /// Set in the type of every option a receiver may skip when it does not know it.
    public static let optionalBit: UInt8 = 0x40

    /// The type byte as sent, optional bit included.
    public var type: UInt8
    /// 1 to 255 bytes.
    public var value: [UInt8]

    public init(type: UInt8, value: [UInt8]) {
        self.type = type
        self.value = value
    }
}
