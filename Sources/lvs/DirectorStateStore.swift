import LVSControl
import LVSCore
import LVSLinux

/// The director's state file: where it is, reading it at start, rewriting it after a change.
/// The encoding and its checks are `TableStateCodec`'s; this is only the file.
struct DirectorStateStore: Sendable {
    static let defaultPath = "/var/lib/lvs/director.state"

    let path: String

    /// `--state-file` if given; else beside a control socket at a path other than the old
    /// default one (so directors on their own sockets - tests, labs, the demo - never share a
    /// table); else under /var/lib/lvs, which outlives a reboot as an operator's ipvsadm-save
    /// file would: `director.state` for the default abstract socket, and one file per named
    /// network namespace (`netns-NAME.state`), since each namespace has its own director.
    static func resolve(stateFile: String?, controlSocket: String, namespaceName: String? = nil) -> String {
        if let stateFile { return stateFile }
        if controlSocket.hasPrefix("@") {
            let directory = "/var/lib/lvs/"
            let netns = namespaceName.map { "netns-" + sanitized($0) }
            if controlSocket == ControlSocketPath.defaultPath {
                return netns.map { directory + $0 + ".state" } ?? defaultPath
            }
            let name = sanitized(String(controlSocket.dropFirst()))
            return directory + (netns.map { $0 + "-" } ?? "") + name + ".state"
        }
        if controlSocket == ControlSocketPath.legacyPath { return defaultPath }
        let base = controlSocket.hasSuffix(".sock") ? String(controlSocket.dropLast(5)) : controlSocket
        return base + ".state"
    }

    /// A name as one file-name component.
    private static func sanitized(_ name: String) -> String {
        String(name.map { $0 == "/" || $0 == "\0" ? "_" : $0 })
    }

    /// Where the ip_forward value found at start is kept while the director holds it at 0.
    var forwardingRecordPath: String { path + ".ip_forward" }

    /// The table to restore; nil when there is no file (a first start).
    func load() throws(DirectorStateStoreError) -> TableState? {
        let kind: PathKind
        do { kind = try PathKind.of(path) } catch { throw .unreadable(path, "\(error)") }
        switch kind {
        case .missing: return nil
        case .regularFile, .symbolicLink: break
        default: throw .unreadable(path, "it is \(kind), not a file")
        }
        let text: String?
        do { text = try TextFile.read(path) } catch { throw .unreadable(path, "\(error)") }
        guard let text else { return nil }
        do throws(TableStateError) {
            return try TableStateCodec().decode(Array(text.utf8))
        } catch {
            throw .corrupt(path, error)
        }
    }

    /// Removes the temporary files a director killed in the middle of `save` left beside the
    /// state file (`NAME.tmp-PID`); the state file itself is whole, the rename being atomic.
    func removeLeftoverTemporaries() -> [String] {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let prefix = (slash.map { String(path[path.index(after: $0)...]) } ?? path) + ".tmp-"
        var removed: [String] = []
        for name in TextFile.names(in: directory) where name.hasPrefix(prefix) {
            let pid = name.dropFirst(prefix.count)
            guard !pid.isEmpty, pid.allSatisfy(\.isNumber) else { continue }
            if (try? TextFile.remove(directory + "/" + name)) == true { removed.append(name) }
        }
        return removed
    }

    /// Replaces the file with `state` (temporary file, fsync, rename, fsync of the directory).
    func save(_ state: TableState) throws(DirectorStateStoreError) {
        let slash = path.lastIndex(of: "/")
        do {
            if let slash, slash != path.startIndex { try TextFile.makeDirectories(String(path[..<slash]), mode: 0o700) }
            try TextFile.writeAtomically(path, bytes: TableStateCodec().encode(state), mode: 0o600, durable: true)
        } catch {
            throw .unwritable(path, "\(error)")
        }
    }
}
