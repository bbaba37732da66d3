import Logging

/// A log record as one line a log collector parses without guessing: logfmt (`key=value`, values
/// quoted where they need it) or a JSON object. The time, level, logger and message come first,
/// then the metadata by key, so the same event always gives the same line.
public enum LogLineFormat: String, Sendable, CaseIterable {
    case logfmt
    case json

    public func line(
        time: String, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata
    ) -> String {
        var fields: [(String, String)] = [
            ("time", time), ("level", level.rawValue), ("logger", label), ("msg", message),
        ]
        for key in metadata.keys.sorted() {
            // Metadata may repeat a field name; the record's own field keeps it.
            let name = ["time", "level", "logger", "msg"].contains(key) ? "meta_" + key : key
            fields.append((name, Self.text(metadata[key]!)))
        }
        switch self {
        case .logfmt:
            return fields.map { Self.logfmtKey($0.0) + "=" + Self.logfmtValue($0.1) }.joined(separator: " ")
        case .json:
            return "{" + fields.map { Self.jsonString($0.0) + ":" + Self.jsonString($0.1) }.joined(separator: ",") + "}"
        }
    }

    /// A metadata value as text: strings as they are, lists and dictionaries as swift-log
    /// prints them.
    static func text(_ value: Logger.Metadata.Value) -> String {
        if case .string(let s) = value { return s }
        return value.description
    }

    /// A logfmt key has no blank, `=` or `"`: those become `_`.
    static func logfmtKey(_ key: String) -> String {
        let cleaned = String(key.map { $0 == " " || $0 == "=" || $0 == "\"" || $0.isNewline ? "_" : $0 })
        return cleaned.isEmpty ? "_" : cleaned
    }

    /// Bare when it can be; quoted (with `\"`, `\\`, `\n` escapes) when empty or holding a blank,
    /// `=`, `"`, a backslash or a control character.
    static func logfmtValue(_ value: String) -> String {
        let needsQuotes =
            value.isEmpty
            || value.unicodeScalars.contains {
                $0 == " " || $0 == "=" || $0 == "\"" || $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F
            }
        guard needsQuotes else { return value }
        return "\"" + escaped(value) + "\""
    }

    static func jsonString(_ value: String) -> String { "\"" + escaped(value) + "\"" }

    /// The escapes JSON and logfmt share; other control characters as `\u00XX`.
    private static func escaped(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
