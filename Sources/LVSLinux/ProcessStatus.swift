/// What /proc/PID/status says about a process's privileges: its effective capabilities and
/// supplementary groups.
public struct ProcessStatus: Sendable, Hashable {
    /// The `CapEff:` mask.
    public var effectiveCapabilities: UInt64
    /// The `Groups:` list.
    public var groups: [UInt32]

    /// CAP_NET_ADMIN's bit number (linux/capability.h).
    public static let capNetAdmin = 12

    public var hasNetAdmin: Bool { effectiveCapabilities & (1 << UInt64(Self.capNetAdmin)) != 0 }

    public init(effectiveCapabilities: UInt64, groups: [UInt32] = []) {
        self.effectiveCapabilities = effectiveCapabilities
        self.groups = groups
    }

    /// Reads /proc/PID/status; nil when the process is gone or its status is hidden.
    public static func read(pid: Int32) -> ProcessStatus? {
        guard pid > 0, let text = try? ProcFile.read("/proc/\(pid)/status") else { return nil }
        return parse(text)
    }

    /// The status file's text; nil without a readable `CapEff:` line.
    public static func parse(_ text: String) -> ProcessStatus? {
        var capabilities: UInt64?
        var groups: [UInt32] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("CapEff:") {
                capabilities = UInt64(line.dropFirst("CapEff:".count).trimmingCharacters(in: " \t"), radix: 16)
            } else if line.hasPrefix("Groups:") {
                groups = line.dropFirst("Groups:".count).split(whereSeparator: { $0 == " " || $0 == "\t" })
                    .compactMap { UInt32($0) }
            }
        }
        return capabilities.map { ProcessStatus(effectiveCapabilities: $0, groups: groups) }
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> Substring {
        var s = self
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return s
    }
}
