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
        bytes.append(contentsOf: Array("}\n".utf8))
        return bytes
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
        do throws(IPVSTable.BatchError) {
            try IPVSTable().apply(state.operations, now: Instant(milliseconds: 0))
        } catch {
            throw .refused(error)
        }
        return state
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
