import ArgumentParser
import LVSControl
import LVSKeepalived
import LVSKeepalivedDaemon
import LVSLinux
import LVSMetricsServer
import LVSVRRP
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// `lvs keepalived`: the LVS half of keepalived. It checks (`-t`) and prints (`--dump-conf`) a
/// keepalived.conf, and without them runs it: programs the director and keeps the table in step
/// with the health checks. `--reload` and `--status` talk to a running one.
struct KeepalivedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keepalived",
        abstract: "Run keepalived.conf's virtual servers and health checks against the director (the LVS part).",
        discussion: """
            Without -t or --dump-conf it runs in the foreground (as keepalived -n): the director must \
            be running (`lvs director`); its table is set up from the virtual_server blocks and kept in \
            step with the checkers. SIGHUP (or `lvs keepalived --reload`) reloads: only the differences \
            are applied, and a configuration that does not parse is refused while the running one \
            stays. `lvs keepalived --status` prints each real server's state and failed checkers. \
            Each vrrp_instance runs VRRP on its interface (v2 or v3, multicast or unicast_peer): \
            the director answers ARP / neighbour solicitations for the instance's addresses only \
            while it is MASTER; -P runs only VRRP, -C only the checkers.


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

    @Option(
        name: [.customShort("i"), .customLong("config-id")],
        help: "The id `@ID` lines are kept for (default: the host name up to its first dot).")
    var configID: String?

    @Flag(name: .customLong("reload"), help: "Ask the running lvs keepalived to reload (SIGHUP) and exit.")
    var reload = false

    @Flag(name: .customLong("status"), help: "Print the running lvs keepalived's view of each real server.")
    var status = false

    @Option(name: [.customShort("p"), .customLong("pid")], help: "The pid file of the running daemon.")
    var pidFile = "/run/lvs/keepalived.pid"

    @Option(name: .customLong("status-file"), help: "Where the daemon keeps the text --status prints.")
    var statusFile = "/run/lvs/keepalived.status"

    @OptionGroup var controlSocket: DirectorSocketOption

    @Option(
        name: .customLong("metrics-listen"),
        help: ArgumentHelp(
            "Serve Prometheus metrics (the keepalived exporter's VRRP names, checker state) at /metrics and a status page at / on this address (default: off; docs/metrics.md).",
            valueName: "ADDR:PORT"))
    var metricsListen: String?

    @OptionGroup var log: LogOptions

    // keepalived's own flags for running in the foreground, accepted so its command lines work.
    @Flag(name: [.customShort("n"), .customLong("dont-fork")], help: "Accepted: lvs keepalived never forks.")
    var dontFork = false
    @Flag(name: [.customShort("l"), .customLong("log-console")], help: "Accepted: logs go to standard error.")
    var logConsole = false
    @Flag(name: [.customShort("D"), .customLong("log-detail")], help: "Accepted: logs are always detailed.")
    var logDetail = false
    @Flag(name: [.customShort("C"), .customLong("check")], help: "Only the checkers (no VRRP).")
    var checkersOnly = false
    @Flag(name: [.customShort("P"), .customLong("vrrp")], help: "Only VRRP (no checkers, no virtual_server).")
    var vrrpOnly = false

    func validate() throws {
        if let metricsListen, MetricsServer.parseListen(metricsListen) == nil {
            throw ValidationError(
                "--metrics-listen \(metricsListen): expected ADDR:PORT, e.g. 198.18.0.1:9101 or [::1]:9101")
        }
    }

    func run() async throws {
        if reload { return try signalRunningDaemon() }
        if status { return try printStatus() }
        let parser = KeepalivedConfigurationParser(
            source: FileSystemConfigSource(),
            configID: configID ?? Self.hostConfigID())
        guard configTest || dumpConfiguration else {
            log.bootstrap()
            let socket = controlSocket.resolved
            try await KeepalivedDaemonRun(
                configurationPath: file, parser: parser, controlSocket: socket,
                pidFile: pidFile, statusFile: statusFile,
                metricsListen: metricsListen.flatMap(MetricsServer.parseListen),
                runCheckers: !vrrpOnly || checkersOnly, runVRRP: !checkersOnly || vrrpOnly,
                logger: Logger(label: "lvs.keepalived")
            ).run()
            return
        }
        let result = parser.parse(path: file)
        let vrrpProblems = result.configuration.map(Self.vrrpDiagnostics) ?? []
        let shown = (configTest ? result.configTestDiagnostics : result.diagnostics) + vrrpProblems
        StandardStreams.err(shown.map { "\($0)\n" }.joined())
        if dumpConfiguration, let configuration = result.configuration {
            StandardStreams.out(KeepalivedConfigurationDumper.render(configuration))
        }
        let status = max(result.testExitStatus, vrrpProblems.isEmpty ? 0 : ConfigStatus.generalError.exitStatus)
        if configTest || result.configuration == nil, status != 0 {
            throw ExitCode(status)
        }
    }

    /// What the VRRP side reports about vrrp_instance blocks and lvs_sync_daemon, in keepalived's
    /// words: at the keyword's line while reading, without a line for what keepalived finds after
    /// reading (an instance it refuses, lvs_sync_daemon naming no instance).
    static func vrrpDiagnostics(_ configuration: KeepalivedConfiguration) -> [ConfigDiagnostic] {
        var problems: [(SourceLocation?, String)] = []
        let vrrp = VRRPConfiguration.running(configuration, problems: &problems)
        var syncProblems: [String] = []
        let sync = LVSSyncDaemonSetting.reading(configuration.globalDefinitions, problems: &syncProblems)
        if let name = sync?.instanceName, vrrp.instance(named: name) == nil {
            syncProblems.append("Unable to find vrrp instance \(name) for lvs_syncd - clearing lvs_syncd config")
        }
        return problems.map { ConfigDiagnostic(.warning, .generalError, $0.1, at: $0.0) }
            + syncProblems.map { ConfigDiagnostic(.warning, .generalError, $0, at: nil) }
    }

    private func signalRunningDaemon() throws {
        guard let text = try? TextFile.read(pidFile), let pid = Int32(text.filter { !$0.isWhitespace }), pid > 0,
            kill(pid, SIGHUP) == 0
        else {
            StandardStreams.err("lvs keepalived: no running daemon (pid file \(pidFile))\n")
            throw ExitCode(1)
        }
    }

    private func printStatus() throws {
        guard let text = try? TextFile.read(statusFile) else {
            StandardStreams.err("lvs keepalived: no status (is it running? status file \(statusFile))\n")
            throw ExitCode(3)
        }
        StandardStreams.out(text)
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
