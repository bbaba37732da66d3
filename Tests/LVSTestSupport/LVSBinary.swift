import Foundation

/// The `lvs` executable the tests run (`swift test` builds every product before the tests), or
/// nil when it was not built.
public enum LVSBinary {
    public static let url: URL? = {
        // Beside the test bundle first: that is the configuration being tested (debug or release).
        var candidates: [URL] = []
        if let executable = CommandLine.arguments.first {
            var url = URL(fileURLWithPath: executable)
            for _ in 0..<4 {
                url.deleteLastPathComponent()
                candidates.append(url.appendingPathComponent("lvs"))
            }
        }
        candidates.append(RepositoryPaths.root.appendingPathComponent(".build/debug/lvs"))
        candidates.append(RepositoryPaths.root.appendingPathComponent(".build/release/lvs"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// `url` as a path, for argv.
    public static var path: String? { url?.path }
}
