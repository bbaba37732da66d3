import LVSControl
import LVSCore
import LVSLinux

/// The director's state file and its journal: where they are, reading them at start,
/// appending a batch after a change, rewriting the state file now and then. The encoding and
/// its checks are `TableStateCodec`'s; this is only the files.
///
/// Saving a change costs what the change is, not the table's size: the batch is appended to
/// the journal (`STATE.journal`, one line a batch, flushed to disk before ipvsadm hears back),
/// and the state file is rewritten whole (with a new journal) only when the journal has grown
/// past the state file, so the rewriting stays linear in the work done.
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

    var journalPath: String { path + ".journal" }

    /// A state read at start with the sizes of its two files (what decides the next rewrite).
    struct Loaded {
        var state: TableState
        var stateBytes: Int
        var journalBytes: Int
    }

    /// The table to restore: the state file's operations and then the batches of its
    /// journal, checked to apply as one batch; nil when there is no file (a first start).
    func load() throws(DirectorStateStoreError) -> Loaded? {
        guard let base = try loadStateFile() else { return nil }
        var state = base.state
        var journalBytes = 0
        if let name = state.journal {
            let text: String?
            do { text = try TextFile.read(journalPath) } catch { throw .unreadable(journalPath, "\(error)") }
            if let text {
                let bytes = Array(text.utf8)
                journalBytes = bytes.count
                do throws(TableStateError) {
                    for batch in try TableStateCodec().decodeJournal(bytes, name: name) {
                        state.operations += batch
                    }
                    try TableStateCodec().check(state.operations)
                } catch {
                    throw .corrupt(journalPath, error)
                }
            }
        }
        return Loaded(state: state, stateBytes: base.bytes, journalBytes: journalBytes)
    }

    private func loadStateFile() throws(DirectorStateStoreError) -> (state: TableState, bytes: Int)? {
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
            let bytes = Array(text.utf8)
            return (try TableStateCodec().decode(bytes), bytes.count)
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

    /// Replaces the file with `state` under a new journal (temporary file, fsync, rename, fsync
    /// of the directory), then starts that journal empty. A crash between the two leaves the
    /// old journal, whose name the new state file no longer gives: it is ignored, its batches
    /// being in the new state file. Returns the sizes of the state file and the journal.
    func save(_ state: TableState) throws(DirectorStateStoreError) -> (stateBytes: Int, journalBytes: Int) {
        var state = state
        let name = String(UInt64.random(in: 1...UInt64.max), radix: 16)
        state.journal = name
        let codec = TableStateCodec()
        let bytes = codec.encode(state)
        let header = codec.journalHeader(name)
        let slash = path.lastIndex(of: "/")
        do {
            if let slash, slash != path.startIndex { try TextFile.makeDirectories(String(path[..<slash]), mode: 0o700) }
            try TextFile.writeAtomically(path, bytes: bytes, mode: 0o600, durable: true)
        } catch {
            throw .unwritable(path, "\(error)")
        }
        do {
            try TextFile.writeAtomically(journalPath, bytes: header, mode: 0o600, durable: true)
        } catch {
            throw .unwritable(journalPath, "\(error)")
        }
        return (bytes.count, header.count)
    }

    /// Appends an applied batch to the journal, on disk before this returns; returns the
    /// journal's size.
    func append(_ operations: [AdminOperation]) throws(DirectorStateStoreError) -> Int {
        do {
            return try TextFile.append(journalPath, bytes: TableStateCodec().journalLine(operations), durable: true)
        } catch {
            throw .unwritable(journalPath, "\(error)")
        }
    }
}
