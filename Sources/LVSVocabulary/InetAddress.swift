/// An IPv4 or IPv6 address held in two 64-bit words, so it hashes and compares without
/// allocation on the per-packet path. IPv4 lives in the low 32 bits of `low`.
public struct InetAddress: Hashable, Sendable, Codable {
    public enum Family: UInt8, Hashable, Sendable, Codable, Comparable {
        case inet = 2  // AF_INET
        case inet6 = 10  // AF_INET6
        public static func < (a: Family, b: Family) -> Bool { a.rawValue < b.rawValue }
    }
    public var family: Family
    public var high: UInt64
    public var low: UInt64

    public init(v4 value: UInt32) {
        family = .inet
        high = 0
        low = UInt64(value)
    }
    public init(v6High high: UInt64, low: UInt64) {
        family = .inet6
        self.high = high
        self.low = low
    }
    /// IPv6 from eight 16-bit groups.
    public init(v6 groups: [UInt16]) {
        precondition(groups.count == 8)
        var h: UInt64 = 0
        var l: UInt64 = 0
        for i in 0..<4 { h = h << 16 | UInt64(groups[i]) }
        for i in 4..<8 { l = l << 16 | UInt64(groups[i]) }
        self.init(v6High: h, low: l)
    }

    public var isV4: Bool { family == .inet }
    /// The IPv4 value in host order (meaningless for IPv6).
    public var v4: UInt32 { UInt32(truncatingIfNeeded: low) }
    public var isZero: Bool { high == 0 && low == 0 }

    public var v6Groups: [UInt16] {
        (0..<4).map { UInt16(truncatingIfNeeded: high >> UInt64(48 - 16 * $0)) }
            + (0..<4).map { UInt16(truncatingIfNeeded: low >> UInt64(48 - 16 * $0)) }
    }

    /// The 4 or 16 bytes in network order.
    public var bytes: [UInt8] {
        if isV4 { return (0..<4).map { UInt8(truncatingIfNeeded: v4 >> UInt32(24 - 8 * $0)) } }
        return (0..<8).map { UInt8(truncatingIfNeeded: high >> UInt64(56 - 8 * $0)) }
            + (0..<8).map { UInt8(truncatingIfNeeded: low >> UInt64(56 - 8 * $0)) }
    }

    /// Applies a prefix mask (persistence netmask, -M).
    public func masked(prefixLength: Int) -> InetAddress {
        var r = self
        if isV4 {
            let p = max(0, min(32, prefixLength))
            let m: UInt32 = p == 0 ? 0 : ~UInt32(0) << UInt32(32 - p)
            r.low = UInt64(v4 & m)
        } else {
            let p = max(0, min(128, prefixLength))
            let hm: UInt64 = p >= 64 ? ~0 : (p == 0 ? 0 : ~UInt64(0) << UInt64(64 - p))
            let lm: UInt64 = p <= 64 ? 0 : (p >= 128 ? ~0 : ~UInt64(0) << UInt64(128 - p))
            r.high &= hm
            r.low &= lm
        }
        return r
    }

    // MARK: Parsing (inet_pton semantics: strict, no names)

    public init?(_ text: String) {
        if let v = InetAddress.parseV4(text) {
            self.init(v4: v)
            return
        }
        if let g = InetAddress.parseV6(text) {
            self.init(v6: g)
            return
        }
        return nil
    }

    /// Strict dotted quad as inet_pton(AF_INET): exactly four decimal parts 0...255, no leading zeros.
    public static func parseV4(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var v: UInt32 = 0
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            if p.count > 1 && p.first == "0" { return nil }
            guard let n = UInt32(p), n <= 255 else { return nil }
            v = v << 8 | n
        }
        return v
    }

    /// inet_pton(AF_INET6): eight groups, one `::`, optional trailing dotted quad.
    public static func parseV6(_ text: String) -> [UInt16]? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII }) else { return nil }
        var head: [UInt16] = []
        var tail: [UInt16] = []
        var sawGap = false
        let s = Array(text)
        var i = 0
        if s.count >= 2 && s[0] == ":" && s[1] == ":" {
            sawGap = true
            i = 2
        } else if s.first == ":" {
            return nil
        }
        while i < s.count {
            // Find next token up to ':'
            var j = i
            while j < s.count && s[j] != ":" { j += 1 }
            let tok = String(s[i..<j])
            if tok.isEmpty { return nil }
            if tok.contains(".") {
                guard j == s.count, let v4 = parseV4(tok) else { return nil }
                let a = UInt16(v4 >> 16)
                let b = UInt16(v4 & 0xffff)
                if sawGap { tail += [a, b] } else { head += [a, b] }
                i = j
                break
            }
            guard tok.count <= 4, let g = UInt16(tok, radix: 16) else { return nil }
            if sawGap { tail.append(g) } else { head.append(g) }
            if j == s.count {
                i = j
                break
            }
            // s[j] == ":"
            if j + 1 < s.count && s[j + 1] == ":" {
                if sawGap { return nil }
                sawGap = true
                i = j + 2
            } else {
                if j + 1 == s.count { return nil }
                i = j + 1
            }
        }
        let n = head.count + tail.count
        if sawGap {
            guard n <= 7 else { return nil }
            return head + Array(repeating: 0, count: 8 - n) + tail
        }
        return n == 8 ? head : nil
    }
}

extension InetAddress: Comparable {
    /// Family first, then numeric value (the order ipvsadm's sort uses within a family).
    public static func < (a: InetAddress, b: InetAddress) -> Bool {
        if a.family != b.family { return a.family < b.family }
        if a.high != b.high { return a.high < b.high }
        return a.low < b.low
    }
}

extension InetAddress: CustomStringConvertible {
    /// inet_ntop formatting, as glibc prints it (ipvsadm's output depends on it).
    public var description: String {
        if isV4 {
            let v = v4
            return "\(v >> 24).\((v >> 16) & 0xff).\((v >> 8) & 0xff).\(v & 0xff)"
        }
        let w = v6Groups
        // Longest run of zero groups of length >= 2; the first wins ties.
        var bestBase = -1
        var bestLen = 0
        var curBase = -1
        var curLen = 0
        for i in 0..<8 {
            if w[i] == 0 {
                if curBase < 0 {
                    curBase = i
                    curLen = 1
                } else {
                    curLen += 1
                }
            } else if curBase >= 0 {
                if curLen > bestLen {
                    bestBase = curBase
                    bestLen = curLen
                }
                curBase = -1
            }
        }
        if curBase >= 0 && curLen > bestLen {
            bestBase = curBase
            bestLen = curLen
        }
        if bestLen < 2 { bestBase = -1 }
        var out = ""
        var i = 0
        while i < 8 {
            if bestBase >= 0 && i >= bestBase && i < bestBase + bestLen {
                if i == bestBase { out += ":" }
                i += 1
                continue
            }
            if i != 0 { out += ":" }
            // glibc prints an embedded IPv4 for ::a.b.c.d and ::ffff:a.b.c.d
            if i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xffff)) {
                out += "\(w[6] >> 8).\(w[6] & 0xff).\(w[7] >> 8).\(w[7] & 0xff)"
                return out
            }
            out += String(w[i], radix: 16)
            i += 1
        }
        if bestBase >= 0 && bestBase + bestLen == 8 { out += ":" }
        return out
    }
}
