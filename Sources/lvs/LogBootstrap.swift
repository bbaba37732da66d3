import LVSControl
import LVSLinux
import Logging

/// `--log-level` and `--log-format` of the daemons (`lvs director`, `lvs keepalived`): swift-log's
/// text lines on standard error, or one logfmt / JSON record per line.
enum LogBootstrap {
    static let formatHelp = "swift-log's text lines, or one line per record for a log collector (logfmt or json)."

    /// nil when `format` is valid ("text" or a `LogLineFormat`), else the message to refuse it with.
    static func problem(format: String) -> String? {
        format == "text" || LogLineFormat(rawValue: format) != nil ? nil : "--log-format must be text, logfmt or json"
    }

    static func bootstrap(level: String, format: String) {
        let level = Logger.Level(rawValue: level) ?? .info
        if let format = LogLineFormat(rawValue: format) {
            LoggingSystem.bootstrap { label in
                var h = StructuredLogHandler(
                    label: label, format: format, time: { UTCTimestamp.now() }, write: { StandardStreams.err($0) })
                h.logLevel = level
                return h
            }
        } else {
            LoggingSystem.bootstrap { label in
                var h = StreamLogHandler.standardError(label: label)
                h.logLevel = level
                return h
            }
        }
    }
}
