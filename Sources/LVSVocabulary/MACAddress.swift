/// A 48-bit Ethernet address held in the low bits of a UInt64 (no arrays on the packet path).
public struct MACAddress: Hashable, Sendable, CustomStringConvertible {
    public let value: UInt64

    public init(_ value: UInt64) { self.value = value & 0xFFFF_FFFF_FFFF }

    public init(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8, _ b3: UInt8, _ b4: UInt8, _ b5: UInt8) {
        self.init(
            UInt64(b0) << 40 | UInt64(b1) << 32 | UInt64(b2) << 24 | UInt64(b3) << 16 | UInt64(b4) << 8 | UInt64(b5))
    }

    /// Parses `aa:bb:cc:dd:ee:ff` (or `-` separated). Configuration only.
    public init?(_ text: String) {
        let parts = text.split(whereSeparator: { $0 == ":" || $0 == "-" })
        guard parts.count == 6 else { return nil }
        var v: UInt64 = 0
        for p in parts {
            guard p.count <= 2, let b = UInt8(p, radix: 16) else { return nil }
            v = v << 8 | UInt64(b)
        }
        self.init(v)
    }

    /// The first six bytes of `raw`, or nil if there are fewer.
    public init?<C: Collection<UInt8>>(bytes raw: C) {
        guard raw.count >= 6 else { return nil }
        var v: UInt64 = 0
        for b in raw.prefix(6) { v = v << 8 | UInt64(b) }
        self.init(v)
    }

    /// The six bytes, first on the wire first.
    public var bytes: [UInt8] { (0..<6).map { UInt8(truncatingIfNeeded: value >> UInt64(40 - 8 * $0)) } }

    public static let broadcast = MACAddress(0xFFFF_FFFF_FFFF)
    public static let zero = MACAddress(0)

    public var isBroadcast: Bool { value == 0xFFFF_FFFF_FFFF }
    /// Group bit (multicast and broadcast).
    public var isMulticast: Bool { value & 0x0100_0000_0000 != 0 }

    public var description: String {
        (0..<6).map { i -> String in
            let b = UInt8(truncatingIfNeeded: value >> UInt64(40 - 8 * i))
            return b < 16 ? "0" + String(b, radix: 16) : String(b, radix: 16)
        }.joined(separator: ":")
    }
}
