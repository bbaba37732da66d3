import Logging

/// A swift-log handler writing each record as one `LogLineFormat` line (`--log-format logfmt`
/// or `json`): a state change the daemon logs is one line a collector can parse. Where the line
/// goes and what time it carries are given, so the handler itself makes no system calls.
public struct StructuredLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let format: LogLineFormat
    private let time: @Sendable () -> String
    private let write: @Sendable (String) -> Void

    public init(
        label: String, format: LogLineFormat, time: @escaping @Sendable () -> String,
        write: @escaping @Sendable (String) -> Void
    ) {
        self.label = label
        self.format = format
        self.time = time
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { _, new in new } }
        if let own = event.metadata { all.merge(own) { _, new in new } }
        if let error = event.error, all["error"] == nil { all["error"] = .string("\(error)") }
        write(
            format.line(
                time: time(), level: event.level, label: label, message: event.message.description, metadata: all)
                + "\n")
    }
}
