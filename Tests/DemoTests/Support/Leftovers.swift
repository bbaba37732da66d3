import Foundation
import LVSLinux

#if canImport(Glibc)
import Glibc
#endif

/// What a demo run may leave behind, looked up independently of the demo's own bookkeeping.
enum Leftovers {
    /// Namespaces of the demo process `pid` (`lvsdemo-<pid>-...`).
    static func namespaces(of pid: Int32) throws -> [String] {
        try shell(["ip", "netns", "list"]).split(separator: "\n")
            .map { String($0.split(separator: " ").first ?? "") }
            .filter { $0.hasPrefix("lvsdemo-\(pid)-") }
    }

    /// Processes whose environment carries `tag` (the demo's children inherit it).
    static func processes(tagged tag: String) -> [Int32] {
        let me = getpid()
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard pid != me, let env = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else {
                return false
            }
            return env.split(separator: 0).contains { String(decoding: $0, as: UTF8.self) == tag }
        }
    }

    /// Link names and IPv4 addresses in the test's own network namespace.
    static func hostInterfaces() throws -> Set<String> {
        let links = try shell(["ip", "-o", "link", "show"]).split(separator: "\n")
            .compactMap { $0.split(separator: ":").dropFirst().first?.trimmingCharacters(in: .whitespaces) }
        let addresses = try shell(["ip", "-o", "-4", "addr", "show"]).split(separator: "\n")
            .compactMap { line in line.split(separator: " ").drop { $0 != "inet" }.dropFirst().first.map(String.init) }
        return Set(links + addresses)
    }

    static func shell(_ argv: [String]) throws -> String {
        try Subprocess.run(argv).stdout
    }
}
