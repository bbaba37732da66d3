import CLVSLinux

#if canImport(Glibc)
import Glibc
#endif

/// A terminal's size in characters, as TIOCGWINSZ reports it.
public struct TerminalSize: Hashable, Sendable {
    public var columns: Int
    public var rows: Int

    public init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
    }

    /// What a screen is drawn for when the size cannot be read (not a terminal).
    public static let fallback = TerminalSize(columns: 80, rows: 24)

    /// The size of the terminal on `fd`; nil when `fd` is not a terminal or reports no size.
    public static func of(_ fd: Int32) -> TerminalSize? {
        var size = winsize()
        guard clvs_ioctl_ptr(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else { return nil }
        return TerminalSize(columns: Int(size.ws_col), rows: Int(size.ws_row))
    }

    /// Whether `fd` is a terminal (screen control sequences are written only to one).
    public static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }
}
