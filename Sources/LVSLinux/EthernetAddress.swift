/// A 48-bit IEEE MAC address.
public struct EthernetAddress: Hashable, Sendable, CustomStringConvertible {
    public var bytes: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8)

    public init(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8, _ b3: UInt8, _ b4: UInt8, _ b5: UInt8) {
        bytes = (b0, b1, b2, b3, b4, b5)
    }

    /// The first six bytes of `raw`, or nil if there are fewer.
    public init?<C: Collection<UInt8>>(_ raw: C) {
        guard raw.count >= 6 else { return nil }
        let a = Array(raw.prefix(6))
        self.init(a[0], a[1], a[2], a[3], a[4], a[5])
    }

    /// Parses "aa:bb:cc:dd:ee:ff".
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 6 else { return nil }
        var out: [UInt8] = []
        for p in parts {
            guard p.count == 2, let v = UInt8(p, radix: 16) else { return nil }
            out.append(v)
        }
        self.init(out)
    }

    public static let broadcast = EthernetAddress(0xff, 0xff, 0xff, 0xff, 0xff, 0xff)

    public var array: [UInt8] { [bytes.0, bytes.1, bytes.2, bytes.3, bytes.4, bytes.5] }

    public var description: String {
        array.map { b in
            let s = String(b, radix: 16)
            return s.count == 1 ? "0" + s : s
        }.joined(separator: ":")
    }

    public static func == (a: EthernetAddress, b: EthernetAddress) -> Bool { a.array == b.array }
    public func hash(into h: inout Hasher) { h.combine(array) }
}
