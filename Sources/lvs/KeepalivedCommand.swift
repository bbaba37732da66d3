import ArgumentParser
import LVSKeepalived
import LVSLinux
#if canImport(Glibc)
import Glibc
#endif

/// `lvs keepalived`: the LVS half of keepalived. For now it checks (`-t`) and prints (`--dump-conf`)
/// a keepalived.conf; running the checkers against a director is a later step.
struct KeepalivedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keepalived",
        abstract: "Check or print a keepalived 2.2.x configuration (the LVS part; VRRP blocks are accepted).",
        discussion: """
            -t prints each problem as keepalived does, `(FILE: Line N) message`, on standard error and \
            exits as `keepalived -t`: 0 clean, 4 when the file cannot be used (missing, include cycle), \
            6 for scripts without enable_script_security, 5 for any other error or warning (unknown \
            or deprecated keywords included). --dump-conf prints the effective configuration with \
            every default written out; a configuration with errors is refused (nothing printed, exit as -t).
            """)

    @Option(name: [.customShort("f"), .customLong("use-file")], help: "The configuration file.")
    var file: String = KeepalivedConfigurationParser.defaultPath

    @Flag(name: [.customShort("t"), .customLong("config-test")], help: "Check the configuration and exit.")
    var configTest = false

    @Flag(name: .customLong("dump-conf"), help: "Print the effective configuration and exit.")
    var dumpConfiguration = false

    @Option(name: [.customShort("i"), .customLong("config-id")],
            help: "The id `@ID` lines are kept for (default: the host name up to its first dot).")
    var configID: String?

    func validate() throws {
        guard configTest || dumpConfiguration else {
            throw ValidationError(
                "Give -t (check the configuration) or --dump-conf (print the effective configuration).")
        }
    }

    func run() throws {
        let parser = KeepalivedConfigurationParser(source: FileSystemConfigSource(),
                                                   configID: configID ?? Self.hostConfigID())
        let result = parser.parse(path: file)
        StandardStreams.err(result.diagnostics.map { "\($0)\n" }.joined())
        if dumpConfiguration, let configuration = result.configuration {
            StandardStreams.out(KeepalivedConfigurationDumper.render(configuration))
        }
        let status = result.testExitStatus
        if configTest || result.configuration == nil, status != 0 {
            throw ExitCode(status)
        }
    }

    /// keepalived's default config-id: the node name up to the first dot.
    static func hostConfigID() -> String? {
        var name = utsname()
        guard uname(&name) == 0 else { return nil }
        let nodename = withUnsafeBytes(of: &name.nodename) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return nodename.split(separator: ".").first.map(String.init)
    }
}
