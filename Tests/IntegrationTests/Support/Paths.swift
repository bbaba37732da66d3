import Foundation

/// Where the repository and the built `lvs` binary are, seen from a test.
enum Paths {
    static let repoRoot: URL = {
        var u = URL(fileURLWithPath: #filePath)
        while u.path != "/" {
            u.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: u.appendingPathComponent("Package.swift").path) { return u }
        }
        fatalError("no Package.swift above \(#filePath)")
    }()

    static let fixtures = repoRoot.appendingPathComponent("Fixtures/oracle")

    /// The `lvs` built beside the test bundle (swift test builds every product first).
    static let lvsBinary: URL? = {
        var candidates: [URL] = []
        if let exe = CommandLine.arguments.first {
            var u = URL(fileURLWithPath: exe)
            for _ in 0..<4 { u.deleteLastPathComponent(); candidates.append(u.appendingPathComponent("lvs")) }
        }
        candidates.append(repoRoot.appendingPathComponent(".build/debug/lvs"))
        candidates.append(repoRoot.appendingPathComponent(".build/release/lvs"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()
}
