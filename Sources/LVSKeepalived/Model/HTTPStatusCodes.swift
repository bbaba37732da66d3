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
}
