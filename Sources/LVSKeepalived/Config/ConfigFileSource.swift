/// Where configuration files come from. The parser never touches the file system itself, so it
/// stays pure and testable; the executable passes the real file system, tests an in-memory one.
public protocol ConfigFileSource {
    /// The whole text of the file at `path`; throws when it cannot be read.
    func read(_ path: String) throws -> String
    /// The existing files matching a glob(3) pattern (`*`, `?`, `[...]`), sorted as glob sorts them.
    /// A pattern without wildcards expands to itself when the file exists, to nothing otherwise.
    func expand(_ pattern: String) -> [String]
}

/// Why a file could not be read, in the words keepalived prints after "open problem".
public struct ConfigFileReadError: Error, Hashable, Sendable, CustomStringConvertible {
    public var reason: String
    public init(reason: String) {
        self.reason = reason
    }
    public var description: String { reason }
}
