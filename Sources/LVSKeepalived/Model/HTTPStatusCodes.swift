/// The status codes a `url` accepts (100-599): `status_code 200 301-302 ...`; 200-299 when none given.
public struct HTTPStatusCodes: Hashable, Sendable, CustomStringConvertible {
    /// Sorted, disjoint, non-adjacent ranges.
    public private(set) var ranges: [ClosedRange<UInt16>]

    public init(_ ranges: [ClosedRange<UInt16>] = []) {
        self.ranges = []
        for range in ranges {
            insert(range)
        }
    }

    public static let defaultSuccess = HTTPStatusCodes([200...299])

    public var isEmpty: Bool { ranges.isEmpty }

    public func contains(_ code: UInt16) -> Bool {
        ranges.contains { $0.contains(code) }
    }

    /// Adds codes, merging ranges that touch (keepalived keeps a bitmap, so `200 201` is `200-201`).
    public mutating func insert(_ range: ClosedRange<UInt16>) {
        var merged = range
        var kept: [ClosedRange<UInt16>] = []
        for existing in ranges {
            if existing.upperBound &+ 1 < merged.lowerBound || merged.upperBound &+ 1 < existing.lowerBound {
                kept.append(existing)
            } else {
                merged = min(existing.lowerBound, merged.lowerBound)...max(existing.upperBound, merged.upperBound)
            }
        }
        kept.append(merged)
        ranges = kept.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// The words of a status_code line: `200-299 404`.
    public var description: String {
        ranges.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }
            .joined(separator: " ")
    }

    /// The codes a status_code line's words name ("200", "200-299"); nil if any word is not a
    /// code or range within 100-599, or there is none.
    public init?(words: [String]) {
        var codes = HTTPStatusCodes()
        for word in words {
            guard let range = Self.range(word) else { return nil }
            codes.insert(range)
        }
        guard !codes.isEmpty else { return nil }
        self = codes
    }

    /// `200` or `200-299`, within 100-599.
    public static func range(_ word: String) -> ClosedRange<UInt16>? {
        let parts = word.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard let low = parts.first.flatMap({ UInt16($0) }) else { return nil }
        let high = parts.count == 2 ? UInt16(parts[1]) : low
        guard let high, low >= 100, high <= 599, low <= high else { return nil }
        return low...high
    }

    /// Whether a response's status is accepted; a status line that did not parse (0) never is.
    public func contains(status code: Int) -> Bool {
        guard let code = UInt16(exactly: code) else { return false }
        return contains(code)
    }
}
