/// Configuration files held in a dictionary of absolute path -> text (tests, generated configs).
public struct InMemoryConfigFileSource: ConfigFileSource, Sendable {
    public var files: [String: String]

    public init(_ files: [String: String] = [:]) {
        self.files = files
    }

    public func read(_ path: String) throws -> String {
        guard let text = files[path] ?? files[ConfigLexer.normalized(path)] else {
            throw ConfigFileReadError(reason: "No such file or directory")
        }
        return text
    }

    public func expand(_ pattern: String) -> [String] {
        // The file system resolves `.` and `..`; so does this source, to find the same files.
        let glob = GlobPattern(ConfigLexer.normalized(pattern))
        return files.keys.filter { glob.matches($0) }.sorted()
    }
}
