/// keepalived's configuration error levels (config_err_t in lib/parser.h), in its order: the
/// first three mean keepalived cannot run the file; the rest are reported while it still runs.
/// `keepalived -t` exits with the status of the highest raw value reported (see `exitStatus`).
public enum ConfigStatus: Int, Hashable, Sendable, Comparable {
    case ok = 0
    case fileNotFound
    case badInterface
    case fatal
    case multipleFiles
    case unknownKeyword
    case unexpectedBlockStart
    case missingBlockStart
    case unexpectedBlockEnd
    case missingBlockEnd
    case unmatchedQuote
    case missingParameter
    case invalidNumber
    case generalError
    case warning
    case deprecated
    case securityError

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// What `keepalived -t` exits with (config_test_exit in keepalived/core/main.c): 0 when nothing
    /// was reported, 4 when the file cannot be run, 6 for script security, 5 for everything else.
    public var exitStatus: Int32 {
        switch self {
        case .ok: 0
        case .fileNotFound, .badInterface, .fatal: 4
        case .securityError: 6
        default: 5
        }
    }
}
