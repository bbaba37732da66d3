import Foundation
import LVSCore
import LVSVocabulary

/// A `TableState` as the bytes of a state file (JSON, one operation a line, so an operator can
/// read what a director will restore), and back. Decoding checks everything a restore would: the format,
/// the version, and that the operations apply as one batch to an empty table, so a file that
/// decodes restores completely or the caller learns why before anything is applied.
public struct TableStateCodec: Sendable {
    public init() {}

    /// One operation per line in a JSON object (compact JSON inside each line): an operator can
    /// read and diff it like `ipvsadm -S`, and it stays a quarter of the pretty-printed size.
    public func encode(_ state: TableState) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var bytes = Array("{\"version\":\(state.version),\"operations\":[".utf8)
        for (i, operation) in state.operations.enumerated() {
            bytes.append(contentsOf: Array((i == 0 ? "\n" : ",\n").utf8))
            // Every field is a plain value (numbers, strings, enums): encoding cannot fail.
            bytes.append(contentsOf: (try? encoder.encode(operation)) ?? Data())
        }
        bytes.append(contentsOf: Array("\n]".utf8))
        if !state.vrrpAddresses.isEmpty {
            bytes.append(contentsOf: Array(",\n\"vrrpAddresses\":".utf8))
            bytes.append(contentsOf: (try? encoder.encode(state.vrrpAddresses)) ?? Data("{}".utf8))
        }
        if let journal = state.journal {
            bytes.append(contentsOf: Array(",\n\"journal\":".utf8))
            bytes.append(contentsOf: (try? encoder.encode(journal)) ?? Data("\"\"".utf8))
        }
        bytes.append(contentsOf: Array("}\n".utf8))
        return bytes
    }

    // MARK: The journal: one line naming it, then one line per applied batch

    public func journalHeader(_ name: String) -> [UInt8] {
        Array("{\"journal\":".utf8) + ((try? JSONEncoder().encode(name)).map(Array.init) ?? []) + Array("}\n".utf8)
    }

    /// One batch as a journal line (compact JSON, newline-terminated).
    public func journalLine(_ operations: [AdminOperation]) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(operations)).map(Array.init) ?? Array("[]".utf8)) + [UInt8(ascii: "\n")]
    }

    /// The batches of a journal that follows a state file naming `name`: none if the journal
    /// is another's (an old one, folded into the state file before a crash let it be
    /// replaced). A last line without its newline is a batch whose write a crash cut short; it
    /// was never acknowledged (the answer waits for the write), so it is left out.
    public func decodeJournal(_ bytes: [UInt8], name: String) throws(TableStateError) -> [[AdminOperation]] {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        // A complete journal ends with a newline, leaving an empty last piece; otherwise the
        // last piece is the torn batch.
        lines.removeLast()
        guard let first = lines.first else { return [] }
        struct Header: Decodable { var journal: String }
        guard let header = try? JSONDecoder().decode(Header.self, from: Data(first)) else {
            throw .malformed("the journal's first line does not name it")
        }
        guard header.journal == name else { return [] }
        var batches: [[AdminOperation]] = []
        for (i, line) in lines.enumerated().dropFirst() {
            do {
                batches.append(try JSONDecoder().decode([AdminOperation].self, from: Data(line)))
            } catch {
                throw .malformed("journal line \(i + 1): " + Self.describe(error))
            }
        }
        return batches
    }

    public func decode(_ bytes: [UInt8]) throws(TableStateError) -> TableState {
        if bytes.isEmpty { throw .empty }
        struct Header: Decodable { var version: Int }
        let data = Data(bytes)
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: data)
        } catch {
            throw .malformed(Self.describe(error))
        }
        guard header.version == TableState.currentVersion else {
            throw .unsupportedVersion(header.version, supported: TableState.currentVersion)
        }
        let state: TableState
        do {
            state = try JSONDecoder().decode(TableState.self, from: data)
        } catch {
            throw .malformed(Self.describe(error))
        }
        try check(state.operations)
        return state
    }

    /// That `operations` apply as one batch to an empty table, as a restore applies them.
    public func check(_ operations: [AdminOperation]) throws(TableStateError) {
        do throws(IPVSTable.BatchError) {
            try IPVSTable().apply(operations, now: Instant(milliseconds: 0))
        } catch {
            throw .refused(error)
        }
    }

    /// What JSONDecoder found wrong, with where (its default description is an opaque enum dump).
    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func at(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            let detail = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return (path.isEmpty ? "" : "at \(path): ") + context.debugDescription
                + (detail.map { " (\($0))" } ?? "")
        }
        switch error {
        case .dataCorrupted(let c): return "not valid JSON: " + at(c)
        case .keyNotFound(let key, let c): return "missing \"\(key.stringValue)\" " + at(c)
        case .typeMismatch(_, let c), .valueNotFound(_, let c): return at(c)
        @unknown default: return "\(error)"
        }
    }
}
