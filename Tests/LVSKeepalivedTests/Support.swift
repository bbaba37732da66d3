import Foundation
import LVSKeepalived
import LVSTestSupport

/// Parses `files` (path -> text) starting at `main`.
func parse(_ files: [String: String], main: String = "/etc/keepalived/keepalived.conf") -> KeepalivedParseResult {
    KeepalivedConfigurationParser(source: InMemoryConfigFileSource(files)).parse(path: main)
}

/// Parses one file at /etc/keepalived/keepalived.conf.
func parse(_ text: String) -> KeepalivedParseResult {
    parse(["/etc/keepalived/keepalived.conf": text])
}

/// The diagnostics as `keepalived -t` prints them, one string each.
func messages(_ result: KeepalivedParseResult) -> [String] {
    result.diagnostics.map(\.description)
}

/// The seed's keepalived.conf (seed 002, the LVS-DR article), addresses moved into the lab range:
/// the file the lab test runs, Fixtures/seeds/002-keepalived.conf.
let seedConfiguration: String = {
    let url = RepositoryPaths.seedFixtures.appendingPathComponent("002-keepalived.conf")
    return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
}()
