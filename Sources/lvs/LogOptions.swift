import ArgumentParser

/// `--log-level` and `--log-format`, as each daemon (`lvs director`, `lvs keepalived`) takes them.
struct LogOptions: ParsableArguments {
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var level = "info"

    @Option(
        name: .customLong("log-format"),
        help: ArgumentHelp(LogBootstrap.formatHelp, valueName: "text|logfmt|json"))
    var format = "text"

    func validate() throws {
        if let problem = LogBootstrap.problem(format: format) { throw ValidationError(problem) }
    }

    /// Sets up swift-log for the process, before its first logger.
    func bootstrap() { LogBootstrap.bootstrap(level: level, format: format) }
}
