/// keepalived's `status_code 200 301-302 ...`: codes and ranges within 100-599; 200-299 by default.
public struct HTTPStatusCodeSet: Sendable, Equatable, CustomStringConvertible {
    public private(set) var ranges: [ClosedRange<Int>]

    public static let defaultSuccess = HTTPStatusCodeSet(ranges: [200...299])
    static let validCodes = 100...599

    public init(ranges: [ClosedRange<Int>]) {
        self.ranges = ranges
    }

    /// Parses keepalived.conf's words ("200", "200-299"); nil if any is not a code or range in 100-599.
    public init?(words: [String]) {
        var ranges: [ClosedRange<Int>] = []
        for word in words {
            let parts = word.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 1 || parts.count == 2 else { return nil }
            guard let low = Int(parts[0]), let high = parts.count == 2 ? Int(parts[1]) : low,
                  low <= high, Self.validCodes.contains(low), Self.validCodes.contains(high) else { return nil }
            ranges.append(low...high)
        }
        guard !ranges.isEmpty else { return nil }
        self.ranges = ranges
    }

    /// Codes outside 100-599 (0 included, for an unparsable status line) are never accepted.
    public func contains(_ code: Int) -> Bool {
        Self.validCodes.contains(code) && ranges.contains { $0.contains(code) }
    }

    /// "200-299", "200 301-302".
    public var description: String {
        ranges.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }
            .joined(separator: " ")
    }
}
