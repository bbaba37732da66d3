import Foundation

/// Where the repository's files are, seen from a test: found from this source file's path, so
/// it holds whatever directory `swift test` runs in.
public enum RepositoryPaths {
    /// The directory holding Package.swift.
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("no Package.swift above \(#filePath)")
    }()

    /// The golden files of the real kernel IPVS and ipvsadm (`Fixtures/oracle/<group>/NAME.sh|out`).
    public static let fixtures = root.appendingPathComponent("Fixtures")
    public static let oracleFixtures = root.appendingPathComponent("Fixtures/oracle")

    /// The seeds' director scripts, addresses moved into the lab's range.
    public static let seedFixtures = root.appendingPathComponent("Fixtures/seeds")
}
