/// The "== log", "== notify" and "== fifo" parts of an oracle capture: lines cut into windows
/// ("-- until snap LABEL", "-- until reload", "-- until stop", "-- until stopped"), each window
/// sorted by the capture (checks run concurrently) except the shutdown log ("(in order)").
struct OracleWindows: Equatable {
    var windows: [(label: String, lines: [String])]

    static func == (a: Self, b: Self) -> Bool {
        a.windows.map(\.label) == b.windows.map(\.label) && a.windows.map(\.lines) == b.windows.map(\.lines)
    }

    init(windows: [(label: String, lines: [String])]) {
        self.windows = windows
    }

    /// The windows of a section body; nil when the capture has no such section.
    init?(section body: String?) {
        guard let body else { return nil }
        windows = []
        for line in body.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if line.hasPrefix("-- until ") {
                windows.append((String(line.dropFirst("-- until ".count)), []))
            } else if !windows.isEmpty {
                windows[windows.count - 1].lines.append(String(line))
            }
        }
    }

    /// keepalived log lines that come from parts other than the table lifecycle (the checkers'
    /// registration and per-URL details, the IPVS socket, the script-security audit).
    static let foreignLogPrefixes = [
        "Activating healthchecker", "Initializing ipvs", "Reinitializing ipvs", "SECURITY VIOLATION",
        "HTTP status code success to", "MD5 digest success to", "Got SIGHUP", "Reloading",
        "Reload complete",
        // The configuration reader's diagnostics ("(FILE: Line N) ...", warnings).
        "WARNING - ", "Warning: ", "(/",
        // VRRP and its netlink/ARP plumbing ("(VI_1) Entering MASTER STATE", ...).
        "(VI_", "Registering ", "Assigned address", "Deassigned address", "Sending gratuitous ARP",
        "VRRP sockpool", "Sending unsolicited Neighbour Adverts",
    ]

    /// Configuration checks keepalived logs while reading (check_data.c), with the names inside.
    static let foreignLogSuffixes = ["no forwarding method set, setting default NAT", "ports don't match"]

    /// The log windows without lines the lifecycle does not produce.
    func withoutForeignLogLines() -> Self {
        Self(
            windows: windows.map { window in
                (
                    window.label,
                    window.lines.filter { line in
                        !Self.foreignLogPrefixes.contains { line.hasPrefix($0) }
                            && !Self.foreignLogSuffixes.contains { line.hasSuffix($0) }
                    }
                )
            })
    }

    var text: String {
        windows.map { "-- until \($0.label)\n" + $0.lines.map { $0 + "\n" }.joined() }.joined()
    }
}
